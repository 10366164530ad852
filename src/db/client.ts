import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Db = ReturnType<typeof openDb>;

export const openDb = (d1: D1Database) => drizzle(d1, { schema });

/** ids are random UUIDs: unguessable, so an id alone never reveals how many rows exist. */
export const newId = (): string => crypto.randomUUID();
