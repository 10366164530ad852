import { WEBHOOK_EVENT_TYPES, type WebhookDeliveryType } from "../../../../src/shared/webhooks";

/** The text key of each event under `webhooks.eventNames` (i18next keys cannot hold the event's "."). */
export const EVENT_KEYS = {
  "conversation.started": "conversationStarted",
  "conversation.ended": "conversationEnded",
  "conversation.rated": "conversationRated",
  "conversation.erased": "conversationErased",
  "offline_message.received": "offlineMessageReceived",
  "data_request.received": "dataRequestReceived",
  "webhook.test": "webhookTest",
} as const satisfies Record<WebhookDeliveryType, string>;

/** The events an admin can subscribe an endpoint to, in catalogue order. */
export const SUBSCRIBABLE_EVENTS = WEBHOOK_EVENT_TYPES;
