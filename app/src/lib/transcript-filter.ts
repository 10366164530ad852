import type { ConversationFilter } from "../types";

/** The search form as typed: every field a string, "" meaning "any". */
export interface FilterForm {
  email: string;
  name: string;
  /** YYYY-MM-DD from a date input. */
  from: string;
  /** YYYY-MM-DD, inclusive. */
  to: string;
  widgetId: string;
  status: "" | "open" | "closed";
  language: string;
  rating: string;
  /** Comma-separated. */
  tags: string;
  hasConsent: "" | "yes" | "no";
}

export const emptyFilterForm: FilterForm = {
  email: "",
  name: "",
  from: "",
  to: "",
  widgetId: "",
  status: "",
  language: "",
  rating: "",
  tags: "",
  hasConsent: "",
};

/** The server's limits on tags (src/shared/api.ts). */
const MAX_TAGS = 20;

/**
 * The start of a calendar day in the operator's time zone, as an ISO instant: a date picked in
 * Berlin means midnight in Berlin, not in UTC. `plusDays` moves forward (for an inclusive end).
 */
function startOfDay(date: string, plusDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [, year, month, day] = match;
  return new Date(Number(year), Number(month) - 1, Number(day) + plusDays).toISOString();
}

/** "a, b ,, c" as ["a", "b", "c"], each once. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(",")
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
  return [...new Set(tags)].slice(0, MAX_TAGS);
}

export type FilterResult = { ok: true; filter: ConversationFilter } | { ok: false; error: "date_order" };

/** The request filter for a filled-in form; empty fields are left out, as the API means "any". */
export function toFilter(form: FilterForm): FilterResult {
  if (form.from && form.to && form.from > form.to) return { ok: false, error: "date_order" };
  const filter: ConversationFilter = {};
  const email = form.email.trim();
  const name = form.name.trim();
  if (email) filter.email = email;
  if (name) filter.name = name;
  const from = startOfDay(form.from);
  // "To" is inclusive in the form; the API's `to` means "started before".
  const to = startOfDay(form.to, 1);
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (form.widgetId) filter.widgetId = form.widgetId;
  if (form.status) filter.status = form.status;
  if (form.language) filter.language = form.language;
  if (form.rating) filter.rating = Number(form.rating);
  const tags = parseTags(form.tags);
  if (tags.length > 0) filter.tags = tags;
  if (form.hasConsent) filter.hasConsent = form.hasConsent === "yes";
  return { ok: true, filter };
}

/** True when the filter selects every conversation (a bulk deletion must then say `all: true`). */
export function isEmptyFilter(filter: ConversationFilter): boolean {
  return Object.keys(filter).length === 0;
}
