import { useMemo } from "preact/hooks";
import { useTranslation } from "../../hooks/use-translation";
import type { WidgetSettings } from "../../types";
import { CheckboxField, describedBy, type FieldProblem } from "../form/fields";
import {
  exceptionRow,
  type HoursDraft,
  type HoursProblem,
  MAX_HOURS_EXCEPTIONS,
  MAX_OPENINGS_PER_DAY,
  type RangeRow,
  rangeRow,
  timeZoneChoices,
} from "./business-hours-draft";
import "./business-hours.css";

interface BusinessHoursEditorProps {
  /** The form's id prefix; elements are `${id}-hours-<target>` as HoursProblem targets name them. */
  id: string;
  hours: HoursDraft;
  onChange: (hours: HoursDraft) => void;
  /** The saved widget: its hours and whether the server found them open as it answered. */
  saved: WidgetSettings;
  /** The problem shown at an element, by its target. */
  problemAt: (target: string) => FieldProblem | null;
  readOnly: boolean;
}

/** Monday to Sunday in the app's language, from a week that began on a Monday (1 January 2024). */
export function weekdayNames(language: string): string[] {
  const format = new Intl.DateTimeFormat(language, { weekday: "long", timeZone: "UTC" });
  return Array.from({ length: 7 }, (_, day) => format.format(Date.UTC(2024, 0, 1 + day)));
}

/** Where a problem of the hours is, for its message: a weekday, an exception's date, or nothing. */
export function hoursProblemPlace(problem: HoursProblem, hours: HoursDraft, days: readonly string[], unnamed: string): string {
  if (problem.day !== undefined) return days[problem.day] ?? "";
  if (problem.exceptionKey !== undefined) return hours.exceptions.find((e) => e.key === problem.exceptionKey)?.date || unnamed;
  return "";
}

/** Open or closed now as the server computed it, and until when, on the clock of the saved zone. */
function HoursNow({ saved }: { saved: WidgetSettings }) {
  const { t, language } = useTranslation();
  const state = saved.hoursNow;
  if (!state || !saved.businessHours) return <p class="hours-now">{t("chatSettings.hours.alwaysOpenNow")}</p>;
  const when =
    state.changesAt === null
      ? null
      : new Intl.DateTimeFormat(language, {
          timeZone: saved.businessHours.timeZone,
          weekday: "long",
          day: "numeric",
          month: "long",
          hour: "2-digit",
          minute: "2-digit",
          timeZoneName: "short",
        }).format(state.changesAt);
  const change =
    when === null
      ? t("chatSettings.hours.noChange")
      : t(state.open ? "chatSettings.hours.changesAt" : "chatSettings.hours.opensAt", { when });
  return (
    <p class="hours-now">
      <strong class={state.open ? "hours-now__open" : "hours-now__closed"}>
        {state.open ? t("chatSettings.hours.openNow") : t("chatSettings.hours.closedNow")}
      </strong>{" "}
      ({change}). <span class="field__hint">{t("chatSettings.hours.stateNote")}</span>
    </p>
  );
}

interface RangesProps {
  id: string;
  ranges: readonly RangeRow[];
  onChange: (ranges: RangeRow[]) => void;
  /** The day or date the ranges belong to, for labels read out of context. */
  place: string;
  problemAt: (target: string) => FieldProblem | null;
  readOnly: boolean;
}

/** One day's time ranges: from and to as HH:MM, add and remove. Removing the last one closes the day. */
function Ranges({ id, ranges, onChange, place, problemAt, readOnly }: RangesProps) {
  const { t } = useTranslation();
  const timeInput = (row: RangeRow, end: "from" | "to", number: number) => {
    const inputId = `${id}-hours-range-${row.key}-${end}`;
    const problem = problemAt(`range-${row.key}-${end}`);
    return (
      <div class="field hours-range__time">
        <label class="field__label" for={inputId}>
          {t(`chatSettings.hours.${end}`)}
          <span class="visually-hidden">
            {" "}
            ({place}, {number})
          </span>
        </label>
        <input
          id={inputId}
          class="field__input"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder="HH:MM"
          maxLength={5}
          size={5}
          value={row[end]}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy(`${id}-hours-time-hint`, problem?.id)}
          onInput={(event) => {
            const value = event.currentTarget.value;
            onChange(ranges.map((r) => (r.key === row.key ? { ...r, [end]: value } : r)));
          }}
        />
      </div>
    );
  };
  return (
    <>
      <ul class="hours-ranges">
        {ranges.map((row, index) => {
          const problems = [problemAt(`range-${row.key}-from`), problemAt(`range-${row.key}-to`)].filter((p) => p !== null);
          return (
            <li key={row.key} class="hours-range">
              {timeInput(row, "from", index + 1)}
              {timeInput(row, "to", index + 1)}
              {!readOnly && (
                <button
                  type="button"
                  class="button hours-range__remove"
                  aria-label={t("chatSettings.hours.removeRange", { number: index + 1, day: place })}
                  onClick={() => onChange(ranges.filter((r) => r.key !== row.key))}
                >
                  {t("form.remove")}
                </button>
              )}
              {problems.map((problem) => (
                <p key={problem.id} id={problem.id} class="field__error hours-range__error">
                  {problem.text}
                </p>
              ))}
            </li>
          );
        })}
      </ul>
      {!readOnly && ranges.length < MAX_OPENINGS_PER_DAY && (
        <button
          type="button"
          class="link-button hours-ranges__add"
          onClick={() => {
            const last = ranges[ranges.length - 1];
            // After the last range, so the new one is in order: an afternoon after a morning.
            onChange([...ranges, last && last.to < "23:00" ? rangeRow(last.to, "24:00") : rangeRow()]);
          }}
        >
          {t("chatSettings.hours.addRange")}
          {/* The day in the name, for a list of buttons read out of context; the visible text starts it. */}
          <span class="visually-hidden"> ({place})</span>
        </button>
      )}
    </>
  );
}

/**
 * A widget's business hours as a business owner thinks of them: a time zone, each weekday closed
 * or open in one or more time ranges, and dated exceptions; or none at all (always open).
 */
export function BusinessHoursEditor({ id, hours, onChange, saved, problemAt, readOnly }: BusinessHoursEditorProps) {
  const { t, language } = useTranslation();
  const days = useMemo(() => weekdayNames(language), [language]);
  const zones = useMemo(() => timeZoneChoices(hours.timeZone), [hours.timeZone]);
  const set = <K extends keyof HoursDraft>(name: K, value: HoursDraft[K]) => onChange({ ...hours, [name]: value });
  const zoneProblem = problemAt("timeZone");

  return (
    <fieldset class="widget-form__group" aria-describedby={`${id}-hours-intro`}>
      <legend class="widget-form__legend">{t("chatSettings.hours.legend")}</legend>
      <p id={`${id}-hours-intro`} class="field__hint">
        {t("chatSettings.hours.intro")}
      </p>
      <HoursNow saved={saved} />
      <CheckboxField
        label={t("chatSettings.hours.alwaysOpen")}
        checked={!hours.enabled}
        onChange={(alwaysOpen) => set("enabled", !alwaysOpen)}
        hint={t("chatSettings.hours.alwaysOpenHint")}
      />
      {hours.enabled && (
        <>
          <div class="field">
            <label class="field__label" for={`${id}-hours-timeZone`}>
              {t("chatSettings.hours.timeZone")}
            </label>
            <select
              id={`${id}-hours-timeZone`}
              class="field__input"
              value={hours.timeZone}
              aria-invalid={zoneProblem ? true : undefined}
              aria-describedby={describedBy(`${id}-hours-timeZone-hint`, zoneProblem?.id)}
              onChange={(event) => set("timeZone", event.currentTarget.value)}
            >
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replaceAll("_", " ")}
                </option>
              ))}
            </select>
            <p id={`${id}-hours-timeZone-hint`} class="field__hint">
              {t("chatSettings.hours.timeZoneHint")}
            </p>
            {zoneProblem && (
              <p id={zoneProblem.id} class="field__error">
                {zoneProblem.text}
              </p>
            )}
          </div>

          <h4 class="hours-heading">{t("chatSettings.hours.week")}</h4>
          <p id={`${id}-hours-time-hint`} class="field__hint">
            {t("chatSettings.hours.timeHint")}
          </p>
          <div class="hours-week">
            {hours.weekly.map((ranges, day) => {
              const name = days[day] ?? "";
              const setDay = (next: RangeRow[]) =>
                set(
                  "weekly",
                  hours.weekly.map((r, d) => (d === day ? next : r)),
                );
              return (
                <fieldset key={name} class="hours-day">
                  <legend class="hours-day__name">{name}</legend>
                  <CheckboxField
                    label={t("chatSettings.hours.open", { day: name })}
                    checked={ranges.length > 0}
                    onChange={(open) => setDay(open ? [rangeRow()] : [])}
                  />
                  {ranges.length > 0 ? (
                    <Ranges id={id} ranges={ranges} onChange={setDay} place={name} problemAt={problemAt} readOnly={readOnly} />
                  ) : (
                    <p class="hours-day__closed">{t("chatSettings.hours.closed")}</p>
                  )}
                </fieldset>
              );
            })}
          </div>

          <h4 class="hours-heading">{t("chatSettings.hours.exceptions")}</h4>
          <p class="field__hint">{t("chatSettings.hours.exceptionsHint")}</p>
          {hours.exceptions.length === 0 && <p>{t("chatSettings.hours.noExceptions")}</p>}
          <div class="hours-week">
            {hours.exceptions.map((exception) => {
              const place = exception.date || t("chatSettings.hours.newException");
              const dateId = `${id}-hours-exception-${exception.key}-date`;
              const dateProblem = problemAt(`exception-${exception.key}-date`);
              const setException = (change: Partial<typeof exception>) =>
                set(
                  "exceptions",
                  hours.exceptions.map((e) => (e.key === exception.key ? { ...e, ...change } : e)),
                );
              return (
                <fieldset key={exception.key} class="hours-day">
                  <legend class="hours-day__name">{place}</legend>
                  <div class="field">
                    <label class="field__label" for={dateId}>
                      {t("chatSettings.hours.date")}
                    </label>
                    <input
                      id={dateId}
                      class="field__input"
                      type="date"
                      value={exception.date}
                      aria-invalid={dateProblem ? true : undefined}
                      aria-describedby={dateProblem?.id}
                      onInput={(event) => setException({ date: event.currentTarget.value })}
                    />
                    {dateProblem && (
                      <p id={dateProblem.id} class="field__error">
                        {dateProblem.text}
                      </p>
                    )}
                  </div>
                  <CheckboxField
                    label={t("chatSettings.hours.closedAllDay")}
                    checked={exception.ranges.length === 0}
                    onChange={(closed) => setException({ ranges: closed ? [] : [rangeRow()] })}
                  />
                  {exception.ranges.length > 0 && (
                    <Ranges
                      id={id}
                      ranges={exception.ranges}
                      onChange={(ranges) => setException({ ranges })}
                      place={place}
                      problemAt={problemAt}
                      readOnly={readOnly}
                    />
                  )}
                  {!readOnly && (
                    <button
                      type="button"
                      class="button hours-day__remove"
                      onClick={() =>
                        set(
                          "exceptions",
                          hours.exceptions.filter((e) => e.key !== exception.key),
                        )
                      }
                    >
                      {t("chatSettings.hours.removeException", { date: place })}
                    </button>
                  )}
                </fieldset>
              );
            })}
          </div>
          {!readOnly && hours.exceptions.length < MAX_HOURS_EXCEPTIONS && (
            <button
              id={`${id}-hours-add-exception`}
              type="button"
              class="button hours-exceptions__add"
              onClick={() => {
                const row = exceptionRow();
                set("exceptions", [...hours.exceptions, row]);
                requestAnimationFrame(() => document.getElementById(`${id}-hours-exception-${row.key}-date`)?.focus());
              }}
            >
              {t("chatSettings.hours.addException")}
            </button>
          )}
        </>
      )}
    </fieldset>
  );
}
