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
    sessions: {
      heading: "Où vous êtes connecté",
      intro: "Chaque navigateur dans lequel vous vous êtes connecté a une session. Elle prend fin lorsque vous vous déconnectez, après 30 minutes sans aucune action de votre part (un onglet ouvert ne compte pas) et au plus tard 12 heures après la connexion. Mettez fin à toute session que vous ne reconnaissez pas : ce navigateur revient aussitôt à la page de connexion.",
      loading: "Chargement de vos sessions…",
      caption: "Vos sessions actives",
      device: "Navigateur et système",
      created: "Connexion",
      lastActive: "Dernière activité",
      actions: "Actions",
      thisDevice: "cet appareil",
      unknownDevice: "Navigateur inconnu",
      end: "Mettre fin à la session",
      endOthers: "Mettre fin à toutes les autres sessions",
      ended: "La session dans {{device}} a pris fin.",
      endedOthers_one: "{{count}} autre session a pris fin.",
      endedOthers_many: "{{count}} autres sessions ont pris fin.",
      endedOthers_other: "{{count}} autres sessions ont pris fin.",
      onlyThis: "Vous n’êtes connecté que dans ce navigateur.",
    },
  },
};
