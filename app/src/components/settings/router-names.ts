import { useTranslation } from "../../hooks/use-translation";
import { languageName } from "../../lib/format";
import type { FieldError } from "./router-draft";

/** "Germany, Austria" for ["DE", "AT"] in the UI language, so a typo shows before saving; unknown codes stay as typed. */
export function countryNames(codes: readonly string[], uiLanguage: string): string {
  if (codes.length === 0) return "";
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames(uiLanguage, { type: "region", fallback: "none" });
  } catch {
    // No region names in this browser: the codes alone.
  }
  return codes.map((code) => names?.of(code) ?? code).join(", ");
}

/** "German, French" for ["de", "fr"] in the UI language. */
export function languageNames(codes: readonly string[]): string {
  return codes.map((code) => languageName(code)).join(", ");
}

/** The text of a field's error in the current language; the server's own words for its errors. */
export function useFieldErrorText(): (error: FieldError) => string {
  const { t } = useTranslation();
  return (error) => {
    switch (error.kind) {
      case "required":
        return t("router.fieldErrors.required");
      case "tooLong":
        return t("router.fieldErrors.tooLong", { max: error.max });
      case "tooMany":
        return t("router.fieldErrors.tooMany", { max: error.max });
      case "notCountries":
        return t("router.fieldErrors.notCountries", { codes: error.codes });
      case "notLanguages":
        return t("router.fieldErrors.notLanguages", { codes: error.codes });
      case "server":
        return error.message;
    }
  };
}
