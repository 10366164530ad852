import { z } from "zod";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT } from "./webhooks";

// Request and response schemas of /api/v1/webhooks. Shared with the operator app (types only).
// The URL's form is checked here; whether its host may be reached is src/webhooks/url-policy.ts.

const url = z.string().trim().url().max(2000);
const events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1, "subscribe to at least one event")
  .transform((list) => [...new Set(list)]);

export const webhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    /** Payloads also carry the visitor's name and email and message content. */
    includePersonalData: z.boolean(),
    enabled: z.boolean(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .meta({ id: "WebhookEndpoint" });

export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;

export const createWebhookEndpointSchema = z
  .object({
    url,
    description: z.string().trim().max(200).default(""),
    events,
    includePersonalData: z.boolean().default(false),
  })
  .strict();

export type CreateWebhookEndpoint = z.input<typeof createWebhookEndpointSchema>;

export const updateWebhookEndpointSchema = z
  .object({
    url: url.optional(),
    description: z.string().trim().max(200).optional(),
    events: events.optional(),
    includePersonalData: z.boolean().optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export type UpdateWebhookEndpoint = z.input<typeof updateWebhookEndpointSchema>;

/** The signing secret, answered only on creation and rotation. */
export const webhookSecretSchema = z.object({ secret: z.string() }).meta({ id: "WebhookSecret" });

export const createdWebhookEndpointSchema = z.object({ endpoint: webhookEndpointSchema, secret: z.string() });

export const webhookAttemptSchema = z.object({
  attemptedAt: z.number().int(),
  durationMs: z.number().int(),
  statusCode: z.number().int().nullable(),
  /** null for a 2xx answer. */
  errorClass: z.enum(["http_status", "timeout", "network", "redirect", "refused_url", "build"]).nullable(),
});

export const webhookDeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    eventType: z.enum([...WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT]),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number().int(),
    lastAttemptAt: z.number().int().nullable(),
    createdAt: z.number().int(),
    /** The newest attempts first, at most WEBHOOK_ATTEMPTS_SHOWN. */
    lastAttempts: z.array(webhookAttemptSchema),
  })
  .meta({ id: "WebhookDelivery" });

export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryParamsSchema = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}$/, "not an id"),
  deliveryId: z.string().regex(/^[0-9a-f-]{36}$/, "not an id"),
});
