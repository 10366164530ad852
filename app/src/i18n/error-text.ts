import i18next from "i18next";
import type { ErrorCode } from "../types";
import { errorTexts } from "./errors/en";

/** Codes the app reports itself: no server reached, an unreadable answer, a failed download, anything else. */
export type ClientErrorCode = "network_error" | "invalid_response" | "download_failed" | "unexpected_error";

/** Every code the app has a message for, in each language (app/src/i18n/errors/). */
export type AppErrorCode = ErrorCode | ClientErrorCode;

function isKnownCode(code: string): code is AppErrorCode {
  return Object.hasOwn(errorTexts, code);
}

/**
 * The message for an API error code in the current language; `fallback` (the server's own text)
 * for codes the app does not know, as a server newer than this tab may send.
 */
export function errorText(code: string, fallback?: string): string {
  if (isKnownCode(code)) return i18next.t(`errors.${code}`);
  return fallback ?? i18next.t("errors.unexpected_error");
}
