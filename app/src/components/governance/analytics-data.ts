import type { AnalyticsRow } from "../../types";

// Calendar days as the server takes them (YYYY-MM-DD, whole UTC days), and the arithmetic the
// analytics screen does on its rows. Pure functions, so they are easy to reason about.

const DAY_MS = 86_400_000;

/** The server refuses longer ranges (src/shared/admin-api.ts: `to - from` at most 366 days). */
export const MAX_SPAN_DAYS = 366;

/** Today in the operator's own calendar, as YYYY-MM-DD. */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** `day` moved by `days` (negative: back). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The last `days` days, today included. */
export function lastDays(days: number, now = new Date()): { from: string; to: string } {
  const to = today(now);
  return { from: addDays(to, -(days - 1)), to };
}

export type RangeProblem = "missingDate" | "dateOrder" | "tooLong";

/** Why the server would refuse this range, or null when it is fine. */
export function rangeProblem(from: string, to: string): RangeProblem | null {
  if (!from || !to || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) return "missingDate";
  // YYYY-MM-DD strings compare like the days they name.
  if (from > to) return "dateOrder";
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS > MAX_SPAN_DAYS) return "tooLong";
  return null;
}

const emptyRow = (key: string): AnalyticsRow => ({
  key,
  label: key,
  chats: 0,
  avgFirstResponseMs: null,
  avgDurationMs: null,
  avgRating: null,
  ratings: 0,
});

/**
 * One row per day from `from` to `to`, with the days that had no chats as zero rows: the server
 * only answers days that had some, and a chart without the gaps would lie about the trend.
 */
export function everyDay(rows: readonly AnalyticsRow[], from: string, to: string): AnalyticsRow[] {
  const byDay = new Map(rows.map((row) => [row.key, row]));
  const days: AnalyticsRow[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(byDay.get(day) ?? emptyRow(day));
  return days;
}

export interface Totals {
  chats: number;
  avgFirstResponseMs: number | null;
  avgDurationMs: number | null;
  avgRating: number | null;
  ratings: number;
}

/** The mean of the rows' means, each weighted by `weight`; null when no row has a value. */
function weightedMean(
  rows: readonly AnalyticsRow[],
  value: (row: AnalyticsRow) => number | null,
  weight: (row: AnalyticsRow) => number,
): number | null {
  let sum = 0;
  let weights = 0;
  for (const row of rows) {
    const v = value(row);
    const w = weight(row);
    if (v === null || w <= 0) continue;
    sum += v * w;
    weights += w;
  }
  return weights > 0 ? sum / weights : null;
}

/**
 * The whole period from its groups. Ratings are weighted by the number of ratings, which is exact.
 * Response times and durations are weighted by chats: the rows do not say how many chats were
 * answered or ended, so across groups this is a close estimate, not an exact mean.
 */
export function totals(rows: readonly AnalyticsRow[]): Totals {
  return {
    chats: rows.reduce((sum, row) => sum + row.chats, 0),
    avgFirstResponseMs: weightedMean(
      rows,
      (row) => row.avgFirstResponseMs,
      (row) => row.chats,
    ),
    avgDurationMs: weightedMean(
      rows,
      (row) => row.avgDurationMs,
      (row) => row.chats,
    ),
    avgRating: weightedMean(
      rows,
      (row) => row.avgRating,
      (row) => row.ratings,
    ),
    ratings: rows.reduce((sum, row) => sum + row.ratings, 0),
  };
}

/** Whole units of a duration, largest first, for "1 min 20 s" style texts. */
export function durationParts(ms: number): { days: number; hours: number; minutes: number; seconds: number } {
  const total = Math.max(0, Math.round(ms / 1000));
  return {
    days: Math.floor(total / 86_400),
    hours: Math.floor((total % 86_400) / 3600),
    minutes: Math.floor((total % 3600) / 60),
    seconds: total % 60,
  };
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Axis steps that read well as durations: 5 s, 30 s, 2 min, 1 h… */
const DURATION_STEPS = [
  ...[1, 2, 5, 10, 15, 30].map((s) => s * SECOND),
  ...[1, 2, 5, 10, 15, 30].map((m) => m * MINUTE),
  ...[1, 2, 3, 6, 12, 24, 48].map((h) => h * HOUR),
];

/** A step near `max / 4` that is 1, 2 or 5 times a power of ten (counts) or a round duration. */
export function axisStep(max: number, kind: "count" | "duration"): number {
  const rough = max / 4;
  if (kind === "duration") return DURATION_STEPS.find((step) => step >= rough) ?? Math.ceil(rough / (24 * HOUR)) * 24 * HOUR;
  if (rough <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power;
}
