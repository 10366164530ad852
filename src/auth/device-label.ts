// A coarse name for the device a session was begun on, for the sessions screen: browser family and
// system, nothing finer (no versions, no models), so the label tells an operator which of their
// sessions is which without being a fingerprint. The raw User-Agent is read once and not kept.

/** Checked in order: several browsers also name the engines they are built on (Edge says "Chrome"). */
const BROWSERS: readonly [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\bOPR\/|\bOpera\b/, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\b(Headless)?Chrom(e|ium)\/|\bCriOS\//, "Chrome"],
  [/\bSafari\//, "Safari"],
];

const SYSTEMS: readonly [RegExp, string][] = [
  [/\biPad\b/, "iPadOS"],
  [/\biPhone\b|\biPod\b/, "iOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

const first = (table: readonly [RegExp, string][], userAgent: string): string | null =>
  table.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;

/**
 * "Chrome · Linux", "Safari · iOS", "Firefox" (system unknown); null when neither is recognised.
 * Names of products only, so the label reads the same in every language of the app.
 */
export function deviceLabel(userAgent: string | undefined | null): string | null {
  if (!userAgent) return null;
  const ua = userAgent.slice(0, 512);
  const parts = [first(BROWSERS, ua), first(SYSTEMS, ua)].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(" · ") : null;
}
