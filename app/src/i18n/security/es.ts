import type { Translation } from "../translation";
import type { securityTexts as english } from "./en";

export const securityTexts: Pick<Translation, keyof typeof english> = {
  security: {
    heading: "Inicio de sesión y seguridad",
    intro: "Cómo inicia sesión en Confide y dónde tiene la sesión iniciada. Estos ajustes son solo suyos; nadie más puede ver su contraseña ni su segundo factor.",
  },
};
