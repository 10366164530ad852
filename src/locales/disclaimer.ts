import { z } from "zod";
import { widgetLanguage, widgetTexts } from "./widget-texts";

// The privacy disclaimer shown above the consent checkbox: the widget's own text in the visitor's
// language where the company wrote one, else the built-in one. The consent receipt stores the
// SHA-256 of the exact text shown and its language, so texts may change freely.

const perLanguageSchema = z.record(z.string(), z.string());

/** A widget's per-language texts (JSON column), tolerant of an empty column. */
export const perLanguage = (json: string | null): Record<string, string> => (json ? perLanguageSchema.parse(JSON.parse(json)) : {});

/** The built-in disclaimer in the visitor's language (by primary subtag), else English. */
export function defaultDisclaimer(language: string): { text: string; language: string } {
  const { language: shown, texts } = widgetTexts(language);
  return { text: texts.disclaimer, language: shown };
}

/** The disclaimer a visitor of this widget is shown. */
export function disclaimerFor(customTexts: string | null, language: string | null | undefined): { text: string; language: string } {
  const lang = widgetLanguage(language);
  const custom = perLanguage(customTexts)[lang];
  return custom ? { text: custom, language: lang } : defaultDisclaimer(lang);
}
