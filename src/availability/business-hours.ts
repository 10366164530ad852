import { type BusinessHours, minutesOf, type Opening } from "../shared/business-hours";

// Whether a widget is open at an instant, and when that next changes, from its business hours.
// Wall-clock arithmetic goes through Intl (workerd ships full ICU), so daylight-saving changes
// move the instants, never the hours: 09:00–17:00 in Europe/Berlin is 08:00–16:00 UTC in summer.

export interface OpenState {
  open: boolean;
  /** The first instant (ms) at which `open` flips, or null when it does not within a year. */
  changesAt: number | null;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** How far ahead a change is looked for: a year of closures is "closed", not a date. */
const HORIZON_DAYS = 367;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The zone's wall clock at `instant`, as the UTC instant showing the same digits. */
function wallClock(timeZone: string, instant: number): number {
  const parts: Record<string, number> = {};
  for (const { type, value } of formatter(timeZone).formatToParts(instant)) parts[type] = Number(value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/** The instant at which the zone's clock shows `wall` (in a skipped hour: the instant an hour later). */
function instantOf(timeZone: string, wall: number): number {
  const first = wall - (wallClock(timeZone, wall) - wall);
  return wall - (wallClock(timeZone, first) - first);
}

const dateOf = (wall: number): string => new Date(wall).toISOString().slice(0, 10);
/** 0 is Monday, as in BusinessHours.weekly. */
const weekdayOf = (wall: number): number => (new Date(wall).getUTCDay() + 6) % 7;

/** The openings of the local day that starts at `midnight` (a wall clock at 00:00): its exception's, else the week's. */
function openingsOn(hours: BusinessHours, midnight: number): readonly Opening[] {
  const date = dateOf(midnight);
  return hours.exceptions.find((day) => day.date === date)?.openings ?? hours.weekly[weekdayOf(midnight)] ?? [];
}

function isOpenAt(hours: BusinessHours, instant: number): boolean {
  const wall = wallClock(hours.timeZone, instant);
  const midnight = wall - (wall % DAY);
  const minute = Math.floor((wall - midnight) / MINUTE);
  return openingsOn(hours, midnight).some((o) => minute >= minutesOf(o.from) && minute < minutesOf(o.to));
}

/** Open or closed at `instant`, and the next instant at which that changes. */
export function businessHoursState(hours: BusinessHours, instant: number): OpenState {
  const open = isOpenAt(hours, instant);
  const today = wallClock(hours.timeZone, instant);
  const firstMidnight = today - (today % DAY);
  for (let day = 0; day < HORIZON_DAYS; day++) {
    const midnight = firstMidnight + day * DAY;
    // Every start and end of an opening is where the state may flip; adjacent openings (17:00 to
    // 17:00, 24:00 to the next 00:00) are not a flip, which evaluating the candidate shows.
    const candidates = openingsOn(hours, midnight).flatMap((o) => [minutesOf(o.from), minutesOf(o.to)]);
    for (const minute of candidates) {
      const at = instantOf(hours.timeZone, midnight + minute * MINUTE);
      if (at > instant && isOpenAt(hours, at) !== open) return { open, changesAt: at };
    }
  }
  return { open, changesAt: null };
}

/** A widget's stored hours (validated when they were set), or null when it has none. */
export const businessHoursOf = (widget: { businessHours: string | null }): BusinessHours | null =>
  widget.businessHours === null ? null : (JSON.parse(widget.businessHours) as BusinessHours);

/** What the widget's configuration says of its hours: null when it has none (always open). */
export function widgetOpenState(widget: { businessHours: string | null }, now: number): OpenState | null {
  const hours = businessHoursOf(widget);
  return hours && businessHoursState(hours, now);
}

/**
 * Whether the launcher shows now (loader.js with data-hide-when-closed): hidden only while the
 * widget is closed and set to hide outside hours; and when that next changes.
 */
export function launcherVisibility(widget: { businessHours: string | null; outsideHours: "message" | "hide" }, now: number): OpenState {
  const state = widgetOpenState(widget, now);
  if (!state || widget.outsideHours !== "hide") return { open: true, changesAt: null };
  return state;
}
