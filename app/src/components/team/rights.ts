import type { AccessLevel, Me, Permissions, Role } from "../../types";

// The "no more than you hold" rule of src/shared/permissions.ts, mirrored so the screens can grey
// out what the server would refuse with 403 exceeds_own_rights. The server stays the judge; the
// app cannot import the shared module as a value without bundling zod.

export type Area = Exclude<keyof Permissions, "analytics">;
export type AnalyticsLevel = Permissions["analytics"];

/** The areas of a role, in the order the editor shows them. */
export const AREAS: readonly Area[] = ["chats", "transcripts", "settings", "team", "auditLog"];

export const ACCESS_LEVELS: readonly AccessLevel[] = ["none", "read", "manage"];
export const ANALYTICS_LEVELS: readonly AnalyticsLevel[] = ["none", "anonymized", "full"];

const accessRank: Record<AccessLevel, number> = { none: 0, read: 1, manage: 2 };
const analyticsRank: Record<AnalyticsLevel, number> = { none: 0, anonymized: 1, full: 2 };

/** True when `level` of `area` is no more than `holder` has there. */
export const accessWithin = (holder: Permissions, area: Area, level: AccessLevel): boolean => accessRank[level] <= accessRank[holder[area]];

export const analyticsWithin = (holder: Permissions, level: AnalyticsLevel): boolean =>
  analyticsRank[level] <= analyticsRank[holder.analytics];

/** True when departments `candidate` (null = all) lie within `holder`'s. */
export function departmentsWithin(candidate: readonly string[] | null, holder: readonly string[] | null): boolean {
  if (holder === null) return true;
  return candidate?.every((id) => holder.includes(id)) ?? false;
}

/** True when the signed-in operator may grant, assign or manage `role` (and its operators). */
export function withinMe(me: Me, role: Pick<Role, "permissions" | "departmentIds">): boolean {
  return (
    AREAS.every((area) => accessWithin(me.role.permissions, area, role.permissions[area])) &&
    analyticsWithin(me.role.permissions, role.permissions.analytics) &&
    departmentsWithin(role.departmentIds, me.role.departmentIds)
  );
}
