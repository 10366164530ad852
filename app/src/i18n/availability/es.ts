import type { Translation } from "../translation";
import type { availabilityTexts as english } from "./en";

export const availabilityTexts: Pick<Translation, keyof typeof english> = {
  availability: {
    label: "Tu estado",
    online: "En línea",
    away: "Ausente",
    offline: "Desconectado",
    idle: "Ausente por inactividad",
    hint: "En línea: pueden llegarte chats nuevos. Ausente: tus compañeros ven que no estás en tu puesto. Desconectado: oculto, incluso con la aplicación abierta.",
    colleagues: "Compañeros",
    colleague: "{{name}}, {{status}}",
  },
  routing: {
    assignedTo: "Con {{name}}",
    transferLabel: "Transferir al departamento",
    transfer: "Transferir",
    transferred: "Transferido a {{name}}.",
  },
  offlineMessage: {
    badge: "Mensaje dejado",
  },
};
