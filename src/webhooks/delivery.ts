import type { Db } from "../db/client";
import { databaseFor } from "../db/databases";
import { findDeliveryWithEndpoint, recordWebhookAttempt, setWebhookDeliveryStatus, type WebhookDeliveryRow } from "../db/webhooks";
import { WEBHOOK_DELIVERY_HEADER, WEBHOOK_EVENT_HEADER, WEBHOOK_SIGNATURE_HEADER } from "../shared/webhooks";
import type { WebhookDelivery } from "../shared/webhooks-api";
import type { StoredWebhookEvent, WebhookQueueMessage } from "./events";
import { buildPayload } from "./payload";
import { openWebhookSecret, signatureHeader } from "./signing";
import { allowsLoopback, webhookUrlProblem } from "./url-policy";

// The consumers of the webhook queues (wrangler.toml). Delivery is at least once: each message is
// one attempt; a failure asks the queue to retry it later with exponential backoff, and after
// max_retries the queue moves it to the dead-letter queue, whose consumer marks the delivery failed
// for good. Receivers dedupe by the Confide-Delivery header.

/** The queue's name in wrangler.toml whose messages are deliveries that never succeeded. */
export const DEAD_LETTER_QUEUE = "confide-webhooks-dead";
/** A receiver has this long to answer. */
const TIMEOUT_MS = 10_000;
/** Queues allow a retry delay of at most 12 hours. */
const MAX_DELAY_SECONDS = 12 * 3600;

type ErrorClass = NonNullable<WebhookDelivery["lastAttempts"][number]["errorClass"]>;

/** The delay before retry `attempts` (1 after the first failure): base · 2^(attempts-1), at most 12 hours. */
export function retryDelaySeconds(env: Pick<Env, "WEBHOOK_RETRY_BASE_SECONDS">, attempts: number): number {
  const base = Number(env.WEBHOOK_RETRY_BASE_SECONDS ?? "30");
  const safeBase = Number.isFinite(base) && base >= 0 ? base : 30;
  return Math.min(Math.round(safeBase * 2 ** Math.max(0, attempts - 1)), MAX_DELAY_SECONDS);
}

/** The queue handler of the worker: deliveries, or the dead-letter queue's leftovers. */
export async function handleWebhookBatch(batch: MessageBatch<WebhookQueueMessage>, env: Env): Promise<void> {
  // Each message names its account; its delivery is in that account's database (src/db/databases.ts).
  if (batch.queue === DEAD_LETTER_QUEUE) {
    for (const message of batch.messages) {
      const db = await databaseFor(env, message.body.accountId);
      // Only a delivery still waiting fails for good: one delivered by a "send again" meanwhile stays delivered.
      await setWebhookDeliveryStatus(db, message.body.accountId, message.body.deliveryId, "failed", "pending");
      message.ack();
    }
    return;
  }
  for (const message of batch.messages) {
    const outcome = await attemptDelivery(env, await databaseFor(env, message.body.accountId), message.body);
    if (outcome === "retry") message.retry({ delaySeconds: retryDelaySeconds(env, message.attempts) });
    else message.ack();
  }
}

/**
 * One attempt: signs and POSTs the payload, records the attempt. "done" when delivered or when there
 * is nothing left to deliver (endpoint deleted or disabled, URL no longer allowed); else "retry".
 */
export async function attemptDelivery(env: Env, db: Db, message: WebhookQueueMessage): Promise<"done" | "retry"> {
  const found = await findDeliveryWithEndpoint(db, message.accountId, message.deliveryId);
  if (!found) return "done";
  const { delivery, endpoint } = found;
  // Paused meanwhile: not sent, and not left "pending" for ever; "send again" once it is resumed.
  if (!endpoint.enabled) {
    await setWebhookDeliveryStatus(db, message.accountId, delivery.id, "failed", "pending");
    return "done";
  }
  const started = Date.now();
  const record = (statusCode: number | null, errorClass: ErrorClass | null, status: WebhookDeliveryRow["status"]) =>
    recordWebhookAttempt(
      db,
      message.accountId,
      delivery.id,
      { attemptedAt: started, durationMs: Date.now() - started, statusCode, errorClass },
      status,
    );
  if (webhookUrlProblem(endpoint.url, { allowLoopback: allowsLoopback(env) }) !== null) {
    await record(null, "refused_url", "failed");
    return "done";
  }
  let body: string;
  let secret: string;
  try {
    body = await buildPayload(env, db, message.accountId, JSON.parse(delivery.event) as StoredWebhookEvent, endpoint.includePersonalData);
    secret = await openWebhookSecret(env, endpoint.accountId, endpoint.id, endpoint.secretEnc);
  } catch (error) {
    console.error("webhook payload failed", error instanceof Error ? error.name : "unknown");
    await record(null, "build", "pending");
    return "retry";
  }
  const { statusCode, errorClass } = await post(endpoint.url, body, {
    "Content-Type": "application/json",
    "User-Agent": "Confide-Webhooks/1",
    [WEBHOOK_SIGNATURE_HEADER]: await signatureHeader(secret, body, Math.floor(Date.now() / 1000)),
    [WEBHOOK_DELIVERY_HEADER]: delivery.id,
    [WEBHOOK_EVENT_HEADER]: delivery.eventType,
  });
  await record(statusCode, errorClass, errorClass === null ? "delivered" : "pending");
  return errorClass === null ? "done" : "retry";
}

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ statusCode: number | null; errorClass: ErrorClass | null }> {
  try {
    // Redirects are not followed: a public URL must not bounce a signed payload elsewhere (SSRF).
    const response = await fetch(url, { method: "POST", body, headers, redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
    // The body is never read nor stored: it may hold anything.
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return { statusCode: response.status, errorClass: null };
    return { statusCode: response.status, errorClass: response.status >= 300 && response.status < 400 ? "redirect" : "http_status" };
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    return { statusCode: null, errorClass: name === "TimeoutError" || name === "AbortError" ? "timeout" : "network" };
  }
}
