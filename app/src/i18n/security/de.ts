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
  },
};
