import type { AccessLevel, Area, Permissions } from "./permissions";

/**
 * The longest a token lives: every token has an expiry, at most this many days after its creation.
 * A year covers a yearly rotation routine; a forgotten token dies within one.
 */
export const API_TOKEN_MAX_DAYS = 365;

// API token scopes: `area:level`, one per level of each area of the role model
// (src/shared/permissions.ts). A higher level includes the lower (`chats:manage` also reads chats).
// A token acts with the intersection of its scopes and its creator's role as it is at each
// request, so a scope never grants what the creator no longer holds. No zod here: the app imports
// these as values.

export const apiTokenScopes = [
  "chats:read",
  "chats:manage",
  "transcripts:read",
  "transcripts:manage",
  "settings:read",
  "settings:manage",
  "team:read",
  "team:manage",
  "audit_log:read",
  "analytics:anonymized",
  "analytics:full",
] as const;
export type ApiTokenScope = (typeof apiTokenScopes)[number];

type AnalyticsLevel = Permissions["analytics"];

/** Which area and level a scope stands for. */
function parseScope(scope: ApiTokenScope): { area: keyof Permissions; level: string } {
  const [name, level] = scope.split(":") as [string, string];
  return { area: name === "audit_log" ? "auditLog" : (name as keyof Permissions), level };
}

const levelRank: Record<AccessLevel, number> = { none: 0, read: 1, manage: 2 };
const analyticsRank: Record<AnalyticsLevel, number> = { none: 0, anonymized: 1, full: 2 };
const areas: Area[] = ["chats", "transcripts", "settings", "team", "auditLog"];

/** The rights a set of scopes names on its own, as a role would: the highest level per area. */
export function scopePermissions(scopes: readonly ApiTokenScope[]): Permissions {
  const granted: Permissions = { chats: "none", transcripts: "none", settings: "none", team: "none", auditLog: "none", analytics: "none" };
  for (const scope of scopes) {
    const { area, level } = parseScope(scope);
    if (area === "analytics") {
      if (analyticsRank[level as AnalyticsLevel] > analyticsRank[granted.analytics]) granted.analytics = level as AnalyticsLevel;
    } else if (levelRank[level as AccessLevel] > levelRank[granted[area]]) {
      granted[area] = level as AccessLevel;
    }
  }
  return granted;
}

/** What a token may do: in every area the lower of its scopes' level and its creator's role's. */
export function intersectPermissions(a: Permissions, b: Permissions): Permissions {
  const lower = (x: AccessLevel, y: AccessLevel): AccessLevel => (levelRank[x] <= levelRank[y] ? x : y);
  const result = { ...a };
  for (const area of areas) result[area] = lower(a[area], b[area]);
  result.analytics = analyticsRank[a.analytics] <= analyticsRank[b.analytics] ? a.analytics : b.analytics;
  return result;
}

/** True when `permissions` reach `level` in `area` (analytics levels for analytics, access levels elsewhere). */
export function permissionsGrant(permissions: Permissions, area: keyof Permissions, level: AccessLevel | AnalyticsLevel): boolean {
  if (area === "analytics") return analyticsRank[permissions.analytics] >= analyticsRank[level as AnalyticsLevel];
  return levelRank[permissions[area]] >= levelRank[level as AccessLevel];
}

/** True when a role with `permissions` holds what `scope` names. */
export function roleHoldsScope(permissions: Permissions, scope: ApiTokenScope): boolean {
  const { area, level } = parseScope(scope);
  return permissionsGrant(permissions, area, level as AccessLevel | AnalyticsLevel);
}

/** The scopes a role may put on a token: those it holds itself, in the order of `apiTokenScopes`. */
export const grantableScopes = (permissions: Permissions): ApiTokenScope[] =>
  apiTokenScopes.filter((scope) => roleHoldsScope(permissions, scope));
