import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "../db/client";
import { databaseFor, locateAccount } from "../db/databases";

// A request starts on the directory database (src/app.ts); an entry point that learns the account
// switches the request to that account's database, so every route after it reads and writes there
// through `c.var.db` (docs/databases.md).

/** What of a hono context this needs; any route's context (whatever else its variables hold) has it. */
interface RequestContext {
  env: Env;
  set(key: "db", value: Db): void;
}

/** Switches the request to the account's database. */
export async function enterAccount(c: RequestContext, accountId: string): Promise<void> {
  c.set("db", await databaseFor(c.env, accountId));
}

/**
 * Finds the account a key belongs to (`column = value` in `table`, any database) and switches the
 * request to its database; false when no account has the key (the request stays on the directory
 * database, where the same lookup then finds nothing either, as before).
 */
export async function enterAccountOf(
  c: RequestContext,
  table: SQLiteTable & { accountId: SQLiteColumn },
  column: SQLiteColumn,
  value: string,
): Promise<boolean> {
  const located = await locateAccount(c.env, table, column, value);
  if (located) c.set("db", located.db);
  return located !== null;
}
