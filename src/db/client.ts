import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Db = ReturnType<typeof openDb>;

export const openDb = (d1: D1Database) => drizzle(d1, { schema });

/** ids are random UUIDs: unguessable, so an id alone never reveals how many rows exist. */
export const newId = (): string => crypto.randomUUID();

/** Splits ids into chunks that fit D1's 100 bound parameters with room for a few more. */
export function* chunks<T>(items: readonly T[], size = 90): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
