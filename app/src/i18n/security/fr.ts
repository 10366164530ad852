import type { Translation } from "../translation";
import type { securityTexts as english } from "./en";

export const securityTexts: Pick<Translation, keyof typeof english> = {
  security: {
    heading: "Connexion et sécurité",
    intro: "Comment vous vous connectez à Confide et où vous êtes connecté. Ces réglages n’appartiennent qu’à vous ; personne d’autre ne voit votre mot de passe ni votre second facteur.",
    password: {
      heading: "Mot de passe",
      intro: "Changer votre mot de passe vous déconnecte partout ailleurs et révoque vos jetons d’API. Ce navigateur reste connecté.",
      current: "Mot de passe actuel",
      new: "Nouveau mot de passe",
      newHint: "Au moins {{count}} caractères.",
      confirm: "Répétez le nouveau mot de passe",
      submit: "Changer le mot de passe",
      saving: "Modification…",
      changed: "Votre mot de passe est changé. Vos autres sessions sont fermées et vos jetons d’API révoqués ; vous restez connecté ici.",
      currentRequired: "Saisissez votre mot de passe actuel.",
      tooShort_one: "Le nouveau mot de passe doit compter au moins {{count}} caractère.",
      tooShort_other: "Le nouveau mot de passe doit compter au moins {{count}} caractères.",
      mismatch: "Les deux nouveaux mots de passe ne sont pas identiques.",
    },
  },
};
