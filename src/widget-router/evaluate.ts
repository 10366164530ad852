import type { RouterConditions } from "../shared/admin-api";

// The widget router: which widget a visitor gets, from what the edge knows about the request.
// Pure functions over a VisitorContext built per request; nothing read here is stored or logged.

export type DeviceClass = "mobile" | "tablet" | "desktop";

export interface VisitorContext {
  /** The page the widget is on (host, path and query), or null when unknown. */
  page: string | null;
  country: string | null;
  continent: string | null;
  euMember: boolean;
  device: DeviceClass;
  /** Primary subtag of the browser's first language. */
  language: string | null;
}

/** Tablets first: their User-Agents often also say "Mobile" (iPad) or lack it (Android tablets). */
export function deviceClass(userAgent: string | null): DeviceClass {
  const ua = userAgent ?? "";
  if (/iPad|Tablet|PlayBook|Silk|Kindle|(Android(?!.*Mobile))/i.test(ua)) return "tablet";
  if (/Mobi|iPhone|iPod|Android|BlackBerry|IEMobile|Opera Mini/i.test(ua)) return "mobile";
  return "desktop";
}

/** The primary subtag of the first language of an Accept-Language header (or a plain code). */
export function primaryLanguage(header: string | null): string | null {
  const first = header?.split(",")[0]?.split(";")[0]?.trim().toLowerCase();
  const primary = first?.split("-")[0];
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : null;
}

/** host + path + query of a page URL, lowercase host; null when it is not an http(s) URL. */
export function pagePath(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== "https:" && u.protocol !== "http:") return null;
    return `${u.host.toLowerCase()}${u.pathname}${u.search}`;
  } catch {
    return null;
  }
}

/** The EU's member states (ISO 3166-1 alpha-2; Greece is "GR"). */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set(["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"]);

/**
 * Whether to treat a visitor as in the EU. Where Cloudflare cannot place the visitor (no country,
 * "XX" unknown, "T1" Tor) the answer is yes: the privacy-safe side, as such a visitor may well be
 * in the EU and an EU rule usually means the privacy widget.
 */
export function inEu(country: string | null, isEUCountry: boolean | undefined): boolean {
  if (country === null || country === "XX" || country === "T1") return true;
  return isEUCountry ?? EU_MEMBER_STATES.has(country);
}

export function visitorContext(request: Request, pageUrl: string | null): VisitorContext {
  const cf = (request as Request & { cf?: IncomingRequestCfProperties }).cf;
  const country = typeof cf?.country === "string" ? cf.country.toUpperCase() : null;
  return {
    page: pagePath(pageUrl),
    country,
    continent: typeof cf?.continent === "string" ? cf.continent.toUpperCase() : null,
    euMember: inEu(country, cf?.isEUCountry === undefined ? undefined : cf.isEUCountry === "1"),
    device: deviceClass(request.headers.get("User-Agent")),
    language: primaryLanguage(request.headers.get("Accept-Language")),
  };
}

/** A glob ("*" = any run of characters) as an anchored, case-insensitive pattern. */
function globMatches(pattern: string, value: string): boolean {
  const source = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&")).join(".*");
  return new RegExp(`^${source}$`, "i").test(value);
}

/** Whether a rule's conditions hold, and the first one that does not. */
export function matchConditions(c: RouterConditions, v: VisitorContext): { matched: boolean; reason: string } {
  if (c.urlPattern !== undefined && !(v.page !== null && globMatches(c.urlPattern, v.page))) return { matched: false, reason: `page does not match ${c.urlPattern}` };
  if (c.countries && !(v.country && c.countries.includes(v.country))) return { matched: false, reason: `country ${v.country ?? "unknown"} not in ${c.countries.join(", ")}` };
  if (c.continents && !(v.continent && (c.continents as string[]).includes(v.continent))) return { matched: false, reason: `continent ${v.continent ?? "unknown"} not in ${c.continents.join(", ")}` };
  if (c.euMember !== undefined && c.euMember !== v.euMember) return { matched: false, reason: c.euMember ? "not in the EU" : "in the EU" };
  if (c.devices && !c.devices.includes(v.device)) return { matched: false, reason: `device ${v.device} not in ${c.devices.join(", ")}` };
  if (c.languages && !(v.language && c.languages.includes(v.language))) return { matched: false, reason: `language ${v.language ?? "unknown"} not in ${c.languages.join(", ")}` };
  return { matched: true, reason: "all conditions hold" };
}

export interface RouterRule {
  name: string;
  conditions: RouterConditions;
  widgetId: string;
}

/** The first rule (in order) that matches, with the reasons for each rule looked at; null = default widget. */
export function route(rules: readonly RouterRule[], v: VisitorContext, eligible: (widgetId: string) => boolean = () => true) {
  const reasons: string[] = [];
  for (const [index, rule] of rules.entries()) {
    const result = matchConditions(rule.conditions, v);
    if (result.matched && !eligible(rule.widgetId)) {
      reasons.push(`${rule.name}: matches, but its widget does not allow this page's origin`);
      continue;
    }
    reasons.push(`${rule.name}: ${result.reason}`);
    if (result.matched) return { index, rule, reasons };
  }
  reasons.push("no rule matched: the default widget");
  return { index: null, rule: null, reasons };
}
