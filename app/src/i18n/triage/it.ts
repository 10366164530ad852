import type { Translation } from "../translation";
import type { triageTexts as english } from "./en";

export const triageTexts: Pick<Translation, keyof typeof english> = {
  tags: {
    label: "Tag",
    none: "Nessun tag",
    add: "Aggiungi un tag",
    hint: "Invio aggiunge un tag; Backspace nel campo vuoto rimuove l’ultimo.",
    remove: "Rimuovi il tag {{tag}}",
    saving: "Salvataggio dei tag…",
    limit: "Una conversazione ha al massimo {{count, number}} tag.",
  },
  row: {
    waiting: "In attesa da {{duration}}",
    lastFromVisitor: "Visitatore: {{body}}",
    lastFromOperator: "Operatore: {{body}}",
    lastSystem: "{{body}}",
    truncated: "{{body}}…",
  },
  duration: {
    seconds_one: "{{count, number}} secondo",
    seconds_many: "{{count, number}} di secondi",
    seconds_other: "{{count, number}} secondi",
    minutes_one: "{{count, number}} minuto",
    minutes_many: "{{count, number}} di minuti",
    minutes_other: "{{count, number}} minuti",
    hours_one: "{{count, number}} ora",
    hours_many: "{{count, number}} di ore",
    hours_other: "{{count, number}} ore",
  },
  notifications: {
    heading: "Notifiche",
    intro:
      "Confide può segnalarti nuove chat e messaggi dei visitatori con le notifiche del sistema mentre la sua scheda è in secondo piano. Il titolo mostra quante chat ti aspettano e il segnale acustico suona in ogni schermata.",
    desktop: "Notifiche desktop",
    withContent: "Mostra il messaggio nelle notifiche",
    withContentHint: "Se disattivato, le notifiche dicono solo che è arrivato qualcosa, non che cosa è stato scritto.",
    withContentNotAllowed: "Il tuo ruolo non può leggere le chat, quindi le notifiche non ne mostrano mai i messaggi.",
    notAllowed: "Il tuo ruolo non ha chat dal vivo di cui avvisarti.",
    enable: "Attiva le notifiche desktop",
    blocked: "Questo browser blocca le notifiche di Confide. Consentile nelle impostazioni del sito del browser per riceverle.",
    unsupported: "Questo browser non può mostrare notifiche desktop.",
    prompt: "Ricevere una notifica desktop per le nuove chat mentre Confide è in secondo piano?",
    dismiss: "Non ora",
    newChat: "Nuova chat",
    newChatFrom: "Nuova chat da {{name}}",
    newMessage: "Nuovo messaggio da {{name}}",
    newMessageBody: "Apri Confide per leggerlo.",
    saved: "Salvato",
  },
};
