// The webhook event catalogue, shared by the worker (src/webhooks/), the API schemas and the
// operator app. No zod, so the app may import it. Names are dotted lowercase like frame types.

/** The events an endpoint can subscribe to. Add, never rename: receivers switch on these. */
export const WEBHOOK_EVENT_TYPES = [
  "conversation.started",
  "conversation.ended",
  "conversation.rated",
  "conversation.erased",
  "offline_message.received",
  "data_request.received",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent only when an admin asks for a test delivery; no endpoint subscribes to it. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

/** What a delivery may carry as its type: a subscribable event, or the test event. */
export type WebhookDeliveryType = WebhookEventType | typeof WEBHOOK_TEST_EVENT;

/** Headers of every delivery (docs in README.md, "Webhooks"). */
export const WEBHOOK_SIGNATURE_HEADER = "Confide-Signature";
export const WEBHOOK_DELIVERY_HEADER = "Confide-Delivery";
export const WEBHOOK_EVENT_HEADER = "Confide-Event";

/** How many endpoints one account may have. */
export const WEBHOOK_ENDPOINTS_MAX = 20;
