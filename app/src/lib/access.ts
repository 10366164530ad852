import type { AccessLevel, Me } from "../types";
import type { Screen } from "./routes";

// The server decides; these checks only hide what a role could not use anyway. The rank mirrors
// src/shared/permissions.ts, which the app cannot import as a value without bundling zod.
const rank: Record<AccessLevel, number> = { none: 0, read: 1, manage: 2 };

function allows(granted: AccessLevel, needed: AccessLevel): boolean {
  return rank[granted] >= rank[needed];
}

/** The screens the operator's role opens, in navigation order. */
export function allowedScreens(me: Me): Screen[] {
  const { chats, transcripts, settings, team, auditLog, analytics } = me.role.permissions;
  const screens: Screen[] = [];
  if (allows(chats, "read")) screens.push("inbox");
  if (allows(transcripts, "read")) screens.push("transcripts", "data-requests");
  if (analytics !== "none") screens.push("analytics");
  if (allows(team, "read")) screens.push("team-operators", "team-departments", "team-roles");
  if (allows(settings, "read")) screens.push("settings-widgets", "settings-router", "settings-saved-replies", "settings-account");
  // Tokens act with their creator's rights, so listing and making them takes settings manage.
  if (allows(settings, "manage")) screens.push("settings-api-tokens");
  // Single sign-on decides who enters the whole account: settings manage over all departments.
  if (allows(settings, "manage") && me.role.departmentIds === null) screens.push("settings-sso");
  // Webhooks carry events of every department: settings manage over all departments, as on the server.
  if (allows(settings, "manage") && me.role.departmentIds === null) screens.push("settings-webhooks");
  if (allows(auditLog, "read")) screens.push("audit-log");
  // The record of processing describes the whole account; the signed export is the audit log's.
  if (canReadRecordOfProcessing(me) || allows(auditLog, "read")) screens.push("compliance");
  // Every operator manages their own sign-in, whatever their role.
  screens.push("security");
  return screens;
}

/** May reply to and end live chats. */
export const canReply = (me: Me): boolean => me.role.permissions.chats === "manage";

/** May export and delete transcripts. */
export const canManageTranscripts = (me: Me): boolean => me.role.permissions.transcripts === "manage";

/** May export and erase a person's data: it acts on the whole account, so all departments are needed. */
export const canActOnDataSubjects = (me: Me): boolean => canManageTranscripts(me) && me.role.departmentIds === null;

/** May list widgets (settings read), for the widget filter. */
export const canListWidgets = (me: Me): boolean => allows(me.role.permissions.settings, "read");

/** May change widgets, router rules and account settings. */
export const canManageSettings = (me: Me): boolean => me.role.permissions.settings === "manage";

/** May change account-wide settings (retention, analytics): these reach every department. */
export const canManageAccount = (me: Me): boolean => canManageSettings(me) && me.role.departmentIds === null;

/** May add, change and remove operators, departments and roles. */
export const canManageTeam = (me: Me): boolean => me.role.permissions.team === "manage";

/** May read the record of processing: settings read over all departments, as it describes the whole account. */
export const canReadRecordOfProcessing = (me: Me): boolean =>
  allows(me.role.permissions.settings, "read") && me.role.departmentIds === null;

/** May export the audit log, signed (audit log read; a role limited to departments gets their entries). */
export const canExportAuditLog = (me: Me): boolean => allows(me.role.permissions.auditLog, "read");
