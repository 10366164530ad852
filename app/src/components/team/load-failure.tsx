import type { ErrorInfo } from "../../api";
import { useTranslation } from "../../hooks/use-translation";
import { teamErrorText } from "./team-error";

/** A list that could not load, with the way to load it again. */
export function LoadFailure({ error, onRetry }: { error: ErrorInfo; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div class="team-load-failure">
      <p class="form-error" role="alert">
        {teamErrorText(error)}
      </p>
      <button type="button" class="button" onClick={onRetry}>
        {t("tryAgain")}
      </button>
    </div>
  );
}
