import type { Translation } from "../translation";
import type { availabilityTexts as english } from "./en";

export const availabilityTexts: Pick<Translation, keyof typeof english> = {
  availability: {
    label: "Il tuo stato",
    online: "Online",
    away: "Assente",
    offline: "Offline",
    idle: "Assente per inattività",
    hint: "Online: possono arrivarti nuove chat. Assente: i colleghi vedono che non sei alla postazione. Offline: invisibile, anche con l’app aperta.",
    colleagues: "Colleghi",
    colleague: "{{name}}, {{status}}",
  },
  routing: {
    assignedTo: "Con {{name}}",
    transferLabel: "Trasferisci al reparto",
    transfer: "Trasferisci",
    transferred: "Trasferita a {{name}}.",
  },
  offlineMessage: {
    badge: "Messaggio lasciato",
  },
};
