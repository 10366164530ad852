import type { ErrorInfo } from "../../api";
import type { RouterConditions, RouterRule } from "../../types";

// A router rule as the form edits it: lists as the admin types them, empty meaning "any". The
// checks mirror routerConditionsSchema (src/shared/admin-api.ts), so most mistakes are named at the
// field before a round trip; the server still has the last word.

export const CONTINENTS = ["AF", "AN", "AS", "EU", "NA", "OC", "SA"] as const;
export type Continent = (typeof CONTINENTS)[number];

export const DEVICES = ["desktop", "mobile", "tablet"] as const;
export type Device = (typeof DEVICES)[number];

export type EuChoice = "any" | "in" | "out";

export interface RuleDraft {
  /** Stable across moves and edits, for list keys, element ids and focus; never sent. */
  key: string;
  name: string;
  widgetId: string;
  urlPattern: string;
  countries: string;
  continents: readonly Continent[];
  euMember: EuChoice;
  devices: readonly Device[];
  languages: string;
}

export type DraftField = "name" | "widgetId" | "urlPattern" | "countries" | "continents" | "euMember" | "devices" | "languages";

/** What is wrong with a field: one of ours (translated when shown), or the server's own words. */
export type FieldError =
  | { kind: "required" }
  | { kind: "tooLong"; max: number }
  | { kind: "tooMany"; max: number }
  | { kind: "notCountries"; codes: string }
  | { kind: "notLanguages"; codes: string }
  | { kind: "server"; message: string };

export type RuleErrors = Partial<Record<DraftField, FieldError>>;

const NAME_MAX = 100;
const URL_PATTERN_MAX = 500;
const COUNTRIES_MAX = 250;
const LANGUAGES_MAX = 50;
export const RULES_MAX = 100;

const COUNTRY = /^[A-Z]{2}$/;
const LANGUAGE = /^[a-z]{2,3}$/;

let lastKey = 0;
const newKey = () => {
  lastKey += 1;
  return `rule-${lastKey}`;
};

/** The codes of a comma- or space-separated list, in the given case, without repeats. */
export function splitCodes(text: string, upper: boolean): string[] {
  const codes = text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((code) => (upper ? code.toUpperCase() : code.toLowerCase()));
  return [...new Set(codes)];
}

/** The list as it reads best once the admin leaves the field: "DE, AT". */
export const tidyCodes = (text: string, upper: boolean): string => splitCodes(text, upper).join(", ");

export const countryCodes = (text: string) => splitCodes(text, true).filter((code) => COUNTRY.test(code));
export const languageCodes = (text: string) => splitCodes(text, false).filter((code) => LANGUAGE.test(code));

export function emptyDraft(widgetId: string): RuleDraft {
  return { key: newKey(), name: "", widgetId, urlPattern: "", countries: "", continents: [], euMember: "any", devices: [], languages: "" };
}

export function toDraft(rule: RouterRule, key = newKey()): RuleDraft {
  const c = rule.conditions;
  return {
    key,
    name: rule.name,
    widgetId: rule.widgetId,
    urlPattern: c.urlPattern ?? "",
    countries: (c.countries ?? []).join(", "),
    continents: c.continents ?? [],
    euMember: c.euMember === undefined ? "any" : c.euMember ? "in" : "out",
    devices: c.devices ?? [],
    languages: (c.languages ?? []).join(", "),
  };
}

/** The draft as the API takes it, or what stops it. Empty conditions are left out: "any". */
export function toRule(draft: RuleDraft): { ok: true; rule: RouterRule } | { ok: false; errors: RuleErrors } {
  const errors: RuleErrors = {};
  const name = draft.name.trim();
  if (!name) errors.name = { kind: "required" };
  else if (name.length > NAME_MAX) errors.name = { kind: "tooLong", max: NAME_MAX };
  if (!draft.widgetId) errors.widgetId = { kind: "required" };

  const conditions: RouterConditions = {};
  const urlPattern = draft.urlPattern.trim();
  if (urlPattern.length > URL_PATTERN_MAX) errors.urlPattern = { kind: "tooLong", max: URL_PATTERN_MAX };
  else if (urlPattern) conditions.urlPattern = urlPattern;

  const countries = splitCodes(draft.countries, true);
  const badCountries = countries.filter((code) => !COUNTRY.test(code));
  if (badCountries.length > 0) errors.countries = { kind: "notCountries", codes: badCountries.join(", ") };
  else if (countries.length > COUNTRIES_MAX) errors.countries = { kind: "tooMany", max: COUNTRIES_MAX };
  else if (countries.length > 0) conditions.countries = countries;

  if (draft.continents.length > 0) conditions.continents = CONTINENTS.filter((code) => draft.continents.includes(code));
  if (draft.euMember !== "any") conditions.euMember = draft.euMember === "in";
  if (draft.devices.length > 0) conditions.devices = DEVICES.filter((device) => draft.devices.includes(device));

  const languages = splitCodes(draft.languages, false);
  const badLanguages = languages.filter((code) => !LANGUAGE.test(code));
  if (badLanguages.length > 0) errors.languages = { kind: "notLanguages", codes: badLanguages.join(", ") };
  else if (languages.length > LANGUAGES_MAX) errors.languages = { kind: "tooMany", max: LANGUAGES_MAX };
  else if (languages.length > 0) conditions.languages = languages;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, rule: { name, widgetId: draft.widgetId, conditions } };
}

/** The drafts without their keys: equal strings mean nothing changed. */
export const snapshot = (drafts: readonly RuleDraft[]): string => JSON.stringify(drafts.map(({ key: _key, ...rest }) => rest));

const SERVER_FIELDS: Record<string, DraftField> = {
  name: "name",
  widgetId: "widgetId",
  urlPattern: "urlPattern",
  countries: "countries",
  continents: "continents",
  euMember: "euMember",
  devices: "devices",
  languages: "languages",
};

/**
 * The rule and field a server validation error names ("rules.0.conditions.countries.0: a
 * country code like DE"), so the message can sit next to the field it is about.
 */
export function serverFieldError(error: ErrorInfo): { index: number; field: DraftField; error: FieldError } | null {
  if (error.code !== "invalid_request" || !error.message) return null;
  const match = /^rules\.(\d+)\.(?:conditions\.)?([A-Za-z]+)[^:]*:\s*(.*)$/.exec(error.message);
  const field = match?.[2] ? SERVER_FIELDS[match[2]] : undefined;
  if (!match || !field) return null;
  return { index: Number(match[1]), field, error: { kind: "server", message: match[3] ?? error.message } };
}
