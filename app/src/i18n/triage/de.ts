import type { Translation } from "../translation";
import type { triageTexts as english } from "./en";

export const triageTexts: Pick<Translation, keyof typeof english> = {
  tags: {
    label: "Schlagwörter",
    none: "Keine Schlagwörter",
    add: "Schlagwort hinzufügen",
    hint: "Eingabe fügt ein Schlagwort hinzu; Rücktaste im leeren Feld entfernt das letzte.",
    remove: "Schlagwort {{tag}} entfernen",
    saving: "Schlagwörter werden gespeichert…",
    limit: "Ein Gespräch hat höchstens {{count, number}} Schlagwörter.",
  },
  row: {
    waiting: "Wartet seit {{duration}}",
    lastFromVisitor: "Besucher: {{body}}",
    lastFromOperator: "Mitarbeiter: {{body}}",
    lastSystem: "{{body}}",
    truncated: "{{body}}…",
  },
  duration: {
    seconds_one: "{{count, number}} Sekunde",
    seconds_other: "{{count, number}} Sekunden",
    minutes_one: "{{count, number}} Minute",
    minutes_other: "{{count, number}} Minuten",
    hours_one: "{{count, number}} Stunde",
    hours_other: "{{count, number}} Stunden",
  },
  notifications: {
    heading: "Benachrichtigungen",
    intro:
      "Confide kann Sie mit den Benachrichtigungen Ihres Systems auf neue Chats und Nachrichten von Besuchern hinweisen, solange sein Tab im Hintergrund ist. Der Titel zeigt, wie viele Chats auf Sie warten, und der Signalton erklingt auf jedem Bildschirm.",
    desktop: "Desktop-Benachrichtigungen",
    withContent: "Nachricht in Benachrichtigungen zeigen",
    withContentHint: "Ausgeschaltet sagen Benachrichtigungen nur, dass etwas eingegangen ist, nicht was geschrieben wurde.",
    withContentNotAllowed: "Ihre Rolle darf keine Chats lesen, daher zeigen Benachrichtigungen nie deren Nachrichten.",
    notAllowed: "Ihre Rolle hat keine Live-Chats, über die Sie benachrichtigt werden könnten.",
    enable: "Desktop-Benachrichtigungen einschalten",
    blocked:
      "Dieser Browser blockiert Benachrichtigungen von Confide. Erlauben Sie sie in den Website-Einstellungen des Browsers, um sie zu erhalten.",
    unsupported: "Dieser Browser kann keine Desktop-Benachrichtigungen anzeigen.",
    prompt: "Bei neuen Chats eine Desktop-Benachrichtigung erhalten, während Confide im Hintergrund ist?",
    dismiss: "Nicht jetzt",
    newChat: "Neuer Chat",
    newChatFrom: "Neuer Chat von {{name}}",
    newMessage: "Neue Nachricht von {{name}}",
    newMessageBody: "Öffnen Sie Confide, um sie zu lesen.",
    saved: "Gespeichert",
  },
};
