import { useTranslation } from "../../hooks/use-translation";
import { describedBy, SelectField, type FieldProblem } from "../form/fields";
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
}

/** How long chats are kept: a choice, the number of months when the choice is "months", and a warning. */
export function RetentionFields<M extends string>({ label, hint, mode, options, onMode, months, onMonths, monthsId, monthsProblem, warning }: RetentionFieldsProps<M>) {
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
    </>
  );
}
