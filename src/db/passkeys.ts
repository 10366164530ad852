import { and, asc, count, eq } from "drizzle-orm";
import type { Db } from "./client";
import { passkeys } from "./schema";

export type PasskeyRow = typeof passkeys.$inferSelect;

/** At most this many passkeys per operator: enough for every device and a spare key, bounded for the list and the options. */
export const MAX_PASSKEYS_PER_OPERATOR = 20;

/** The operator's passkeys, oldest first. */
export const listPasskeys = (db: Db, accountId: string, operatorId: string) =>
  db
    .select()
    .from(passkeys)
    .where(and(eq(passkeys.accountId, accountId), eq(passkeys.operatorId, operatorId)))
    .orderBy(asc(passkeys.createdAt), asc(passkeys.id));

export async function countPasskeys(db: Db, accountId: string, operatorId: string): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(passkeys)
    .where(and(eq(passkeys.accountId, accountId), eq(passkeys.operatorId, operatorId)))
    .get();
  return row?.n ?? 0;
}

/** A passkey by its credential id, whoever it belongs to (a usernameless sign-in names nobody before it succeeds). */
export const findPasskey = (db: Db, credentialId: string) => db.select().from(passkeys).where(eq(passkeys.id, credentialId)).get();

/** Stores a new passkey; false when the credential id is already registered (to anyone). */
export async function insertPasskey(db: Db, row: Omit<PasskeyRow, "lastUsedAt">): Promise<boolean> {
  const inserted = await db
    .insert(passkeys)
    .values({ ...row, lastUsedAt: null })
    .onConflictDoNothing()
    .returning({ id: passkeys.id });
  return inserted.length > 0;
}

/**
 * Records a use: the new counter and the time. Only while the counter is still the one the
 * assertion was checked against, so two assertions racing with the same counter cannot both pass
 * (what a cloned authenticator would try). False when it changed in between.
 */
export async function recordPasskeyUse(
  db: Db,
  args: { id: string; expectedCounter: number; newCounter: number; now: number },
): Promise<boolean> {
  const updated = await db
    .update(passkeys)
    .set({ counter: args.newCounter, lastUsedAt: args.now })
    .where(and(eq(passkeys.id, args.id), eq(passkeys.counter, args.expectedCounter)))
    .returning({ id: passkeys.id });
  return updated.length > 0;
}

/** Renames one of the operator's passkeys; null when the operator has no such passkey. */
export async function renamePasskey(
  db: Db,
  args: { accountId: string; operatorId: string; id: string; name: string },
): Promise<PasskeyRow | null> {
  const [row] = await db
    .update(passkeys)
    .set({ name: args.name })
    .where(and(eq(passkeys.id, args.id), eq(passkeys.accountId, args.accountId), eq(passkeys.operatorId, args.operatorId)))
    .returning();
  return row ?? null;
}

/** Deletes one of the operator's passkeys; false when the operator has no such passkey. */
export async function deletePasskey(db: Db, args: { accountId: string; operatorId: string; id: string }): Promise<boolean> {
  const deleted = await db
    .delete(passkeys)
    .where(and(eq(passkeys.id, args.id), eq(passkeys.accountId, args.accountId), eq(passkeys.operatorId, args.operatorId)))
    .returning({ id: passkeys.id });
  return deleted.length > 0;
}

/** The statement deleting every passkey of an operator (for the batch that removes the operator). */
export const deleteOperatorPasskeys = (db: Db, accountId: string, operatorId: string) =>
  db.delete(passkeys).where(and(eq(passkeys.accountId, accountId), eq(passkeys.operatorId, operatorId)));
