import { type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import * as schema from "./schema";

export type Db = ReturnType<typeof openDb>;

export const openDb = (d1: D1Database) => drizzle(d1, { schema });

/** ids are random UUIDs: unguessable, so an id alone never reveals how many rows exist. */
export const newId = (): string => crypto.randomUUID();

/** Splits ids into chunks that fit D1's 100 bound parameters with room for a few more. */
export function* chunks<T>(items: readonly T[], size = 90): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** A keyset page by id: the caller fetched `limit + 1` rows ordered by id after the cursor. */
export function pageById<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items.at(-1)!.id : null };
}

/**
 * `column = accountId` as a filter only. With conversation ids in the same query, SQLite (without
 * statistics) preferred an index on the account, which holds every row of a large account: a
 * retention chunk or an export page then read a million messages (bench/retention.ts,
 * bench/storage.ts). The unary plus, a no-op on the value, keeps the term out of index choice.
 */
export const inAccount = (column: SQLiteColumn, accountId: string): SQL => sql`+${column} = ${accountId}`;
