import { AUDIT_ACTIONS, type AuditAction } from "../../../../src/shared/audit-actions";
import { AUDIT_ACTION_KEYS, type AuditActionKey } from "../../i18n/governance/action-keys";
import type { governanceTexts } from "../../i18n/governance/en";

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

/** An area of every action that starts with `prefix`: a new action of the area joins it by itself. */
const prefixed = (key: AreaKey, prefix: string): ActionArea => ({
  key,
  prefix,
  actions: AUDIT_ACTIONS.filter((action) => action.startsWith(prefix)),
});

/** The action filter's groups, in the order an administrator looks for them. */
export const ACTION_AREAS: readonly ActionArea[] = [
  { key: "signIn", prefix: null, actions: ["login", "login.failed", "login.failed_burst"] },
  // Who read which conversation: each action once per reader and conversation in 10 minutes (src/db/audit.ts).
  {
    key: "reading",
    prefix: null,
    actions: ["conversation.viewed", "transcript.read", "visit.viewed", "chat.opened", "attachment.downloaded"],
  },
  prefixed("transcripts", "transcripts."),
  { key: "triage", prefix: null, actions: ["conversation.tagged", "conversation.transferred"] },
  prefixed("dataSubject", "data_subject."),
  prefixed("dataRequests", "data_request."),
  {
    key: "erasure",
    prefix: null,
    actions: ["conversation.erased_by_visitor", "retention.sweep", "erasure.reapplied", "consent_text.retention_sweep"],
  },
  prefixed("widgets", "widget."),
  {
    key: "settings",
    prefix: null,
    actions: [
      "account.created",
      "account.moved",
      "settings.updated",
      "settings.retention_forever",
      "settings.two_factor_required",
      "settings.two_factor_optional",
      "router.updated",
      "email.retried",
    ],
  },
  prefixed("savedReplies", "saved_reply."),
  prefixed("operators", "operator."),
  prefixed("departments", "department."),
  prefixed("roles", "role."),
  prefixed("apiTokens", "api_token."),
  prefixed("passwords", "password."),
  prefixed("sessions", "session.ended."),
  prefixed("twoFactor", "second_factor."),
  prefixed("passkeys", "passkey."),
  prefixed("sso", "sso."),
  prefixed("notifications", "notifications."),
  prefixed("compliance", "audit_log."),
  prefixed("webhooks", "webhook."),
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
  saved_reply: "savedReply",
  webhook_endpoint: "webhookEndpoint",
  sso_error: "ssoError",
  audit_log: "auditLog",
  data_request: "dataRequest",
  consent_text: "consentText",
} as const satisfies Record<string, TargetKey>;

/** The label key of a known target type, or null for an unknown one. */
export function targetKey(targetType: string): TargetKey | null {
  return Object.hasOwn(TARGET_KEYS, targetType) ? TARGET_KEYS[targetType as keyof typeof TARGET_KEYS] : null;
}

/** The first 8 characters of an id: enough to tell entries apart, short enough for a table cell. */
export const shortId = (id: string): string => id.slice(0, 8);
