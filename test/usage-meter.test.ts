import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openDb } from "../src/db/client";
import { flushMessages } from "../src/db/conversations";
import { conversations } from "../src/db/schema";
import { meterDurableObject, meteredEnv } from "../src/platform/usage-meter";
import { seedAccount, startChat } from "./helpers";
import { flushedRow } from "./helpers/transcripts";
import { meterLines } from "./helpers/usage-meter";

async function conversation() {
  // On DB, which the tests below meter directly.
  const account = await seedAccount({}, "DB");
  const chat = await startChat(account.siteKey);
  return { accountId: account.accountId, conversationId: chat.conversationId };
}

afterEach(() => vi.restoreAllMocks());

describe("usage meter (bench/cost.mjs)", () => {
  it("counts the rows a room's flush writes to D1 when USAGE_METER is 1", async () => {
    const { accountId, conversationId } = await conversation();
    const db = openDb(meteredEnv({ ...env, USAGE_METER: "1" }).DB);
    const records = await meterLines(() => flushMessages(db, "DB", accountId, conversationId, [flushedRow(accountId, conversationId, 1)]));
    const d1 = records.filter((r) => r.k === "d1");
    expect(d1.map((r) => r.sql.split(" ").slice(0, 3).join(" "))).toEqual([
      'update "conversations" set',
      'insert into "messages"',
      "select exists (select",
    ]);
    expect(d1.slice(0, 2).every((r) => r.written >= 1)).toBe(true);
    // The messages row and its indexes; the conversation row's update and its indexes.
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ?")
      .bind(conversationId)
      .first<{ n: number }>();
    expect(rows?.n).toBe(1);
  });

  it("counts a select drizzle runs through raw() by running it again through all(), and keeps its result", async () => {
    const { conversationId } = await conversation();
    const db = openDb(meteredEnv({ ...env, USAGE_METER: "1" }).DB);
    let exists = false;
    const records = await meterLines(async () => {
      const row = await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.id, conversationId)).get();
      exists = row?.id === conversationId;
    });
    expect(exists).toBe(true);
    const select = records.find((r) => r.k === "d1" && r.sql.startsWith("select"));
    expect(select).toMatchObject({ rerun: true });
    expect(select && select.k === "d1" && select.read).toBeGreaterThanOrEqual(1);
  });

  it("counts the rows of a Durable Object's own SQLite statements", async () => {
    const stub = env.INBOXES.get(env.INBOXES.idFromName(crypto.randomUUID()));
    const records = await meterLines(() =>
      runInDurableObject(stub, async (instance, state) => {
        meterDurableObject(instance, state, { USAGE_METER: "1" }, "AccountInbox");
        state.storage.sql.exec("INSERT INTO chosen_status (operator_id, status) VALUES (?, ?)", "op-1", "away");
        state.storage.sql.exec("SELECT status FROM chosen_status WHERE operator_id = ?", "op-1").toArray();
      }),
    );
    const sql = records.filter((r) => r.k === "sql");
    // SQLite counts index entries as rows: the row, and its entry in the primary key's index.
    expect(sql).toEqual([
      expect.objectContaining({ object: "AccountInbox", sql: expect.stringMatching(/^INSERT INTO chosen_status/), written: 2 }),
      expect.objectContaining({ object: "AccountInbox", sql: expect.stringMatching(/^SELECT status/), read: 1 }),
    ]);
  });

  it("counts R2, KV and Queues calls by binding and method", async () => {
    const metered = meteredEnv({ ...env, USAGE_METER: "1" });
    const key = `meter-${crypto.randomUUID()}`;
    const records = await meterLines(async () => {
      await metered.ERASURES.put(key, "1");
      expect(await metered.ERASURES.get(key)).toBe("1");
    });
    expect(records).toEqual([
      { k: "op", binding: "ERASURES", method: "put" },
      { k: "op", binding: "ERASURES", method: "get" },
    ]);
  });

  it("is off unless USAGE_METER is 1: the same bindings, nothing logged", async () => {
    const { accountId, conversationId } = await conversation();
    expect(meteredEnv(env)).toBe(env);
    expect(meteredEnv({ ...env, USAGE_METER: "0" }).DB).toBe(env.DB);
    const stub = env.INBOXES.get(env.INBOXES.idFromName(crypto.randomUUID()));
    const records = await meterLines(async () => {
      await flushMessages(openDb(meteredEnv(env).DB), "DB", accountId, conversationId, [flushedRow(accountId, conversationId, 1)]);
      await runInDurableObject(stub, async (instance, state) => {
        const exec = state.storage.sql.exec;
        meterDurableObject(instance, state, env, "AccountInbox");
        expect(state.storage.sql.exec).toBe(exec);
        state.storage.sql.exec("INSERT INTO chosen_status (operator_id, status) VALUES (?, ?)", "op-1", "away");
      });
      // A real request through the worker, as the benchmark makes them, with the meter off.
      await openDb(meteredEnv(env).DB)
        .select({ id: conversations.id })
        .from(conversations)
        .where(eq(conversations.id, conversationId))
        .get();
    });
    expect(records).toEqual([]);
  });
});
