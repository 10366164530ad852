// Every action the server writes to the audit log: `area.what` in snake_case segments
// (`session.ended.<reason>` has three; `login` one). The API lists them in its OpenAPI document,
// the audit-log filter matches them whole or by a prefix ending in ".", and the app names each
// one in every language (`satisfies` its map), so an action added here without a sentence fails
// the app's type check. No zod, so the widget and the app may import it.

export const AUDIT_ACTIONS = [
  // Signing in
  "login",
  "login.failed",
  "login.failed_burst",
  // Reading conversations (one entry per reader and conversation in 10 minutes)
  "conversation.viewed",
  "transcript.read",
  "visit.viewed",
  "chat.opened",
  "attachment.downloaded",
  // Transcripts and data-subject requests
  "transcripts.exported",
  // Triage: tags set on a conversation (how many, never which)
  "conversation.tagged",
  "transcripts.deleted",
  "data_subject.searched",
  "data_subject.exported",
  "data_subject.erased",
  // The register of data-subject requests (never the email: the entry names the request)
  "data_request.logged",
  "data_request.searched",
  "data_request.extended",
  "data_request.answered",
  "data_request.refused",
  "data_request.deleted",
  "data_request.retention_sweep",
  // Disclaimer texts no receipt names any more, no longer in force (the consent text archive)
  "consent_text.retention_sweep",
  // Erasure by others than operators
  "conversation.erased_by_visitor",
  // Handing a conversation to another department
  "conversation.transferred",
  "retention.sweep",
  "erasure.reapplied",
  // Widgets and settings
  "widget.created",
  "widget.updated",
  "widget.retention_forever",
  // Verified visitors: a widget's identity secret shown to an admin, or replaced (old hashes stop verifying)
  "widget.identity_secret_revealed",
  "widget.identity_secret_rotated",
  "account.created",
  // The account's rows moved whole to another database (src/db/move-account.ts)
  "account.moved",
  "settings.updated",
  "settings.retention_forever",
  "settings.two_factor_required",
  "settings.two_factor_optional",
  "router.updated",
  // Saved replies (canned responses): which one, never its text
  "saved_reply.created",
  "saved_reply.updated",
  "saved_reply.deleted",
  "email.retried",
  // Team
  "operator.created",
  "operator.updated",
  "operator.removed",
  "operator.created_by_sso",
  "operator.role_from_sso",
  "department.created",
  "department.updated",
  "department.deleted",
  "role.created",
  "role.updated",
  "role.deleted",
  // Credentials
  "api_token.created",
  "api_token.first_used",
  "api_token.revoked",
  "api_token.revoked_on_password_change",
  "password.changed",
  "password.change_failed",
  // Sessions ending, one action per reason (src/auth/end-sessions.ts)
  "session.ended.signed_out",
  "session.ended.ended_by_operator",
  "session.ended.idle_expired",
  "session.ended.expired",
  "session.ended.password_changed",
  "session.ended.second_factor_reset",
  "session.ended.role_changed",
  "session.ended.disabled",
  "session.ended.removed",
  // Second factor
  "second_factor.enrolled",
  "second_factor.disabled",
  "second_factor.reset",
  "second_factor.failed",
  "second_factor.recovery_code_used",
  "second_factor.recovery_codes_regenerated",
  // Passkeys
  "passkey.added",
  "passkey.renamed",
  "passkey.removed",
  "passkey.sign_in_failed",
  "passkey.counter_regressed",
  // Single sign-on
  "sso.configured",
  "sso.updated",
  "sso.removed",
  "sso.only_enabled",
  "sso.only_disabled",
  "sso.secret_changed",
  "sso.failed",
  "sso.bypassed",
  // Compliance: a signed export of the audit log for a window (how many entries, never which)
  "audit_log.exported",
  // Webhook endpoints (which one, never a secret or a payload); personal data in payloads has its own pair
  "webhook.created",
  "webhook.updated",
  "webhook.deleted",
  "webhook.secret_rotated",
  "webhook.personal_data_enabled",
  "webhook.personal_data_disabled",
  "webhook.resent",
  "webhook.tested",
  // The operator's own notification settings
  "notifications.updated",
] as const;

/** An action of the audit log; an unknown literal where an entry is written fails the type check. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
