import type { Translation } from "../translation";
import type { securityTexts as english } from "./en";

export const securityTexts: Pick<Translation, keyof typeof english> = {
  security: {
    heading: "Connexion et sécurité",
    intro: "Comment vous vous connectez à Confide et où vous êtes connecté. Ces réglages n’appartiennent qu’à vous ; personne d’autre ne voit votre mot de passe ni votre second facteur.",
  },
};
