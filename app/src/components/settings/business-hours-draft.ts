import {
  endsAfterStart,
  inOrderWithoutOverlap,
  isTimeZone,
  MAX_HOURS_EXCEPTIONS,
  MAX_OPENINGS_PER_DAY,
  TIME_PATTERN,
} from "../../../../src/shared/chat-settings";
import type { WidgetSettings } from "../../types";

// A widget's business hours as the editor holds them (times as typed, rows with stable keys), and
// the checks of businessHoursSchema (src/shared/business-hours.ts) through the same zod-free rules
// in src/shared/chat-settings.ts, so the form names a wrong range before the server refuses it.

export type BusinessHours = NonNullable<WidgetSettings["businessHours"]>;

/** One opening as typed; `key` keeps rows stable while others are added and removed. */
export interface RangeRow {
  key: number;
  from: string;
  to: string;
}

/** A dated exception; no ranges is closed all day. */
export interface ExceptionRow {
  key: number;
  date: string;
  ranges: RangeRow[];
}

export interface HoursDraft {
  /** Off: no business hours, the widget is always open (businessHours null). */
  enabled: boolean;
  timeZone: string;
  /** Monday first; a day without ranges is closed. */
  weekly: RangeRow[][];
  exceptions: ExceptionRow[];
}

export { MAX_HOURS_EXCEPTIONS, MAX_OPENINGS_PER_DAY };

let lastKey = 0;
const nextKey = () => {
  lastKey += 1;
  return lastKey;
};

/** A fresh range row; a new one starts as an ordinary working day. */
export const rangeRow = (from = "09:00", to = "17:00"): RangeRow => ({ key: nextKey(), from, to });
/** A fresh exception, closed all day until ranges are added. */
export const exceptionRow = (date = ""): ExceptionRow => ({ key: nextKey(), date, ranges: [] });

/** The browser's own time zone, which a business setting up its hours is most likely in. */
export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Every zone the browser knows, with `current` kept even if the list lacks it (an old browser, an alias). */
export function timeZoneChoices(current: string): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes(current) ? zones : [current, ...zones];
}

const rowsOf = (openings: readonly { from: string; to: string }[]): RangeRow[] => openings.map((o) => rangeRow(o.from, o.to));

/** The editor's starting point: the saved hours, or Monday to Friday 09:00–17:00 in the browser's zone to switch on. */
export function toHoursDraft(hours: BusinessHours | null): HoursDraft {
  if (!hours) {
    return {
      enabled: false,
      timeZone: browserTimeZone(),
      weekly: Array.from({ length: 7 }, (_, day) => (day < 5 ? [rangeRow()] : [])),
      exceptions: [],
    };
  }
  return {
    enabled: true,
    timeZone: hours.timeZone,
    weekly: hours.weekly.map(rowsOf),
    exceptions: hours.exceptions.map((day) => ({ key: nextKey(), date: day.date, ranges: rowsOf(day.openings) })),
  };
}

const openingsOf = (rows: readonly RangeRow[]) => rows.map((row) => ({ from: row.from.trim(), to: row.to.trim() }));

/** The hours the draft asks for, as the PATCH sends them; null when switched off (always open). */
export function hoursOf(draft: HoursDraft): BusinessHours | null {
  if (!draft.enabled) return null;
  return {
    timeZone: draft.timeZone,
    weekly: draft.weekly.map(openingsOf),
    exceptions: draft.exceptions.map((day) => ({ date: day.date, openings: openingsOf(day.ranges) })),
  };
}

/** True when the draft means the same hours as `saved`. */
export const sameHours = (draft: HoursDraft, saved: BusinessHours | null): boolean =>
  JSON.stringify(hoursOf(draft)) === JSON.stringify(saved);

/** Where a problem is: the weekday (0 = Monday) or the exception's key, and the element to focus. */
export type HoursProblem = {
  field: "hours";
  code: "timeZone" | "time" | "endBeforeStart" | "overlap" | "date" | "duplicateDate";
  /** The id suffix of the element to focus: "timeZone", "range-<key>-from", "exception-<key>-date". */
  target: string;
  day?: number;
  exceptionKey?: number;
};

/** A day of the calendar as YYYY-MM-DD (no 30 February), as the server's calendarDateSchema. */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The problems of one day's ranges: a time not HH:MM, an end not after its start, an overlap with the range before. */
function rangeProblems(rows: readonly RangeRow[], where: Pick<HoursProblem, "day" | "exceptionKey">): HoursProblem[] {
  const problems: HoursProblem[] = [];
  const openings = openingsOf(rows);
  rows.forEach((row, i) => {
    const opening = openings[i]!;
    const badFrom = !TIME_PATTERN.test(opening.from);
    const badTo = !TIME_PATTERN.test(opening.to);
    if (badFrom || badTo) {
      problems.push({ field: "hours", code: "time", target: `range-${row.key}-${badFrom ? "from" : "to"}`, ...where });
      return;
    }
    if (!endsAfterStart(opening)) {
      problems.push({ field: "hours", code: "endBeforeStart", target: `range-${row.key}-to`, ...where });
      return;
    }
    const before = openings[i - 1];
    if (before && TIME_PATTERN.test(before.to) && !inOrderWithoutOverlap([before, opening]))
      problems.push({ field: "hours", code: "overlap", target: `range-${row.key}-from`, ...where });
  });
  return problems;
}

/** Everything in the hours the server would refuse, in the order the editor shows it. */
export function hoursProblems(draft: HoursDraft): HoursProblem[] {
  if (!draft.enabled) return [];
  const problems: HoursProblem[] = [];
  if (!isTimeZone(draft.timeZone)) problems.push({ field: "hours", code: "timeZone", target: "timeZone" });
  draft.weekly.forEach((rows, day) => {
    problems.push(...rangeProblems(rows, { day }));
  });
  const seen = new Set<string>();
  for (const exception of draft.exceptions) {
    const where = { exceptionKey: exception.key };
    if (!isCalendarDate(exception.date))
      problems.push({ field: "hours", code: "date", target: `exception-${exception.key}-date`, ...where });
    else if (seen.has(exception.date))
      problems.push({ field: "hours", code: "duplicateDate", target: `exception-${exception.key}-date`, ...where });
    seen.add(exception.date);
    problems.push(...rangeProblems(exception.ranges, where));
  }
  return problems;
}
