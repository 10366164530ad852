import { lt, sql } from "drizzle-orm";
import { randomToken } from "../crypto/encoding";
import type { Db } from "./client";
import { addressSalts } from "./schema";

export const DAY_MS = 86_400_000;

/** The UTC day `now` falls in, as days since the epoch. */
export const dayOf = (now: number): number => Math.floor(now / DAY_MS);

/**
 * Today's salt for hashing client addresses, created on the day's first use. One statement: two
 * requests racing at midnight both get the salt that won, so every isolate counts under one key.
 */
export async function daySalt(db: Db, now: number): Promise<string> {
  const row = await db
    .insert(addressSalts)
    .values({ day: dayOf(now), salt: randomToken() })
    // A no-op update, so RETURNING gives the stored salt when the day already has one.
    .onConflictDoUpdate({ target: addressSalts.day, set: { day: sql`${addressSalts.day}` } })
    .returning({ salt: addressSalts.salt })
    .get();
  if (!row) throw new Error("no address salt");
  return row.salt;
}

/**
 * Deletes the salts of days before `now`'s (run by the cron sweep). Every rate-limit window is a
 * whole divisor of a day (1 h), so a day's last window ends at midnight: after it, the
 * salt serves nothing, and without it that day's keys cannot be recomputed from an address.
 */
export async function deleteFinishedSalts(db: Db, now: number): Promise<void> {
  await db.delete(addressSalts).where(lt(addressSalts.day, dayOf(now)));
}
