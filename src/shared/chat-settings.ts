// The limits and choices of the chat settings of issue 13 (a widget's outside-hours behaviour,
// offer to leave a message, routing and unanswered alerts; an operator's chat slots; the account's
// idle time before "away"), and the plain rules of business hours. No zod, so the operator app
// checks a form against exactly what the server's schemas (src/shared/admin-api.ts,
// src/shared/business-hours.ts) accept, and the database schema takes its defaults from here.

/** A whole number of minutes or slots, from min to max, and what a new row gets. */
export interface IntegerRange {
  readonly min: number;
  readonly max: number;
  readonly initial: number;
}

/** Outside business hours the widget offers the leave-a-message form, or takes itself off the page. */
export const OUTSIDE_HOURS_CHOICES = ["message", "hide"] as const;
export type OutsideHours = (typeof OUTSIDE_HOURS_CHOICES)[number];
export const DEFAULT_OUTSIDE_HOURS: OutsideHours = "message";

/** Offer a new chat to every available operator of the department, or assign it to the least busy one with a free slot. */
export const ROUTING_CHOICES = ["offer_all", "auto_assign"] as const;
export type Routing = (typeof ROUTING_CHOICES)[number];
export const DEFAULT_ROUTING: Routing = "offer_all";

/** Minutes a visitor waits for an operator before being offered to leave a message (null: never offered). */
export const OFFER_MESSAGE_AFTER_MINUTES: IntegerRange = { min: 1, max: 60, initial: 3 };
/** Minutes a chat may stay unanswered before the department's operators are emailed (null: never). */
export const UNANSWERED_ALERT_MINUTES: IntegerRange = { min: 1, max: 120, initial: 5 };
/** The most open chats assigned to one operator at once. */
export const CHAT_SLOTS: IntegerRange = { min: 1, max: 50, initial: 5 };
/** Minutes without input in the app (or with every app tab hidden) before an operator becomes "away". */
export const AWAY_AFTER_IDLE_MINUTES: IntegerRange = { min: 1, max: 120, initial: 10 };

/** True for a whole number inside the range. */
export const inRange = (range: IntegerRange, value: number): boolean => Number.isInteger(value) && value >= range.min && value <= range.max;

// Business hours: the rules behind businessHoursSchema, shared with the app's editor.

/** "HH:MM" on a 24-hour clock; "24:00" is the end of a day. */
export const TIME_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
/** The most openings one day may have. */
export const MAX_OPENINGS_PER_DAY = 6;
/** The most dated exceptions a widget may have (a year of them). */
export const MAX_HOURS_EXCEPTIONS = 366;

/** "HH:MM" as minutes after local midnight; "24:00" is the end of the day. */
export const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** True when `to` ends after `from` starts: an opening never crosses midnight. */
export const endsAfterStart = (opening: { from: string; to: string }): boolean => minutesOf(opening.to) > minutesOf(opening.from);

/** True when each opening starts no earlier than the one before it ends. */
export const inOrderWithoutOverlap = (openings: readonly { from: string; to: string }[]): boolean =>
  openings.every((o, i) => i === 0 || minutesOf(o.from) >= minutesOf(openings[i - 1]!.to));

/** True for a time zone name Intl knows (an IANA zone such as Europe/Berlin). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
