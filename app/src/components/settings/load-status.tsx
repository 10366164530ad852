import type { ErrorInfo } from "../../api";
import { useTranslation } from "../../hooks/use-translation";
import { errorText } from "../../i18n/error-text";

/** Where a settings screen's first load stands. */
export type LoadPhase = { phase: "loading" } | { phase: "failed"; error: ErrorInfo } | { phase: "ready" };

/** "Loading…" while a settings screen loads, or why it failed with the way to try again; nothing once ready. */
export function LoadStatus({ load, onRetry }: { load: LoadPhase; onRetry: () => void }) {
  const { t } = useTranslation();
  if (load.phase === "loading") {
    return (
      <p class="muted" role="status">
        {t("loading")}
      </p>
    );
  }
  if (load.phase === "failed") {
    return (
      <div class="form-error" role="alert">
        <p>{errorText(load.error.code, load.error.message)}</p>
        <button type="button" class="button" onClick={onRetry}>
          {t("tryAgain")}
        </button>
      </div>
    );
  }
  return null;
}
