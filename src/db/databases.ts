import { eq, sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { type Db, openDb } from "./client";
import { accountDatabases, accounts } from "./schema";

// Beyond one D1 database (docs/databases.md). Every account lives whole in exactly one database:
// the binding the directory (account_databases in the directory database, binding DB) names for
// it. `databaseFor` is the only way to an account's rows; nothing else picks a binding. Lookups
// that arrive without an account (a session cookie, a site key, an email) find it with
// `locateAccount`, which asks every database and then goes through `databaseFor` too.

/** The directory database: account_databases, and the rows of accounts placed on it. */
export const DIRECTORY_BINDING = "DB";

/** Further databases are bound as DB_2, DB_3, … (wrangler.toml's [[d1_databases]]). */
const DATA_BINDING = /^DB_[0-9]+$/;

/** A directory or mapping that does not add up: answered 500 and logged, never served from an empty database. */
export class DatabaseMappingError extends Error {
  override name = "DatabaseMappingError";
}

type DatabaseEnv = Record<string, unknown> & { DB: D1Database };
const asBindings = (env: Env): DatabaseEnv => env as unknown as DatabaseEnv;

/** Every database binding of this worker: DB first, then DB_2, DB_3, … in order. */
export function databaseBindings(env: Env): string[] {
  const bound = asBindings(env);
  const data = Object.keys(bound)
    .filter((name) => DATA_BINDING.test(name) && bound[name] !== undefined)
    .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
  return [DIRECTORY_BINDING, ...data];
}

/** The database behind a binding name; an unknown name throws (a directory naming a database this worker lacks). */
function bindingDb(env: Env, binding: string): Db {
  const d1 = asBindings(env)[binding] as D1Database | undefined;
  if ((binding !== DIRECTORY_BINDING && !DATA_BINDING.test(binding)) || !d1)
    throw new DatabaseMappingError(`no database bound as ${binding}`);
  return openDb(d1);
}

/** The directory database, for what belongs to no account (rate limits, sign-in throttles, spent challenges, the directory). */
export const directoryDb = (env: Env): Db => bindingDb(env, DIRECTORY_BINDING);

/** Every database, for work that spans them all (the cron's sweep and outbox). */
export const everyDatabase = (env: Env): { binding: string; db: Db }[] =>
  databaseBindings(env).map((binding) => ({ binding, db: bindingDb(env, binding) }));

// The directory's answers, per account, kept per isolate and asked again only when an answer turns
// out not to hold the account (after a move in another isolate). One row per account asked about,
// never the whole table: an isolate serves a few accounts, the directory may list very many.
const directory = new Map<string, Promise<string | undefined>>();
/** Past this many accounts the answers are dropped and asked again as needed (bounded memory). */
const DIRECTORY_CACHE_LIMIT = 10_000;

async function readBinding(env: Env, accountId: string): Promise<string | undefined> {
  const row = await directoryDb(env)
    .select({ binding: accountDatabases.binding })
    .from(accountDatabases)
    .where(eq(accountDatabases.accountId, accountId))
    .get();
  return row?.binding;
}

/** Forgets the directory's answers (after placing or moving an account in this isolate). */
export function forgetDirectory(): void {
  directory.clear();
}

async function directoryBinding(env: Env, accountId: string, fresh: boolean): Promise<string | undefined> {
  let answer = fresh ? undefined : directory.get(accountId);
  if (!answer) {
    if (directory.size >= DIRECTORY_CACHE_LIMIT) directory.clear();
    answer = readBinding(env, accountId);
    directory.set(accountId, answer);
    answer.then(
      (binding) => binding === undefined && directory.delete(accountId),
      () => directory.delete(accountId),
    );
  }
  return answer;
}

/**
 * The binding this isolate last heard the directory name for the account, unchecked (no round trip
 * once known): only for writes that check, in their own statements, that the database holds what
 * they write (src/db/conversations.ts flushMessages), and go through `bindingFor` when it does not.
 */
export const knownBinding = (env: Env, accountId: string): Promise<string | undefined> => directoryBinding(env, accountId, false);

/**
 * Whether the database bound as `binding` holds the account: its row is there, and the database's
 * own account_databases, if it has a row for the account, names this binding (in DB that row is
 * the directory; in another database it is the note a move leaves, src/db/move-account.ts).
 */
async function holdsAccount(db: Db, binding: string, accountId: string): Promise<boolean> {
  const row = await db
    .select({ id: accounts.id, noted: accountDatabases.binding })
    .from(accounts)
    .leftJoin(accountDatabases, eq(accountDatabases.accountId, accounts.id))
    .where(eq(accounts.id, accountId))
    .get();
  return row !== undefined && (row.noted === null || row.noted === binding);
}

/** Whether a database's rows show it holds the account: its row is there, and its own note, if any, names this binding (see holdsAccount). */
const heldBy = (binding: string, hit: { hasAccount: boolean; noted: string | null }): boolean =>
  hit.hasAccount && (hit.noted === null || hit.noted === binding);

/**
 * The binding that holds the account. The cached directory is trusted only once the database it
 * names is seen to hold the account's row; otherwise the directory is read again, and if it still
 * names a database without the account, that is an error: never an empty answer from the wrong
 * database. `seen`: what a lookup just read along with its row (binding → holds), so that check
 * costs no further round trip for those databases.
 */
export async function bindingFor(env: Env, accountId: string, seen?: ReadonlyMap<string, boolean>): Promise<string> {
  for (const fresh of [false, true]) {
    const binding = await directoryBinding(env, accountId, fresh);
    if (binding && (seen?.get(binding) ?? (await holdsAccount(bindingDb(env, binding), binding, accountId)))) return binding;
  }
  throw new DatabaseMappingError(`account ${accountId} is not in the database the directory names`);
}

/** THE way to an account's rows: the database that holds the account. */
export async function databaseFor(env: Env, accountId: string): Promise<Db> {
  return bindingDb(env, await bindingFor(env, accountId));
}

/**
 * What a lookup in one database found: the row, its account, and in the same statement whether
 * that database holds the account (`hasAccount`: the accounts row is there; `noted`: its
 * account_databases row's binding, if any). Reading both at once spares `bindingFor` its check.
 */
export interface AccountHit<R> {
  accountId: string;
  hasAccount: boolean;
  noted: string | null;
  row: R;
}

/**
 * Runs `lookup` in every database at once and returns its row from the database that holds the
 * account (row null when the key is not there, e.g. mid-move), or null when no database has it.
 * One round trip when the directory's answer for the account is cached. The same key in two
 * accounts of different databases is an error (keys are unique within a database; creation
 * checks the others, see `keyTakenAnywhere`). While a move copies an account, both databases hold
 * its rows: the same account, so the directory decides.
 */
export async function locateRow<R>(
  env: Env,
  lookup: (db: Db) => Promise<AccountHit<R> | undefined>,
): Promise<{ accountId: string; db: Db; row: R | null } | null> {
  const hits = (await Promise.all(everyDatabase(env).map(async ({ binding, db }) => ({ binding, hit: await lookup(db) })))).filter(
    (found): found is { binding: string; hit: AccountHit<R> } => found.hit !== undefined,
  );
  const accountIds = [...new Set(hits.map(({ hit }) => hit.accountId))];
  if (accountIds.length === 0) return null;
  if (accountIds.length > 1) throw new DatabaseMappingError(`one key in ${accountIds.length} accounts of different databases`);
  const accountId = accountIds[0]!;
  const binding = await bindingFor(env, accountId, new Map(hits.map(({ binding, hit }) => [binding, heldBy(binding, hit)])));
  return { accountId, db: bindingDb(env, binding), row: hits.find((found) => found.binding === binding)?.hit.row ?? null };
}

/**
 * Finds the account a key belongs to when a request brings no account (a session, an API token,
 * an email, a site key, a passkey, an SSO domain): `column = value` in `table`, in any database;
 * the account and its database, or null.
 */
export async function locateAccount(
  env: Env,
  table: SQLiteTable & { accountId: SQLiteColumn },
  column: SQLiteColumn,
  value: string,
): Promise<{ accountId: string; db: Db } | null> {
  const located = await locateRow(env, (db) =>
    db
      .select({ accountId: table.accountId, account: accounts.id, noted: accountDatabases.binding })
      .from(table)
      .leftJoin(accounts, eq(accounts.id, table.accountId))
      .leftJoin(accountDatabases, eq(accountDatabases.accountId, table.accountId))
      .where(eq(column, value))
      .get()
      .then((row) => row && { accountId: row.accountId as string, hasAccount: row.account !== null, noted: row.noted, row: null }),
  );
  return located && { accountId: located.accountId, db: located.db };
}

/** Whether any database already holds `column = value` (emails and site keys are unique across all of them). */
export async function keyTakenAnywhere(env: Env, table: SQLiteTable, column: SQLiteColumn, value: string): Promise<boolean> {
  const found = await Promise.all(
    everyDatabase(env).map(({ db }) => db.select({ one: sql<number>`1` }).from(table).where(eq(column, value)).get()),
  );
  return found.some((row) => row !== undefined);
}

/**
 * Where a new account goes: NEW_ACCOUNTS_DATABASE when set (it must be bound), else the database
 * with the fewest accounts in the directory (DB on ties, so a single-database deployment never
 * needs to configure anything).
 */
export async function placementFor(env: Env): Promise<string> {
  const configured = (env as { NEW_ACCOUNTS_DATABASE?: string }).NEW_ACCOUNTS_DATABASE;
  const bindings = databaseBindings(env);
  if (configured) {
    if (!bindings.includes(configured)) throw new DatabaseMappingError(`NEW_ACCOUNTS_DATABASE names ${configured}, which is not bound`);
    return configured;
  }
  if (bindings.length === 1) return DIRECTORY_BINDING;
  const counts = await directoryDb(env)
    .select({ binding: accountDatabases.binding, count: sql<number>`count(*)` })
    .from(accountDatabases)
    .groupBy(accountDatabases.binding)
    .all();
  const load = new Map(counts.map((row) => [row.binding, row.count]));
  return bindings.reduce((best, binding) => ((load.get(binding) ?? 0) < (load.get(best) ?? 0) ? binding : best));
}

/**
 * Creates an account where the placement rule says: `create` writes the account's rows into the
 * database it is given, then the directory records it. Until then no lookup reaches the new rows
 * (a directory miss is an error), so a failed creation leaves nothing anyone can reach.
 */
export async function createPlacedAccount<T extends { accountId: string }>(
  env: Env,
  create: (db: Db) => Promise<T>,
  now: number,
  binding?: string,
): Promise<T & { binding: string }> {
  const target = binding ?? (await placementFor(env));
  const created = await create(bindingDb(env, target));
  await directoryDb(env).insert(accountDatabases).values({ accountId: created.accountId, binding: target, placedAt: now });
  forgetDirectory();
  return { ...created, binding: target };
}

/** Opens a binding by name for the move command (src/db/move-account.ts) only. */
export const databaseByBinding = bindingDb;
