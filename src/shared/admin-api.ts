import { z } from "zod";
import {
  calendarDateSchema,
  csvSeparatorSchema,
  exportFormatSchema,
  separatorOnlyForCsv,
  separatorOnlyForCsvIssue,
  timeCursorBodyShape,
  timeCursorQuerySchema,
} from "./api";
import { ATTACHMENT_CATEGORIES, ATTACHMENT_MAX_MEGABYTES } from "./attachments";
import { AUDIT_ACTIONS } from "./audit-actions";
import { businessHoursSchema } from "./business-hours";
import {
  AWAY_AFTER_IDLE_MINUTES,
  CHAT_SLOTS,
  type IntegerRange,
  OFFER_MESSAGE_AFTER_MINUTES,
  OUTSIDE_HOURS_CHOICES,
  ROUTING_CHOICES,
  UNANSWERED_ALERT_MINUTES,
} from "./chat-settings";
import { DATA_REQUEST_RETENTION_MONTHS } from "./data-requests";
import { isSafeLinkUrl } from "./links";
import { permissionsSchema } from "./permissions";

// Request and response schemas of the admin areas: team, settings, audit log, data-subject
// requests and analytics. Shared with the operator app (types only).

export const idSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "not an id");
export const idParamsSchema = z.object({ id: idSchema });
/** https, or http on a loopback host only (src/shared/links.ts). */
const linkUrl = z.string().url().max(2000).refine(isSafeLinkUrl, "must be an https URL (http only for localhost or 127.0.0.1)");

/** A whole number within one of the ranges of src/shared/chat-settings.ts, with the range in its message. */
const integerIn = (range: IntegerRange) =>
  z.number().int().min(range.min, `must be ${range.min} to ${range.max}`).max(range.max, `must be ${range.min} to ${range.max}`);

export const operatorSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  aliasName: z.string().nullable(),
  aliasAvatarUrl: z.string().nullable(),
  roleId: z.string(),
  disabled: z.boolean(),
  createdAt: z.number().int(),
  /** Has a second factor (an authenticator app); an administrator can reset it. */
  secondFactor: z.boolean(),
  /** The most open chats assigned to them at once. */
  chatSlots: z.number().int(),
});
export type Operator = z.infer<typeof operatorSchema>;

export const createOperatorSchema = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(254),
  displayName: z.string().trim().min(1).max(100),
  /** Shown to visitors instead of the real name. */
  aliasName: z.string().trim().min(1).max(100).nullable().optional(),
  /** Shown to visitors instead of a real photo. */
  aliasAvatarUrl: linkUrl.nullable().optional(),
  password: z.string().min(12).max(512),
  roleId: idSchema,
  /** The most open chats assigned to them at once (automatic assignment stops there); 5 when left out. */
  chatSlots: integerIn(CHAT_SLOTS).optional(),
});

export const updateOperatorSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  aliasName: z.string().trim().min(1).max(100).nullable().optional(),
  aliasAvatarUrl: linkUrl.nullable().optional(),
  password: z.string().min(12).max(512).optional(),
  roleId: idSchema.optional(),
  disabled: z.boolean().optional(),
  chatSlots: integerIn(CHAT_SLOTS).optional(),
});

export const departmentSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.number().int() });
export const departmentBodySchema = z.strictObject({ name: z.string().trim().min(1).max(100) });

export const roleSchema = z.object({
  id: z.string(),
  name: z.string(),
  builtIn: z.boolean(),
  permissions: permissionsSchema,
  /** null = all departments. */
  departmentIds: z.array(z.string()).nullable(),
  createdAt: z.number().int(),
});
export const createRoleSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  permissions: permissionsSchema,
  departmentIds: z.array(idSchema).min(1).max(50).nullable(),
});
export const updateRoleSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  permissions: permissionsSchema.optional(),
  departmentIds: z.array(idSchema).min(1).max(50).nullable().optional(),
});

/** Months after the last message, 1 to 36; null = kept until deleted (only with confirmKeepForever). */
const retentionMonthsSchema = z.number().int().min(1, "retention is 1 to 36 months").max(36, "retention is 1 to 36 months").nullable();

export const accountSettingsSchema = z.object({
  name: z.string(),
  retentionMonths: retentionMonthsSchema,
  pseudonymousAnalytics: z.boolean(),
  /** Every operator needs a second factor; one without is led through enrolment at sign-in. */
  requireTwoFactor: z.boolean(),
  /** Minutes without input in the app, or with every app tab hidden, before an operator shows as away. */
  awayAfterIdleMinutes: z.number().int(),
  /** Months an answered or refused data-subject request stays in the register, 12 to 72. */
  dataRequestRetentionMonths: z.number().int(),
});
/**
 * Keeping chats until someone deletes them is a choice made on purpose: a change to "forever"
 * (account retentionMonths null, widget retention "off") is refused without it, and audited.
 */
const confirmKeepForever = z.literal(true).optional();
export const updateAccountSettingsSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  retentionMonths: retentionMonthsSchema.optional(),
  pseudonymousAnalytics: z.boolean().optional(),
  requireTwoFactor: z.boolean().optional(),
  awayAfterIdleMinutes: integerIn(AWAY_AFTER_IDLE_MINUTES).optional(),
  dataRequestRetentionMonths: integerIn(DATA_REQUEST_RETENTION_MONTHS).optional(),
  confirmKeepForever,
});

/** A widget's retention: the account's, none, or its own number of months. */
export const widgetRetentionSchema = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("account") }),
  z.strictObject({ mode: z.literal("off") }),
  z.strictObject({
    mode: z.literal("months"),
    months: z.number().int().min(1, "retention is 1 to 36 months").max(36, "retention is 1 to 36 months"),
  }),
]);
export type WidgetRetention = z.infer<typeof widgetRetentionSchema>;

const preChatFieldSchema = z.enum(["hidden", "optional", "required"]);
/** Texts by language code, for the languages the widget speaks. */
export const perLanguageTextsSchema = (max: number) =>
  z.record(
    z
      .string()
      .regex(/^(bg|hr|cs|da|nl|en|et|fi|fr|de|el|hu|ga|it|lv|lt|mt|pl|pt|ro|sk|sl|es|sv|nb|ar)$/, "a language of the widget, like de"),
    z.string().trim().min(1).max(max),
  );
const widgetLook = {
  greeting: z.string().trim().max(500).nullable(),
  /** The greeting per language; `greeting` in the others. */
  greetings: z.record(z.string(), z.string()),
  /** The title (the panel's heading) per language; the widget's name in the others. */
  titles: z.record(z.string(), z.string()),
  privacyPolicy: z.object({ url: z.string(), labels: z.record(z.string(), z.string()) }).nullable(),
  disclaimer: z.object({ enabled: z.boolean(), texts: z.record(z.string(), z.string()) }),
  preChat: z.object({ name: preChatFieldSchema, email: preChatFieldSchema }),
  accentColor: z.string(),
  position: z.enum(["right", "left"]),
  operatorNames: z.enum(["alias", "none"]),
};

/** How the widget and the router behave around hours and waiting (issue 13). */
const chatBehaviour = {
  /** Outside business hours: "message" offers the leave-a-message form, "hide" takes the widget off the page. */
  outsideHours: z.enum(OUTSIDE_HOURS_CHOICES),
  /** Minutes a waiting visitor waits before being offered to leave a message; null: never offered. */
  offerMessageAfterMinutes: z.number().int().nullable(),
  /** "offer_all": offer a new chat to every available operator of the department; "auto_assign": give it to the least busy one with a free slot. */
  routing: z.enum(ROUTING_CHOICES),
  /** Minutes a chat may stay unanswered before the department's operators are emailed; null: never. */
  unansweredAlertMinutes: z.number().int().nullable(),
};

/** Files in the widget's chats: on or off (off by default in privacy mode), the largest file, which kinds. */
export const attachmentSettingsSchema = z.object({
  enabled: z.boolean(),
  maxMegabytes: z.number().int(),
  types: z.array(z.enum(ATTACHMENT_CATEGORIES)),
});

export const widgetSettingsSchema = z.object({
  ...widgetLook,
  id: z.string(),
  siteKey: z.string(),
  name: z.string(),
  departmentId: z.string(),
  privacyMode: z.boolean(),
  livePreview: z.boolean(),
  identityLookup: z.boolean(),
  /** Verified visitors: the embed tag's data-user-id is trusted when its data-user-hash verifies (src/conversation/verified-visitor.ts). */
  identityVerification: z.boolean(),
  consentRequired: z.boolean(),
  allowedOrigins: z.array(z.string()),
  retention: widgetRetentionSchema,
  /** null: no hours set, the widget is always open. */
  businessHours: businessHoursSchema.nullable(),
  /** Open or closed as of this answer, and the instant (ms) that next changes; null without hours (always open). */
  hoursNow: z.object({ open: z.boolean(), changesAt: z.number().nullable() }).nullable(),
  ...chatBehaviour,
  attachments: attachmentSettingsSchema,
});
export const originSchema = z
  .string()
  .max(300)
  .refine((o) => {
    try {
      const u = new URL(o);
      return (u.protocol === "https:" || u.protocol === "http:") && u.origin === o;
    } catch {
      return false;
    }
  }, "must be an origin like https://www.example.com");
/** A widget's identity-verification secret, for the customer's server (the HMAC-SHA256 key, as its UTF-8 characters). */
export const widgetIdentitySecretSchema = z.object({ secret: z.string() });
/** A new widget starts in privacy mode with the built-in texts; everything else is set by a PATCH. */
export const createWidgetSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  departmentId: idSchema,
  allowedOrigins: z.array(originSchema).max(50).default([]),
});
export const updateWidgetSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  departmentId: idSchema.optional(),
  /** No IP, User-Agent, referrer or page view is kept; live preview and identity lookup are off. */
  privacyMode: z.boolean().optional(),
  livePreview: z.boolean().optional(),
  identityLookup: z.boolean().optional(),
  /** Turning it on the first time makes the widget's identity secret (GET .../identity-secret shows it). */
  identityVerification: z.boolean().optional(),
  consentRequired: z.boolean().optional(),
  allowedOrigins: z.array(originSchema).max(50).optional(),
  retention: widgetRetentionSchema.optional(),
  /** A weekly schedule in a time zone plus dated exceptions; null removes them (always open). */
  businessHours: businessHoursSchema.nullable().optional(),
  outsideHours: z.enum(OUTSIDE_HOURS_CHOICES).optional(),
  /** null: never offer to leave a message while waiting. */
  offerMessageAfterMinutes: integerIn(OFFER_MESSAGE_AFTER_MINUTES).nullable().optional(),
  routing: z.enum(ROUTING_CHOICES).optional(),
  /** null: never email about an unanswered chat. */
  unansweredAlertMinutes: integerIn(UNANSWERED_ALERT_MINUTES).nullable().optional(),
  /** Files in chats: each field given replaces the current one. `types` may not be empty while files are on. */
  attachments: z
    .strictObject({
      enabled: z.boolean().optional(),
      maxMegabytes: integerIn(ATTACHMENT_MAX_MEGABYTES).optional(),
      types: z.array(z.enum(ATTACHMENT_CATEGORIES)).max(ATTACHMENT_CATEGORIES.length).optional(),
    })
    .optional(),
  greeting: z.string().trim().min(1).max(500).nullable().optional(),
  /** Replaces the languages given; `{}` clears them all. */
  greetings: perLanguageTextsSchema(500).optional(),
  titles: perLanguageTextsSchema(100).optional(),
  confirmKeepForever,
  /** Always visible in the widget; the link text per language, else the built-in "Privacy policy". */
  privacyPolicy: z
    .strictObject({ url: linkUrl, labels: perLanguageTextsSchema(100).optional() })
    .nullable()
    .optional(),
  /** Off: no consent step. Texts per language replace the built-in disclaimer in those languages. */
  disclaimer: z.strictObject({ enabled: z.boolean(), texts: perLanguageTextsSchema(3000).optional() }).optional(),
  preChat: z.strictObject({ name: preChatFieldSchema, email: preChatFieldSchema }).optional(),
  accentColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "a colour like #1f4fd1")
    .optional(),
  position: z.enum(["right", "left"]).optional(),
  /** "alias": visitors see operators' alias names and avatars (or real names without an alias); "none": just "Operator". */
  operatorNames: z.enum(["alias", "none"]).optional(),
});

export const auditEntrySchema = z.object({
  id: z.string(),
  actorKind: z.enum(["operator", "api_token", "system"]),
  actorId: z.string().nullable(),
  action: z.enum(AUDIT_ACTIONS),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  count: z.number().int().nullable(),
  /** Files (attachments) an export carried or an erasure deleted; null where files play no part. */
  fileCount: z.number().int().nullable(),
  /** The department whose widget or conversation the entry is about; null for account-wide entries. */
  departmentId: z.string().nullable(),
  createdAt: z.number().int(),
});

export const auditQuerySchema = z
  .strictObject({
    /** An action like "transcripts.deleted", or an area prefix ending in "." like "transcripts." or "session.ended.". */
    action: z
      .string()
      .regex(/^[a-z_]+(\.[a-z_]+)*\.?$/, "an action like transcripts.deleted or a prefix like transcripts.")
      .max(60)
      .optional(),
    actorId: idSchema.optional(),
    from: calendarDateSchema.optional(),
    /** Inclusive. */
    to: calendarDateSchema.optional(),
    ...timeCursorQuerySchema.shape,
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from must not be after to", path: ["to"] });

/** requestId: the register's erasure request from this address that the erasure answers (marked answered once done). */
export const dataSubjectQuerySchema = z.strictObject({ email: z.string().trim().email().max(254), requestId: idSchema.optional() });
export const dataSubjectSearchSchema = z.strictObject({ email: z.string().trim().email().max(254), ...timeCursorBodyShape });
export const dataSubjectExportSchema = z
  .strictObject({ email: z.string().trim().email().max(254), format: exportFormatSchema, separator: csvSeparatorSchema.optional() })
  .refine(separatorOnlyForCsv, separatorOnlyForCsvIssue);

export const analyticsQuerySchema = z
  .strictObject({
    from: calendarDateSchema,
    /** Inclusive. */
    to: calendarDateSchema,
    groupBy: z.enum(["day", "operator", "department"]).default("day"),
  })
  .refine((q) => q.from <= q.to, { message: "from must not be after to", path: ["to"] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { message: "at most one year at a time", path: ["to"] });

export const analyticsRowSchema = z.object({
  /** The day (YYYY-MM-DD), department id, or operator: a name, or a stable pseudonym when anonymised. */
  key: z.string(),
  label: z.string(),
  chats: z.number().int(),
  /** Mean time from the visitor's first message to the first operator reply. */
  avgFirstResponseMs: z.number().nullable(),
  /** Mean time from start to end of ended chats. */
  avgDurationMs: z.number().nullable(),
  avgRating: z.number().nullable(),
  ratings: z.number().int(),
});
export const analyticsSchema = z.object({
  groupBy: z.enum(["day", "operator", "department"]),
  anonymized: z.boolean(),
  rows: z.array(analyticsRowSchema),
});

/** Conditions of a router rule; all given must hold. An empty set matches every visitor. */
export const routerConditionsSchema = z.strictObject({
  /** Glob over host, path and query ("*" = anything), e.g. "shop.example/de/*". */
  urlPattern: z.string().trim().min(1).max(500).optional(),
  /** ISO 3166-1 alpha-2 codes. */
  countries: z
    .array(z.string().regex(/^[A-Z]{2}$/, "a country code like DE"))
    .min(1)
    .max(250)
    .optional(),
  continents: z
    .array(z.enum(["AF", "AN", "AS", "EU", "NA", "OC", "SA"]))
    .min(1)
    .optional(),
  /** The visitor is (true) or is not (false) in an EU member state. */
  euMember: z.boolean().optional(),
  devices: z
    .array(z.enum(["mobile", "tablet", "desktop"]))
    .min(1)
    .optional(),
  /** Primary subtags of the browser's first language, e.g. "de". */
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}$/, "a language code like de"))
    .min(1)
    .max(50)
    .optional(),
});
export type RouterConditions = z.infer<typeof routerConditionsSchema>;

export const routerRuleSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  conditions: routerConditionsSchema,
  widgetId: idSchema,
});
export const routerRulesSchema = z.strictObject({ rules: z.array(routerRuleSchema).max(100) });

/**
 * A rule that can match a page whose origin its widget does not allow: visitors there who meet
 * the rule get no widget at all (the router never falls through to a less private one).
 */
export const routerProblemSchema = z.object({
  ruleIndex: z.number().int(),
  ruleName: z.string(),
  widgetId: z.string(),
  origin: z.string(),
  message: z.string(),
});
export type RouterProblem = z.infer<typeof routerProblemSchema>;
export const routerRulesViewSchema = z.object({ rules: z.array(routerRuleSchema), problems: z.array(routerProblemSchema) });

export const routerDryRunSchema = z.strictObject({
  /** The embed's site key (the default widget); the account's first widget when left out. */
  siteKey: z.string().max(100).optional(),
  url: z
    .string()
    .url()
    .max(2000)
    .refine((u) => /^https?:\/\//i.test(u), "must be an http or https URL")
    .optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "a country code like DE")
    .optional(),
  continent: z.enum(["AF", "AN", "AS", "EU", "NA", "OC", "SA"]).optional(),
  euMember: z.boolean().optional(),
  userAgent: z.string().max(1000).optional(),
  /** An Accept-Language header value or a language code. */
  language: z.string().max(200).optional(),
});
export const routerDecisionSchema = z.object({
  /** null: the matched rule's widget does not allow the page's origin, so the visitor gets no widget; or (rule null too) a rule for another department's widget decides, which a role limited to departments does not see. */
  widget: z.object({ id: z.string(), siteKey: z.string(), name: z.string() }).nullable(),
  /** The rule that matched (its position from 0 among the rules the caller sees), or null: the default widget (or a hidden rule). */
  rule: z.object({ index: z.number().int(), name: z.string() }).nullable(),
  /** Why each rule before it did not match, and why this one did. */
  reasons: z.array(z.string()),
});
