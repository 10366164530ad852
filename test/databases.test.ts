import { createScheduledController, runDurableObjectAlarm, SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../src/crypto/encoding";
import { locateSession } from "../src/db/auth";
import { openDb } from "../src/db/client";
import { flushMessages, flushToAccountDatabase } from "../src/db/conversations";
import {
  DatabaseMappingError,
  databaseBindings,
  databaseFor,
  forgetDirectory,
  knownBinding,
  locateAccount,
  placementFor,
} from "../src/db/databases";
import { ACCOUNT_TABLES, moveAccount } from "../src/db/move-account";
import { sessions, widgets } from "../src/db/schema";
import worker from "../src/index";
import { meteredEnv } from "../src/platform/usage-meter";
import { BASE, login, noTraces, roomStub, SITE_ORIGIN, seedAccount, startChat, type TestAccount, tracesOf, visitorSocket } from "./helpers";
import { csvText, exportAs, parseCsv } from "./helpers/export";
import { flushedRow } from "./helpers/transcripts";
import { meterLines } from "./helpers/usage-meter";

// Two databases (DB, the directory, and DB_2): an account lives whole in the one the directory
// names, every query follows it, and a move takes every row along (docs/databases.md).

const databases = { DB: env.DB, DB_2: env.DB_2 } as const;

/** Rows of the account per table in one database (only tables with rows). */
async function rowsIn(d1: D1Database, accountId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { name, accountColumn } of ACCOUNT_TABLES) {
    const row = await d1.prepare(`SELECT count(*) AS n FROM "${name}" WHERE "${accountColumn}" = ?`).bind(accountId).first<{ n: number }>();
    if (row && row.n > 0) counts[name] = row.n;
  }
  return counts;
}

const directoryEntry = async (accountId: string) =>
  (await env.DB.prepare("SELECT binding FROM account_databases WHERE account_id = ?").bind(accountId).first<{ binding: string }>())
    ?.binding;

/** A chat with `count` visitor messages, flushed by the room to the account's database. */
async function chatWithMessages(siteKey: string, email: string, count = 3): Promise<string> {
  const chat = await startChat(siteKey, { consent: true, name: "Dora Database", email });
  const visitor = await visitorSocket(siteKey, chat.conversationId, chat.visitorToken);
  for (let i = 0; i < count; i++) visitor.send({ type: "message.send", clientId: `m${i}`, body: `message ${i}` });
  await visitor.until((s) => s.messages().length === count);
  await runDurableObjectAlarm(roomStub(chat.conversationId));
  visitor.close();
  return chat.conversationId;
}

const api = (cookie: string, path: string, init: RequestInit = {}) =>
  SELF.fetch(`${BASE}/api/v1${path}`, {
    ...init,
    headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie, ...(init.headers as Record<string, string>) },
  });

/** The conversation's message bodies, sorted (which arrived first is the room's business, tested elsewhere). */
async function messagesOf(cookie: string, conversationId: string): Promise<string[]> {
  const res = await api(cookie, `/conversations/${conversationId}/messages`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { body: string }[] }).items.map((m) => m.body).sort();
}

async function searchByEmail(cookie: string, email: string): Promise<string[]> {
  const res = await api(cookie, "/conversations/search", { method: "POST", body: JSON.stringify({ email }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { id: string }[] }).items.map((c) => c.id);
}

const uniqueEmail = () => `dora-${crypto.randomUUID().slice(0, 8)}@example.org`;

describe("the directory", () => {
  it("binds DB and DB_2, and places new accounts where NEW_ACCOUNTS_DATABASE says, else on the database with the fewest", async () => {
    expect(databaseBindings(env)).toEqual(["DB", "DB_2"]);
    expect(await placementFor({ ...env, NEW_ACCOUNTS_DATABASE: "DB_2" } as Env)).toBe("DB_2");
    await expect(placementFor({ ...env, NEW_ACCOUNTS_DATABASE: "DB_9" } as Env)).rejects.toThrow(DatabaseMappingError);
    const { results } = await env.DB.prepare("SELECT binding, count(*) AS n FROM account_databases GROUP BY binding").all<{
      binding: string;
      n: number;
    }>();
    const load = Object.fromEntries(results.map((r) => [r.binding, r.n]));
    const fewest = (load.DB_2 ?? 0) < (load.DB ?? 0) ? "DB_2" : "DB";
    expect(await placementFor({ ...env, NEW_ACCOUNTS_DATABASE: "" } as Env)).toBe(fewest);
  });

  it("fails loudly, never an empty answer, when the directory names a database that does not hold the account", async () => {
    const account = await seedAccount({}, "DB");
    const cookie = await login(account.adminEmail);
    await env.DB.prepare("UPDATE account_databases SET binding = 'DB_2' WHERE account_id = ?").bind(account.accountId).run();
    forgetDirectory();
    await expect(databaseFor(env, account.accountId)).rejects.toThrow(DatabaseMappingError);
    const res = await api(cookie, "/conversations");
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: { code: "internal_error" } });
    // An account the directory does not know at all is the same error.
    await expect(databaseFor(env, crypto.randomUUID())).rejects.toThrow(DatabaseMappingError);
    await env.DB.prepare("UPDATE account_databases SET binding = 'DB' WHERE account_id = ?").bind(account.accountId).run();
    expect((await api(cookie, "/conversations")).status).toBe(200);
  });
});

/** The D1 statements run while `run` ran, through the usage meter. */
const statementsOf = async (run: () => Promise<unknown>): Promise<string[]> =>
  (await meterLines(run)).flatMap((record) => (record.k === "d1" ? [record.sql] : []));

describe("finding an account's database", () => {
  // Every request without an account id starts with such a lookup: each round trip more is paid by
  // every authenticated request and every widget call (issue: search within 1.5× of plaintext).
  it.each(["DB", "DB_2"] as const)("costs one statement per database once the directory is known (account on %s)", async (binding) => {
    const account = await seedAccount({}, binding);
    const cookie = await login(account.adminEmail);
    const sessionId = await sha256Hex(cookie.slice(cookie.indexOf("=") + 1));
    const metered = meteredEnv({ ...env, USAGE_METER: "1" } as Env);
    const now = Date.now();
    // The directory's answer is read once per isolate and account, then kept.
    await locateSession(metered, sessionId, now, { activity: false });

    let found: Awaited<ReturnType<typeof locateSession>> | undefined;
    const sessionStatements = await statementsOf(async () => {
      found = await locateSession(metered, sessionId, now, { activity: false });
    });
    expect(found?.found).toMatchObject({ status: "active", principal: { account: { id: account.accountId } } });
    expect(sessionStatements).toHaveLength(databaseBindings(env).length);
    expect(sessionStatements.every((sql) => sql.startsWith('select "sessions"'))).toBe(true);

    let located: Awaited<ReturnType<typeof locateAccount>> | undefined;
    const widgetStatements = await statementsOf(async () => {
      located = await locateAccount(metered, widgets, widgets.siteKey, account.siteKey);
    });
    expect(located?.accountId).toBe(account.accountId);
    expect(widgetStatements).toHaveLength(databaseBindings(env).length);
    // The account's rows are where the directory says: its session is found through that database.
    const onIt = await located?.db.select({ id: sessions.id }).from(sessions).all();
    expect(onIt?.some((row) => row.id === sessionId)).toBe(true);
  });
});

describe("a room's flush", () => {
  it.each(["DB", "DB_2"] as const)(
    "is one batch once the directory is known: writes and their check, no lookup (account on %s)",
    async (binding) => {
      const account = await seedAccount({}, binding);
      const chat = await startChat(account.siteKey, { consent: true });
      const metered = meteredEnv({ ...env, USAGE_METER: "1" } as Env);
      const row = (seq: number) => flushedRow(account.accountId, chat.conversationId, seq);
      await flushToAccountDatabase(metered, account.accountId, chat.conversationId, [row(1)]);
      let outcome: string | undefined;
      const statements = await statementsOf(async () => {
        outcome = await flushToAccountDatabase(metered, account.accountId, chat.conversationId, [row(2), row(3)]);
      });
      expect(outcome).toBe("written");
      expect(statements.map((sql) => sql.split(" ").slice(0, 3).join(" "))).toEqual([
        'update "conversations" set',
        'insert into "messages"',
        'insert into "messages"',
        "select exists (select",
      ]);
      const stored = await databases[binding]
        .prepare("SELECT count(*) AS n FROM messages WHERE conversation_id = ?")
        .bind(chat.conversationId)
        .first<{ n: number }>();
      expect(stored?.n).toBe(3);
    },
  );

  it("writes nothing where the database does not hold the conversation for the binding it names", async () => {
    const account = await seedAccount({}, "DB");
    const chat = await startChat(account.siteKey, { consent: true });
    const rows = [flushedRow(account.accountId, chat.conversationId, 1)];
    // DB holds it for DB, not for DB_2 (the directory there names DB); DB_2 has no such conversation.
    expect(await flushMessages(openDb(env.DB), "DB_2", account.accountId, chat.conversationId, rows)).toBe("not held");
    expect(await flushMessages(openDb(env.DB_2), "DB_2", account.accountId, chat.conversationId, rows)).toBe("conversation gone");
    expect((await tracesOf(chat.conversationId)).d1.messages ?? []).toHaveLength(0);
    expect(await flushMessages(openDb(env.DB), "DB", account.accountId, chat.conversationId, rows)).toBe("written");
    expect((await tracesOf(chat.conversationId)).d1.messages).toHaveLength(1);
  });
});

describe("an account on DB_2", () => {
  it("works end to end (sign-in, widget, room, search, export, erasure) and nothing of it lands in DB", async () => {
    const account = await seedAccount({}, "DB_2");
    expect(await directoryEntry(account.accountId)).toBe("DB_2");
    const cookie = await login(account.adminEmail);
    const email = uniqueEmail();
    const id = await chatWithMessages(account.siteKey, email);
    const keep = await chatWithMessages(account.siteKey, uniqueEmail(), 2);

    expect(await messagesOf(cookie, id)).toEqual(["message 0", "message 1", "message 2"]);
    expect(await searchByEmail(cookie, email)).toEqual([id]);
    const exported = await exportAs(cookie, { format: "csv", conversationIds: [id] });
    expect(exported.status).toBe(200);
    expect(parseCsv(await csvText(exported), ",", true)).toHaveLength(4);

    const erased = await api(cookie, "/data-subject/erase", { method: "POST", body: JSON.stringify({ email }) });
    expect(erased.status).toBe(200);
    expect(await tracesOf(id)).toEqual(noTraces);
    expect(await messagesOf(cookie, keep)).toEqual(["message 0", "message 1"]);

    expect(await rowsIn(env.DB, account.accountId)).toEqual({});
    const inSecond = await rowsIn(env.DB_2, account.accountId);
    expect(inSecond).toMatchObject({ accounts: 1, operators: 1, sessions: 1, widgets: 1, conversations: 1, messages: 2 });
    expect(inSecond.audit_log).toBeGreaterThan(0);
  });

  it("is swept by the cron like one on DB: retention erases in both databases", async () => {
    const first = await seedAccount({}, "DB");
    const second = await seedAccount({}, "DB_2");
    const ids: string[] = [];
    for (const account of [first, second]) {
      const d1 = databases[(await directoryEntry(account.accountId)) as keyof typeof databases];
      await d1.prepare("UPDATE accounts SET retention_months = 3 WHERE id = ?").bind(account.accountId).run();
      const id = await chatWithMessages(account.siteKey, uniqueEmail(), 1);
      await d1
        .prepare("UPDATE conversations SET status = 'closed', last_message_at = ? WHERE id = ?")
        .bind(Date.UTC(2026, 0, 15, 12), id)
        .run();
      ids.push(id);
    }
    const run = (at: number) => worker.scheduled(createScheduledController({ scheduledTime: at, cron: "17 * * * *" }), env);
    await run(Date.UTC(2026, 3, 15, 11, 59));
    for (const id of ids) expect((await tracesOf(id)).d1.conversations).toHaveLength(1);
    await run(Date.UTC(2026, 3, 15, 12, 1));
    for (const id of ids) expect(await tracesOf(id)).toEqual(noTraces);
  });
});

describe("moving an account", () => {
  async function accountWithChats(): Promise<{ account: TestAccount; cookie: string; chats: string[]; email: string }> {
    const account = await seedAccount({}, "DB");
    const cookie = await login(account.adminEmail);
    const email = uniqueEmail();
    const chats = [await chatWithMessages(account.siteKey, email), await chatWithMessages(account.siteKey, uniqueEmail(), 2)];
    return { account, cookie, chats, email };
  }

  it("from DB to DB_2 keeps every conversation and message readable, the room flushes to DB_2, and leaves nothing behind", async () => {
    const { account, cookie, chats, email } = await accountWithChats();
    // A live room with a message not yet flushed when the move runs.
    const live = await startChat(account.siteKey, { consent: true });
    const visitor = await visitorSocket(account.siteKey, live.conversationId, live.visitorToken);
    visitor.send({ type: "message.send", clientId: "late", body: "sent before the move" });
    await visitor.until((s) => s.messages().length === 1);
    const before = await rowsIn(env.DB, account.accountId);

    const result = await moveAccount(env, account.accountId, "DB_2");
    expect(result).toMatchObject({ from: "DB", to: "DB_2", alreadyThere: false });
    expect(await directoryEntry(account.accountId)).toBe("DB_2");
    expect(await rowsIn(env.DB, account.accountId)).toEqual({});
    // Every row came along, and the move's own audit entry with them.
    expect(await rowsIn(env.DB_2, account.accountId)).toEqual({ ...before, audit_log: (before.audit_log ?? 0) + 1 });
    const moved = await env.DB_2.prepare("SELECT count(*) AS n FROM audit_log WHERE account_id = ? AND action = 'account.moved'")
      .bind(account.accountId)
      .first<{ n: number }>();
    expect(moved?.n).toBe(1);

    // The same session, the same conversations, now read from DB_2.
    expect(await messagesOf(cookie, chats[0]!)).toEqual(["message 0", "message 1", "message 2"]);
    expect(await messagesOf(cookie, chats[1]!)).toEqual(["message 0", "message 1"]);
    expect(await searchByEmail(cookie, email)).toEqual([chats[0]]);
    // The live room flushes what it held to the account's new database.
    await runDurableObjectAlarm(roomStub(live.conversationId));
    expect(await messagesOf(cookie, live.conversationId)).toEqual(["sent before the move"]);
    expect((await tracesOf(live.conversationId)).d1.messages).toHaveLength(1);
    visitor.close();
    expect(await rowsIn(env.DB, account.accountId)).toEqual({});

    // Running it again changes nothing; a way back works the same.
    expect(await moveAccount(env, account.accountId, "DB_2")).toMatchObject({ alreadyThere: true });
    expect(await moveAccount(env, account.accountId, "DB")).toMatchObject({ from: "DB_2", to: "DB", alreadyThere: false });
    expect(await rowsIn(env.DB_2, account.accountId)).toEqual({});
    expect(await messagesOf(cookie, chats[0]!)).toEqual(["message 0", "message 1", "message 2"]);
  });

  it("interrupted before the switch: the account stays readable in DB only, and the move runs again from the start", async () => {
    const { account, cookie, chats } = await accountWithChats();
    // What a copy cut short leaves: some of the account's rows in the target.
    const row = await env.DB.prepare("SELECT * FROM accounts WHERE id = ?").bind(account.accountId).first<Record<string, unknown>>();
    const columns = Object.keys(row!);
    await env.DB_2.prepare(`INSERT INTO accounts (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`)
      .bind(...columns.map((c) => row![c]))
      .run();
    expect(await directoryEntry(account.accountId)).toBe("DB");
    expect(await messagesOf(cookie, chats[0]!)).toHaveLength(3);
    const before = await rowsIn(env.DB, account.accountId);
    await moveAccount(env, account.accountId, "DB_2");
    expect(await rowsIn(env.DB_2, account.accountId)).toEqual({ ...before, audit_log: (before.audit_log ?? 0) + 1 });
    expect(await rowsIn(env.DB, account.accountId)).toEqual({});
    expect(await messagesOf(cookie, chats[0]!)).toHaveLength(3);
  });

  it("interrupted after the switch: DB_2 serves the account, and running the move again clears what DB still held", async () => {
    const { account, cookie, chats } = await accountWithChats();
    await moveAccount(env, account.accountId, "DB_2");
    // What a deletion cut short leaves in the source (it deletes children first, the account's row last).
    const row = await env.DB_2.prepare("SELECT * FROM accounts WHERE id = ?").bind(account.accountId).first<Record<string, unknown>>();
    const columns = Object.keys(row!);
    await env.DB.prepare(`INSERT INTO accounts (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`)
      .bind(...columns.map((c) => row![c]))
      .run();
    expect(await rowsIn(env.DB, account.accountId)).toEqual({ accounts: 1 });
    expect(await messagesOf(cookie, chats[1]!)).toHaveLength(2);
    expect(await moveAccount(env, account.accountId, "DB_2")).toMatchObject({ alreadyThere: true });
    expect(await rowsIn(env.DB, account.accountId)).toEqual({});
    expect(await messagesOf(cookie, chats[0]!)).toHaveLength(3);
  });

  it("reaches a room whose isolate still names the old database: its flush writes nothing there and goes to the new one", async () => {
    const account = await seedAccount({}, "DB");
    const live = await startChat(account.siteKey, { consent: true });
    const visitor = await visitorSocket(account.siteKey, live.conversationId, live.visitorToken);
    visitor.send({ type: "message.send", clientId: "first", body: "flushed to DB" });
    await visitor.until((s) => s.messages().length === 1);
    await moveAccount(env, account.accountId, "DB_2");
    // As an isolate that heard "DB" before another one moved the account: its answer is kept
    // unchecked (knownBinding), as a room's flush keeps it.
    const setDirectory = (binding: string) =>
      env.DB.prepare("UPDATE account_databases SET binding = ? WHERE account_id = ?").bind(binding, account.accountId).run();
    await setDirectory("DB");
    expect(await knownBinding(env, account.accountId)).toBe("DB");
    await setDirectory("DB_2");
    expect(await knownBinding(env, account.accountId)).toBe("DB");

    visitor.send({ type: "message.send", clientId: "second", body: "sent after the move" });
    await visitor.until((s) => s.messages().length === 2);
    await runDurableObjectAlarm(roomStub(live.conversationId));
    const inDb2 = await env.DB_2.prepare("SELECT client_id FROM messages WHERE conversation_id = ? ORDER BY seq")
      .bind(live.conversationId)
      .all<{ client_id: string }>();
    expect(inDb2.results.map((row) => row.client_id)).toEqual(["first", "second"]);
    expect(await rowsIn(env.DB, account.accountId)).toEqual({});
    expect(await knownBinding(env, account.accountId)).toBe("DB_2");
    visitor.close();
  });

  it("refuses a database this worker does not bind", async () => {
    const account = await seedAccount({}, "DB");
    await expect(moveAccount(env, account.accountId, "DB_7")).rejects.toThrow(DatabaseMappingError);
    expect(await directoryEntry(account.accountId)).toBe("DB");
  });
});

// The widget's origin check is per account: a widget on DB_2 answers its own site only.
describe("widget lookups on DB_2", () => {
  it("finds the site key in DB_2 and keeps refusing other origins", async () => {
    const account = await seedAccount({}, "DB_2");
    const res = await SELF.fetch(`${BASE}/w/${account.siteKey}/config`, { headers: { Origin: "https://elsewhere.example" } });
    expect(res.status).toBe(403);
    const own = await SELF.fetch(`${BASE}/w/${account.siteKey}/config`, { headers: { Origin: SITE_ORIGIN } });
    expect(own.status).toBe(200);
  });
});
