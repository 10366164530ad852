import i18next from "i18next";
import type { ConversationSummary } from "../types";

/** The visitor's name, or "Visitor" and a short form of the conversation id. */
export function visitorLabel(summary: Pick<ConversationSummary, "id" | "visitorName">): string {
  const name = summary.visitorName?.trim();
  if (name) return name;
  const shortId = summary.id.replace(/^[a-z]+_/i, "").slice(0, 8);
  return `${i18next.t("visitor")} ${shortId}`;
}

interface Formats {
  relative: Intl.RelativeTimeFormat;
  clock: Intl.DateTimeFormat;
  full: Intl.DateTimeFormat;
}

// Intl formatters are costly to build and the language rarely changes: one set per language.
const formatsByLanguage = new Map<string, Formats>();

function formats(): Formats {
  const language = i18next.language;
  let found = formatsByLanguage.get(language);
  if (!found) {
    found = {
      relative: new Intl.RelativeTimeFormat(language, { numeric: "auto" }),
      clock: new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit" }),
      full: new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }),
    };
    formatsByLanguage.set(language, found);
  }
  return found;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 minutes ago", "yesterday"... for a time in epoch milliseconds. */
export function relativeTime(time: number, now: number): string {
  // Clamped: a clock slightly behind the server's must not say "in 3 seconds".
  const elapsed = Math.max(0, now - time);
  const { relative } = formats();
  if (elapsed < MINUTE) return i18next.t("justNow");
  if (elapsed < HOUR) return relative.format(-Math.floor(elapsed / MINUTE), "minute");
  if (elapsed < DAY) return relative.format(-Math.floor(elapsed / HOUR), "hour");
  return relative.format(-Math.floor(elapsed / DAY), "day");
}

/** Hours and minutes, for message timestamps. */
export function clockTime(time: number): string {
  return formats().clock.format(time);
}

/** Date and time in full, for tooltips and transcripts. */
export function fullTime(time: number): string {
  return formats().full.format(time);
}

/** ISO 8601, for `<time datetime>`. */
export function isoTime(time: number): string {
  return new Date(time).toISOString();
}

const KILOBYTE = 1000;
const MEGABYTE = 1000 * KILOBYTE;

/** "820 kB", "1.2 MB": a download's size in the current language. */
export function byteSize(bytes: number): string {
  const [value, unit] =
    bytes >= MEGABYTE ? [bytes / MEGABYTE, "megabyte"] : bytes >= KILOBYTE ? [bytes / KILOBYTE, "kilobyte"] : [bytes, "byte"];
  return new Intl.NumberFormat(i18next.language, {
    style: "unit",
    unit,
    // "kB" and "MB" are universal; the short form of a byte count ("628 byte") is not.
    unitDisplay: unit === "byte" ? "long" : "short",
    maximumFractionDigits: 1,
  }).format(value);
}

/** A language code ("de") as the current language names it ("German", "Deutsch", "allemand"). */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(i18next.language, { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "Netherlands (NL)" in the UI language; the bare code where the browser has no name for it. */
export function countryName(code: string, language: string): string {
  try {
    const name = new Intl.DisplayNames([language], { type: "region" }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

// Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari", iOS says "Mac OS X".
const BROWSERS: readonly [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, "Edge"],
  [/OPR\/(\d+)/, "Opera"],
  [/SamsungBrowser\/(\d+)/, "Samsung Internet"],
  [/Firefox\/(\d+)/, "Firefox"],
  [/FxiOS\/(\d+)/, "Firefox"],
  [/CriOS\/(\d+)/, "Chrome"],
  [/Chrome\/(\d+)/, "Chrome"],
  [/Version\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari\//, "Safari"],
];
const SYSTEMS: readonly [RegExp, string][] = [
  [/Windows NT/, "Windows"],
  [/iPhone|iPad|iPod/, "iOS"],
  [/Android/, "Android"],
  [/CrOS/, "ChromeOS"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Linux/, "Linux"],
];

/** "Firefox 133 on Windows" from a User-Agent, or null when neither part is recognised. */
export function browserSummary(userAgent: string): string | null {
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent));
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const name = browser ? `${browser[1]} ${userAgent.match(browser[0])?.[1] ?? ""}`.trim() : null;
  if (name && system) return i18next.t("visit.browserOn", { browser: name, system });
  return name ?? system ?? null;
}
