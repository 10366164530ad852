import { widgetTexts } from "./widget-texts";

// The built-in privacy disclaimer shown above the consent checkbox, in the visitor's language.
// The consent receipt stores the SHA-256 of the exact text shown, so texts may change freely.

/** The disclaimer in the visitor's language (by primary subtag), else English. */
export function defaultDisclaimer(language: string): { text: string; language: string } {
  const { language: shown, texts } = widgetTexts(language);
  return { text: texts.disclaimer, language: shown };
}
