import type { ErrorInfo } from "../../api";
import { useTranslation } from "../../hooks/use-translation";
import { errorText } from "../../i18n/error-text";
import "./save-status.css";

/** What became of the last save: nothing yet, in flight, done, or failed with the server's reason. */
export type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved" } | { kind: "failed"; error: ErrorInfo };

/**
 * The outcome of a save, announced to screen readers. A failure shows the server's own message
 * too where it names the field ("allowedOrigins.0: must be an origin…"), since that is what
 * tells the admin what to fix.
 */
export function SaveStatus({ state }: { state: SaveState }) {
  const { t } = useTranslation();
  if (state.kind === "failed") {
    const text = errorText(state.error.code, state.error.message);
    const detail =
      state.error.code === "invalid_request" && state.error.message && state.error.message !== text ? state.error.message : null;
    return (
      <p class="form-error" role="alert">
        {text}
        {detail && <span class="save-status__detail"> {detail}</span>}
      </p>
    );
  }
  return (
    <p class="save-status" role="status">
      {state.kind === "saving" ? t("form.saving") : state.kind === "saved" ? t("form.saved") : ""}
    </p>
  );
}
