import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { IDLE_CLOSE_MS } from "../src/conversation/conversation-room";
import type { MessageCreatedFrame } from "../src/shared/frames";
import {
  accountsD1,
  addOperator,
  login,
  operatorSocket,
  roomStub,
  seedAccount,
  startChat,
  type TestSocket,
  visitorSocket,
} from "./helpers";

async function chatWithTwoOperators(widget: { livePreview?: boolean } = {}) {
  const account = await seedAccount(widget);
  const cookie = await login(account.adminEmail);
  const chat = await startChat(account.siteKey, { consent: true, name: "Vera Visitor", email: "vera@example.org" });
  const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
  const op1 = await operatorSocket(cookie, chat.conversationId);
  // Two people, not two tabs of one: send limits go by author, so one operator's two sockets share one.
  const op2 = await operatorSocket(await login(await addOperator(account, "Admin", "Otto Second")), chat.conversationId);
  return { account, cookie, chat, visitor, op1, op2 };
}

const seqs = (s: TestSocket) => s.messages().map((m) => m.seq);
const signature = (m: MessageCreatedFrame) => `${m.seq}|${m.clientId}|${m.body}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every key and value of the room's SQLite storage, as one string. */
async function rawRoomStorage(conversationId: string): Promise<string> {
  return runInDurableObject(roomStub(conversationId), (_instance, state) => {
    const tables = state.storage.sql
      .exec(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'sqlite_%'`)
      .toArray();
    return JSON.stringify(tables.map((t) => state.storage.sql.exec(`SELECT * FROM "${t.name as string}"`).toArray()));
  });
}

/** Every row of every table of D1 that could hold conversation data. */
async function rawD1(): Promise<string> {
  const tables = ["conversations", "messages", "conversation_name_tokens", "conversation_keys", "consent_receipts", "audit_log"];
  const dump = await Promise.all(tables.map((t) => accountsD1.prepare(`SELECT * FROM ${t}`).all()));
  return JSON.stringify(dump.map((d) => d.results));
}

describe("ConversationRoom ordering", () => {
  it("gives 3 clients sending 200 messages each the same gap-free order of all 600", async () => {
    const { visitor, op1, op2 } = await chatWithTwoOperators();
    const clients = [visitor, op1, op2];
    await Promise.all(clients.map((c) => c.until((s) => s.ofType("hello").length === 1)));
    for (let i = 0; i < 200; i++) {
      for (const [n, client] of clients.entries())
        client.send({ type: "message.send", clientId: `c${n}-${i}`, body: `client ${n} message ${i}` });
    }
    await Promise.all(clients.map((c) => c.until((s) => s.messages().length >= 600, 60_000, "600 messages")));
    const expected = Array.from({ length: 600 }, (_, i) => i + 1);
    for (const client of clients) {
      expect(seqs(client)).toEqual(expected);
      expect(client.messages().map(signature)).toEqual(visitor.messages().map(signature));
    }
    // Nothing lost or doubled: every clientId of every sender appears exactly once.
    const sent = clients.flatMap((_, n) => Array.from({ length: 200 }, (_, i) => `c${n}-${i}`));
    expect(
      visitor
        .messages()
        .map((m) => m.clientId)
        .sort(),
    ).toEqual(sent.sort());
  });

  it("replays exactly the missed messages to a socket that reconnects with ?after", async () => {
    const { account, chat, visitor, op1 } = await chatWithTwoOperators();
    for (let i = 0; i < 30; i++) op1.send({ type: "message.send", clientId: `o-${i}`, body: `reply ${i}` });
    await visitor.until((s) => s.messages().length >= 10);
    visitor.close(); // dropped mid-stream
    const lastSeen = Math.max(...seqs(visitor));
    await op1.until((s) => s.messages().length === 30);
    for (let i = 30; i < 40; i++) op1.send({ type: "message.send", clientId: `o-${i}`, body: `reply ${i}` });
    const again = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken, lastSeen);
    await again.until((s) => s.messages().length + lastSeen >= 40, 10_000, "replay and live");
    await sleep(100);
    const combined = [...visitor.messages().filter((m) => m.seq <= lastSeen), ...again.messages()];
    expect(combined.map((m) => m.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // The same messages, in the same order, as the operator who never disconnected saw them.
    expect(combined.map(signature)).toEqual(op1.messages().map(signature));
    expect(new Set(combined.map((m) => m.body)).size).toBe(40);
  });

  it("creates nothing new for a repeated clientId and acknowledges it to the sender again", async () => {
    const { visitor, op1 } = await chatWithTwoOperators();
    visitor.send({ type: "message.send", clientId: "same", body: "once" });
    await op1.until((s) => s.messages().length === 1);
    visitor.send({ type: "message.send", clientId: "same", body: "once" });
    await visitor.until((s) => s.messages().length === 2); // the original, acknowledged again
    visitor.send({ type: "message.send", clientId: "after", body: "next" });
    await op1.until((s) => s.messages().length === 2);
    await visitor.until((s) => s.messages().length === 3);
    expect(op1.messages().map((m) => [m.seq, m.clientId])).toEqual([
      [1, "same"],
      [2, "after"],
    ]);
    expect(visitor.messages().map((m) => m.seq)).toEqual([1, 1, 2]);
  });

  it("answers invalid frames with an error frame and changes nothing", async () => {
    const { visitor, op1 } = await chatWithTwoOperators();
    const bad = [
      "not json",
      { type: "message.send", clientId: "", body: "x" },
      { type: "message.send", clientId: "a", body: "" },
      { type: "message.send", clientId: "a", body: "x".repeat(4001) },
      { type: "message.send", clientId: "a", body: "x", seq: 99 },
      { type: "message.send", clientId: "a".repeat(65), body: "x" },
      { type: "nope" },
      { type: "typing", active: "yes" },
      [1, 2],
    ];
    for (const frame of bad) visitor.send(frame);
    await visitor.until((s) => s.ofType("error").length === bad.length);
    expect(new Set(visitor.ofType("error").map((e) => e.code))).toEqual(new Set(["invalid_frame"]));
    visitor.send({ type: "message.send", clientId: "ok", body: "valid" });
    await op1.until((s) => s.messages().length === 1);
    expect(op1.messages()[0]).toMatchObject({ seq: 1, body: "valid" });
  });

  it("closes the socket with 1009 on an oversized frame", async () => {
    const { visitor } = await chatWithTwoOperators();
    visitor.send(JSON.stringify({ type: "message.send", clientId: "big", body: "x".repeat(40_000) }));
    await visitor.until((s) => s.closed !== null);
    expect(visitor.closed?.code).toBe(1009);
  });
});

describe("live preview", () => {
  it("reaches operators only and is never stored", async () => {
    const { chat, visitor, op1, op2 } = await chatWithTwoOperators();
    const secret = "preview-canary-4711";
    visitor.send({ type: "typing.preview", text: `I am typing ${secret}` });
    await op1.until((s) => s.ofType("typing.preview").length === 1);
    await op2.until((s) => s.ofType("typing.preview").length === 1);
    expect(op1.ofType("typing.preview")[0]?.text).toBe(`I am typing ${secret}`);
    visitor.send({ type: "message.send", clientId: "m", body: "final text" });
    await visitor.until((s) => s.messages().length === 1);
    expect(visitor.ofType("typing.preview")).toHaveLength(0);
    op1.send({ type: "typing.preview", text: "operators cannot" });
    await op1.until((s) => s.ofType("error").length === 1);
    expect(op1.ofType("error")[0]?.code).toBe("forbidden");
    // Flush to D1, close, and look everywhere.
    await runDurableObjectAlarm(roomStub(chat.conversationId));
    expect(await rawRoomStorage(chat.conversationId)).not.toContain(secret);
    expect(await rawD1()).not.toContain(secret);
  });

  it("reaches nobody when the widget has live preview off", async () => {
    const { visitor, op1 } = await chatWithTwoOperators({ livePreview: false });
    await op1.until((s) => s.ofType("hello").length === 1);
    expect(op1.ofType("hello")[0]?.livePreview).toBe(false);
    visitor.send({ type: "typing.preview", text: "should go nowhere" });
    visitor.send({ type: "message.send", clientId: "m", body: "sent" });
    await op1.until((s) => s.messages().length === 1);
    expect(op1.ofType("typing.preview")).toHaveLength(0);
  });
});

describe("encryption at rest", () => {
  it("keeps no plaintext body, name or email in the room's storage or D1", async () => {
    const { chat, visitor, op1 } = await chatWithTwoOperators();
    visitor.send({ type: "message.send", clientId: "m1", body: "my order canary-9876 is late" });
    await op1.until((s) => s.messages().length === 1);
    const room = await rawRoomStorage(chat.conversationId);
    expect(room).toContain("e1."); // it does hold the message, sealed
    for (const plaintext of ["canary-9876", "Vera", "vera@example.org"]) expect(room).not.toContain(plaintext);
    await runDurableObjectAlarm(roomStub(chat.conversationId));
    const stored = await accountsD1.prepare("SELECT body_enc FROM messages WHERE conversation_id = ?").bind(chat.conversationId).all();
    expect(stored.results).toHaveLength(1);
    const d1 = await rawD1();
    for (const plaintext of ["canary-9876", "Vera", "vera@example.org"]) expect(d1).not.toContain(plaintext);
  });
});

describe("flush to D1", () => {
  it("writes each message once however often a flush is retried, then the closed room erases itself", async () => {
    const { account, chat, visitor, op1 } = await chatWithTwoOperators();
    for (let i = 0; i < 120; i++) visitor.send({ type: "message.send", clientId: `m${i}`, body: `message ${i}` });
    await op1.until((s) => s.messages().length === 120, 20_000);
    const stub = roomStub(chat.conversationId);
    expect(await runDurableObjectAlarm(stub)).toBe(true); // one alarm flushes up to 1,000 messages
    const countRows = () =>
      accountsD1
        .prepare("SELECT COUNT(*) AS n, COUNT(DISTINCT seq) AS d, MAX(seq) AS m FROM messages WHERE conversation_id = ?")
        .bind(chat.conversationId)
        .first<{ n: number; d: number; m: number }>();
    expect(await countRows()).toEqual({ n: 120, d: 120, m: 120 });

    // A crash after writing to D1 but before recording it: rewind flushedSeq and flush again.
    await runInDurableObject(stub, (_instance, state) => {
      const row = state.storage.sql.exec("SELECT state FROM room_state").one();
      state.storage.sql.exec("UPDATE room_state SET state = ?", JSON.stringify({ ...JSON.parse(row.state as string), flushedSeq: 0 }));
    });
    await abortAllDurableObjects();
    const restarted = roomStub(chat.conversationId); // stubs do not survive an abort
    expect(await runDurableObjectAlarm(restarted)).toBe(true); // the idle alarm is pending; running it flushes
    expect(await countRows()).toEqual({ n: 120, d: 120, m: 120 });

    const again = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken, 120);
    again.send({ type: "conversation.close" });
    await again.until((s) => s.ofType("conversation.closed").length === 1);
    expect(again.messages().at(-1)).toMatchObject({ seq: 121, author: { kind: "system" } });
    // Closing schedules an immediate alarm; run it here unless the runtime already has.
    await runDurableObjectAlarm(restarted);
    await vi.waitFor(async () => expect(await rawRoomStorage(chat.conversationId)).toBe("[]"), { timeout: 5_000 });
    expect(await countRows()).toEqual({ n: 121, d: 121, m: 121 });
    const row = await accountsD1.prepare("SELECT status FROM conversations WHERE id = ?").bind(chat.conversationId).first();
    expect(row).toEqual({ status: "closed" });
    // A late reconnect is served from D1: the closing message, then conversation.closed.
    const late = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken, 120);
    await late.until((s) => s.closed !== null);
    expect(late.messages().map((m) => m.seq)).toEqual([121]);
    expect(late.ofType("conversation.closed")).toHaveLength(1);
    void visitor;
  });
});

describe("flush scheduling", () => {
  const alarmOf = (conversationId: string) => runInDurableObject(roomStub(conversationId), (_i, state) => state.storage.getAlarm());

  it("brings the alarm forward to within the flush delay for a new message when a later one is set", async () => {
    const { chat, visitor, op1 } = await chatWithTwoOperators();
    visitor.send({ type: "message.send", clientId: "a", body: "first" });
    await op1.until((s) => s.messages().length === 1);
    // Flushes; the next alarm is minutes away (the operators' session deadline, or the idle close).
    await runDurableObjectAlarm(roomStub(chat.conversationId));
    expect(await alarmOf(chat.conversationId)).toBeGreaterThan(Date.now() + 60_000);

    const before = Date.now();
    visitor.send({ type: "message.send", clientId: "b", body: "second" });
    await op1.until((s) => s.messages().length === 2);
    const flushAt = await alarmOf(chat.conversationId);
    expect(flushAt).toBeGreaterThanOrEqual(before);
    expect(flushAt).toBeLessThanOrEqual(Date.now() + 2_000);
  });
});

describe("room storage per message", () => {
  it("takes its last seq from its newest message, so a restarted room numbers on from there", async () => {
    const { account, chat, visitor, op1 } = await chatWithTwoOperators();
    for (const clientId of ["a", "b", "c"]) visitor.send({ type: "message.send", clientId, body: clientId });
    await op1.until((s) => s.messages().length === 3);
    // The state row is rewritten by a flush, not by messages: make it say less than the messages do.
    await runInDurableObject(roomStub(chat.conversationId), (_i, state) => {
      const saved = JSON.parse(state.storage.sql.exec("SELECT state FROM room_state").one().state as string);
      state.storage.sql.exec("UPDATE room_state SET state = ?", JSON.stringify({ ...saved, lastSeq: 1 }));
    });
    await abortAllDurableObjects(); // a new instance, nothing in memory
    const back = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken, 3);
    await back.until((s) => s.ofType("hello").length === 1);
    expect(back.ofType("hello")[0]).toMatchObject({ lastSeq: 3 });
    back.send({ type: "message.send", clientId: "d", body: "after the restart" });
    await back.until((s) => s.messages().length === 1);
    expect(back.messages()[0]).toMatchObject({ seq: 4, clientId: "d" });
  });
});

describe("idle conversations", () => {
  it("end by themselves after an hour without messages, and then the room erases itself", async () => {
    const { chat, visitor, op1 } = await chatWithTwoOperators();
    visitor.send({ type: "message.send", clientId: "m", body: "anyone there?" });
    await op1.until((s) => s.messages().length === 1);
    const stub = roomStub(chat.conversationId);
    await runDurableObjectAlarm(stub); // flushes; the conversation was active just now, so it stays open
    expect(visitor.ofType("conversation.closed")).toHaveLength(0);
    // Move the idle clock back past the limit: the room's start and its last message (the newest
    // message's time is the clock; the state row keeps only the start).
    await runInDurableObject(stub, (_instance, state) => {
      const row = state.storage.sql.exec("SELECT state FROM room_state").one();
      const saved = JSON.parse(row.state as string) as { lastActivityAt: number };
      state.storage.sql.exec(
        "UPDATE room_state SET state = ?",
        JSON.stringify({ ...saved, lastActivityAt: saved.lastActivityAt - IDLE_CLOSE_MS - 1 }),
      );
      state.storage.sql.exec("UPDATE messages SET created_at = created_at - ?", IDLE_CLOSE_MS + 1);
    });
    await abortAllDurableObjects(); // drop the in-memory copy of the state
    await runDurableObjectAlarm(roomStub(chat.conversationId));
    await vi.waitFor(async () => expect(await rawRoomStorage(chat.conversationId)).toBe("[]"), { timeout: 5_000 });
    const rows = await accountsD1
      .prepare("SELECT seq, author_kind FROM messages WHERE conversation_id = ? ORDER BY seq")
      .bind(chat.conversationId)
      .all();
    expect(rows.results).toEqual([
      { seq: 1, author_kind: "visitor" },
      { seq: 2, author_kind: "system" },
    ]);
    const conversation = await accountsD1.prepare("SELECT status FROM conversations WHERE id = ?").bind(chat.conversationId).first();
    expect(conversation).toEqual({ status: "closed" });
  });
});

describe("eviction and hibernation", () => {
  it("loses no message when the room is evicted, and a reconnect resumes exactly", async () => {
    const { account, cookie, chat, visitor, op1 } = await chatWithTwoOperators();
    for (let i = 0; i < 20; i++) visitor.send({ type: "message.send", clientId: `v${i}`, body: `before ${i}` });
    await op1.until((s) => s.messages().length === 20);
    await abortAllDurableObjects(); // the object is torn down; sockets drop
    await visitor.until((s) => s.closed !== null);
    const resumed = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken, 20);
    const watcher = await operatorSocket(cookie, chat.conversationId, 0);
    resumed.send({ type: "message.send", clientId: "v19", body: "before 19" }); // a retry of an acknowledged one
    resumed.send({ type: "message.send", clientId: "v20", body: "after" });
    await watcher.until((s) => s.messages().length === 21);
    expect(watcher.messages().map((m) => m.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(watcher.messages().at(-1)?.body).toBe("after");
  });

  it("keeps sockets working across hibernation and loses nothing", async () => {
    const { chat, visitor, op1 } = await chatWithTwoOperators();
    visitor.send({ type: "message.send", clientId: "a", body: "before hibernation" });
    await op1.until((s) => s.messages().length === 1);
    const stub = roomStub(chat.conversationId);
    await runInDurableObject(stub, (instance) => {
      (instance as unknown as { marker?: string }).marker = "same instance";
    });
    // workerd hibernates a room whose sockets are all idle for about 10 s.
    await sleep(13_000);
    const marker = await runInDurableObject(stub, (instance) => (instance as unknown as { marker?: string }).marker);
    expect(marker).toBeUndefined(); // the instance was evicted; only storage and sockets survived
    visitor.send({ type: "message.send", clientId: "b", body: "after hibernation" });
    await op1.until((s) => s.messages().length === 2);
    op1.send({ type: "message.send", clientId: "c", body: "reply after hibernation" });
    await visitor.until((s) => s.messages().length === 3);
    await op1.until((s) => s.messages().length === 3);
    expect(op1.messages().map((m) => [m.seq, m.author.name])).toEqual([
      [1, "Vera Visitor"],
      [2, "Vera Visitor"],
      [3, "Ada Admin"],
    ]);
    expect(visitor.closed).toBeNull();
  }, 40_000);
});
