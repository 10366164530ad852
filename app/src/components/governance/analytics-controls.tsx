import { useId, useState } from "preact/hooks";
import { useTranslation } from "../../hooks/use-translation";
import type { Analytics } from "../../types";
import { DateRangeFields } from "../form/date-range-fields";
import { lastDays, type RangeProblem, rangeProblem } from "./analytics-data";

export type GroupBy = Analytics["groupBy"];

/** What the screen asks the server for: whole days, "to" included. */
export interface AnalyticsPeriod {
  from: string;
  to: string;
  groupBy: GroupBy;
}

interface AnalyticsControlsProps {
  initial: AnalyticsPeriod;
  onShow: (period: AnalyticsPeriod) => void;
}

const PRESETS = [7, 30, 90] as const;

/** The period (quick ranges or two dates, at most a year) and the grouping. */
export function AnalyticsControls({ initial, onShow }: AnalyticsControlsProps) {
  const { t } = useTranslation();
  const [form, setForm] = useState<AnalyticsPeriod>(initial);
  const [problem, setProblem] = useState<RangeProblem | null>(null);
  const id = useId();
  const field = (name: string) => `${id}-${name}`;

  function set<K extends keyof AnalyticsPeriod>(name: K, value: AnalyticsPeriod[K]) {
    setForm((current) => ({ ...current, [name]: value }));
    if (name !== "groupBy") setProblem(null);
  }

  function submit(event: Event) {
    event.preventDefault();
    const found = rangeProblem(form.from, form.to);
    setProblem(found);
    if (!found) onShow(form);
  }

  function preset(days: number) {
    const next = { ...form, ...lastDays(days) };
    setForm(next);
    setProblem(null);
    onShow(next);
  }

  const groups: { value: GroupBy; label: string }[] = [
    { value: "day", label: t("analytics.controls.groupDay") },
    { value: "operator", label: t("analytics.controls.groupOperator") },
    { value: "department", label: t("analytics.controls.groupDepartment") },
  ];
  const dateDescription = problem ? `${field("date-hint")} ${field("date-error")}` : field("date-hint");

  return (
    <form class="panel filters" onSubmit={submit} aria-labelledby={field("heading")}>
      <h3 id={field("heading")} class="section-heading">
        {t("analytics.controls.heading")}
      </h3>
      {/* biome-ignore lint/a11y/useSemanticElements: a row of preset buttons, not form fields; a fieldset would bring its border and legend */}
      <div class="analytics__presets" role="group" aria-label={t("analytics.controls.presets")}>
        {PRESETS.map((days) => {
          const range = lastDays(days);
          const current = form.from === range.from && form.to === range.to;
          return (
            <button key={days} type="button" class="button" aria-pressed={current} onClick={() => preset(days)}>
              {t("analytics.controls.lastDays", { count: days })}
            </button>
          );
        })}
      </div>
      <div class="filters__grid">
        <DateRangeFields
          idPrefix={id}
          fromLabel={t("analytics.controls.from")}
          toLabel={t("analytics.controls.to")}
          from={form.from}
          to={form.to}
          onFrom={(value) => set("from", value)}
          onTo={(value) => set("to", value)}
          invalid={problem !== null}
          fromDescribedBy={dateDescription}
          toDescribedBy={dateDescription}
        />
        <div class="field">
          <label class="field__label" for={field("group")}>
            {t("analytics.controls.groupBy")}
          </label>
          <select
            id={field("group")}
            class="field__input"
            value={form.groupBy}
            onChange={(event) => set("groupBy", event.currentTarget.value as GroupBy)}
          >
            {groups.map((group) => (
              <option key={group.value} value={group.value}>
                {group.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p id={field("date-hint")} class="field__hint">
        {t("analytics.controls.dateHint")}
      </p>
      {problem && (
        <p id={field("date-error")} class="form-error" role="alert">
          {t(`analytics.controls.${problem}`)}
        </p>
      )}
      <div class="filters__actions">
        <button type="submit" class="button button--primary">
          {t("analytics.controls.show")}
        </button>
      </div>
    </form>
  );
}
