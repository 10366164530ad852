import { z } from "zod";
import { calendarDateSchema } from "./api";
import { WEBHOOK_EVENT_TYPES } from "./webhooks";

// The compliance API's shapes: the record of processing (src/compliance/record-of-processing.ts
// builds it; the route checks it against this schema's type) and the audit export's query.

const source = z.string().meta({ description: "Where the value comes from: a setting path, env.X, binding.X, secret.X or built-in" });

const dataItemSchema = z.object({
  category: z.enum([
    "messages",
    "visitor_name",
    "visitor_email",
    "consent_receipt",
    "visit_details",
    "typing_preview",
    "identity_lookup",
    "attachments",
  ]),
  source,
  requirement: z.enum(["optional", "required"]).optional(),
  types: z.array(z.enum(["image", "pdf", "text", "office"])).optional(),
  maxMegabytes: z.number().int().optional(),
});

const retentionSchema = z.union([
  z.object({ mode: z.literal("months"), months: z.number().int(), source }),
  z.object({ mode: z.literal("until_deleted"), source }),
]);

const recipientSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("operators"),
    role: z.string(),
    builtIn: z.boolean(),
    operators: z.number().int(),
    reads: z.array(z.enum(["live_chats", "transcripts"])),
    departments: z.array(z.string()).nullable(),
    source,
  }),
  z.object({ kind: z.literal("identity_lookup"), provider: z.string(), widgets: z.array(z.string()), source }),
  z.object({
    kind: z.literal("webhook"),
    host: z.string().meta({ description: "The endpoint URL's host only (never its path or query)" }),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    personalData: z.boolean().meta({ description: "The endpoint's includePersonalData: payloads carry names, emails, messages" }),
    source,
  }),
]);

const measureSchema = z.discriminatedUnion("key", [
  z.object({ key: z.literal("encryption_at_rest"), source }),
  z.object({
    key: z.literal("key_rotation"),
    source,
    activeKeyId: z.string(),
    keysInRing: z.number().int(),
    activeSince: z.string().nullable(),
    ageDays: z.number().int().nullable(),
    dataKeysOnOlderKeys: z.number().int(),
  }),
  z.object({ key: z.literal("two_factor_required"), source }),
  z.object({ key: z.literal("audit_log"), source }),
  z.object({ key: z.literal("eu_jurisdiction_fail_closed"), source }),
  z.object({ key: z.literal("retention_erasure"), source }),
  z.object({ key: z.literal("session_limits"), source }),
]);

export const recordOfProcessingSchema = z
  .object({
    generatedAt: z.string(),
    controller: z.object({ account: z.string(), source }),
    purposes: z.array(
      z.object({
        purpose: z.enum(["live_chat", "offline_messages", "email", "operator_accounts", "accountability", "abuse_prevention"]),
        source,
      }),
    ),
    dataSubjects: z.array(z.object({ subject: z.enum(["website_visitors", "operators"]), source })),
    widgets: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        department: z.string(),
        privacyMode: z.object({ value: z.boolean(), source }),
        data: z.array(dataItemSchema),
        retention: retentionSchema,
      }),
    ),
    recipients: z.array(recipientSchema),
    processors: z.array(
      z.object({
        service: z.enum(["workers", "durable_objects", "d1", "r2", "kv", "smtp", "queues"]),
        provider: z.string(),
        location: z.enum([
          "eu_enforced",
          "eu_declared",
          "not_declared",
          "unrestricted",
          "nearest_location",
          "global",
          "provider_decides",
          "no_jurisdiction_available",
        ]),
        source,
      }),
    ),
    transfers: z.array(
      z.object({
        transfer: z.enum([
          "worker_nearest_location",
          "kv_global",
          "identity_lookup",
          "smtp_provider",
          "durable_objects_unrestricted",
          "webhook_queue",
          "webhook_metadata",
          "webhook_personal_data",
        ]),
        source,
      }),
    ),
    measures: z.array(measureSchema),
  })
  .meta({ id: "RecordOfProcessing" });
export type RecordOfProcessingView = z.infer<typeof recordOfProcessingSchema>;

/** The printable page's language; without it, the first of Accept-Language's the page speaks, else English. */
export const recordPageQuerySchema = z.strictObject({ lang: z.enum(["en", "de", "fr", "es", "it"]).optional() });

/** Calendar days (UTC); `to` is inclusive. */
export const auditExportQuerySchema = z.strictObject({ from: calendarDateSchema, to: calendarDateSchema });

export const auditExportPublicKeySchema = z
  .object({
    algorithm: z.literal("Ed25519"),
    keyId: z.string(),
    /** The raw 32-byte public key, base64. */
    publicKey: z.string(),
    /** The same key as PEM (SPKI), for openssl and node:crypto. */
    publicKeyPem: z.string(),
  })
  .meta({ id: "AuditExportPublicKey" });
