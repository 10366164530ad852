import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { WebhookDelivery, WebhookEndpoint } from "../shared/webhooks-api";
import type { Db } from "./client";
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from "./schema";

// Webhook endpoints, their deliveries and attempts. Every function takes the account id, so one
// account's endpoints and deliveries are never read through another's.

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
type AttemptRow = typeof webhookAttempts.$inferSelect;

/** Deliveries kept per endpoint (with their attempts); older ones go as new ones come. */
export const WEBHOOK_DELIVERIES_KEPT = 100;
/** Attempts shown per delivery in the admin view. */
export const WEBHOOK_ATTEMPTS_SHOWN = 5;

export const toWebhookEndpoint = (row: WebhookEndpointRow): WebhookEndpoint => ({
  id: row.id,
  url: row.url,
  description: row.description,
  events: JSON.parse(row.events) as WebhookEndpoint["events"],
  includePersonalData: row.includePersonalData,
  enabled: row.enabled,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export const listWebhookEndpoints = (db: Db, accountId: string) =>
  db.select().from(webhookEndpoints).where(eq(webhookEndpoints.accountId, accountId)).orderBy(webhookEndpoints.createdAt);

export const countWebhookEndpoints = async (db: Db, accountId: string): Promise<number> =>
  (await db.select({ n: sql<number>`count(*)` }).from(webhookEndpoints).where(eq(webhookEndpoints.accountId, accountId)).get())?.n ?? 0;

export const findWebhookEndpoint = (db: Db, accountId: string, id: string) =>
  db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.accountId, accountId), eq(webhookEndpoints.id, id)))
    .get();

/** The account's enabled endpoints subscribed to `eventType`. */
export async function subscribedEndpoints(db: Db, accountId: string, eventType: string): Promise<WebhookEndpointRow[]> {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.accountId, accountId), eq(webhookEndpoints.enabled, true)));
  return rows.filter((row) => (JSON.parse(row.events) as string[]).includes(eventType));
}

export async function insertWebhookEndpoint(db: Db, row: typeof webhookEndpoints.$inferInsert): Promise<void> {
  await db.insert(webhookEndpoints).values(row);
}

export async function updateWebhookEndpoint(
  db: Db,
  accountId: string,
  id: string,
  changes: Partial<Pick<WebhookEndpointRow, "url" | "description" | "events" | "includePersonalData" | "enabled" | "secretEnc">>,
  now: number,
): Promise<void> {
  await db
    .update(webhookEndpoints)
    .set({ ...changes, updatedAt: now })
    .where(and(eq(webhookEndpoints.accountId, accountId), eq(webhookEndpoints.id, id)));
}

/** Deletes an endpoint with its deliveries and attempts. */
export async function deleteWebhookEndpoint(db: Db, accountId: string, id: string): Promise<void> {
  const deliveries = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.accountId, accountId), eq(webhookDeliveries.endpointId, id)));
  await db.batch([
    db.delete(webhookAttempts).where(and(eq(webhookAttempts.accountId, accountId), inArray(webhookAttempts.deliveryId, deliveries))),
    db.delete(webhookDeliveries).where(and(eq(webhookDeliveries.accountId, accountId), eq(webhookDeliveries.endpointId, id))),
    db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.accountId, accountId), eq(webhookEndpoints.id, id))),
  ]);
}

/** New deliveries, one per endpoint, in one batch. */
export async function insertWebhookDeliveries(db: Db, rows: (typeof webhookDeliveries.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(webhookDeliveries).values(rows);
}

/**
 * Keeps the newest WEBHOOK_DELIVERIES_KEPT deliveries of an endpoint: the older ones and their
 * attempts go. Called after each new delivery, so the tables stay bounded per endpoint.
 */
export async function pruneWebhookDeliveries(db: Db, accountId: string, endpointId: string): Promise<void> {
  const cutoff = await db
    .select({ createdAt: webhookDeliveries.createdAt })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.accountId, accountId), eq(webhookDeliveries.endpointId, endpointId)))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(1)
    .offset(WEBHOOK_DELIVERIES_KEPT - 1)
    .get();
  if (!cutoff) return;
  const old = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.accountId, accountId),
        eq(webhookDeliveries.endpointId, endpointId),
        lt(webhookDeliveries.createdAt, cutoff.createdAt),
      ),
    );
  await db.batch([
    db.delete(webhookAttempts).where(and(eq(webhookAttempts.accountId, accountId), inArray(webhookAttempts.deliveryId, old))),
    db
      .delete(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.accountId, accountId),
          eq(webhookDeliveries.endpointId, endpointId),
          lt(webhookDeliveries.createdAt, cutoff.createdAt),
        ),
      ),
  ]);
}

/** A delivery with its endpoint, for the consumer; undefined when either is gone. */
export const findDeliveryWithEndpoint = (db: Db, accountId: string, deliveryId: string) =>
  db
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(and(eq(webhookDeliveries.accountId, accountId), eq(webhookDeliveries.id, deliveryId)))
    .get();

export const findWebhookDelivery = (db: Db, accountId: string, endpointId: string, deliveryId: string) =>
  db
    .select()
    .from(webhookDeliveries)
    .where(
      and(eq(webhookDeliveries.accountId, accountId), eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.id, deliveryId)),
    )
    .get();

/** Records one attempt and its outcome on the delivery in one batch. */
export async function recordWebhookAttempt(
  db: Db,
  accountId: string,
  deliveryId: string,
  attempt: Omit<AttemptRow, "id" | "accountId" | "deliveryId">,
  status: WebhookDeliveryRow["status"],
): Promise<void> {
  await db.batch([
    db.insert(webhookAttempts).values({ id: crypto.randomUUID(), accountId, deliveryId, ...attempt }),
    db
      .update(webhookDeliveries)
      .set({ status, attempts: sql`${webhookDeliveries.attempts} + 1`, lastAttemptAt: attempt.attemptedAt })
      .where(and(eq(webhookDeliveries.accountId, accountId), eq(webhookDeliveries.id, deliveryId))),
  ]);
}

/** Sets a delivery's status (failed for good from the dead-letter queue; pending again on "send again"). */
export async function setWebhookDeliveryStatus(
  db: Db,
  accountId: string,
  deliveryId: string,
  status: WebhookDeliveryRow["status"],
  onlyIf?: WebhookDeliveryRow["status"],
): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ status })
    .where(
      and(
        eq(webhookDeliveries.accountId, accountId),
        eq(webhookDeliveries.id, deliveryId),
        onlyIf ? eq(webhookDeliveries.status, onlyIf) : undefined,
      ),
    );
}

/** The newest deliveries of an endpoint with their last attempts, for the admin view. */
export async function recentWebhookDeliveries(db: Db, accountId: string, endpointId: string, limit: number): Promise<WebhookDelivery[]> {
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.accountId, accountId), eq(webhookDeliveries.endpointId, endpointId)))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
  if (rows.length === 0) return [];
  const attempts = await db
    .select()
    .from(webhookAttempts)
    .where(
      and(
        eq(webhookAttempts.accountId, accountId),
        inArray(
          webhookAttempts.deliveryId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(desc(webhookAttempts.attemptedAt));
  return rows.map((row) => ({
    id: row.id,
    eventId: (JSON.parse(row.event) as { id: string }).id,
    eventType: row.eventType as WebhookDelivery["eventType"],
    status: row.status,
    attempts: row.attempts,
    lastAttemptAt: row.lastAttemptAt,
    createdAt: row.createdAt,
    lastAttempts: attempts
      .filter((a) => a.deliveryId === row.id)
      .slice(0, WEBHOOK_ATTEMPTS_SHOWN)
      .map((a) => ({
        attemptedAt: a.attemptedAt,
        durationMs: a.durationMs,
        statusCode: a.statusCode,
        errorClass: a.errorClass as WebhookDelivery["lastAttempts"][number]["errorClass"],
      })),
  }));
}

const notSealedWith = (prefix: string) => sql`substr(${webhookEndpoints.secretEnc}, 1, ${prefix.length}) <> ${prefix}`;

/** Endpoint secrets sealed with another key than the one `prefix` names (key rotation). */
export const webhookSecretsNotSealedWith = (db: Db, prefix: string, limit: number) =>
  db
    .select({ id: webhookEndpoints.id, accountId: webhookEndpoints.accountId, secretEnc: webhookEndpoints.secretEnc })
    .from(webhookEndpoints)
    .where(notSealedWith(prefix))
    .limit(limit);

export async function countWebhookSecretsNotSealedWith(db: Db, prefix: string): Promise<number> {
  return (await db.select({ n: sql<number>`count(*)` }).from(webhookEndpoints).where(notSealedWith(prefix)).get())?.n ?? 0;
}

/** Replaces a sealed secret only if it is still the one re-sealed: a secret rotated meanwhile stays. */
export async function replaceWebhookSecret(db: Db, id: string, from: string, to: string): Promise<void> {
  await db
    .update(webhookEndpoints)
    .set({ secretEnc: to })
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.secretEnc, from)));
}
