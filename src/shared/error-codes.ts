// Every error code the server sends: in REST answers `{ error: { code, message } }`, in the
// socket's `error` frames, and in the SSO callback's `/app/?sso_error=<code>`. The codes are
// stable (clients branch on them) and double as the app's i18n keys, so the app's translations
// must cover this list (`satisfies Record<ErrorCode, string>`): adding a code here without its
// texts fails the app's type check. No zod, so the widget and the app may import it.

export const ERROR_CODES = [
  // Any request
  "invalid_request",
  "not_found",
  "internal_error",
  "upgrade_required",
  "jurisdiction_not_configured",
  // Sessions, API tokens and rights
  "unauthenticated",
  "session_expired",
  "session_required",
  "invalid_token",
  "origin_not_allowed",
  "forbidden",
  "insufficient_scope",
  "requires_all_departments",
  "scope_exceeds_role",
  // Signing in and passwords
  "invalid_credentials",
  "too_many_attempts",
  "invalid_current_password",
  "password_unchanged",
  "current_password_required",
  // Second factor
  "invalid_code",
  "invalid_password",
  "second_factor_expired",
  "second_factor_required",
  "already_enrolled",
  "enrolment_not_started",
  "not_enrolled",
  // Passkeys
  "passkey_challenge_invalid",
  "passkey_challenge_used",
  "passkey_exists",
  "passkey_not_verified",
  "passkey_not_accepted",
  "too_many_passkeys",
  // Single sign-on: its settings, then the sign-in (the callback reports these in the redirect)
  "sso_domain_taken",
  "insecure_issuer",
  "client_secret_required",
  "unknown_role",
  "sso_required",
  "sso_not_available",
  "sso_provider_unavailable",
  "sso_expired",
  "sso_replayed",
  "sso_state_mismatch",
  "sso_denied",
  "sso_invalid_response",
  "sso_email_unverified",
  "sso_email_domain",
  "sso_no_mapped_group",
  "sso_no_operator",
  "sso_operator_disabled",
  "sso_failed",
  // Team: operators, departments, roles
  "email_taken",
  "exceeds_own_rights",
  "cannot_change_self",
  "department_in_use",
  "role_in_use",
  "built_in_role",
  // Settings
  "keep_forever_unconfirmed",
  "shortcut_taken",
  // Compliance
  "audit_export_too_large",
  // The register of data-subject requests
  "data_request_closed",
  "data_request_already_extended",
  "extension_too_late",
  "data_request_mismatch",
  // Webhooks
  "webhook_url_refused",
  "too_many_webhooks",
  // Conversations and the socket
  "conversation_closed",
  "invalid_frame",
  "rate_limited",
  "too_many_connections",
  // The widget's visitor
  "widget_not_found",
  "no_widget_for_origin",
  "consent_required",
  "disclaimer_changed",
  "proof_required",
  "invalid_proof",
  "proof_used",
  "too_many_conversations",
  "widget_closed",
  "email_required",
  "not_waiting",
  "conversation_not_ended",
  "already_rated",
  // Attachments (what a file's bytes are: src/attachments/file-kind.ts)
  "attachments_disabled",
  "attachment_empty",
  "attachment_too_large",
  "attachment_type_not_allowed",
  "attachment_type_mismatch",
  "attachment_not_found",
  // Email
  "email_not_configured",
  "no_visitor_email",
  // The platform API
  "invalid_platform_secret",
  "platform_secret_too_short",
] as const;

/** A code the server may send; an unknown literal at a throw site fails the type check. */
export type ErrorCode = (typeof ERROR_CODES)[number];
