import type { Translation } from "../translation";
import type { triageTexts as english } from "./en";

export const triageTexts: Pick<Translation, keyof typeof english> = {
  tags: {
    label: "Étiquettes",
    none: "Aucune étiquette",
    add: "Ajouter une étiquette",
    hint: "Entrée ajoute une étiquette ; Retour arrière dans le champ vide retire la dernière.",
    remove: "Retirer l’étiquette {{tag}}",
    saving: "Enregistrement des étiquettes…",
    limit: "Une conversation a au plus {{count, number}} étiquettes.",
  },
  row: {
    waiting: "En attente depuis {{duration}}",
    lastFromVisitor: "Visiteur : {{body}}",
    lastFromOperator: "Opérateur : {{body}}",
    lastSystem: "{{body}}",
    truncated: "{{body}}…",
  },
  duration: {
    seconds_one: "{{count, number}} seconde",
    seconds_many: "{{count, number}} de secondes",
    seconds_other: "{{count, number}} secondes",
    minutes_one: "{{count, number}} minute",
    minutes_many: "{{count, number}} de minutes",
    minutes_other: "{{count, number}} minutes",
    hours_one: "{{count, number}} heure",
    hours_many: "{{count, number}} d’heures",
    hours_other: "{{count, number}} heures",
  },
  notifications: {
    heading: "Notifications",
    intro:
      "Confide peut vous signaler les nouveaux chats et les messages des visiteurs par les notifications de votre système lorsque son onglet est en arrière-plan. Le titre indique combien de chats vous attendent, et le carillon retentit sur chaque écran.",
    desktop: "Notifications de bureau",
    withContent: "Afficher le message dans les notifications",
    withContentHint: "Désactivé, les notifications disent seulement que quelque chose est arrivé, pas ce qui a été écrit.",
    withContentNotAllowed: "Votre rôle ne peut pas lire les chats : les notifications n’en affichent jamais les messages.",
    notAllowed: "Votre rôle n’a pas de chats en direct dont vous être averti.",
    enable: "Activer les notifications de bureau",
    blocked:
      "Ce navigateur bloque les notifications de Confide. Autorisez-les dans les paramètres du site du navigateur pour les recevoir.",
    unsupported: "Ce navigateur ne peut pas afficher de notifications de bureau.",
    prompt: "Recevoir une notification de bureau pour les nouveaux chats lorsque Confide est en arrière-plan ?",
    dismiss: "Pas maintenant",
    newChat: "Nouveau chat",
    newChatFrom: "Nouveau chat de {{name}}",
    newMessage: "Nouveau message de {{name}}",
    newMessageBody: "Ouvrez Confide pour le lire.",
    saved: "Enregistré",
  },
};
