/** The app's screens, each at its own path under the app's base, so reloads and links keep the place. */
export type Screen =
  | "inbox"
  | "transcripts"
  | "data-requests"
  | "analytics"
  | "team-operators"
  | "team-departments"
  | "team-roles"
  | "settings-widgets"
  | "settings-router"
  | "settings-saved-replies"
  | "settings-account"
  | "settings-api-tokens"
  | "settings-sso"
  | "settings-webhooks"
  | "audit-log"
  | "compliance"
  | "security";

const BASE = import.meta.env.BASE_URL;

export const screenPaths: Readonly<Record<Screen, string>> = {
  inbox: BASE,
  transcripts: `${BASE}transcripts`,
  "data-requests": `${BASE}data-requests`,
  analytics: `${BASE}analytics`,
  "team-operators": `${BASE}team/operators`,
  "team-departments": `${BASE}team/departments`,
  "team-roles": `${BASE}team/roles`,
  "settings-widgets": `${BASE}settings/widgets`,
  "settings-router": `${BASE}settings/router`,
  "settings-saved-replies": `${BASE}settings/saved-replies`,
  "settings-account": `${BASE}settings/account`,
  "settings-api-tokens": `${BASE}settings/api-tokens`,
  "settings-sso": `${BASE}settings/sso`,
  "settings-webhooks": `${BASE}settings/webhooks`,
  "audit-log": `${BASE}audit-log`,
  compliance: `${BASE}compliance`,
  security: `${BASE}security`,
};

/** The entries of the main navigation; Team and Settings open onto screens of their own sections. */
export type Area = "inbox" | "transcripts" | "data-requests" | "analytics" | "team" | "settings" | "audit-log" | "compliance" | "security";

/** The screens of each area, in the order their section navigation shows them. */
export const areaScreens: Readonly<Record<Area, readonly Screen[]>> = {
  inbox: ["inbox"],
  transcripts: ["transcripts"],
  "data-requests": ["data-requests"],
  analytics: ["analytics"],
  team: ["team-operators", "team-departments", "team-roles"],
  settings: [
    "settings-widgets",
    "settings-router",
    "settings-saved-replies",
    "settings-account",
    "settings-api-tokens",
    "settings-sso",
    "settings-webhooks",
  ],
  "audit-log": ["audit-log"],
  compliance: ["compliance"],
  security: ["security"],
};

/** The area a screen belongs to. */
export function areaOf(screen: Screen): Area {
  for (const [area, screens] of Object.entries(areaScreens) as [Area, readonly Screen[]][]) {
    if (screens.includes(screen)) return area;
  }
  return "inbox";
}

/** The screen at `pathname`, matched exactly against the table above (a trailing slash is ignored). */
export function screenAt(pathname: string): Screen | null {
  const normalised = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  for (const [screen, path] of Object.entries(screenPaths) as [Screen, string][]) {
    if (path === pathname || path === normalised) return screen;
  }
  return null;
}
