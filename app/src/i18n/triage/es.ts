import type { Translation } from "../translation";
import type { triageTexts as english } from "./en";

export const triageTexts: Pick<Translation, keyof typeof english> = {
  tags: {
    label: "Etiquetas",
    none: "Sin etiquetas",
    add: "Añadir una etiqueta",
    hint: "Intro añade una etiqueta; Retroceso en el campo vacío quita la última.",
    remove: "Quitar la etiqueta {{tag}}",
    saving: "Guardando etiquetas…",
    limit: "Una conversación tiene como máximo {{count, number}} etiquetas.",
  },
  row: {
    waiting: "Esperando desde hace {{duration}}",
    lastFromVisitor: "Visitante: {{body}}",
    lastFromOperator: "Operador: {{body}}",
    lastSystem: "{{body}}",
    truncated: "{{body}}…",
  },
  duration: {
    seconds_one: "{{count, number}} segundo",
    seconds_many: "{{count, number}} de segundos",
    seconds_other: "{{count, number}} segundos",
    minutes_one: "{{count, number}} minuto",
    minutes_many: "{{count, number}} de minutos",
    minutes_other: "{{count, number}} minutos",
    hours_one: "{{count, number}} hora",
    hours_many: "{{count, number}} de horas",
    hours_other: "{{count, number}} horas",
  },
  notifications: {
    heading: "Notificaciones",
    intro:
      "Confide puede avisarle de chats nuevos y mensajes de visitantes con las notificaciones de su sistema mientras su pestaña está en segundo plano. El título muestra cuántos chats le esperan y el aviso sonoro suena en todas las pantallas.",
    desktop: "Notificaciones de escritorio",
    withContent: "Mostrar el mensaje en las notificaciones",
    withContentHint: "Desactivado, las notificaciones solo dicen que ha llegado algo, no lo que se escribió.",
    withContentNotAllowed: "Su rol no puede leer chats, así que las notificaciones nunca muestran sus mensajes.",
    notAllowed: "Su rol no tiene chats en vivo de los que avisarle.",
    enable: "Activar las notificaciones de escritorio",
    blocked:
      "Este navegador bloquea las notificaciones de Confide. Permítalas en la configuración del sitio del navegador para recibirlas.",
    unsupported: "Este navegador no puede mostrar notificaciones de escritorio.",
    prompt: "¿Recibir una notificación de escritorio por cada chat nuevo mientras Confide está en segundo plano?",
    dismiss: "Ahora no",
    newChat: "Chat nuevo",
    newChatFrom: "Chat nuevo de {{name}}",
    newMessage: "Mensaje nuevo de {{name}}",
    newMessageBody: "Abra Confide para leerlo.",
    saved: "Guardado",
  },
};
