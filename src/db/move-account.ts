import { is } from "drizzle-orm";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { auditInsert } from "./audit";
import { bindingFor, DatabaseMappingError, DIRECTORY_BINDING, databaseBindings, databaseByBinding, forgetDirectory } from "./databases";
import * as schema from "./schema";

// Moves an account whole from its database to another (docs/databases.md, Moving an account):
// clear what an interrupted run left in the target, copy every row, compare counts table by table,
// switch the directory in one statement, then delete the rows from the source. Until the switch the
// source is the account's only readable place; from it on, the target is. Run it again after any
// interruption: it picks up where the directory says the account is.

/** Rows copied per read, written in one batch. */
const PAGE = 500;

/**
 * The account's tables (every table with account_id, and accounts itself), parents before children
 * by their foreign keys: copy in this order, delete in reverse.
 */
export const ACCOUNT_TABLES: { name: string; accountColumn: string; key: string[] }[] = (() => {
  const configs = (Object.values(schema) as unknown[])
    .filter((value): value is SQLiteTable => is(value, SQLiteTable))
    .map((table) => getTableConfig(table))
    .filter(
      (config) =>
        config.name === "accounts" || (config.name !== "account_databases" && config.columns.some((c) => c.name === "account_id")),
    );
  const parents = new Map(
    configs.map((config) => [
      config.name,
      config.foreignKeys.map((fk) => getTableConfig(fk.reference().foreignTable).name).filter((name) => name !== config.name),
    ]),
  );
  const ordered: string[] = [];
  const visit = (name: string): void => {
    if (ordered.includes(name)) return;
    for (const parent of parents.get(name) ?? []) visit(parent);
    ordered.push(name);
  };
  for (const config of configs) visit(config.name);
  // Each table's key, to page and delete by: its primary key (messages has no rowid: it is a
  // WITHOUT ROWID table, migrations/0012), else the rowid of a table that declares none.
  const keyOf = (config: ReturnType<typeof getTableConfig>): string[] => {
    const single = config.columns.filter((column) => column.primary).map((column) => column.name);
    const composite = config.primaryKeys[0]?.columns.map((column) => column.name) ?? [];
    return single.length > 0 ? single : composite.length > 0 ? composite : ["rowid"];
  };
  const keys = new Map(configs.map((config) => [config.name, keyOf(config)]));
  return ordered
    .filter((name) => parents.has(name))
    .map((name) => ({ name, accountColumn: name === "accounts" ? "id" : "account_id", key: keys.get(name)! }));
})();

/** `"a", "b"`: a table's key columns, quoted, for a select list or an ORDER BY. */
const keyColumns = (key: string[]): string => key.map((column) => `"${column}"`).join(", ");

/** `("a", "b")`: a table's key as a row value, for comparisons and IN. */
const rowValue = (key: string[]): string => `(${keyColumns(key)})`;

export interface MoveResult {
  accountId: string;
  from: string;
  to: string;
  /** Rows per table that now live in `to` (only tables with rows). */
  rows: Record<string, number>;
  /** True when the account was already in `to` and only leftovers were cleared. */
  alreadyThere: boolean;
}

const countIn = async (d1: D1Database, table: string, column: string, accountId: string): Promise<number> =>
  (await d1.prepare(`SELECT count(*) AS n FROM "${table}" WHERE "${column}" = ?`).bind(accountId).first<{ n: number }>())?.n ?? 0;

async function counts(d1: D1Database, accountId: string): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const { name, accountColumn } of ACCOUNT_TABLES) result[name] = await countIn(d1, name, accountColumn, accountId);
  return result;
}

/** Deletes the account's rows from one database, children first, in bounded statements. */
async function deleteAccountRows(d1: D1Database, accountId: string): Promise<void> {
  for (const { name, accountColumn, key } of [...ACCOUNT_TABLES].reverse()) {
    for (;;) {
      const { meta } = await d1
        .prepare(
          `DELETE FROM "${name}" WHERE ${rowValue(key)} IN (SELECT ${keyColumns(key)} FROM "${name}" WHERE "${accountColumn}" = ? LIMIT 500)`,
        )
        .bind(accountId)
        .run();
      if (meta.changes === 0) break;
    }
  }
}

/** Copies the account's rows table by table, in pages by each table's key. */
async function copyAccountRows(source: D1Database, target: D1Database, accountId: string): Promise<void> {
  for (const { name, accountColumn, key } of ACCOUNT_TABLES) {
    // The key's columns under names of their own (rowid is no column of `*`).
    const keySelect = key.map((column, i) => `"${column}" AS "__key${i}"`).join(", ");
    let after: unknown[] | null = null;
    for (;;) {
      const from: string = after ? ` AND ${rowValue(key)} > (${key.map(() => "?").join(", ")})` : "";
      const { results }: D1Result<Record<string, unknown>> = await source
        .prepare(`SELECT ${keySelect}, * FROM "${name}" WHERE "${accountColumn}" = ?${from} ORDER BY ${keyColumns(key)} LIMIT ${PAGE}`)
        .bind(accountId, ...(after ?? []))
        .all<Record<string, unknown>>();
      if (results.length === 0) break;
      const last: Record<string, unknown> = results.at(-1)!;
      after = key.map((_, i): unknown => last[`__key${i}`]);
      // As many rows per statement as D1's 100 bound parameters allow: far fewer statements than rows.
      const columns = Object.keys(results[0]!).filter((column) => !column.startsWith("__key"));
      const perStatement = Math.max(1, Math.floor(100 / columns.length));
      const statements: D1PreparedStatement[] = [];
      for (let i = 0; i < results.length; i += perStatement) {
        const chunk = results.slice(i, i + perStatement);
        const values = chunk.map(() => `(${columns.map(() => "?").join(", ")})`).join(", ");
        statements.push(
          target
            .prepare(`INSERT INTO "${name}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${values}`)
            .bind(...chunk.flatMap((row) => columns.map((c) => row[c] ?? null))),
        );
      }
      await target.batch(statements).catch((error: unknown) => {
        throw new DatabaseMappingError(`copying ${name} failed: ${error instanceof Error ? error.message : "unknown"}`);
      });
    }
  }
}

/**
 * A database other than the directory keeps its own note of the accounts it holds in its (otherwise
 * unread) account_databases table: `databaseFor` refuses a database whose note names another one,
 * so an isolate whose cached directory still names the source after a move fails and reads the
 * directory again instead of reading a database being emptied.
 */
async function note(d1: D1Database, accountId: string, binding: string, now: number): Promise<void> {
  await d1
    .prepare(
      "INSERT INTO account_databases (account_id, binding, placed_at) VALUES (?, ?, ?) ON CONFLICT(account_id) DO UPDATE SET binding = excluded.binding, placed_at = excluded.placed_at",
    )
    .bind(accountId, binding, now)
    .run();
}

/** Moves the account to the database bound as `to`; see the file's head for the steps. */
export async function moveAccount(env: Env, accountId: string, to: string, now = Date.now()): Promise<MoveResult> {
  const bindings = databaseBindings(env);
  if (!bindings.includes(to)) throw new DatabaseMappingError(`no database bound as ${to} (bound: ${bindings.join(", ")})`);
  forgetDirectory();
  const from = await bindingFor(env, accountId);
  const raw = (binding: string): D1Database => databaseByBinding(env, binding).$client;
  const target = raw(to);

  if (from === to) {
    // Done before, perhaps interrupted after the switch: clear what is left anywhere else.
    for (const other of bindings) if (other !== to) await deleteAccountRows(raw(other), accountId);
    return { accountId, from, to, rows: await nonZero(target, accountId), alreadyThere: true };
  }

  const source = raw(from);
  // 1. Whatever an interrupted run copied is not trusted: start the target clean.
  await deleteAccountRows(target, accountId);
  // 2. Copy, 3. compare.
  await copyAccountRows(source, target, accountId);
  const [sourceCounts, targetCounts] = await Promise.all([counts(source, accountId), counts(target, accountId)]);
  const differ = ACCOUNT_TABLES.filter(({ name }) => sourceCounts[name] !== targetCounts[name]).map(({ name }) => name);
  if (differ.length > 0) {
    // The account changed while it was copied (or a copy went wrong): the source stays the account's place.
    await deleteAccountRows(target, accountId);
    throw new DatabaseMappingError(`counts differ after copying (${differ.join(", ")}); the account stays in ${from}; run the move again`);
  }
  if (to !== DIRECTORY_BINDING) await note(target, accountId, to, now);
  // The move is in the account's own audit log, which travels with it.
  await auditInsert(databaseByBinding(env, to), {
    accountId,
    actorKind: "system",
    actorId: null,
    action: "account.moved",
    targetType: "account",
    targetId: accountId,
    count: Object.values(targetCounts).reduce((a, b) => a + b, 0),
    now,
  });
  // 4. The switch: one statement, and only from where the account was.
  const switched = await raw(DIRECTORY_BINDING)
    .prepare("UPDATE account_databases SET binding = ?, placed_at = ? WHERE account_id = ? AND binding = ?")
    .bind(to, now, accountId, from)
    .run();
  if (switched.meta.changes !== 1) {
    await deleteAccountRows(target, accountId);
    throw new DatabaseMappingError(`the directory no longer names ${from} for the account; nothing switched`);
  }
  forgetDirectory();
  // 5. The source: first the note that it no longer holds the account, then its rows.
  if (from !== DIRECTORY_BINDING) await note(source, accountId, to, now);
  await deleteAccountRows(source, accountId);
  return { accountId, from, to, rows: await nonZero(target, accountId), alreadyThere: false };
}

async function nonZero(d1: D1Database, accountId: string): Promise<Record<string, number>> {
  return Object.fromEntries(Object.entries(await counts(d1, accountId)).filter(([, n]) => n > 0));
}
