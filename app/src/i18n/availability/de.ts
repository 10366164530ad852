import type { Translation } from "../translation";
import type { availabilityTexts as english } from "./en";

export const availabilityTexts: Pick<Translation, keyof typeof english> = {
  availability: {
    label: "Ihr Status",
    online: "Online",
    away: "Abwesend",
    offline: "Offline",
    idle: "Abwesend wegen Inaktivität",
    hint: "Online: Neue Chats können Ihnen zugeteilt werden. Abwesend: Kolleginnen und Kollegen sehen, dass Sie nicht am Platz sind. Offline: unsichtbar, auch bei geöffneter App.",
    colleagues: "Kolleginnen und Kollegen",
    colleague: "{{name}}, {{status}}",
  },
  routing: {
    assignedTo: "Bei {{name}}",
    transferLabel: "An Abteilung übergeben",
    transfer: "Übergeben",
    transferred: "An {{name}} übergeben.",
  },
  offlineMessage: {
    badge: "Hinterlassene Nachricht",
  },
};
