import { useId, useState } from "preact/hooks";
import { useTranslation } from "../../hooks/use-translation";
import type { AuditQuery, Operator } from "../../types";
import { DateRangeFields } from "../form/date-range-fields";
import { ACTION_AREAS, actionKey } from "./audit-actions";

/** What the log is filtered by; empty fields mean "any". */
export type AuditFilter = Pick<AuditQuery, "action" | "actorId" | "from" | "to">;

interface AuditFiltersProps {
  /** Null: the role cannot list operators (team read), so there is no operator filter. */
  operators: readonly Operator[] | null;
  onApply: (filter: AuditFilter) => void;
}

interface FilterForm {
  action: string;
  actorId: string;
  from: string;
  to: string;
}

const emptyForm: FilterForm = { action: "", actorId: "", from: "", to: "" };

/** The filled fields of `form`, as the server's query takes them. */
function toFilter(form: FilterForm): AuditFilter {
  return {
    ...(form.action ? { action: form.action } : {}),
    ...(form.actorId ? { actorId: form.actorId } : {}),
    ...(form.from ? { from: form.from } : {}),
    ...(form.to ? { to: form.to } : {}),
  };
}

/** Action (an area or one action), operator and a range of days. */
export function AuditFilters({ operators, onApply }: AuditFiltersProps) {
  const { t } = useTranslation();
  const [form, setForm] = useState<FilterForm>(emptyForm);
  const [dateError, setDateError] = useState(false);
  const id = useId();
  const field = (name: string) => `${id}-${name}`;

  function set<K extends keyof FilterForm>(name: K, value: FilterForm[K]) {
    setForm((current) => ({ ...current, [name]: value }));
    if (name === "from" || name === "to") setDateError(false);
  }

  function submit(event: Event) {
    event.preventDefault();
    // YYYY-MM-DD strings compare like the days they name.
    if (form.from && form.to && form.from > form.to) {
      setDateError(true);
      return;
    }
    onApply(toFilter(form));
  }

  function reset() {
    setForm(emptyForm);
    setDateError(false);
    onApply({});
  }

  const sortedOperators = operators ? [...operators].sort((a, b) => a.displayName.localeCompare(b.displayName)) : null;

  return (
    <form class="panel filters" onSubmit={submit} aria-labelledby={field("heading")}>
      <h3 id={field("heading")} class="section-heading">
        {t("auditLog.filters.heading")}
      </h3>
      <div class="filters__grid">
        <div class="field">
          <label class="field__label" for={field("action")}>
            {t("auditLog.filters.action")}
          </label>
          <select
            id={field("action")}
            class="field__input"
            value={form.action}
            onChange={(event) => set("action", event.currentTarget.value)}
          >
            <option value="">{t("auditLog.filters.anyAction")}</option>
            {ACTION_AREAS.map((area) => {
              const areaName = t(`auditLog.areas.${area.key}`);
              return (
                <optgroup key={area.key} label={areaName}>
                  {area.prefix && <option value={area.prefix}>{t("auditLog.filters.allInArea", { area: areaName })}</option>}
                  {area.actions.map((action) => {
                    const key = actionKey(action);
                    return (
                      <option key={action} value={action}>
                        {key ? t(`auditLog.actions.${key}`) : action}
                      </option>
                    );
                  })}
                </optgroup>
              );
            })}
          </select>
        </div>
        {sortedOperators && (
          <div class="field">
            <label class="field__label" for={field("actor")}>
              {t("auditLog.filters.operator")}
            </label>
            <select
              id={field("actor")}
              class="field__input"
              value={form.actorId}
              aria-describedby={field("actor-hint")}
              onChange={(event) => set("actorId", event.currentTarget.value)}
            >
              <option value="">{t("auditLog.filters.anyOperator")}</option>
              {sortedOperators.map((operator) => (
                <option key={operator.id} value={operator.id}>
                  {operator.disabled ? t("auditLog.filters.disabledOperator", { name: operator.displayName }) : operator.displayName}
                </option>
              ))}
            </select>
            <p id={field("actor-hint")} class="field__hint">
              {t("auditLog.filters.operatorHint")}
            </p>
          </div>
        )}
        <DateRangeFields
          idPrefix={id}
          fromLabel={t("auditLog.filters.from")}
          toLabel={t("auditLog.filters.to")}
          from={form.from}
          to={form.to}
          onFrom={(value) => set("from", value)}
          onTo={(value) => set("to", value)}
          invalid={dateError}
          fromDescribedBy={field("date-hint")}
          toDescribedBy={dateError ? `${field("date-hint")} ${field("date-error")}` : field("date-hint")}
          toHint={{ id: field("date-hint"), text: t("auditLog.filters.dateHint") }}
        />
      </div>
      {dateError && (
        <p id={field("date-error")} class="form-error" role="alert">
          {t("auditLog.filters.dateOrder")}
        </p>
      )}
      <div class="filters__actions">
        <button type="submit" class="button button--primary">
          {t("auditLog.filters.apply")}
        </button>
        <button type="button" class="button" onClick={reset}>
          {t("auditLog.filters.reset")}
        </button>
      </div>
    </form>
  );
}
