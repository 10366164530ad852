import type { Db } from "../db/client";
import {
  countWebhookEndpoints,
  findWebhookDelivery,
  findWebhookEndpoint,
  insertWebhookEndpoint,
  setWebhookDeliveryStatus,
  updateWebhookEndpoint,
  type WebhookEndpointRow,
} from "../db/webhooks";
import { HttpError } from "../errors";
import { WEBHOOK_ENDPOINTS_MAX } from "../shared/webhooks";
import { requeueDelivery } from "./events";
import { generateWebhookSecret, sealWebhookSecret } from "./signing";
import { allowsLoopback, webhookUrlProblem } from "./url-policy";

// Managing an account's endpoints: what the routes (src/routes/webhooks.ts) do besides auditing.

/** Refuses (400 webhook_url_refused) a URL this deployment must not deliver to. */
export function requireDeliverableUrl(env: Pick<Env, "WEBHOOKS_ALLOW_LOOPBACK">, url: string): void {
  const problem = webhookUrlProblem(url, { allowLoopback: allowsLoopback(env) });
  if (problem !== null) throw new HttpError(400, "webhook_url_refused", `url: ${problem}`);
}

/** An endpoint of the account, else 404 (another account's endpoint is as absent as a missing one). */
export async function requireEndpoint(db: Db, accountId: string, id: string): Promise<WebhookEndpointRow> {
  const row = await findWebhookEndpoint(db, accountId, id);
  if (!row) throw new HttpError(404, "not_found", "No such webhook endpoint.");
  return row;
}

/** Creates an endpoint with a fresh secret; the secret is answered once, here. */
export async function createEndpoint(
  env: Env,
  db: Db,
  accountId: string,
  input: { url: string; description: string; events: string[]; includePersonalData: boolean },
  now: number,
): Promise<{ id: string; secret: string }> {
  requireDeliverableUrl(env, input.url);
  if ((await countWebhookEndpoints(db, accountId)) >= WEBHOOK_ENDPOINTS_MAX)
    throw new HttpError(409, "too_many_webhooks", `An account may have at most ${WEBHOOK_ENDPOINTS_MAX} webhook endpoints.`);
  const id = crypto.randomUUID();
  const secret = generateWebhookSecret();
  await insertWebhookEndpoint(db, {
    id,
    accountId,
    url: input.url,
    description: input.description,
    events: JSON.stringify(input.events),
    includePersonalData: input.includePersonalData,
    enabled: true,
    secretEnc: await sealWebhookSecret(env, accountId, id, secret),
    createdAt: now,
    updatedAt: now,
  });
  return { id, secret };
}

/** Replaces the endpoint's secret; the old one stops signing at once. The new one is answered once. */
export async function rotateEndpointSecret(env: Env, db: Db, endpoint: WebhookEndpointRow, now: number): Promise<string> {
  const secret = generateWebhookSecret();
  await updateWebhookEndpoint(
    db,
    endpoint.accountId,
    endpoint.id,
    { secretEnc: await sealWebhookSecret(env, endpoint.accountId, endpoint.id, secret) },
    now,
  );
  return secret;
}

/** "Send again": the same delivery (same id, payload built anew) back on the queue, whatever became of it. */
export async function resendDelivery(env: Env, db: Db, accountId: string, endpointId: string, deliveryId: string): Promise<void> {
  await requireEndpoint(db, accountId, endpointId);
  if (!(await findWebhookDelivery(db, accountId, endpointId, deliveryId))) throw new HttpError(404, "not_found", "No such delivery.");
  await setWebhookDeliveryStatus(db, accountId, deliveryId, "pending");
  await requeueDelivery(env, accountId, deliveryId);
}
