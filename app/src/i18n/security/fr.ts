import type { Translation } from "../translation";
import type { securityTexts as english } from "./en";

export const securityTexts: Pick<Translation, keyof typeof english> = {
  security: {
    heading: "Connexion et sécurité",
    intro: "Comment vous vous connectez à Confide et où vous êtes connecté. Ces réglages n’appartiennent qu’à vous ; personne d’autre ne voit votre mot de passe ni votre second facteur.",
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
