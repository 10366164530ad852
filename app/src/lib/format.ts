import { locale, strings } from "../strings";
import type { ConversationSummary } from "../types";

/** The visitor's name, or "Visitor" and a short form of the conversation id. */
export function visitorLabel(summary: Pick<ConversationSummary, "id" | "visitorName">): string {
  const name = summary.visitorName?.trim();
  if (name) return name;
  const shortId = summary.id.replace(/^[a-z]+_/i, "").slice(0, 8);
  return `${strings.visitor} ${shortId}`;
}

const relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
const clockFormat = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit" });
const fullFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 minutes ago", "yesterday"... for a time in epoch milliseconds. */
export function relativeTime(time: number, now: number): string {
  // Clamped: a clock slightly behind the server's must not say "in 3 seconds".
  const elapsed = Math.max(0, now - time);
  if (elapsed < MINUTE) return strings.justNow;
  if (elapsed < HOUR) return relativeFormat.format(-Math.floor(elapsed / MINUTE), "minute");
  if (elapsed < DAY) return relativeFormat.format(-Math.floor(elapsed / HOUR), "hour");
  return relativeFormat.format(-Math.floor(elapsed / DAY), "day");
}

/** Hours and minutes, for message timestamps. */
export function clockTime(time: number): string {
  return clockFormat.format(time);
}

/** Date and time in full, for tooltips. */
export function fullTime(time: number): string {
  return fullFormat.format(time);
}

/** ISO 8601, for `<time datetime>`. */
export function isoTime(time: number): string {
  return new Date(time).toISOString();
}
