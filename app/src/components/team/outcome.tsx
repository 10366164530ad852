import type { ErrorInfo } from "../../api";
import { teamErrorText } from "./team-error";

/**
 * What became of the last change on a team screen, to announce. "alert" is a problem the screen
 * words itself: a check before any call, or a conflict it can name precisely.
 */
export type Outcome =
  | { kind: "idle" }
  | { kind: "busy"; text: string }
  | { kind: "done"; text: string }
  | { kind: "alert"; text: string }
  | { kind: "failed"; error: ErrorInfo };

export const idle: Outcome = { kind: "idle" };

/**
 * Progress and success go to a polite status region that is always present, so screen readers
 * hear it change; a failure is an alert of its own. For invalid_request the server's message
 * follows, since it names the field to fix.
 */
export function OutcomeStatus({ outcome }: { outcome: Outcome }) {
  let problem: { text: string; detail: string | null } | null = null;
  if (outcome.kind === "alert") problem = { text: outcome.text, detail: null };
  if (outcome.kind === "failed") {
    const text = teamErrorText(outcome.error);
    const { code, message } = outcome.error;
    problem = { text, detail: code === "invalid_request" && message && message !== text ? message : null };
  }
  return (
    <>
      <p class="outcome" role="status">
        {outcome.kind === "busy" || outcome.kind === "done" ? outcome.text : ""}
      </p>
      {problem && (
        <p class="form-error" role="alert">
          {problem.text}
          {problem.detail && <span class="team-outcome__detail"> {problem.detail}</span>}
        </p>
      )}
    </>
  );
}
