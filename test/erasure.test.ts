import { createScheduledController, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openDb } from "../src/db/client";
import worker from "../src/index";
import { eraseConversations } from "../src/privacy/erasure";
import { reapplyErasureLedger } from "../src/privacy/erasure-ledger";
import { retentionCutoff, sweepRetention } from "../src/privacy/retention";
import { accountsD1, noTraces, roomStub, seedAccount, startChat, tracesOf, visitorSocket } from "./helpers";

const db = () => openDb(accountsD1);
const MONTH = 30 * 86_400_000;

/** A conversation with a few messages, flushed to D1. */
async function chatWithMessages(siteKey: string, count = 3) {
  const chat = await startChat(siteKey, { consent: true, name: "Erin Erasable", email: "erin@example.org" });
  const visitor = await visitorSocket(siteKey, chat.conversationId, chat.visitorToken);
  for (let i = 0; i < count; i++) visitor.send({ type: "message.send", clientId: `m${i}`, body: `message ${i}` });
  await visitor.until((s) => s.messages().length === count);
  await runDurableObjectAlarm(roomStub(chat.conversationId));
  visitor.close();
  return chat.conversationId;
}

describe("eraseConversations", () => {
  it("leaves nothing of a conversation in D1 or its room, and its data key is gone", async () => {
    const account = await seedAccount();
    const id = await chatWithMessages(account.siteKey);
    const keep = await chatWithMessages(account.siteKey);
    const before = await tracesOf(id);
    expect(before.d1.conversation_keys).toHaveLength(1);
    expect(before.d1.messages).toHaveLength(3);
    expect(await eraseConversations(env, db(), account.accountId, [id], Date.now())).toEqual({ conversations: 1, files: 0 });
    expect(await tracesOf(id)).toEqual(noTraces);
    expect((await tracesOf(keep)).d1.messages).toHaveLength(3);
    // The ledger holds the id (and nothing else of the conversation) under the account.
    const records = await env.ERASURES.list<{ accountId: string }>({ prefix: "erasure:" });
    const mine = records.keys.filter((k) => k.metadata?.accountId === account.accountId);
    expect(mine).toHaveLength(1);
    expect(await env.ERASURES.get(mine[0]!.name, "json")).toEqual({ ids: [id], rooms: [id] });
  });

  it("erases in chunks and reports how many, ignoring another account's ids", { timeout: 120_000 }, async () => {
    const account = await seedAccount();
    const other = await seedAccount();
    const ids = await Promise.all(Array.from({ length: 120 }, () => startChat(account.siteKey).then((c) => c.conversationId)));
    const foreign = (await startChat(other.siteKey)).conversationId;
    expect((await eraseConversations(env, db(), account.accountId, [...ids, foreign], Date.now())).conversations).toBe(120);
    const left = await accountsD1.prepare("SELECT COUNT(*) AS n FROM conversations WHERE account_id = ?").bind(account.accountId).first();
    expect(left).toEqual({ n: 0 });
    expect((await tracesOf(foreign)).d1.conversations).toHaveLength(1);
  });

  it("is re-applied by the sweep after a restore brings the rows back", async () => {
    const account = await seedAccount();
    const id = await chatWithMessages(account.siteKey);
    // Keep a copy of every row, as a backup would.
    const backup = await tracesOf(id);
    await eraseConversations(env, db(), account.accountId, [id], Date.now());
    // The restore: every row put back as it was, parents first.
    for (const table of ["conversations", "conversation_keys", "consent_receipts", "conversation_name_tokens", "messages"]) {
      for (const row of backup.d1[table] as Record<string, unknown>[]) {
        const columns = Object.keys(row);
        await accountsD1
          .prepare(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`)
          .bind(...columns.map((c) => row[c] ?? null))
          .run();
      }
    }
    // And the room's storage, as a point-in-time recovery of the object would.
    await runInDurableObject(roomStub(id), (_instance, state) => {
      state.storage.sql.exec("CREATE TABLE restored (data TEXT)");
      state.storage.sql.exec("INSERT INTO restored VALUES (?)", backup.room);
    });
    expect((await tracesOf(id)).d1.messages).toHaveLength(3);
    expect((await tracesOf(id)).room).not.toBe("[]");
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "17 * * * *" }), env);
    expect(await tracesOf(id)).toEqual(noTraces);
    // And once re-erased, the next sweep has nothing more to do for it.
    expect((await reapplyErasureLedger(env, db(), Date.now())).reErased).toBe(0);
  });
});

describe("retention", () => {
  it("works in chunks within a budget, and the next run goes on", async () => {
    const account = await seedAccount();
    await accountsD1.prepare("UPDATE accounts SET retention_months = 1 WHERE id = ?").bind(account.accountId).run();
    const { seedTranscript } = await import("./helpers/transcripts");
    const old = Date.now() - 3 * MONTH;
    await Promise.all(Array.from({ length: 120 }, () => seedTranscript(account, { createdAt: old })));
    expect(await sweepRetention(env, db(), Date.now(), 70)).toBe(70);
    const count = () =>
      accountsD1.prepare("SELECT COUNT(*) AS n FROM conversations WHERE account_id = ?").bind(account.accountId).first<{ n: number }>();
    expect(await count()).toEqual({ n: 50 });
    expect(await sweepRetention(env, db(), Date.now(), 70)).toBe(50);
    expect(await count()).toEqual({ n: 0 });
    const audit = await accountsD1
      .prepare("SELECT count FROM audit_log WHERE account_id = ? AND action = 'retention.sweep' ORDER BY count")
      .bind(account.accountId)
      .all<{ count: number }>();
    expect(audit.results.reduce((sum, r) => sum + r.count, 0)).toBe(120);
  });

  it("leaves open conversations alone, however old", async () => {
    const account = await seedAccount();
    await accountsD1.prepare("UPDATE accounts SET retention_months = 1 WHERE id = ?").bind(account.accountId).run();
    const { seedTranscript } = await import("./helpers/transcripts");
    const open = await seedTranscript(account, { createdAt: Date.now() - 3 * MONTH, closed: false });
    await sweepRetention(env, db(), Date.now());
    expect((await tracesOf(open)).d1.conversations).toHaveLength(1);
  });

  it("computes calendar-month cutoffs", () => {
    expect(new Date(retentionCutoff(Date.UTC(2026, 2, 31, 12), 1)).toISOString()).toBe("2026-02-28T12:00:00.000Z");
    expect(new Date(retentionCutoff(Date.UTC(2026, 0, 15), 36)).toISOString()).toBe("2023-01-15T00:00:00.000Z");
  });

  it("erases ended conversations older than the limit, keeps younger ones, and a second sweep changes nothing", async () => {
    const account = await seedAccount();
    await accountsD1.prepare("UPDATE accounts SET retention_months = 6 WHERE id = ?").bind(account.accountId).run();
    const now = Date.now();
    const old = await chatWithMessages(account.siteKey);
    const young = await chatWithMessages(account.siteKey);
    const setAge = (id: string, lastMessageAt: number) =>
      accountsD1
        .prepare("UPDATE conversations SET status = 'closed', created_at = ?, last_message_at = ? WHERE id = ?")
        .bind(lastMessageAt - 1000, lastMessageAt, id)
        .run();
    await setAge(old, now - 7 * MONTH);
    await setAge(young, now - 5 * MONTH);
    expect(await sweepRetention(env, db(), now)).toBeGreaterThanOrEqual(1);
    expect(await tracesOf(old)).toEqual(noTraces);
    expect((await tracesOf(young)).d1.messages).toHaveLength(3);
    const audit = await accountsD1
      .prepare("SELECT action, count, actor_kind FROM audit_log WHERE account_id = ? AND action = 'retention.sweep'")
      .bind(account.accountId)
      .all();
    expect(audit.results).toEqual([{ action: "retention.sweep", count: 1, actor_kind: "system" }]);
    const snapshot = JSON.stringify(await tracesOf(young));
    expect(await sweepRetention(env, db(), now)).toBe(0);
    expect(JSON.stringify(await tracesOf(young))).toBe(snapshot);
  });

  it("follows a widget's own limit over the account's, and keeps everything when it is off", async () => {
    const account = await seedAccount();
    await accountsD1.prepare("UPDATE accounts SET retention_months = 1 WHERE id = ?").bind(account.accountId).run();
    const id = await chatWithMessages(account.siteKey);
    await accountsD1
      .prepare("UPDATE conversations SET status = 'closed', last_message_at = ? WHERE id = ?")
      .bind(Date.now() - 3 * MONTH, id)
      .run();
    await accountsD1.prepare("UPDATE widgets SET retention_months = 0 WHERE id = ?").bind(account.widgetId).run();
    await sweepRetention(env, db(), Date.now());
    expect((await tracesOf(id)).d1.conversations).toHaveLength(1);
    await accountsD1.prepare("UPDATE widgets SET retention_months = 2 WHERE id = ?").bind(account.widgetId).run();
    await sweepRetention(env, db(), Date.now());
    expect(await tracesOf(id)).toEqual(noTraces);
  });
});

describe("scheduled() with a controlled clock", () => {
  it("erases a conversation once the clock passes its retention, and only then", async () => {
    const account = await seedAccount();
    await accountsD1.prepare("UPDATE accounts SET retention_months = 3 WHERE id = ?").bind(account.accountId).run();
    const id = await chatWithMessages(account.siteKey);
    // Last message on 15 January 2026 at noon: with 3 months it expires on 15 April at noon.
    await accountsD1
      .prepare("UPDATE conversations SET status = 'closed', last_message_at = ? WHERE id = ?")
      .bind(Date.UTC(2026, 0, 15, 12), id)
      .run();
    const run = (at: number) => worker.scheduled(createScheduledController({ scheduledTime: at, cron: "17 * * * *" }), env);
    await run(Date.UTC(2026, 3, 15, 11, 59)); // a minute before it expires
    expect((await tracesOf(id)).d1.conversations).toHaveLength(1);
    await run(Date.UTC(2026, 3, 15, 12, 1)); // a minute after
    expect(await tracesOf(id)).toEqual(noTraces);
  });
});
