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
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  "AT",
  "BE",
  "BG",
  "HR",
  "CY",
  "CZ",
  "DK",
  "EE",
  "FI",
  "FR",
  "DE",
  "GR",
  "HU",
  "IE",
  "IT",
  "LV",
  "LT",
  "LU",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SK",
  "SI",
  "ES",
  "SE",
]);

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
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "i").test(value);
}

/** Whether a rule's conditions hold, and the first one that does not. */
export function matchConditions(c: RouterConditions, v: VisitorContext): { matched: boolean; reason: string } {
  if (c.urlPattern !== undefined && !(v.page !== null && globMatches(c.urlPattern, v.page)))
    return { matched: false, reason: `page does not match ${c.urlPattern}` };
  if (c.countries && !(v.country && c.countries.includes(v.country)))
    return { matched: false, reason: `country ${v.country ?? "unknown"} not in ${c.countries.join(", ")}` };
  if (c.continents && !(v.continent && (c.continents as string[]).includes(v.continent)))
    return { matched: false, reason: `continent ${v.continent ?? "unknown"} not in ${c.continents.join(", ")}` };
  if (c.euMember !== undefined && c.euMember !== v.euMember) return { matched: false, reason: c.euMember ? "not in the EU" : "in the EU" };
  if (c.devices && !c.devices.includes(v.device)) return { matched: false, reason: `device ${v.device} not in ${c.devices.join(", ")}` };
  if (c.languages && !(v.language && c.languages.includes(v.language)))
    return { matched: false, reason: `language ${v.language ?? "unknown"} not in ${c.languages.join(", ")}` };
  return { matched: true, reason: "all conditions hold" };
}

export interface RouterRule {
  name: string;
  conditions: RouterConditions;
  widgetId: string;
}

/** What the router says when the matched rule's widget may not be embedded on the page. */
export const NO_WIDGET_REASON = "the matched widget does not allow this origin: the visitor gets no widget";

export type RouteDecision =
  | { outcome: "rule"; index: number; rule: RouterRule; reasons: string[] }
  | { outcome: "default"; index: null; rule: null; reasons: string[] }
  /** The matched rule's widget does not allow the page's origin: no widget at all. */
  | { outcome: "none"; index: number; rule: RouterRule; reasons: string[] };

/**
 * The first rule (in order) that matches, with the reasons for each rule looked at. Fails closed:
 * when that rule's widget is not `eligible` (it does not allow the page's origin) the answer is no
 * widget, never the next rule's or the embed's, which may keep more about the visitor.
 */
export function route(
  rules: readonly RouterRule[],
  v: VisitorContext,
  eligible: (widgetId: string) => boolean = () => true,
): RouteDecision {
  const reasons: string[] = [];
  for (const [index, rule] of rules.entries()) {
    const result = matchConditions(rule.conditions, v);
    reasons.push(`${rule.name}: ${result.reason}`);
    if (!result.matched) continue;
    if (!eligible(rule.widgetId)) {
      reasons.push(NO_WIDGET_REASON);
      return { outcome: "none", index, rule, reasons };
    }
    return { outcome: "rule", index, rule, reasons };
  }
  reasons.push("no rule matched: the default widget");
  return { outcome: "default", index: null, rule: null, reasons };
}

/**
 * Whether a glob over "host/path?query" can match some page on `host`: runs the glob's automaton
 * over "host/" (every page path starts with "/") and asks whether any state is still alive, as
 * the rest of the page can then be anything.
 */
export function patternCanMatchHost(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const closure = (states: Set<number>) => {
    for (const s of [...states]) for (let i = s; i < p.length && p[i] === "*"; i++) states.add(i + 1);
    return states;
  };
  let states = closure(new Set([0]));
  for (const ch of `${host.toLowerCase()}/`) {
    const next = new Set<number>();
    for (const s of states) {
      if (s >= p.length) continue;
      if (p[s] === "*") next.add(s);
      else if (p[s] === ch) next.add(s + 1);
    }
    states = closure(next);
    if (states.size === 0) return false;
  }
  return true;
}

export interface RoutableWidget {
  id: string;
  name: string;
  allowedOrigins: readonly string[];
}

/**
 * Misconfigurations that leave visitors without a widget: a rule that can match a page on an
 * origin where some widget of the account is embedded (any widget's allowed origin) while its own
 * widget does not allow that origin. Conditions other than the page (country, device, language)
 * are not looked at: some visitor can meet them.
 */
export function routerProblems(
  rules: readonly RouterRule[],
  widgets: ReadonlyMap<string, RoutableWidget>,
): { ruleIndex: number; ruleName: string; widgetId: string; origin: string; message: string }[] {
  const origins = [...new Set([...widgets.values()].flatMap((w) => w.allowedOrigins))].sort();
  const problems = [];
  for (const [ruleIndex, rule] of rules.entries()) {
    const widget = widgets.get(rule.widgetId);
    if (!widget) continue;
    for (const origin of origins) {
      if (widget.allowedOrigins.includes(origin)) continue;
      const host = new URL(origin).host;
      if (rule.conditions.urlPattern !== undefined && !patternCanMatchHost(rule.conditions.urlPattern, host)) continue;
      problems.push({
        ruleIndex,
        ruleName: rule.name,
        widgetId: widget.id,
        origin,
        message: `${rule.name}: its widget ${widget.name} does not allow ${origin}, where this rule can match: visitors there who meet it get no widget`,
      });
    }
  }
  return problems;
}
