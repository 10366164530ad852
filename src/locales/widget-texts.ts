import { createInstance, type i18n } from "i18next";
import ar from "./widget/ar.json";
import bg from "./widget/bg.json";
import cs from "./widget/cs.json";
import da from "./widget/da.json";
import de from "./widget/de.json";
import el from "./widget/el.json";
import en from "./widget/en.json";
import es from "./widget/es.json";
import et from "./widget/et.json";
import fi from "./widget/fi.json";
import fr from "./widget/fr.json";
import ga from "./widget/ga.json";
import hr from "./widget/hr.json";
import hu from "./widget/hu.json";
import it from "./widget/it.json";
import lt from "./widget/lt.json";
import lv from "./widget/lv.json";
import mt from "./widget/mt.json";
import nb from "./widget/nb.json";
import nl from "./widget/nl.json";
import pl from "./widget/pl.json";
import pt from "./widget/pt.json";
import ro from "./widget/ro.json";
import sk from "./widget/sk.json";
import sl from "./widget/sl.json";
import sv from "./widget/sv.json";

// The widget's texts, the default privacy disclaimer included, in the 24 official EU languages,
// Norwegian and Arabic, served with the widget's configuration so the widget bundle carries none.
// i18next picks the language (falling back to English key by key).

export const WIDGET_LANGUAGES = [
  "ar",
  "bg",
  "cs",
  "da",
  "de",
  "el",
  "en",
  "es",
  "et",
  "fi",
  "fr",
  "ga",
  "hr",
  "hu",
  "it",
  "lt",
  "lv",
  "mt",
  "nb",
  "nl",
  "pl",
  "pt",
  "ro",
  "sk",
  "sl",
  "sv",
] as const;
export type WidgetLanguage = (typeof WIDGET_LANGUAGES)[number];
/** What the widget shows; the emails' texts (`email`) stay on the server. */
export type WidgetTexts = Omit<typeof en, "email">;
/** The texts of the emails Confide sends (src/email/emails.ts). */
export type EmailTexts = (typeof en)["email"];

const RIGHT_TO_LEFT = new Set<string>(["ar"]);
/** Browsers report Norwegian as no, nb or nn; our texts are Bokmål. */
const ALIASES: Record<string, WidgetLanguage> = { no: "nb", nn: "nb" };

const resources = {
  ar: { widget: ar },
  bg: { widget: bg },
  cs: { widget: cs },
  da: { widget: da },
  de: { widget: de },
  el: { widget: el },
  en: { widget: en },
  es: { widget: es },
  et: { widget: et },
  fi: { widget: fi },
  fr: { widget: fr },
  ga: { widget: ga },
  hr: { widget: hr },
  hu: { widget: hu },
  it: { widget: it },
  lt: { widget: lt },
  lv: { widget: lv },
  mt: { widget: mt },
  nb: { widget: nb },
  nl: { widget: nl },
  pl: { widget: pl },
  pt: { widget: pt },
  ro: { widget: ro },
  sk: { widget: sk },
  sl: { widget: sl },
  sv: { widget: sv },
};

let instance: i18n | null = null;
function i18nInstance(): i18n {
  if (!instance) {
    instance = createInstance();
    // Synchronous: the resources are bundled, so nothing is loaded.
    void instance.init({
      resources,
      fallbackLng: "en",
      ns: ["widget"],
      defaultNS: "widget",
      initAsync: false,
      showSupportNotice: false,
      interpolation: { escapeValue: false },
    });
  }
  return instance;
}

/** The supported language for a browser language tag ("de-AT" -> "de"), else English. */
export function widgetLanguage(tag: string | null | undefined): WidgetLanguage {
  const primary = (tag ?? "").toLowerCase().split(/[-_,;]/)[0] ?? "";
  const language = ALIASES[primary] ?? primary;
  return (WIDGET_LANGUAGES as readonly string[]).includes(language) ? (language as WidgetLanguage) : "en";
}

/** Every widget text in `language`, with its writing direction. */
export function widgetTexts(tag: string | null | undefined): { language: WidgetLanguage; dir: "ltr" | "rtl"; texts: WidgetTexts } {
  const language = widgetLanguage(tag);
  const t = i18nInstance().getFixedT(language, "widget");
  const texts = Object.fromEntries(
    Object.keys(en)
      .filter((key) => key !== "email")
      .map((key) => [key, t(key)]),
  ) as WidgetTexts;
  return { language, dir: RIGHT_TO_LEFT.has(language) ? "rtl" : "ltr", texts };
}

/** Why a conversation ended, as the system message says it. */
export type EndReason = { by: "visitor" } | { by: "operator"; name: string | null } | { by: "inactivity" };

/**
 * The system message for an end of conversation, in the conversation's language (the one its
 * widget spoke when it started). Stored as this text, like every message: the transcript, the
 * exports and the operators' screen show exactly what the visitor read.
 */
export function endMessage(language: string | null | undefined, reason: EndReason): string {
  const { texts } = widgetTexts(language);
  if (reason.by === "visitor") return texts.endedByVisitor;
  if (reason.by === "inactivity") return texts.endedInactive;
  return reason.name ? texts.endedByOperator.replace("{name}", reason.name) : texts.endedByAnOperator;
}

/** The emails' texts in `language` (a conversation's), English where a language lacks one. */
export function emailTexts(language: string | null | undefined): { language: WidgetLanguage; texts: EmailTexts } {
  const resolved = widgetLanguage(language);
  const t = i18nInstance().getFixedT(resolved, "widget");
  const texts = Object.fromEntries(Object.keys(en.email).map((key) => [key, t(`email.${key}`)])) as EmailTexts;
  return { language: resolved, texts };
}
