import { AUDIT_ACTION_KEYS, type AuditActionKey } from "../../i18n/governance/action-keys";
import type { governanceTexts } from "../../i18n/governance/en";
import type { AuditAction } from "../../types";

// The audit log's actions (src/shared/audit-actions.ts) grouped for the filter, and the sentence
// of each. A code the app does not know (a server newer than this tab) is shown as it is, so it
// never hides behind a wrong sentence.

export type AreaKey = keyof typeof governanceTexts.auditLog.areas;
export type TargetKey = keyof typeof governanceTexts.auditLog.targets;

export interface ActionArea {
  key: AreaKey;
  /**
   * The server's prefix filter ("transcripts." matches every "transcripts.*"), where all of the
   * area's actions share one. Sign-in has none: "login." would match "login.failed" but not "login".
   */
  prefix: string | null;
  actions: readonly AuditAction[];
}

/** The action filter's groups, in the order an administrator looks for them. */
export const ACTION_AREAS: readonly ActionArea[] = [
  { key: "signIn", prefix: null, actions: ["login", "login.failed", "login.failed_burst"] },
  // Who read which conversation: each action once per reader and conversation in 10 minutes (src/db/audit.ts).
  { key: "reading", prefix: null, actions: ["conversation.viewed", "transcript.read", "visit.viewed", "chat.opened"] },
  { key: "transcripts", prefix: "transcripts.", actions: ["transcripts.exported", "transcripts.deleted"] },
  { key: "dataSubject", prefix: "data_subject.", actions: ["data_subject.searched", "data_subject.exported", "data_subject.erased"] },
  { key: "erasure", prefix: null, actions: ["conversation.erased_by_visitor", "retention.sweep", "erasure.reapplied"] },
  { key: "widgets", prefix: "widget.", actions: ["widget.created", "widget.updated", "widget.retention_forever"] },
  {
    key: "settings",
    prefix: null,
    actions: [
      "account.created",
      "settings.updated",
      "settings.retention_forever",
      "settings.two_factor_required",
      "settings.two_factor_optional",
      "router.updated",
    ],
  },
  {
    key: "operators",
    prefix: "operator.",
    actions: ["operator.created", "operator.updated", "operator.removed", "operator.created_by_sso", "operator.role_from_sso"],
  },
  { key: "departments", prefix: "department.", actions: ["department.created", "department.updated", "department.deleted"] },
  { key: "roles", prefix: "role.", actions: ["role.created", "role.updated", "role.deleted"] },
  {
    key: "apiTokens",
    prefix: "api_token.",
    actions: ["api_token.created", "api_token.first_used", "api_token.revoked", "api_token.revoked_on_password_change"],
  },
  { key: "passwords", prefix: "password.", actions: ["password.changed", "password.change_failed"] },
  {
    key: "sessions",
    prefix: "session.ended.",
    actions: [
      "session.ended.signed_out",
      "session.ended.ended_by_operator",
      "session.ended.idle_expired",
      "session.ended.expired",
      "session.ended.password_changed",
      "session.ended.second_factor_reset",
      "session.ended.role_changed",
      "session.ended.disabled",
      "session.ended.removed",
    ],
  },
  {
    key: "twoFactor",
    prefix: "second_factor.",
    actions: [
      "second_factor.enrolled",
      "second_factor.disabled",
      "second_factor.reset",
      "second_factor.failed",
      "second_factor.recovery_code_used",
      "second_factor.recovery_codes_regenerated",
    ],
  },
  {
    key: "passkeys",
    prefix: "passkey.",
    actions: ["passkey.added", "passkey.renamed", "passkey.removed", "passkey.sign_in_failed", "passkey.counter_regressed"],
  },
  {
    key: "sso",
    prefix: "sso.",
    actions: [
      "sso.configured",
      "sso.updated",
      "sso.removed",
      "sso.only_enabled",
      "sso.only_disabled",
      "sso.secret_changed",
      "sso.failed",
      "sso.bypassed",
    ],
  },
];

const isAuditAction = (action: string): action is AuditAction => Object.hasOwn(AUDIT_ACTION_KEYS, action);

/** The sentence key of a known action code, or null for one the app does not know yet. */
export function actionKey(action: string): AuditActionKey | null {
  return isAuditAction(action) ? AUDIT_ACTION_KEYS[action] : null;
}

const TARGET_KEYS = {
  account: "account",
  widget: "widget",
  router: "router",
  conversation: "conversation",
  operator: "operator",
  department: "department",
  role: "role",
  api_token: "apiToken",
  passkey: "passkey",
  sso_error: "ssoError",
} as const satisfies Record<string, TargetKey>;

/** The label key of a known target type, or null for an unknown one. */
export function targetKey(targetType: string): TargetKey | null {
  return Object.hasOwn(TARGET_KEYS, targetType) ? TARGET_KEYS[targetType as keyof typeof TARGET_KEYS] : null;
}

/** The first 8 characters of an id: enough to tell entries apart, short enough for a table cell. */
export const shortId = (id: string): string => id.slice(0, 8);
