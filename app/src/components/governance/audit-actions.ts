import type { governanceTexts } from "../../i18n/governance/en";

// Every action the server writes to the audit log (grep `auditAction(` and `audit(` in src/),
// mapped to the key of its sentence. A code missing here is shown as it is, so a new server
// action never hides behind a wrong sentence.

export type ActionKey = keyof typeof governanceTexts.auditLog.actions;
export type AreaKey = keyof typeof governanceTexts.auditLog.areas;
export type TargetKey = keyof typeof governanceTexts.auditLog.targets;

const ACTION_KEYS = {
  login: "login",
  "login.failed": "loginFailed",
  "login.failed_burst": "loginFailedBurst",
  "transcripts.exported": "transcriptsExported",
  "transcripts.deleted": "transcriptsDeleted",
  "data_subject.exported": "dataSubjectExported",
  "data_subject.erased": "dataSubjectErased",
  "data_subject.searched": "dataSubjectSearched",
  "conversation.viewed": "conversationViewed",
  "transcript.read": "transcriptRead",
  "visit.viewed": "visitViewed",
  "chat.opened": "chatOpened",
  "conversation.erased_by_visitor": "conversationErasedByVisitor",
  "retention.sweep": "retentionSweep",
  "erasure.reapplied": "erasureReapplied",
  "settings.updated": "settingsUpdated",
  "settings.retention_forever": "settingsRetentionForever",
  "widget.retention_forever": "widgetRetentionForever",
  "widget.created": "widgetCreated",
  "widget.updated": "widgetUpdated",
  "router.updated": "routerUpdated",
  "operator.created": "operatorCreated",
  "operator.updated": "operatorUpdated",
  "operator.removed": "operatorRemoved",
  "department.created": "departmentCreated",
  "department.updated": "departmentUpdated",
  "department.deleted": "departmentDeleted",
  "role.created": "roleCreated",
  "role.updated": "roleUpdated",
  "role.deleted": "roleDeleted",
  "api_token.created": "apiTokenCreated",
  "api_token.revoked": "apiTokenRevoked",
  "api_token.first_used": "apiTokenFirstUsed",
  "api_token.revoked_on_password_change": "apiTokenRevokedOnPasswordChange",
  "password.changed": "passwordChanged",
  "password.change_failed": "passwordChangeFailed",
  "account.created": "accountCreated",
  "session.ended.signed_out": "sessionEndedSignedOut",
  "session.ended.ended_by_operator": "sessionEndedByOperator",
  "session.ended.password_changed": "sessionEndedPasswordChanged",
  "session.ended.second_factor_reset": "sessionEndedSecondFactorReset",
  "session.ended.role_changed": "sessionEndedRoleChanged",
  "session.ended.disabled": "sessionEndedDisabled",
  "session.ended.removed": "sessionEndedRemoved",
  "session.ended.idle_expired": "sessionEndedIdle",
  "session.ended.expired": "sessionEndedExpired",
  "settings.two_factor_required": "settingsTwoFactorRequired",
  "settings.two_factor_optional": "settingsTwoFactorOptional",
  "second_factor.enrolled": "secondFactorEnrolled",
  "second_factor.disabled": "secondFactorDisabled",
  "second_factor.reset": "secondFactorReset",
  "second_factor.failed": "secondFactorFailed",
  "second_factor.recovery_code_used": "secondFactorRecoveryCodeUsed",
  "second_factor.recovery_codes_regenerated": "secondFactorRecoveryCodesRegenerated",
  "passkey.added": "passkeyAdded",
  "passkey.renamed": "passkeyRenamed",
  "passkey.removed": "passkeyRemoved",
  "passkey.sign_in_failed": "passkeySignInFailed",
  "passkey.counter_regressed": "passkeyCounterRegressed",
  "sso.configured": "ssoConfigured",
  "sso.updated": "ssoUpdated",
  "sso.removed": "ssoRemoved",
  "sso.only_enabled": "ssoOnlyEnabled",
  "sso.only_disabled": "ssoOnlyDisabled",
  "sso.secret_changed": "ssoSecretChanged",
  "sso.failed": "ssoFailed",
  "sso.bypassed": "ssoBypassed",
  "operator.created_by_sso": "operatorCreatedBySso",
  "operator.role_from_sso": "operatorRoleFromSso",
} as const satisfies Record<string, ActionKey>;

export type KnownAction = keyof typeof ACTION_KEYS;

export interface ActionArea {
  key: AreaKey;
  /**
   * The server's prefix filter ("transcripts." matches every "transcripts.*"), where all of the
   * area's actions share one. Sign-in has none: "login." would match "login.failed" but not "login".
   */
  prefix: string | null;
  actions: readonly KnownAction[];
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
  { key: "settings", prefix: null, actions: ["account.created", "settings.updated", "settings.retention_forever", "settings.two_factor_required", "settings.two_factor_optional", "router.updated"] },
  { key: "operators", prefix: "operator.", actions: ["operator.created", "operator.updated", "operator.removed", "operator.created_by_sso", "operator.role_from_sso"] },
  { key: "departments", prefix: "department.", actions: ["department.created", "department.updated", "department.deleted"] },
  { key: "roles", prefix: "role.", actions: ["role.created", "role.updated", "role.deleted"] },
  { key: "apiTokens", prefix: "api_token.", actions: ["api_token.created", "api_token.first_used", "api_token.revoked", "api_token.revoked_on_password_change"] },
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
    actions: ["second_factor.enrolled", "second_factor.disabled", "second_factor.reset", "second_factor.failed", "second_factor.recovery_code_used", "second_factor.recovery_codes_regenerated"],
  },
  { key: "passkeys", prefix: "passkey.", actions: ["passkey.added", "passkey.renamed", "passkey.removed", "passkey.sign_in_failed", "passkey.counter_regressed"] },
  { key: "sso", prefix: "sso.", actions: ["sso.configured", "sso.updated", "sso.removed", "sso.only_enabled", "sso.only_disabled", "sso.secret_changed", "sso.failed", "sso.bypassed"] },
];

/** The sentence key of a known action code, or null for one the app does not know yet. */
export function actionKey(action: string): ActionKey | null {
  return Object.hasOwn(ACTION_KEYS, action) ? ACTION_KEYS[action as KnownAction] : null;
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
