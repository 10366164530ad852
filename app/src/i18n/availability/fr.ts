import type { Translation } from "../translation";
import type { availabilityTexts as english } from "./en";

export const availabilityTexts: Pick<Translation, keyof typeof english> = {
  availability: {
    label: "Votre statut",
    online: "En ligne",
    away: "Absent",
    offline: "Hors ligne",
    idle: "Absent pour inactivité",
    hint: "En ligne : de nouveaux chats peuvent vous être attribués. Absent : vos collègues voient que vous n’êtes pas à votre poste. Hors ligne : invisible, même avec l’application ouverte.",
    colleagues: "Collègues",
    colleague: "{{name}}, {{status}}",
  },
  routing: {
    assignedTo: "Avec {{name}}",
    transferLabel: "Transférer au service",
    transfer: "Transférer",
    transferred: "Transféré à {{name}}.",
  },
  offlineMessage: {
    badge: "Message laissé",
  },
};
