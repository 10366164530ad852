import i18next from "i18next";
import { en } from "./en";

type ErrorCode = keyof typeof en.errors;

function isKnownCode(code: string): code is ErrorCode {
  return Object.hasOwn(en.errors, code);
}

/**
 * The message for an API error code in the current language; `fallback` (the server's own text)
 * for codes the app does not know.
 */
export function errorText(code: string, fallback?: string): string {
  if (isKnownCode(code)) return i18next.t(`errors.${code}`);
  return fallback ?? i18next.t("errors.unexpected_error");
}
