import type { IntegerRange } from "./chat-settings";

// The register of data-subject requests: its vocabularies and its deadlines. No zod here, so the
// app computes "due soon" and "overdue" exactly as the server does.

/** Art. 15 (access), Art. 20 (portability), Art. 17 (erasure): the requests the data-subject tools answer. */
export const DATA_REQUEST_KINDS = ["access", "portability", "erasure"] as const;
export type DataRequestKind = (typeof DATA_REQUEST_KINDS)[number];

/** "extended": still open, with a later deadline; "answered" and "refused" are final. */
export const DATA_REQUEST_STATUSES = ["open", "extended", "answered", "refused"] as const;
export type DataRequestStatus = (typeof DATA_REQUEST_STATUSES)[number];

/** The grounds Art. 12(3) gives for extending the deadline by up to two further months. */
export const EXTENSION_REASONS = ["complexity", "number_of_requests"] as const;
export type ExtensionReason = (typeof EXTENSION_REASONS)[number];

/**
 * Why a request may be refused: Art. 12(5) (manifestly unfounded or excessive) and Art. 12(6)
 * (the requester's identity could not be confirmed).
 */
export const REFUSAL_REASONS = ["manifestly_unfounded", "excessive", "identity_not_confirmed"] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/**
 * Months an answered or refused request stays in the register: long enough to show, when asked
 * by a supervisory authority or in court, that a request was answered in time (36 covers the
 * usual three-year limitation period), and no longer than six years.
 */
export const DATA_REQUEST_RETENTION_MONTHS: IntegerRange = { min: 12, max: 72, initial: 36 };

/** "Due soon" in the app's reminders: the deadline is at most this many days away. */
export const DUE_SOON_DAYS = 7;
/** A request received by letter or email may be logged afterwards, at most this many days after it came. */
export const RECEIVED_AT_MAX_AGE_DAYS = 90;
/** Further months Art. 12(3) allows at most. */
export const MAX_EXTENSION_MONTHS = 2;

const DAY_MS = 86_400_000;

/**
 * The end (23:59:59.999 UTC) of the day `months` calendar months after `receivedAt`. As periods
 * in EU law run (Regulation 1182/71, Art. 3(2)(c)), a month from 31 January ends on the last day
 * of February: the day is clamped to the month's end, counting from the day of receipt each time,
 * so an extension from 31 January ends on 30 April, not 28 April.
 */
export function monthsAfter(receivedAt: number, months: number): number {
  const d = new Date(receivedAt);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay), 23, 59, 59, 999);
}

/** The deadline: one month after receipt (Art. 12(3)), plus the months it was extended by. */
export const dueDate = (receivedAt: number, extensionMonths: number): number => monthsAfter(receivedAt, 1 + extensionMonths);

/** Whether a request still waits for an answer. */
export const isPending = (status: DataRequestStatus): boolean => status === "open" || status === "extended";

/** Where a request stands against its deadline at `now`: the app's reminders and the list's filter. */
export type Urgency = "done" | "overdue" | "due_soon" | "on_time";

export function urgencyOf(request: { status: DataRequestStatus; dueAt: number }, now: number): Urgency {
  if (!isPending(request.status)) return "done";
  if (now > request.dueAt) return "overdue";
  return request.dueAt - now <= DUE_SOON_DAYS * DAY_MS ? "due_soon" : "on_time";
}
