// Every label a ciphertext is bound to (the `field` of its associated data, src/crypto/envelope.ts).
// A value sealed under one label never opens under another, so a label is part of the stored data:
// renaming one makes every value sealed under it unreadable. Add, never rename.

/** The fields of a conversation sealed with its data key, besides message bodies. */
export const CONVERSATION_FIELDS = [
  "visitor.name",
  "visitor.email",
  "visitor.ip",
  "visitor.user_agent",
  "visitor.referrer",
  "visitor.country",
  "visitor.page_view",
  // A verified visitor's id on the customer's site (src/conversation/verified-visitor.ts).
  "visitor.verified_user",
  "conversation.rating_comment",
  // An email in the outbox (src/email/outbox.ts): sealed with the conversation's data key when it
  // belongs to one, else with the key ring, bound to its outbox row.
  "email.recipient",
  "email.subject",
  "email.body",
] as const;

/** A conversation's personal field, sealed with its data key. */
export type ConversationField = (typeof CONVERSATION_FIELDS)[number];

/** The fields of an outbox email. */
export type EmailField = Extract<ConversationField, `email.${string}`>;

/**
 * A conversation's files (src/attachments/): the name in D1 and the bytes in R2, sealed with the
 * conversation's data key and bound to the attachment's id as well (src/crypto/file-cipher.ts).
 */
export const ATTACHMENT_FIELDS = ["attachment.name", "attachment.content"] as const;

/** Which part of an attachment a ciphertext is. */
export type AttachmentField = (typeof ATTACHMENT_FIELDS)[number];

/** Secrets of an operator sealed with the key ring's active key (a TOTP seed). */
export const OPERATOR_SECRET_FIELDS = ["operator.totp_secret"] as const;

/** Which operator secret a ciphertext is. */
export type OperatorSecretField = (typeof OPERATOR_SECRET_FIELDS)[number];

/** Every cipher field: conversation fields, message bodies, wrapped data keys, operator and account secrets. */
export const CIPHER_FIELDS = [
  ...CONVERSATION_FIELDS,
  ...ATTACHMENT_FIELDS,
  "message.body",
  "data_key",
  ...OPERATOR_SECRET_FIELDS,
  "sso.client_secret",
  "widget.identity_secret",
  // A webhook endpoint's signing secret (src/webhooks/signing.ts), sealed with the key ring.
  "webhook.secret",
] as const;

/** A label a ciphertext is bound to. */
export type CipherField = (typeof CIPHER_FIELDS)[number];
