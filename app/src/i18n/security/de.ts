import type { Translation } from "../translation";
import type { securityTexts as english } from "./en";

export const securityTexts: Pick<Translation, keyof typeof english> = {
  security: {
    heading: "Anmeldung und Sicherheit",
    intro: "Wie Sie sich bei Confide anmelden und wo Sie angemeldet sind. Diese Einstellungen gehören nur Ihnen; niemand sonst sieht Ihr Passwort oder Ihren zweiten Faktor.",
  },
};
