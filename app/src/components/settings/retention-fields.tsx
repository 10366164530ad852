import { useTranslation } from "../../hooks/use-translation";
import { describedBy, type FieldProblem, SelectField } from "../form/fields";
import { LIMITS } from "./widget-draft";

interface RetentionFieldsProps<M extends string> {
  label: string;
  hint: string;
  mode: M;
  options: readonly { value: M; label: string }[];
  onMode: (mode: M) => void;
  months: string;
  onMonths: (months: string) => void;
  /** The months input's id; its hint is `${monthsId}-hint`. Screens focus it by this id when it is wrong. */
  monthsId: string;
  monthsProblem: FieldProblem | null;
  /** Said when saving would erase chats that are kept now; null when it would not. */
  warning: string | null;
  /**
   * Set when saving would keep chats until deleted where they were not: a warning and a checkbox
   * the admin must tick (the server refuses the change without it, and audits it).
   */
  forever: { confirmed: boolean; onConfirm: (checked: boolean) => void; id: string; problem: FieldProblem | null } | null;
}

/** How long chats are kept: a choice, the number of months when the choice is "months", and a warning. */
export function RetentionFields<M extends string>({
  label,
  hint,
  mode,
  options,
  onMode,
  months,
  onMonths,
  monthsId,
  monthsProblem,
  warning,
  forever,
}: RetentionFieldsProps<M>) {
  const { t } = useTranslation();
  return (
    <>
      <div class="widget-form__row">
        <SelectField label={label} value={mode} options={options} onChange={onMode} hint={hint} />
        {mode === "months" && (
          <div class="field widget-form__months">
            <label class="field__label" for={monthsId}>
              {t("widgets.retention.monthsLabel")}
            </label>
            <input
              id={monthsId}
              class="field__input"
              type="number"
              inputMode="numeric"
              min={LIMITS.minMonths}
              max={LIMITS.maxMonths}
              step={1}
              required
              value={months}
              aria-invalid={monthsProblem ? true : undefined}
              aria-describedby={describedBy(`${monthsId}-hint`, monthsProblem?.id)}
              onInput={(event) => onMonths(event.currentTarget.value)}
            />
            <p id={`${monthsId}-hint`} class="field__hint">
              {t("widgets.retention.monthsHint", { min: LIMITS.minMonths, max: LIMITS.maxMonths })}
            </p>
            {monthsProblem && (
              <p id={monthsProblem.id} class="field__error">
                {monthsProblem.text}
              </p>
            )}
          </div>
        )}
      </div>
      {warning && <p class="notice notice--warning">{warning}</p>}
      {forever && (
        <div class="notice notice--warning retention-forever">
          <p id={`${forever.id}-warning`}>{t("widgets.retention.foreverWarning")}</p>
          <label class="checkbox-label" for={forever.id}>
            <input
              id={forever.id}
              class="checkbox"
              type="checkbox"
              required
              checked={forever.confirmed}
              aria-invalid={forever.problem ? true : undefined}
              aria-describedby={describedBy(`${forever.id}-warning`, forever.problem?.id)}
              onChange={(event) => forever.onConfirm(event.currentTarget.checked)}
            />
            {t("widgets.retention.foreverConfirm")}
          </label>
          {forever.problem && (
            <p id={forever.problem.id} class="field__error">
              {forever.problem.text}
            </p>
          )}
        </div>
      )}
    </>
  );
}
