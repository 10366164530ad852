import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ATTACHMENT_MAX_MEGABYTES } from "../shared/attachments";
import type { AuditAction } from "../shared/audit-actions";
import {
  AWAY_AFTER_IDLE_MINUTES,
  CHAT_SLOTS,
  DEFAULT_OUTSIDE_HOURS,
  DEFAULT_ROUTING,
  OFFER_MESSAGE_AFTER_MINUTES,
  OUTSIDE_HOURS_CHOICES,
  ROUTING_CHOICES,
  UNANSWERED_ALERT_MINUTES,
} from "../shared/chat-settings";
import {
  DATA_REQUEST_KINDS,
  DATA_REQUEST_RETENTION_MONTHS,
  DATA_REQUEST_STATUSES,
  EXTENSION_REASONS,
  REFUSAL_REASONS,
} from "../shared/data-requests";

// Times are integer milliseconds since the epoch. Every row that belongs to an account carries
// account_id, and every query filters on it. Columns ending in _enc hold AES-GCM envelopes
// (src/crypto/envelope.ts); columns ending in _bidx hold blind indexes (src/crypto/blind-index.ts).

export const accounts = sqliteTable("accounts", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /**
   * Months a conversation is kept after its last message; null = kept until deleted. New accounts
   * get DEFAULT_RETENTION_MONTHS (src/db/accounts.ts); null only by an explicit, audited choice.
   */
  retentionMonths: integer("retention_months"),
  /** Analytics show operators as pseudonyms to everyone, whatever their role grants. */
  pseudonymousAnalytics: integer("pseudonymous_analytics", { mode: "boolean" }).notNull().default(false),
  /** Every operator needs a second factor: one without is led through enrolment at sign-in, before any session. */
  requireTwoFactor: integer("require_two_factor", { mode: "boolean" }).notNull().default(false),
  /** Minutes without input in the app, or with every app tab hidden, before an operator shows as away. */
  awayAfterIdleMinutes: integer("away_after_idle_minutes").notNull().default(AWAY_AFTER_IDLE_MINUTES.initial),
  /** Months an answered or refused data-subject request stays in the register (src/data-requests/register.ts). */
  dataRequestRetentionMonths: integer("data_request_retention_months").notNull().default(DATA_REQUEST_RETENTION_MONTHS.initial),
  createdAt: integer("created_at").notNull(),
});

export const departments = sqliteTable(
  "departments",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    name: text("name").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("departments_account").on(t.accountId)],
);

/** Permissions per area, as JSON (src/shared/permissions.ts); departmentIds null = all departments. */
export const roles = sqliteTable(
  "roles",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    name: text("name").notNull(),
    builtIn: integer("built_in", { mode: "boolean" }).notNull().default(false),
    permissions: text("permissions").notNull(),
    departmentIds: text("department_ids"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("roles_account").on(t.accountId)],
);

export const operators = sqliteTable(
  "operators",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    /** Shown to visitors instead of the real name when set. */
    aliasName: text("alias_name"),
    aliasAvatarUrl: text("alias_avatar_url"),
    passwordHash: text("password_hash").notNull(),
    roleId: text("role_id")
      .notNull()
      .references(() => roles.id),
    disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
    /** The most open chats assigned to this operator at once (automatic assignment stops there). */
    chatSlots: integer("chat_slots").notNull().default(CHAT_SLOTS.initial),
    /** The operator's own choice: desktop notifications while the app is in a hidden tab. Off until they switch it on. */
    notifyDesktop: integer("notify_desktop", { mode: "boolean" }).notNull().default(false),
    /** Whether those notifications may show the message's words; off by default, only for roles that may read chats. */
    notifyWithContent: integer("notify_with_content", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("operators_email").on(t.email), index("operators_account").on(t.accountId)],
);

/** Operator sessions; the id is the SHA-256 of the cookie's token, never the token itself. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    operatorId: text("operator_id")
      .notNull()
      .references(() => operators.id),
    createdAt: integer("created_at").notNull(),
    /** The last time a person acted in it (background polling does not count). */
    lastSeenAt: integer("last_seen_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    /**
     * A random id the sessions screen shows and ends sessions by: the row id is the hash of the
     * cookie's token and never leaves the server.
     */
    publicId: text("public_id").notNull(),
    /** "Chrome · Linux": browser and system from the User-Agent at sign-in; never the raw string. */
    deviceLabel: text("device_label"),
  },
  (t) => [index("sessions_operator").on(t.operatorId), uniqueIndex("sessions_public_id").on(t.publicId)],
);

/** REST API tokens; only the SHA-256 of the token is kept. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    operatorId: text("operator_id")
      .notNull()
      .references(() => operators.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** JSON array of scopes (src/shared/token-scopes.ts), at least one. */
    scopes: text("scopes").notNull(),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at"),
    /** Every token expires, at most API_TOKEN_MAX_DAYS after its creation (src/shared/api-tokens.ts). */
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash").on(t.tokenHash), index("api_tokens_account").on(t.accountId)],
);

/**
 * An operator's TOTP authenticator (RFC 6238). The shared secret is sealed with the key ring
 * (src/crypto/key-ring.ts sealOperatorSecret) and never leaves the server after enrolment.
 * confirmed_at is null while enrolment awaits its first code; last_step is the last time step
 * accepted, so a code is never accepted twice.
 */
export const operatorTotp = sqliteTable("operator_totp", {
  operatorId: text("operator_id")
    .primaryKey()
    .references(() => operators.id),
  accountId: text("account_id")
    .notNull()
    .references(() => accounts.id),
  secretEnc: text("secret_enc").notNull(),
  confirmedAt: integer("confirmed_at"),
  lastStep: integer("last_step"),
  createdAt: integer("created_at").notNull(),
});

/** One-time recovery codes: only the SHA-256 of each (they carry 79 random bits); used_at once spent. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    codeHash: text("code_hash").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    operatorId: text("operator_id")
      .notNull()
      .references(() => operators.id),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("recovery_codes_operator").on(t.operatorId)],
);

/**
 * Sign-ins waiting for their second step (a code, or enrolment under the account's policy): what
 * makes the signed pending token single-use and counts its wrong codes. Deleted when used, and by
 * the sweep once expired.
 */
export const pendingSignIns = sqliteTable("pending_sign_ins", {
  nonce: text("nonce").primaryKey(),
  accountId: text("account_id")
    .notNull()
    .references(() => accounts.id),
  operatorId: text("operator_id")
    .notNull()
    .references(() => operators.id),
  attempts: integer("attempts").notNull().default(0),
  expiresAt: integer("expires_at").notNull(),
});

export const widgets = sqliteTable(
  "widgets",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    departmentId: text("department_id")
      .notNull()
      .references(() => departments.id),
    siteKey: text("site_key").notNull(),
    name: text("name").notNull(),
    privacyMode: integer("privacy_mode", { mode: "boolean" }).notNull().default(true),
    livePreview: integer("live_preview", { mode: "boolean" }).notNull().default(true),
    /** Show operators a public avatar derived from the visitor's email (never in privacy mode). */
    identityLookup: integer("identity_lookup", { mode: "boolean" }).notNull().default(false),
    /**
     * Verified visitors: the customer's page may pass its own user id with an HMAC of it
     * (src/conversation/verified-visitor.ts). Off by default, privacy mode included.
     */
    identityVerification: integer("identity_verification", { mode: "boolean" }).notNull().default(false),
    /** The HMAC secret of identity verification, sealed with the key ring ("widget.identity_secret"); null until first turned on. */
    identitySecretEnc: text("identity_secret_enc"),
    consentRequired: integer("consent_required", { mode: "boolean" }).notNull().default(true),
    /** JSON array of origins (scheme://host[:port]) allowed to embed this widget. */
    allowedOrigins: text("allowed_origins").notNull().default("[]"),
    greeting: text("greeting"),
    /** JSON { "<language>": "<greeting>" }; `greeting` where a language has none. */
    greetingTexts: text("greeting_texts"),
    /** JSON { "<language>": "<title>" }; the widget's name where a language has none. */
    titleTexts: text("title_texts"),
    privacyPolicyUrl: text("privacy_policy_url"),
    /** JSON { "<language>": "<link text>" }; the built-in label where a language has none. */
    privacyPolicyLabels: text("privacy_policy_labels"),
    /** JSON { "<language>": "<disclaimer>" }; the built-in disclaimer where a language has none. */
    disclaimerTexts: text("disclaimer_texts"),
    preChatName: text("pre_chat_name", { enum: ["hidden", "optional", "required"] })
      .notNull()
      .default("optional"),
    preChatEmail: text("pre_chat_email", { enum: ["hidden", "optional", "required"] })
      .notNull()
      .default("optional"),
    accentColor: text("accent_color").notNull().default("#1f4fd1"),
    position: text("position", { enum: ["right", "left"] })
      .notNull()
      .default("right"),
    /** "alias": visitors see the operator's alias (or name) and avatar; "none": only "Operator". */
    operatorNames: text("operator_names", { enum: ["alias", "none"] })
      .notNull()
      .default("alias"),
    /** null = the account's retention; 0 = kept until deleted; 1..36 = months after the last message. */
    retentionMonths: integer("retention_months"),
    /** JSON BusinessHours (src/shared/business-hours.ts); null = no hours set, always open. */
    businessHours: text("business_hours"),
    /** Outside business hours: "message" offers the leave-a-message form, "hide" takes the widget off the page. */
    outsideHours: text("outside_hours", { enum: OUTSIDE_HOURS_CHOICES }).notNull().default(DEFAULT_OUTSIDE_HOURS),
    /** Minutes a waiting visitor waits before being offered to leave a message; null = never offered. */
    offerMessageAfterMinutes: integer("offer_message_after_minutes").default(OFFER_MESSAGE_AFTER_MINUTES.initial),
    /** "offer_all": every available operator of the department is offered a new chat; "auto_assign": the least busy one with a free slot gets it. */
    routing: text("routing", { enum: ROUTING_CHOICES }).notNull().default(DEFAULT_ROUTING),
    /** Minutes a chat may stay unanswered before the department's operators are emailed; null = never. */
    unansweredAlertMinutes: integer("unanswered_alert_minutes").default(UNANSWERED_ALERT_MINUTES.initial),
    /** Files in chats: null follows privacy mode (off in privacy mode, on outside it); true or false once set. */
    attachmentsEnabled: integer("attachments_enabled", { mode: "boolean" }),
    attachmentMaxMegabytes: integer("attachment_max_megabytes").notNull().default(ATTACHMENT_MAX_MEGABYTES.initial),
    /** JSON array of AttachmentCategory (src/shared/attachments.ts). */
    attachmentTypes: text("attachment_types").notNull().default('["image","pdf","text","office"]'),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("widgets_site_key").on(t.siteKey), index("widgets_account").on(t.accountId)],
);

/**
 * The widget router's ordered rules: the first whose conditions all hold picks the widget.
 * Conditions are JSON (src/shared/admin-api.ts routerConditionsSchema).
 */
export const routerRules = sqliteTable(
  "router_rules",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    conditions: text("conditions").notNull(),
    widgetId: text("widget_id")
      .notNull()
      .references(() => widgets.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("router_rules_order").on(t.accountId, t.position)],
);

export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    widgetId: text("widget_id")
      .notNull()
      .references(() => widgets.id),
    departmentId: text("department_id")
      .notNull()
      .references(() => departments.id),
    status: text("status", { enum: ["open", "closed"] }).notNull(),
    /** "chat": started live; "offline": a message left while the widget was closed or nobody could answer. */
    origin: text("origin", { enum: ["chat", "offline"] })
      .notNull()
      .default("chat"),
    language: text("language"),
    visitorNameEnc: text("visitor_name_enc"),
    visitorEmailEnc: text("visitor_email_enc"),
    visitorEmailBidx: text("visitor_email_bidx"),
    /** The widget's privacy mode when the chat started: then none of the five below is ever stored. */
    privacyMode: integer("privacy_mode", { mode: "boolean" }).notNull().default(true),
    visitorIpEnc: text("visitor_ip_enc"),
    visitorUserAgentEnc: text("visitor_user_agent_enc"),
    visitorReferrerEnc: text("visitor_referrer_enc"),
    /** The visitor's country as Cloudflare located it (ISO 3166-1 alpha-2), sealed like the IP it came from. */
    visitorCountryEnc: text("visitor_country_enc"),
    /** Whether operators see the Gravatar of the visitor's email (identity lookup on, privacy mode off). */
    identityLookup: integer("identity_lookup", { mode: "boolean" }).notNull().default(false),
    /** The customer's own id of a verified visitor, sealed with the conversation's data key ("visitor.verified_user"). */
    verifiedUserEnc: text("verified_user_enc"),
    /** The blind index of that id within the account: links the same visitor's conversations. */
    verifiedUserBidx: text("verified_user_bidx"),
    assignedOperatorId: text("assigned_operator_id").references(() => operators.id),
    messageCount: integer("message_count").notNull().default(0),
    /** The visitor's rating at the end, 1 (bad) to 5 (great). */
    rating: integer("rating"),
    /** The visitor's optional comment with the rating, sealed with the conversation's data key ("conversation.rating_comment"). */
    ratingCommentEnc: text("rating_comment_enc"),
    createdAt: integer("created_at").notNull(),
    lastMessageAt: integer("last_message_at"),
    closedAt: integer("closed_at"),
  },
  (t) => [
    index("conversations_account_status").on(t.accountId, t.status, t.createdAt),
    // With created_at and id, one email's chats come newest first from the index alone, in the
    // exact order every list uses, so the planner has no reason to scan by time instead.
    index("conversations_email_bidx").on(t.accountId, t.visitorEmailBidx, t.createdAt, t.id),
    index("conversations_verified_user_bidx").on(t.accountId, t.verifiedUserBidx, t.createdAt, t.id),
    // Every list and search pages newest first by (created_at, id): without this, each page of an
    // export sorted the whole account (bench/storage.ts, 100,000 chats).
    index("conversations_account_created").on(t.accountId, t.createdAt, t.id),
    // The retention sweep's question (src/privacy/retention.ts): ended chats of a widget by last message,
    // or by start for the few without any message. Partial: an open chat's flushes move its
    // last_message_at, and D1 bills each index entry rewritten as rows written; only ended chats are asked for.
    index("conversations_retention").on(t.widgetId, t.lastMessageAt, t.createdAt).where(sql`status = 'closed'`),
  ],
);

/** Pages the visitor viewed during the visit, outside privacy mode only; URLs encrypted. */
export const pageViews = sqliteTable(
  "page_views",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id),
    urlEnc: text("url_enc").notNull(),
    viewedAt: integer("viewed_at").notNull(),
  },
  (t) => [index("page_views_conversation").on(t.conversationId, t.viewedAt)],
);

/** One row per normalised token of the visitor's name, for token search without plaintext. */
export const conversationNameTokens = sqliteTable(
  "conversation_name_tokens",
  {
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    tokenBidx: text("token_bidx").notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.tokenBidx] }), index("conversation_name_tokens_lookup").on(t.accountId, t.tokenBidx)],
);

export const conversationTags = sqliteTable(
  "conversation_tags",
  {
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    /**
     * What tags are matched by: `tagKey()` of src/shared/tags.ts (NFKC, lower case), so "Billing" and
     * "billing" are one tag of a conversation and one filter. Rows from before `label` was kept hold
     * the spelling as it was sent; setting that conversation's tags again stores their key.
     */
    tag: text("tag").notNull(),
    /** The spelling shown, as an operator first typed it; null on rows from before it was kept (then `tag` is shown). */
    label: text("label"),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.tag] }), index("conversation_tags_lookup").on(t.accountId, t.tag)],
);

/**
 * Saved replies (canned responses) an operator inserts into the composer: account configuration,
 * not visitor data, so stored in the clear. department_id null = every department's operators may
 * use it; else only those who may answer in that department. Deleted with their department.
 */
export const savedReplies = sqliteTable(
  "saved_replies",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    departmentId: text("department_id").references(() => departments.id),
    title: text("title").notNull(),
    /** What an operator types after "/" to find it: `shortcutKey()` of src/shared/saved-replies.ts (NFKC, lower case). */
    shortcut: text("shortcut").notNull(),
    /** JSON { "<language>": "<text>" }, at least one; placeholders like {visitor_name} are filled in on insert. */
    texts: text("texts").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("saved_replies_account").on(t.accountId, t.shortcut), index("saved_replies_department").on(t.departmentId)],
);

/** The conversation's data key, wrapped by a key-ring key. Deleting this row crypto-shreds the chat. */
export const conversationKeys = sqliteTable("conversation_keys", {
  conversationId: text("conversation_id")
    .primaryKey()
    .references(() => conversations.id),
  accountId: text("account_id")
    .notNull()
    .references(() => accounts.id),
  wrappedKey: text("wrapped_key").notNull(),
  createdAt: integer("created_at").notNull(),
});

export const messages = sqliteTable(
  "messages",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id),
    seq: integer("seq").notNull(),
    clientId: text("client_id").notNull(),
    authorKind: text("author_kind", { enum: ["visitor", "operator", "system"] }).notNull(),
    authorOperatorId: text("author_operator_id"),
    /** The name shown for operators (their alias when set); null for visitors, whose name is encrypted on the conversation. */
    authorName: text("author_name"),
    authorAvatarUrl: text("author_avatar_url"),
    bodyEnc: text("body_enc").notNull(),
    /** JSON SealedAttachment (src/attachments/sealed-attachment.ts) of the file the message carries: id, sealed name, type, size. */
    attachment: text("attachment"),
    createdAt: integer("created_at").notNull(),
  },
  // No index on the account alone: no query reads messages by account without conversation ids,
  // and such an index led SQLite away from the primary key (bench/retention.ts, bench/storage.ts).
  (t) => [primaryKey({ columns: [t.conversationId, t.seq] })],
);

/**
 * Files uploaded to a conversation. The bytes are in R2 (binding ATTACHMENTS) under a random
 * object key, sealed with the conversation's data key; the name is sealed here. A row without
 * `message_client_id` is an upload no message has carried yet: the sweep deletes it after a day.
 */
export const attachments = sqliteTable(
  "attachments",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id),
    /** Random, so the bucket's listing says nothing about accounts, conversations or files. */
    objectKey: text("object_key").notNull(),
    nameEnc: text("name_enc").notNull(),
    /** The MIME type the file's bytes showed (never the name's or the browser's claim). */
    type: text("type").notNull(),
    /** Bytes after metadata stripping: what a download returns. */
    size: integer("size").notNull(),
    /** "visitor" or "operator:<id>": only the uploader may send it in a message. */
    uploaderKey: text("uploader_key").notNull(),
    /** The clientId of the message that carries it; null while only uploaded. */
    messageClientId: text("message_client_id"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("attachments_conversation").on(t.accountId, t.conversationId),
    index("attachments_unsent").on(t.messageClientId, t.createdAt),
  ],
);

export const consentReceipts = sqliteTable(
  "consent_receipts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id),
    widgetId: text("widget_id")
      .notNull()
      .references(() => widgets.id),
    /** SHA-256 of the exact disclaimer text the visitor agreed to. */
    disclaimerHash: text("disclaimer_hash").notNull(),
    language: text("language").notNull(),
    /** The visitor ticked the separate box (unticked by default) to get operators' replies by email. */
    emailReplies: integer("email_replies", { mode: "boolean" }).notNull().default(false),
    consentedAt: integer("consented_at").notNull(),
  },
  (t) => [
    index("consent_receipts_conversation").on(t.conversationId),
    // The archive keeps a disclaimer text while a receipt names it (src/db/consent-texts.ts).
    index("consent_receipts_hash").on(t.accountId, t.disclaimerHash),
  ],
);

/**
 * Every disclaimer text a widget has shown, so a consent receipt (which holds only the SHA-256 of
 * the text) always resolves to the exact words (Art. 7(1)). One row per period: the text became
 * the widget's text for the language at in_force_from (null: before the archive began) and was
 * replaced at in_force_until (null: still in force). A text is kept while any receipt names its
 * hash or it is in force (src/consent/archive.ts).
 */
export const consentTexts = sqliteTable(
  "consent_texts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    widgetId: text("widget_id")
      .notNull()
      .references(() => widgets.id),
    language: text("language").notNull(),
    /** SHA-256 (hex) of `text`, as consent receipts name it. */
    hash: text("hash").notNull(),
    text: text("text").notNull(),
    /** The built-in disclaimer of src/locales rather than the widget's own text. */
    builtIn: integer("built_in", { mode: "boolean" }).notNull().default(false),
    inForceFrom: integer("in_force_from"),
    inForceUntil: integer("in_force_until"),
  },
  (t) => [
    index("consent_texts_hash").on(t.accountId, t.hash),
    // At most one open period per widget, language and text: what makes "record if absent" one INSERT.
    uniqueIndex("consent_texts_in_force").on(t.accountId, t.widgetId, t.language, t.hash).where(sql`in_force_until IS NULL`),
  ],
);

/**
 * The register of data-subject requests (Art. 12(3), 15, 17, 20): when each came, when it is due,
 * who handled it and when it was answered. The person is held only as the email's blind index, so
 * the register is found by typing the address, never read as a list of people. Rows answered or
 * refused longer ago than the account's data_request_retention_months are deleted by the sweep.
 */
export const dataRequests = sqliteTable(
  "data_requests",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    kind: text("kind", { enum: DATA_REQUEST_KINDS }).notNull(),
    emailBidx: text("email_bidx").notNull(),
    status: text("status", { enum: DATA_REQUEST_STATUSES }).notNull().default("open"),
    receivedAt: integer("received_at").notNull(),
    /** One calendar month after receipt, or up to three with an extension. */
    dueAt: integer("due_at").notNull(),
    /** Further months (1 or 2) the deadline was extended by, and the ground Art. 12(3) allows. */
    extensionMonths: integer("extension_months").notNull().default(0),
    extensionReason: text("extension_reason", { enum: EXTENSION_REASONS }),
    refusalReason: text("refusal_reason", { enum: REFUSAL_REASONS }),
    /** Operator ids, kept as plain text: the register outlives an operator's removal. */
    loggedBy: text("logged_by"),
    handledBy: text("handled_by"),
    /** When it was answered or refused. */
    answeredAt: integer("answered_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("data_requests_account_due").on(t.accountId, t.status, t.dueAt),
    index("data_requests_email").on(t.accountId, t.emailBidx),
    index("data_requests_answered").on(t.answeredAt),
  ],
);

/** Who did what, when and to how many; never message content. Append-only. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    actorKind: text("actor_kind", { enum: ["operator", "api_token", "system"] }).notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull().$type<AuditAction>(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    count: integer("count"),
    /** Files (attachments) an export carried or an erasure deleted with its conversations; null where files play no part. */
    fileCount: integer("file_count"),
    /** The department whose widget or conversation the entry is about; null for account-wide entries. */
    departmentId: text("department_id"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("audit_log_account_time").on(t.accountId, t.createdAt)],
);

/** Fixed-window counters for rate limits; keys are hashes, never raw addresses or emails. */
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull().default(sql`0`),
});

/**
 * Sign-in attempts per hashed client address and per (operator or hashed unknown email, hashed
 * address), in fixed windows: how many this window, and until when the next one must wait. Every
 * attempt is counted before its password is checked (so parallel guesses cannot slip past) and a
 * correct password takes its own back, so only failures remain. `attempt` is a random nonce, set
 * only by an attempt the lock let through, so one statement tells each request whether it was.
 */
export const loginAttempts = sqliteTable("login_attempts", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull(),
  lockedUntil: integer("locked_until").notNull(),
  attempt: text("attempt").notNull(),
});

/**
 * One random salt per UTC day for hashing client addresses into rate-limit keys (outside privacy
 * mode). Random, not derived from a long-lived secret, so once the sweep deletes it (after the
 * day's last window ended) that day's keys can no longer be tied to any address.
 */
export const addressSalts = sqliteTable("address_salts", {
  day: integer("day").primaryKey(),
  salt: text("salt").notNull(),
});

/**
 * Proof-of-work challenges already used to start a chat in privacy mode, so none is used twice:
 * a random nonce and its expiry, nothing about the visitor. Deleted by the sweep once expired.
 */
export const spentChallenges = sqliteTable("spent_challenges", {
  nonce: text("nonce").primaryKey(),
  expiresAt: integer("expires_at").notNull(),
});

/**
 * An operator's passkeys (WebAuthn credentials), keyed by the credential id the authenticator
 * chose. Only what checking an assertion needs, plus a name and times for the operator's own list:
 * no attestation, no authenticator model, no AAGUID. The public key is not a secret.
 */
export const passkeys = sqliteTable(
  "passkeys",
  {
    /** The credential id, base64url. */
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    operatorId: text("operator_id")
      .notNull()
      .references(() => operators.id),
    /** The COSE public key, base64url. */
    publicKey: text("public_key").notNull(),
    /** The signature counter last seen; an assertion whose counter is not above it is refused (a cloned authenticator). */
    counter: integer("counter").notNull(),
    /** JSON array of the transports the browser reported ("internal", "hybrid", "usb", …), handed back as hints. */
    transports: text("transports").notNull().default("[]"),
    name: text("name").notNull(),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at"),
  },
  (t) => [index("passkeys_operator").on(t.operatorId)],
);

/**
 * Single sign-on (OpenID Connect) of an account, at most one. The client secret is stored only
 * sealed with the key ring (src/auth/sso-config.ts); role mappings are JSON
 * `[{ "group", "roleId" }]`, in order: the first group the user is in decides the role.
 */
export const ssoConfigs = sqliteTable("sso_configs", {
  accountId: text("account_id")
    .primaryKey()
    .references(() => accounts.id),
  issuer: text("issuer").notNull(),
  clientId: text("client_id").notNull(),
  clientSecretEnc: text("client_secret_enc").notNull(),
  groupsClaim: text("groups_claim").notNull().default("groups"),
  roleMappings: text("role_mappings").notNull().default("[]"),
  /** Users of a mapped group without an operator get one at their first sign-in. */
  createOperators: integer("create_operators", { mode: "boolean" }).notNull().default(false),
  /** Password (and passkey) sign-in refused for the account's operators, except its SSO administrators. */
  ssoOnly: integer("sso_only", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** The email domains whose users sign in through an account's SSO; a domain belongs to one account. */
export const ssoDomains = sqliteTable(
  "sso_domains",
  {
    domain: text("domain").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
  },
  (t) => [index("sso_domains_account").on(t.accountId)],
);

/**
 * Emails waiting to be sent (src/email/outbox.ts). Recipient, subject and body are sealed: with the
 * conversation's data key when the email belongs to one (erased with it), else with the key ring,
 * bound to the row. A row is deleted once the SMTP server accepted it, so nothing of a sent email
 * stays; a failed one stays for admins to retry until the sweep deletes it (OUTBOX_FAILED_KEEP_MS).
 * last_error holds the SMTP server's reply code and our own wording, never content or addresses.
 */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    /** null for account-level emails (operator alerts). */
    conversationId: text("conversation_id").references(() => conversations.id),
    kind: text("kind", { enum: ["visitor_reply", "transcript", "offline_alert", "unanswered_alert"] }).notNull(),
    recipientEnc: text("recipient_enc").notNull(),
    subjectEnc: text("subject_enc").notNull(),
    bodyEnc: text("body_enc").notNull(),
    status: text("status", { enum: ["pending", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** When the next delivery is due; null once failed for good. */
    nextAttemptAt: integer("next_attempt_at"),
    lastAttemptAt: integer("last_attempt_at"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("email_outbox_due").on(t.status, t.nextAttemptAt),
    index("email_outbox_account").on(t.accountId, t.createdAt),
    index("email_outbox_conversation").on(t.conversationId),
  ],
);

/**
 * Webhook endpoints of an account (src/webhooks/): an HTTPS URL, the events it subscribes to (JSON
 * array of src/shared/webhooks.ts event types) and its signing secret, sealed with the key ring and
 * bound to the endpoint (src/webhooks/signing.ts). `include_personal_data`: payloads also carry the
 * visitor's fields and message content; off unless an admin opts the endpoint in (audited).
 */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    events: text("events").notNull(),
    includePersonalData: integer("include_personal_data", { mode: "boolean" }).notNull().default(false),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    secretEnc: text("secret_enc").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("webhook_endpoints_account").on(t.accountId)],
);

/**
 * One event for one endpoint, delivered through the webhook queue. `event` is the event's JSON
 * without personal data (ids and metadata, src/shared/webhooks.ts): the payload is built from it at
 * each attempt, so no payload is ever stored. The newest WEBHOOK_DELIVERIES_KEPT per endpoint stay.
 */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id),
    eventType: text("event_type").notNull(),
    event: text("event").notNull(),
    /** pending: in the queue; delivered: a 2xx answer; failed: the dead-letter queue got it (send again to retry). */
    status: text("status", { enum: ["pending", "delivered", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastAttemptAt: integer("last_attempt_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("webhook_deliveries_endpoint").on(t.endpointId, t.createdAt)],
);

/**
 * One attempt of a delivery: when, how long, the receiver's status code or our error class. Never the
 * response body (it may hold anything) nor the payload.
 */
export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id),
    attemptedAt: integer("attempted_at").notNull(),
    durationMs: integer("duration_ms").notNull(),
    statusCode: integer("status_code"),
    /** null for a 2xx; else http_status, timeout, network, redirect, refused_url, build. */
    errorClass: text("error_class"),
  },
  (t) => [index("webhook_attempts_delivery").on(t.deliveryId, t.attemptedAt)],
);

/**
 * The directory of databases (src/db/databases.ts): which D1 binding holds each account's rows.
 * Every database gets every migration, so this table exists everywhere, but only the one in the
 * directory database (binding DB) is read. No foreign key: the account's rows may live in another
 * database. A missing row is an error, never "the default database".
 */
export const accountDatabases = sqliteTable("account_databases", {
  accountId: text("account_id").primaryKey(),
  /** The binding name, e.g. "DB" or "DB_2" (wrangler.toml's [[d1_databases]]). */
  binding: text("binding").notNull(),
  /** When the account was placed there (created or moved). */
  placedAt: integer("placed_at").notNull(),
});
