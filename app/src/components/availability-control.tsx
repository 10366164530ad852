import { useEffect, useId, useState } from "preact/hooks";
import { api, type ErrorInfo, errorInfo } from "../api";
import { useMounted } from "../hooks/use-mounted";
import { useStore } from "../hooks/use-store";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import type { InboxStore } from "../lib/inbox-store";
import type { OperatorStatus } from "../types";
import "./availability-control.css";

const CHOICES: readonly OperatorStatus[] = ["online", "away", "offline"];

interface AvailabilityControlProps {
  inbox: InboxStore;
  operatorId: string;
}

/**
 * The operator's own status in the header: chosen here (online, away, offline), shown as colleagues
 * see it, which also says when the app made them away for being idle.
 */
export function AvailabilityControl({ inbox, operatorId }: AvailabilityControlProps) {
  const { t } = useTranslation();
  const id = useId();
  const mounted = useMounted();
  const { operatorStatuses } = useStore(inbox);
  const [chosen, setChosen] = useState<OperatorStatus | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const current: OperatorStatus = operatorStatuses.get(operatorId) ?? "offline";

  useEffect(() => {
    api.myStatus().then(
      (answer) => mounted.current && setChosen(answer.chosen),
      (failure: unknown) => mounted.current && setError(errorInfo(failure)),
    );
  }, [mounted]);

  async function choose(status: OperatorStatus) {
    setError(null);
    try {
      const answer = await api.chooseStatus(status);
      if (mounted.current) setChosen(answer.chosen);
    } catch (failure) {
      if (mounted.current) setError(errorInfo(failure));
    }
  }

  // Chosen online, seen away: every tab of theirs has been idle for the account's idle time.
  const idle = chosen === "online" && current === "away";
  return (
    <div class="availability">
      <span class={`availability__dot availability__dot--${current}`} aria-hidden="true" />
      <label class="visually-hidden" for={id}>
        {t("availability.label")}
      </label>
      <select
        id={id}
        class="field__input availability__select"
        value={chosen ?? ""}
        disabled={chosen === null}
        title={t("availability.hint")}
        onChange={(event) => void choose(event.currentTarget.value as OperatorStatus)}
      >
        {CHOICES.map((status) => (
          <option key={status} value={status}>
            {t(`availability.${status}`)}
          </option>
        ))}
      </select>
      {idle && <span class="availability__idle">{t("availability.idle")}</span>}
      {error && (
        <span class="form-error" role="alert">
          {errorText(error.code, error.message)}
        </span>
      )}
    </div>
  );
}
