import { languageName } from "./format";

/** The languages a widget speaks (src/shared/admin-api.ts), so a conversation can be in any of them. */
const WIDGET_LANGUAGES = [
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

/** Code and name in the current UI language, sorted by name as that language sorts. */
export function conversationLanguages(uiLanguage: string): { code: string; name: string }[] {
  const collator = new Intl.Collator(uiLanguage);
  return WIDGET_LANGUAGES.map((code) => ({ code, name: languageName(code) })).sort((a, b) => collator.compare(a.name, b.name));
}
