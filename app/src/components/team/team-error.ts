import i18next from "i18next";
import type { ErrorInfo } from "../../api";
import { errorText } from "../../i18n/error-text";
import { teamTexts } from "../../i18n/team/en";

type TeamErrorCode = keyof typeof teamTexts.team.errors;

const isTeamCode = (code: string): code is TeamErrorCode => Object.hasOwn(teamTexts.team.errors, code);

/**
 * The message for a failed team call: the team screens' own texts for the codes only they meet
 * (email_taken, exceeds_own_rights...), then the app's, then the server's message.
 */
export function teamErrorText(error: ErrorInfo): string {
  if (isTeamCode(error.code)) return i18next.t(`team.errors.${error.code}`);
  return errorText(error.code, error.message);
}
