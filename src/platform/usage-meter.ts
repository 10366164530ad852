// The usage meter of the cost benchmark (bench/cost.mjs; bench/README.md, "How the cost benchmark
// counts"). Off unless the worker variable USAGE_METER is "1", which only the benchmark sets: off,
// every function here returns its input untouched. On, it logs one line per operation Cloudflare
// bills that only the server sees, and the benchmark sums the lines from wrangler's output (per
// line, because counters would live per isolate and per object, and hibernation drops them):
// D1 rows read and written (each result's meta), R2, KV and Queues calls, the rows the objects' own SQLite storage read and
// wrote (each cursor's rowsRead / rowsWritten), Durable Object requests (calls on stubs) and the
// wall time of each object's handlers. Lines carry statement text and counts, never bound values.

import { databaseBindings } from "../db/databases";

export const USAGE_METER_PREFIX = "usage-meter ";

interface MeterEnv {
  USAGE_METER?: string;
}

const meterOn = (env: MeterEnv): boolean => env.USAGE_METER === "1";

/** One line of the meter (the benchmark parses these). */
export type UsageRecord =
  | { k: "d1"; sql: string; read: number; written: number; rerun?: true }
  | { k: "sql"; object: string; sql: string; read: number; written: number }
  | { k: "call"; binding: string; method: string; ms: number }
  | { k: "event"; object: string; handler: string; ms: number }
  /** An instance was made: the object's first event, or its first after hibernation or eviction. */
  | { k: "construct"; object: string }
  | { k: "op"; binding: string; method: string };

function emit(record: UsageRecord): void {
  console.log(USAGE_METER_PREFIX + JSON.stringify(record));
}

/** Statement text as a label: whitespace folded, so one statement is one line of the breakdown. */
const label = (sql: string): string => sql.replace(/\s+/g, " ").trim().slice(0, 400);

/** `env` with D1 and the Durable Object namespaces metered when USAGE_METER is "1"; else `env` itself. */
export function meteredEnv(env: Env): Env {
  if (!meterOn(env)) return env;
  // Every D1 binding: DB and the further databases accounts may live in (src/db/databases.ts).
  const bound = env as unknown as Record<string, D1Database>;
  const databases = Object.fromEntries(databaseBindings(env).map((name) => [name, meteredD1(bound[name]!)]));
  return {
    ...env,
    ...databases,
    CONVERSATIONS: meteredNamespace(env.CONVERSATIONS, "CONVERSATIONS"),
    INBOXES: meteredNamespace(env.INBOXES, "INBOXES"),
    ATTACHMENTS: meteredOperations(env.ATTACHMENTS, "ATTACHMENTS"),
    ERASURES: meteredOperations(env.ERASURES, "ERASURES"),
    WEBHOOKS: meteredOperations(env.WEBHOOKS, "WEBHOOKS"),
  };
}

/** R2, KV and Queues bill per call (by kind: an R2 put is class A, a get class B): one line per call. */
function meteredOperations<B extends object>(binding: B, name: string): B {
  return new Proxy(binding, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== "function" || typeof property === "symbol") return value;
      return (...args: unknown[]) => {
        emit({ k: "op", binding: name, method: property });
        return Reflect.apply(value, target, args);
      };
    },
  });
}

const statementSql = new WeakMap<D1PreparedStatement, string>();

function countD1(sql: string, result: D1Result, rerun = false): void {
  emit({ k: "d1", sql: label(sql), read: result.meta.rows_read ?? 0, written: result.meta.rows_written ?? 0, ...(rerun ? { rerun } : {}) });
}

/**
 * D1 with every result's rows counted. drizzle runs selects with fields through `raw()`, whose
 * result has no meta: a read-only statement (select, with) is run a second time through `all()` for
 * its meta only (`rerun` on the line); a write with `returning` runs once through `all()`, its rows
 * turned into arrays in column order, as drizzle itself does with batch results.
 */
function meteredD1(d1: D1Database): D1Database {
  const meterStatement = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement => {
    // Own properties over the real statement (not a Proxy): D1's batch reads the statement's
    // private fields, which a Proxy would hide.
    const { bind, run, all, raw } = stmt;
    statementSql.set(stmt, sql);
    return Object.assign(stmt, {
      bind: (...values: unknown[]) => meterStatement(bind.apply(stmt, values), sql),
      run: async () => {
        const result = await run.call(stmt);
        countD1(sql, result);
        return result;
      },
      all: async () => {
        const result = await all.call(stmt);
        countD1(sql, result);
        return result;
      },
      raw: async (options?: { columnNames?: boolean }) => {
        if (/^\s*(select|with)\b/i.test(sql)) {
          const rows = await (raw as (options?: { columnNames?: boolean }) => Promise<unknown[]>).call(stmt, options);
          countD1(sql, await all.call(stmt), true);
          return rows;
        }
        const result = await all.call(stmt);
        countD1(sql, result);
        const rows = result.results.map((row) => Object.values(row as Record<string, unknown>));
        return options?.columnNames ? [Object.keys(result.results[0] ?? {}), ...rows] : rows;
      },
    });
  };
  const metered: Pick<D1Database, "prepare" | "batch" | "exec" | "dump" | "withSession"> = {
    prepare: (query) => meterStatement(d1.prepare(query), query),
    batch: async <T = unknown>(statements: D1PreparedStatement[]) => {
      const results = await d1.batch<T>(statements);
      for (const [i, result] of results.entries()) countD1(statementSql.get(statements[i]!) ?? "(unknown)", result);
      return results;
    },
    exec: (query) => d1.exec(query),
    dump: () => d1.dump(),
    withSession: (constraint) => d1.withSession(constraint),
  };
  return metered as D1Database;
}

// Properties of a stub that are not calls into the object.
const STUB_PROPERTIES = new Set(["id", "name", "then", "toString", "toJSON"]);

/** Each call on a stub of `namespace` is one Durable Object request (an RPC session or a fetch). */
function meteredNamespace<T extends Rpc.DurableObjectBranded | undefined>(
  namespace: DurableObjectNamespace<T>,
  binding: string,
): DurableObjectNamespace<T> {
  return new Proxy(namespace, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== "function") return value;
      if (property === "get" || property === "getByName")
        return (...args: unknown[]) => meteredStub(Reflect.apply(value, target, args) as DurableObjectStub<T>, binding);
      if (property === "jurisdiction") return (...args: unknown[]) => meteredNamespace(Reflect.apply(value, target, args), binding);
      return value.bind(target);
    },
  });
}

function meteredStub<S extends object>(stub: S, binding: string): S {
  return new Proxy(stub, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof property === "symbol" || STUB_PROPERTIES.has(property) || typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const started = Date.now();
        const result: unknown = Reflect.apply(value, target, args);
        const done = () => emit({ k: "call", binding, method: property, ms: Date.now() - started });
        Promise.resolve(result).then(done, done);
        return result;
      };
    },
  });
}

const HANDLERS = ["fetch", "alarm", "webSocketMessage", "webSocketClose"] as const;

/**
 * Meters a Durable Object from its constructor (`name`: its class; the bundle is minified): the rows of every statement on its SQLite storage,
 * and the wall time of each handler (Date.now() in workerd moves only across I/O, so this is the
 * time the object waited on storage, D1 and other objects, not its CPU time).
 */
export function meterDurableObject(object: object, ctx: DurableObjectState, env: MeterEnv, name: string): void {
  if (!meterOn(env)) return;
  emit({ k: "construct", object: name });
  meterSqlStorage(ctx.storage.sql, name);
  const handlers = object as Record<string, unknown>;
  for (const handler of HANDLERS) {
    const original = handlers[handler];
    if (typeof original !== "function") continue;
    handlers[handler] = async (...args: unknown[]) => {
      const started = Date.now();
      try {
        return await Reflect.apply(original, object, args);
      } finally {
        emit({ k: "event", object: name, handler, ms: Date.now() - started });
      }
    };
  }
}

/**
 * Counts each cursor's rows once the code that opened it is done with it: callers read a cursor
 * to the end in the same synchronous turn (toArray, one, rowsWritten), so a microtask later its
 * counts are final.
 */
export function meterSqlStorage(sql: SqlStorage, object: string): void {
  const exec = sql.exec.bind(sql);
  sql.exec = ((query: string, ...bindings: unknown[]) => {
    const cursor = exec(query, ...bindings);
    queueMicrotask(() => emit({ k: "sql", object, sql: label(query), read: cursor.rowsRead, written: cursor.rowsWritten }));
    return cursor;
  }) as SqlStorage["exec"];
}
