import type { Translation } from "../translation";
import type { securityTexts as english } from "./en";

export const securityTexts: Pick<Translation, keyof typeof english> = {
  security: {
    heading: "Anmeldung und Sicherheit",
    intro: "Wie Sie sich bei Confide anmelden und wo Sie angemeldet sind. Diese Einstellungen gehören nur Ihnen; niemand sonst sieht Ihr Passwort oder Ihren zweiten Faktor.",
    password: {
      heading: "Passwort",
      intro: "Wenn Sie Ihr Passwort ändern, werden Sie überall sonst abgemeldet und Ihre API-Tokens widerrufen. In diesem Browser bleiben Sie angemeldet.",
      current: "Aktuelles Passwort",
      new: "Neues Passwort",
      newHint: "Mindestens {{count}} Zeichen.",
      confirm: "Neues Passwort wiederholen",
      submit: "Passwort ändern",
      saving: "Wird geändert…",
      changed: "Ihr Passwort ist geändert. Ihre anderen Sitzungen sind abgemeldet und Ihre API-Tokens widerrufen; hier bleiben Sie angemeldet.",
      currentRequired: "Geben Sie Ihr aktuelles Passwort ein.",
      tooShort_one: "Das neue Passwort braucht mindestens {{count}} Zeichen.",
      tooShort_other: "Das neue Passwort braucht mindestens {{count}} Zeichen.",
      mismatch: "Die beiden neuen Passwörter stimmen nicht überein.",
    },
    sessions: {
      heading: "Wo Sie angemeldet sind",
      intro: "Jeder Browser, in dem Sie sich angemeldet haben, hat eine Sitzung. Sie endet, wenn Sie sich abmelden, nach 30 Minuten ohne eine Aktion von Ihnen (ein offener Tab allein zählt nicht) und spätestens 12 Stunden nach der Anmeldung. Beenden Sie jede Sitzung, die Sie nicht kennen: Dieser Browser kehrt sofort zur Anmeldung zurück.",
      loading: "Ihre Sitzungen werden geladen …",
      caption: "Ihre aktiven Sitzungen",
      device: "Browser und System",
      created: "Angemeldet",
      lastActive: "Letzte Aktivität",
      actions: "Aktionen",
      thisDevice: "dieses Gerät",
      unknownDevice: "Unbekannter Browser",
      end: "Sitzung beenden",
      endOthers: "Alle anderen Sitzungen beenden",
      ended: "Die Sitzung in {{device}} wurde beendet.",
      endedOthers_one: "{{count}} andere Sitzung wurde beendet.",
      endedOthers_other: "{{count}} andere Sitzungen wurden beendet.",
      onlyThis: "Sie sind nur in diesem Browser angemeldet.",
    },
  },
};
