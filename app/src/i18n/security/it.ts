import type { Translation } from "../translation";
import type { securityTexts as english } from "./en";

export const securityTexts: Pick<Translation, keyof typeof english> = {
  security: {
    heading: "Accesso e sicurezza",
    intro: "Come accedi a Confide e dove hai effettuato l’accesso. Queste impostazioni sono solo tue; nessun altro può vedere la tua password o il tuo secondo fattore.",
  },
};
