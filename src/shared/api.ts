import { z } from "zod";
import { nameTokens } from "../crypto/blind-index";
import { API_TOKEN_MAX_DAYS, apiTokenScopes } from "./api-tokens";
import type { OutsideHours } from "./chat-settings";
import { IDS_PER_LIST, MAX_BODY_CHARS } from "./frames";
import { permissionsSchema } from "./permissions";
import { TAG_MAX_LENGTH, TAGS_PER_CONVERSATION } from "./tags";
import { MAX_VERIFIED_USER_ID_CHARS } from "./verified-visitor";

// Request bodies of the REST API (validated by the worker) and the shapes it answers with
// (types, shared with the widget and the operator app).

export const loginSchema = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(512),
});
export type Login = z.infer<typeof loginSchema>;

export const apiTokenScopeSchema = z.enum(apiTokenScopes);
export const createApiTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** What the token may do; never more than its creator's role holds (`403 scope_exceeds_role`). */
  scopes: z
    .array(apiTokenScopeSchema)
    .min(1)
    .max(apiTokenScopes.length)
    .refine((s) => new Set(s).size === s.length, "must not repeat a scope"),
  /** Every token expires, at most API_TOKEN_MAX_DAYS after its creation. */
  expiresInDays: z.number().int().min(1).max(API_TOKEN_MAX_DAYS),
});
export type CreateApiToken = z.infer<typeof createApiTokenSchema>;
/** A token as listed: never the token itself, which only its creator saw, once. */
export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  operatorId: z.string(),
  /** Whom it acts as: the operator who created it. */
  operatorName: z.string(),
  scopes: z.array(apiTokenScopeSchema),
  createdAt: z.number().int(),
  lastUsedAt: z.number().int().nullable(),
  /** When it stops working: at most API_TOKEN_MAX_DAYS after its creation. */
  expiresAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
});
export const createdApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  token: z.string(),
  scopes: z.array(apiTokenScopeSchema),
  expiresAt: z.number().int(),
});

/** Self-service password change: the current password proves it is the operator, not just their open session. */
export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(512),
  /** The same policy as a password an admin sets (team routes): 12 to 512 characters. */
  newPassword: z.string().min(12).max(512),
});
export type ChangePassword = z.infer<typeof changePasswordSchema>;
/** What a password change ended besides the old password: the other sessions, and the API tokens. */
export const passwordChangedSchema = z.object({ endedSessions: z.number().int(), revokedTokens: z.number().int() });
export type PasswordChanged = z.infer<typeof passwordChangedSchema>;

/** An http(s) URL; other schemes (javascript:, data:) would be links waiting to be clicked by an operator. */
const webUrlSchema = z
  .string()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "must be an http or https URL");

/** A message's id chosen by its sender (idempotency), and its body: the same in a frame and a left message. */
export const clientIdSchema = z.string().min(1).max(64);
export const messageBodySchema = z
  .string()
  .min(1)
  .max(MAX_BODY_CHARS)
  .refine((s) => s.trim().length > 0, "body is blank");

export const startConversationSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  email: z.string().trim().email().max(254).optional(),
  /** The visitor ticked the consent checkbox under the disclaimer shown in `language`. */
  consent: z.boolean().optional(),
  /** The hash of the disclaimer the visitor was shown (from the config): proof that the receipt names that very text. */
  disclaimerHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "not a disclaimer hash")
    .optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
    .max(35)
    .default("en"),
  /** The page the chat starts on and the page before it; kept (encrypted) only outside privacy mode. */
  pageUrl: webUrlSchema.optional(),
  referrer: webUrlSchema.optional(),
  /**
   * Verified visitors: the customer's own user id and HMAC-SHA256(widget secret, userId) in hex,
   * from the embed tag (data-user-id, data-user-hash). `siteKey`: the embedded widget whose secret
   * made the hash, when the router chose another. A claim that does not verify is ignored.
   */
  identity: z
    .strictObject({
      userId: z.string().min(1).max(MAX_VERIFIED_USER_ID_CHARS),
      userHash: z.string().regex(/^[0-9a-fA-F]{64}$/, "not a user hash"),
      siteKey: z.string().min(1).max(100).optional(),
    })
    .optional(),
  /** Privacy mode only: a challenge from `POST /w/{siteKey}/challenge` and its solution (src/shared/proof-of-work.ts). */
  proof: z.strictObject({ challenge: z.string().max(1000), solution: z.string().regex(/^\d{1,15}$/, "not a solution") }).optional(),
  /**
   * A message left while the widget is closed or nobody can answer, instead of a live chat. With
   * `emailReplies` (a separate box, unticked by default) the visitor asks for operators' replies by
   * email, which needs an email; the consent receipt records it.
   */
  leaveMessage: z
    .strictObject({
      clientId: clientIdSchema,
      body: messageBodySchema,
      emailReplies: z.boolean().default(false),
    })
    .optional(),
});

/** An operator's availability (src/availability/presence.ts). */
export const operatorStatusSchema = z.enum(["online", "away", "offline"]);
export const operatorStatusChoiceSchema = z.strictObject({ status: operatorStatusSchema });
export const operatorStatusAnswerSchema = z.object({
  /** What the operator chose. */
  chosen: operatorStatusSchema,
  /** What colleagues and routing see: offline with no app open, away when chosen or idle. */
  current: operatorStatusSchema,
});
export type OperatorStatusAnswer = z.infer<typeof operatorStatusAnswerSchema>;

/** A colleague as the inbox shows them: their name and whether they are online, away or offline. */
export const colleagueStatusSchema = z.object({ id: z.string(), displayName: z.string(), status: operatorStatusSchema });
export type ColleagueStatus = z.infer<typeof colleagueStatusSchema>;

/** A waiting visitor switches to leaving a message: the chat stays, answered when someone can. */
export const switchToMessageSchema = z.strictObject({
  email: z.string().trim().email().max(254).optional(),
  emailReplies: z.boolean().default(false),
});
export type SwitchToMessage = z.infer<typeof switchToMessageSchema>;

/** A waiting chat's place in the line (1 = next; null once taken or answered) and the expected wait. */
export interface QueueState {
  /** The chat is a left message (from the start or switched to): it waits for an answer, not in line. */
  leftMessage: boolean;
  position: number | null;
  /** How long the chat has waited so far (ms); the widget offers to leave a message after the widget's limit. */
  waitedMs: number;
  /** From the department's recent median time to a first reply; null without recent replies or once taken. */
  estimatedWaitMs: number | null;
}

/** A proof-of-work challenge for a privacy-mode start: solve before `expiresAt`, use once. */
export interface ProofOfWorkChallenge {
  challenge: string;
  difficulty: number;
  expiresAt: number;
}

export const pageViewSchema = z.strictObject({ url: webUrlSchema });

/** The longest comment a visitor may leave with a rating, in characters. */
export const MAX_RATING_COMMENT_CHARS = 1000;
/** The visitor's rating at the end of a chat: 1 (bad) to 5 (great), with an optional comment. */
export const rateConversationSchema = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: z.string().max(MAX_RATING_COMMENT_CHARS).optional(),
});
export type RateConversation = z.infer<typeof rateConversationSchema>;
export type StartConversation = z.infer<typeof startConversationSchema>;

export const conversationIdSchema = z.string().regex(/^[0-9a-f]{64}$/, "not a conversation id");
const uuidSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "not an id");
/** True when the YYYY-MM-DD at the start of `value` is a day of the calendar (no 30 February). */
export function isCalendarDate(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A day of the calendar as YYYY-MM-DD. */
export const calendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date like 2026-11-29")
  .refine(isCalendarDate, "not a real date");

/** An ISO 8601 date or date-time, as epoch milliseconds. */
const instantSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/, "not an ISO 8601 date")
  .transform((value, ctx) => {
    const time = Date.parse(value);
    if (Number.isNaN(time) || !isCalendarDate(value)) ctx.addIssue({ code: "custom", message: "not a real date" });
    return time;
  });
const tagSchema = z.string().trim().min(1).max(TAG_MAX_LENGTH);
/** A name to search for: 1 to 10 words once normalised (a name of punctuation alone would match everyone). */
const nameQuerySchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((n) => nameTokens(n).length >= 1, "must contain a letter or digit")
  .refine((n) => nameTokens(n).length <= 10, "at most 10 words");

/** Filters without personal data, which may travel in a URL. */
const plainFilterShape = {
  /** Started at or after. */
  from: instantSchema.optional(),
  /** Started before. */
  to: instantSchema.optional(),
  widgetId: uuidSchema.optional(),
  departmentId: uuidSchema.optional(),
  /** An operator who wrote in the conversation or was assigned to it. */
  operatorId: uuidSchema.optional(),
  status: z.enum(["open", "closed"]).optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
    .max(35)
    .optional(),
  /** The operator the conversation is assigned to. */
  assignedTo: uuidSchema.optional(),
};
/** Chat search filters in a JSON body, shared by search, export and bulk deletion. All must match. */
const filterShape = {
  ...plainFilterShape,
  /** Exact, case-insensitive; matched through the blind index. */
  email: z.string().trim().email().max(254).optional(),
  /** Every word must occur in the visitor's name; matched through blind indexes. */
  name: nameQuerySchema.optional(),
  /** A verified visitor's id on the customer's site, exact; matched through the blind index. */
  verifiedUserId: z.string().min(1).max(MAX_VERIFIED_USER_ID_CHARS).optional(),
  rating: z.number().int().min(1).max(5).optional(),
  /** true: assigned to someone; false: waiting for an operator. */
  assigned: z.boolean().optional(),
  /** Every tag must be present. */
  tags: z.array(tagSchema).min(1).max(TAGS_PER_CONVERSATION).optional(),
  hasConsent: z.boolean().optional(),
};
const fromBeforeTo = (f: { from?: number; to?: number }) => f.from === undefined || f.to === undefined || f.from < f.to;
const fromBeforeToIssue = { message: "from must be before to", path: ["to"] };
export const conversationFilterSchema = z.strictObject(filterShape).refine(fromBeforeTo, fromBeforeToIssue);
export type ConversationFilter = z.output<typeof conversationFilterSchema>;

/** Paging by a cursor of the shape `cursor` matches; at most 100 a page. */
const pageShape = (cursor: RegExp, limit: z.ZodNumber) => ({
  /** The nextCursor of the previous page. */
  cursor: z.string().regex(cursor, "not a cursor from a previous page").optional(),
  limit: limit.int().min(1).max(100).default(50),
});
const pageQuery = (cursor: RegExp) => z.strictObject(pageShape(cursor, z.coerce.number()));
const TIME_CURSOR = /^\d{1,16}:[\w-]{1,64}$/;
/** Lists ordered by time: "<createdAt>:<id>". */
export const timeCursorQuerySchema = pageQuery(TIME_CURSOR);
/** The same paging inside a JSON body, where numbers must be numbers. */
export const timeCursorBodyShape = pageShape(TIME_CURSOR, z.number());
/** Admin lists ordered by id: the last id seen. */
export const idCursorQuerySchema = pageQuery(/^[0-9a-f-]{36}$/);
/** Transcripts: the last seq seen. */
export const seqCursorQuerySchema = pageQuery(/^\d{1,10}$/);

/**
 * GET /conversations: the filters without personal data (query strings end up in logs and
 * browser history); searching by email or name is POST /conversations/search.
 */
export const listConversationsQuerySchema = z
  .strictObject({
    ...plainFilterShape,
    rating: z.coerce.number().int().min(1).max(5).optional(),
    /** Comma-separated; every tag must be present. */
    tags: z
      .string()
      .transform((v) =>
        v
          .split(",")
          .map((t) => t.trim())
          .filter(Boolean),
      )
      .pipe(z.array(tagSchema).min(1).max(TAGS_PER_CONVERSATION))
      .optional(),
    hasConsent: z
      .enum(["true", "false"])
      .transform((v) => v === "true")
      .optional(),
    assigned: z
      .enum(["true", "false"])
      .transform((v) => v === "true")
      .optional(),
    /**
     * Comma-separated conversation ids, at most 50: only these (an app refreshing the rows it
     * lists). Without a status, each is listed if the role may read it as it is (open: chats read;
     * ended: transcripts read); the others are left out, as are ids of other departments or none.
     */
    ids: z
      .string()
      .transform((v) => v.split(","))
      .pipe(z.array(conversationIdSchema).min(1).max(IDS_PER_LIST))
      .optional()
      .describe("Comma-separated conversation ids (at most 50): only these, those the caller may read"),
    ...timeCursorQuerySchema.shape,
  })
  .refine(fromBeforeTo, fromBeforeToIssue);
export type ListConversationsQuery = z.infer<typeof listConversationsQuerySchema>;

export const searchConversationsSchema = z.strictObject({ ...filterShape, ...timeCursorBodyShape }).refine(fromBeforeTo, fromBeforeToIssue);

export const exportFormatSchema = z.enum(["csv", "xlsx", "json"]);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

/**
 * The CSV field separator: "," (RFC 4180), or ";" for spreadsheets set to a European locale
 * (German, Italian, French, Spanish Excel split on ";" and would put a whole ","-row in one cell).
 */
export const csvSeparatorSchema = z.enum([",", ";"]).describe('CSV only: the field separator (default ",")');
export type CsvSeparator = z.infer<typeof csvSeparatorSchema>;

/** A separator only means something for CSV: with another format it is a mistake worth saying. */
export const separatorOnlyForCsv = (r: { format: ExportFormat; separator?: unknown }) => r.separator === undefined || r.format === "csv";
export const separatorOnlyForCsvIssue = { message: "separator applies to CSV only", path: ["separator"] };

/** Which conversations an export or a bulk deletion takes: a list of ids, or all a filter matches. */
const selectionShape = {
  conversationIds: z.array(conversationIdSchema).min(1).max(1000).optional(),
  filter: conversationFilterSchema.optional(),
};
const exactlyOneSelection = (s: { conversationIds?: unknown; filter?: unknown }) =>
  (s.conversationIds === undefined) !== (s.filter === undefined);
const selectionIssue = { message: "give either conversationIds or filter, not both", path: ["conversationIds"] };

export const exportRequestSchema = z
  .strictObject({
    format: exportFormatSchema,
    separator: csvSeparatorSchema.optional(),
    /** A ZIP of the export and every file sent in the conversations (files/<conversation>/<seq>-<name>). */
    files: z.boolean().optional(),
    ...selectionShape,
  })
  .refine(exactlyOneSelection, selectionIssue)
  .refine(separatorOnlyForCsv, separatorOnlyForCsvIssue);
export type ExportRequest = z.output<typeof exportRequestSchema>;

export const deleteRequestSchema = z
  .strictObject({
    ...selectionShape,
    /** Count only: how many would go. */
    dryRun: z.boolean().optional(),
    /** Required with an empty filter: deleting every conversation must be said out loud. */
    all: z.literal(true).optional(),
  })
  .refine(exactlyOneSelection, selectionIssue)
  .refine((r) => r.filter === undefined || Object.keys(r.filter).length > 0 || r.all === true, {
    message: 'an empty filter selects every conversation; add "all": true if that is meant',
    path: ["filter"],
  });
export type DeleteRequest = z.output<typeof deleteRequestSchema>;

export const socketQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
});

export const meSchema = z.object({
  operator: z.object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    aliasName: z.string().nullable(),
    /** The most open chats assigned to them at once (Team screen). */
    chatSlots: z.number().int(),
  }),
  /** `awayAfterIdleMinutes`: minutes without input, or with every app tab hidden, before the app sets "away". */
  account: z.object({ id: z.string(), name: z.string(), awayAfterIdleMinutes: z.number().int() }),
  role: z.object({ id: z.string(), name: z.string(), permissions: permissionsSchema, departmentIds: z.array(z.string()).nullable() }),
});
export type Me = z.infer<typeof meSchema>;

/** One of the caller's own sessions, as the sessions screen lists it. Never an IP address or the raw User-Agent. */
export const operatorSessionSchema = z.object({
  /** A random id of its own, not the hashed token. */
  id: z.string(),
  /** "Chrome · Linux": browser and system as read at sign-in; null when unrecognised. */
  device: z.string().nullable(),
  createdAt: z.number().int(),
  /** The last time a person acted in it (background polling does not count). */
  lastActiveAt: z.number().int(),
  /** The session this request came with. */
  current: z.boolean(),
});
export type OperatorSession = z.infer<typeof operatorSessionSchema>;

export const sessionIdParamsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "not a session id") });
/** Ways to prove the second factor; "passkey" is added by the passkey part where an operator has one. */
export const secondFactorMethodSchema = z.enum(["totp", "recovery_code", "passkey"]);
export type SecondFactorMethod = z.infer<typeof secondFactorMethodSchema>;

/**
 * A correct password, but no session yet: "verify" asks for one of `methods`; "enrol" (the account
 * requires two factors and the operator has none) allows only enrolling one of `methods`. The
 * token is signed, bound to the operator, single-use, and expires at `expiresAt`.
 */
export const secondFactorChallengeSchema = z.object({
  secondFactor: z.object({
    token: z.string(),
    step: z.enum(["verify", "enrol"]),
    methods: z.array(secondFactorMethodSchema),
    expiresAt: z.number().int(),
  }),
});
export type SecondFactorChallenge = z.infer<typeof secondFactorChallengeSchema>;
/** What a correct password answers: the operator (a session began), or the second step to take. */
export const loginAnswerSchema = z.union([meSchema, secondFactorChallengeSchema]);
export type LoginAnswer = z.infer<typeof loginAnswerSchema>;

const pendingTokenSchema = z.string().min(1).max(1000);
/** A TOTP code (6 digits) or a recovery code (16 characters, dashes and spaces allowed). */
const codeSchema = z.string().trim().min(6).max(40);
export const secondFactorLoginSchema = z.strictObject({
  token: pendingTokenSchema,
  method: z.enum(["totp", "recovery_code"]),
  code: codeSchema,
});
export const pendingTokenBodySchema = z.strictObject({ token: pendingTokenSchema });
export const enrolmentConfirmLoginSchema = z.strictObject({ token: pendingTokenSchema, code: codeSchema });

/** A secret to type or scan into an authenticator app; shown during enrolment only, never again. */
export const totpEnrolmentSchema = z.object({ secret: z.string(), uri: z.string() });
export type TotpEnrolment = z.infer<typeof totpEnrolmentSchema>;
export const totpCodeSchema = z.strictObject({ code: codeSchema });
/** The ten one-time recovery codes, shown once. */
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;
/** Enrolment completed at sign-in: the session began; the codes are shown before the app opens. */
export const enrolledLoginSchema = z.object({ me: meSchema, recoveryCodes: z.array(z.string()) });
export type EnrolledLogin = z.infer<typeof enrolledLoginSchema>;
/** Proof that the person at the keyboard is the operator, for removing or renewing their factors. */
export const reauthenticationSchema = z
  .strictObject({ password: z.string().min(1).max(512).optional(), code: codeSchema.optional() })
  .refine((b) => (b.password === undefined) !== (b.code === undefined), { message: "give either password or code", path: ["password"] });
export type Reauthentication = z.infer<typeof reauthenticationSchema>;
/** The caller's own second factor, as the Security screen shows it; never the secret. */
export const secondFactorStatusSchema = z.object({
  methods: z.array(secondFactorMethodSchema),
  totp: z.object({ enrolled: z.boolean(), enrolledAt: z.number().int().nullable() }),
  recoveryCodesLeft: z.number().int(),
  /** The account requires a second factor of every operator. */
  required: z.boolean(),
});
export type SecondFactorStatus = z.infer<typeof secondFactorStatusSchema>;

/** The start of a conversation's last message, as the inbox list shows it. */
export const lastMessagePreviewSchema = z.object({
  authorKind: z.enum(["visitor", "operator", "system"]),
  /** At most 140 characters (code points) of the body. */
  body: z.string(),
  /** The body was longer than what is shown. */
  truncated: z.boolean(),
  createdAt: z.number().int(),
});
export type LastMessagePreview = z.infer<typeof lastMessagePreviewSchema>;

export const conversationSummarySchema = z.object({
  id: z.string(),
  status: z.enum(["open", "closed"]),
  /** "offline": a message the visitor left while the widget was closed or nobody could answer. */
  origin: z.enum(["chat", "offline"]),
  widgetId: z.string(),
  departmentId: z.string(),
  visitorName: z.string().nullable(),
  visitorEmail: z.string().nullable(),
  language: z.string().nullable(),
  messageCount: z.number().int(),
  assignedOperatorId: z.string().nullable(),
  /** Who has it, by the name colleagues know them by; null while nobody does. */
  assignedOperatorName: z.string().nullable(),
  rating: z.number().int().nullable(),
  /** The visitor's comment with their rating, decrypted; null without one. */
  ratingComment: z.string().nullable(),
  tags: z.array(z.string()),
  hasConsent: z.boolean(),
  /** A public avatar of the visitor's email (Gravatar), when the widget has identity lookup and no privacy mode. */
  avatarUrl: z.string().nullable(),
  /** The customer's own id of a verified visitor (data-user-id with a valid data-user-hash); null when unverified. */
  verifiedUserId: z.string().nullable(),
  createdAt: z.number().int(),
  lastMessageAt: z.number().int().nullable(),
  closedAt: z.number().int().nullable(),
  /**
   * Open conversations: since when the visitor has waited for an answer (their first message after the
   * last operator reply, or the start of a chat without messages); null once answered, and for ended ones.
   */
  waitingSince: z.number().int().nullable(),
  /** Open conversations: the start of the last message, only for roles that may read the chat; else null. */
  lastMessage: lastMessagePreviewSchema.nullable(),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

/** What the server kept about the visitor's visit: nothing in privacy mode. */
export const visitorDetailsSchema = z.object({
  privacyMode: z.boolean(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  referrer: z.string().nullable(),
  /** ISO 3166-1 alpha-2, where Cloudflare located the visitor's IP. */
  country: z.string().nullable(),
  pageViews: z.array(z.object({ url: z.string(), viewedAt: z.number().int() })),
});

export type VisitorDetails = z.infer<typeof visitorDetailsSchema>;

/** A file on a message: download it from the conversation's attachments route by id. */
export const attachmentInfoSchema = z.object({
  id: z.string(),
  /** Sanitised, shown as text only. */
  name: z.string(),
  /** The MIME type the file's bytes showed. */
  type: z.string(),
  /** Bytes, after metadata stripping. */
  size: z.number().int(),
});

export const transcriptMessageSchema = z.object({
  seq: z.number().int(),
  clientId: z.string(),
  author: z.object({ kind: z.enum(["visitor", "operator", "system"]), name: z.string(), avatarUrl: z.string().optional() }),
  body: z.string(),
  attachment: attachmentInfoSchema.optional(),
  createdAt: z.number().int(),
});

export const uploadQuerySchema = z.object({
  /** The file's name as the user's device knows it; sanitised before it is kept. */
  name: z.string().min(1).max(1000),
});

export const attachmentDownloadQuerySchema = z.object({
  /** "1": an image is shown inline (images only; every other file is an attachment). */
  inline: z.enum(["0", "1"]).optional(),
});

/** A colleague a conversation can go to: the name operators know each other by. */
export const assigneeSchema = z.object({ id: z.string(), displayName: z.string() });
export type Assignee = z.infer<typeof assigneeSchema>;

/** A department a conversation can be handed to. */
export const transferTargetSchema = z.object({ id: z.string(), name: z.string() });
export type TransferTarget = z.infer<typeof transferTargetSchema>;

/** Hands the conversation to another department of the account. */
export const transferConversationSchema = z.strictObject({ departmentId: uuidSchema });

export const assignConversationSchema = z.strictObject({
  /** The operator to take the conversation; null hands it back to the waiting queue. */
  operatorId: uuidSchema.nullable(),
});

export const updateConversationSchema = z.strictObject({
  /** The conversation's tags: the whole set, matched case-insensitively (one per key, the first spelling kept). */
  tags: z.array(z.string().trim().min(1).max(TAG_MAX_LENGTH)).max(TAGS_PER_CONVERSATION),
});

/** The operator's own notifications while the app is in a hidden tab: both off until switched on. */
export const notificationSettingsSchema = z.strictObject({
  /** Desktop notifications (the browser's Notification API) for new chats and visitor messages. */
  desktop: z.boolean(),
  /** Whether they show the message's words; only for roles that may read chats. */
  withContent: z.boolean(),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const tagSuggestionsQuerySchema = z.strictObject({
  /** Only tags that start with this (case-insensitively). */
  prefix: z.string().trim().max(TAG_MAX_LENGTH).optional(),
});
export const tagSuggestionsSchema = z.object({ items: z.array(z.string()) });

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type PreChatField = "hidden" | "optional" | "required";

export interface WidgetConfig {
  siteKey: string;
  /** No IP, User-Agent, referrer or page view is kept; the widget then reports no page views. */
  privacyMode: boolean;
  name: string;
  greeting: string | null;
  consentRequired: boolean;
  /** The text, its language, and its SHA-256, which the widget sends back when the visitor consents. */
  disclaimer: { text: string; language: string; hash: string };
  /** The widget's texts in the visitor's language, and its writing direction. */
  language: string;
  dir: "ltr" | "rtl";
  texts: Record<string, string>;
  /** Always shown in the widget when set, in the visitor's language. */
  privacyPolicy: { url: string; label: string } | null;
  preChat: { name: PreChatField; email: PreChatField };
  appearance: { accentColor: string; position: "right" | "left" };
  /**
   * The widget's business hours as of this answer: open now or not, and the instant (ms) that
   * changes next (null: not within a year). null when the widget has no hours: always open.
   */
  hours: { open: boolean; changesAt: number | null } | null;
  /**
   * Someone can answer now: an operator of the widget's department is online. Says nothing about
   * who, or how many; with false (or outside hours) the widget offers to leave a message.
   */
  available: boolean;
  /** Outside business hours: offer the leave-a-message form ("message") or take the widget off the page ("hide"). */
  outsideHours: OutsideHours;
  /** Minutes a waiting visitor waits before being offered to leave a message instead; null: never offered. */
  offerMessageAfterMinutes: number | null;
  /** Files in the chat: the largest allowed (bytes) and what the file picker offers; null: no files here. */
  attachments: { maxBytes: number; accept: string } | null;
}

export interface StartedConversation {
  conversationId: string;
  visitorToken: string;
}

export interface ApiError {
  error: { code: string; message: string };
}
