import i18next from "i18next";
import { errorText } from "../../i18n/error-text";
import { securityTexts } from "../../i18n/security/en";

type PasskeyErrorCode = keyof typeof securityTexts.security.passkeys.errors;

const isPasskeyCode = (code: string): code is PasskeyErrorCode => Object.hasOwn(securityTexts.security.passkeys.errors, code);

/** The message for a passkey failure: the browser's and the server's passkey codes, else the app's general texts. */
export function passkeyErrorText(code: string, fallback?: string): string {
  return isPasskeyCode(code) ? i18next.t(`security.passkeys.errors.${code}`) : errorText(code, fallback);
}

/** The code of a failure of the passkey prompt or of the API. */
export const passkeyErrorCode = (error: unknown): { code: string; message?: string } =>
  typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? { code: error.code, ...("message" in error && typeof error.message === "string" ? { message: error.message } : {}) }
    : { code: "unexpected_error" };
