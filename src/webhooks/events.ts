import type { Db } from "../db/client";
import { insertWebhookDeliveries, pruneWebhookDeliveries, subscribedEndpoints, type WebhookEndpointRow } from "../db/webhooks";
import { WEBHOOK_TEST_EVENT, type WebhookDeliveryType, type WebhookEventType } from "../shared/webhooks";

// The webhook event catalogue and its one producer. An event carries ids and metadata only, never
// personal data: it is stored with each delivery and the queue message names only the delivery, so
// neither D1's delivery rows nor Cloudflare Queues (which cannot be held in the EU) ever hold a
// visitor's data. The consumer (src/webhooks/delivery.ts) builds the payload at each attempt, adding
// the visitor's fields and messages for endpoints opted in; a conversation erased meanwhile is
// delivered without them.

/** The events and what each carries (the `data` of the payload). */
export interface WebhookEventData {
  "conversation.started": { conversationId: string; departmentId: string; widgetId: string | null; language: string | null };
  /** endedBy: who ended it; "inactivity" when no one wrote for a long time. */
  "conversation.ended": { conversationId: string; departmentId: string; endedBy: "visitor" | "operator" | "inactivity" };
  "conversation.rated": { conversationId: string; departmentId: string; rating: number };
  /** One event per erasure of up to 50 conversations (ERASE_CHUNK), whoever erased them: ids only, they no longer exist. */
  "conversation.erased": { conversationIds: string[] };
  "offline_message.received": { conversationId: string; departmentId: string; widgetId: string | null; language: string | null };
  /** A data-subject request entered the register (src/data-requests/); its id and kind only. */
  "data_request.received": { requestId: string; kind: string };
}

export type WebhookEvent = { [T in WebhookEventType]: { type: T; data: WebhookEventData[T] } }[WebhookEventType];

/** What a delivery row keeps of its event (the JSON of `webhook_deliveries.event`). */
export interface StoredWebhookEvent {
  id: string;
  type: WebhookDeliveryType;
  occurredAt: number;
  data: Record<string, unknown>;
}

/** The queue message: which delivery of which account, nothing else. */
export interface WebhookQueueMessage {
  accountId: string;
  deliveryId: string;
}

/** Queue.sendBatch takes at most 100 messages. */
const SEND_BATCH_MAX = 100;

/**
 * Records one delivery per subscribed endpoint and enqueues them. Never throws: a webhook that
 * could not be queued must not fail the chat it reports on (logged by name; nothing else is lost).
 */
export async function publishEvent(
  env: Pick<Env, "WEBHOOKS">,
  db: Db,
  accountId: string,
  event: WebhookEvent,
  now = Date.now(),
): Promise<void> {
  try {
    const endpoints = await subscribedEndpoints(db, accountId, event.type);
    if (endpoints.length === 0) return;
    await enqueueDeliveries(
      env,
      db,
      accountId,
      endpoints,
      { id: `evt_${crypto.randomUUID()}`, type: event.type, occurredAt: now, data: event.data },
      now,
    );
  } catch (error) {
    console.error("webhook event not queued", event.type, error instanceof Error ? error.name : "unknown");
  }
}

/** A test delivery to one endpoint (an admin's "send test"), whatever it subscribes to. */
export async function publishTestEvent(
  env: Pick<Env, "WEBHOOKS">,
  db: Db,
  endpoint: WebhookEndpointRow,
  now = Date.now(),
): Promise<string> {
  const [deliveryId] = await enqueueDeliveries(
    env,
    db,
    endpoint.accountId,
    [endpoint],
    { id: `evt_${crypto.randomUUID()}`, type: WEBHOOK_TEST_EVENT, occurredAt: now, data: {} },
    now,
  );
  return deliveryId!;
}

async function enqueueDeliveries(
  env: Pick<Env, "WEBHOOKS">,
  db: Db,
  accountId: string,
  endpoints: WebhookEndpointRow[],
  event: StoredWebhookEvent,
  now: number,
): Promise<string[]> {
  const rows = endpoints.map((endpoint) => ({
    id: crypto.randomUUID(),
    accountId,
    endpointId: endpoint.id,
    eventType: event.type,
    event: JSON.stringify(event),
    createdAt: now,
  }));
  // The rows first: a message whose delivery is not there is dropped by the consumer.
  await insertWebhookDeliveries(db, rows);
  for (let i = 0; i < rows.length; i += SEND_BATCH_MAX) {
    await env.WEBHOOKS.sendBatch(
      rows.slice(i, i + SEND_BATCH_MAX).map((row) => ({ body: { accountId, deliveryId: row.id } satisfies WebhookQueueMessage })),
    );
  }
  for (const endpoint of endpoints) await pruneWebhookDeliveries(db, accountId, endpoint.id);
  return rows.map((row) => row.id);
}

/** Puts an existing delivery in the queue again ("send again"); its attempts so far stay listed. */
export async function requeueDelivery(env: Pick<Env, "WEBHOOKS">, accountId: string, deliveryId: string): Promise<void> {
  await env.WEBHOOKS.send({ accountId, deliveryId } satisfies WebhookQueueMessage);
}
