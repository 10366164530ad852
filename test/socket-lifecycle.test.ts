import { runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { CLOSE_SESSION_ENDED, type PresenceFrame } from "../src/shared/frames";
import {
  accountsD1,
  addOperator,
  BASE,
  login,
  operatorSocket,
  roomStub,
  SITE_ORIGIN,
  seedAccount,
  startChat,
  visitorSocket,
} from "./helpers";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("operator sockets end with their session", () => {
  it("close on logout and hear nothing after it", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const chat = await startChat(account.siteKey);
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    const op = await operatorSocket(cookie, chat.conversationId);
    await op.until((s) => s.ofType("hello").length === 1);
    const logout = await SELF.fetch(`${BASE}/api/v1/auth/logout`, { method: "POST", headers: { Cookie: cookie, Origin: BASE } });
    expect(logout.status).toBe(204);
    await op.until((s) => s.closed !== null);
    expect(op.closed?.code).toBe(CLOSE_SESSION_ENDED);
    visitor.send({ type: "message.send", clientId: "after", body: "secret after logout" });
    await visitor.until((s) => s.messages().length === 1);
    expect(op.messages()).toEqual([]);
  });

  it("stop at the session's absolute expiry", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    await accountsD1
      .prepare("UPDATE sessions SET expires_at = ? WHERE operator_id = ?")
      .bind(Date.now() + 1_500, account.adminId)
      .run();
    const chat = await startChat(account.siteKey);
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    const op = await operatorSocket(cookie, chat.conversationId);
    await op.until((s) => s.ofType("hello").length === 1);
    await sleep(1_700);
    visitor.send({ type: "message.send", clientId: "late", body: "after expiry" });
    await visitor.until((s) => s.messages().length === 1);
    await op.until((s) => s.closed !== null);
    expect(op.closed?.code).toBe(CLOSE_SESSION_ENDED);
    expect(op.messages()).toEqual([]);
  });
});

describe("read-only operators", () => {
  it("may watch but neither write, type nor end the conversation", async () => {
    const account = await seedAccount();
    const watcher = await operatorSocket(
      await login(await addOperator(account, "Read-only")),
      (await startChat(account.siteKey)).conversationId,
    );
    await watcher.until((s) => s.ofType("hello").length === 1);
    watcher.send({ type: "message.send", clientId: "w", body: "I should not" });
    watcher.send({ type: "typing", active: true });
    watcher.send({ type: "conversation.close" });
    await watcher.until((s) => s.ofType("error").length === 3);
    expect(watcher.ofType("error").map((e) => e.code)).toEqual(["forbidden", "forbidden", "forbidden"]);
    expect(watcher.messages()).toEqual([]);
    expect(watcher.ofType("conversation.closed")).toEqual([]);
  });
});

describe("presence", () => {
  it("tells visitors only the names of operators who can answer, and operators everything", async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey);
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    const admin = await operatorSocket(await login(account.adminEmail), chat.conversationId);
    const watcher = await operatorSocket(await login(await addOperator(account, "Read-only", "Wanda Watcher")), chat.conversationId);
    const last = (frames: PresenceFrame[]) => frames.at(-1);
    await admin.until((s) => (last(s.ofType("presence"))?.operators.length ?? 0) === 2);
    await visitor.until((s) => last(s.ofType("presence"))?.operators.length === 1);
    expect(last(visitor.ofType("presence"))).toEqual({ type: "presence", visitorOnline: true, operators: [{ name: "Ada Admin" }] });
    expect(
      last(admin.ofType("presence"))
        ?.operators.map((o) => o.name)
        .sort(),
    ).toEqual(["Ada Admin", "Wanda Watcher"]);
    expect(last(admin.ofType("presence"))?.operators.every((o) => typeof o.id === "string")).toBe(true);
    void watcher;
  });
});

describe("after the end", () => {
  it("a socket reconnecting once the room is erased still gets every message it missed, from D1", async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey, { consent: true, name: "Vera Visitor" });
    const cookie = await login(account.adminEmail);
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    const op = await operatorSocket(cookie, chat.conversationId);
    visitor.send({ type: "message.send", clientId: "v1", body: "thanks" });
    await op.until((s) => s.messages().length === 1);
    visitor.close(); // the visitor's connection drops
    op.send({ type: "message.send", clientId: "o1", body: "you're welcome" });
    await op.until((s) => s.messages().length === 2);
    op.send({ type: "conversation.close" });
    await op.until((s) => s.ofType("conversation.closed").length === 1);
    await runDurableObjectAlarm(roomStub(chat.conversationId));
    await vi.waitFor(async () => {
      const row = await accountsD1.prepare("SELECT status FROM conversations WHERE id = ?").bind(chat.conversationId).first();
      expect(row).toEqual({ status: "closed" });
    });
    const back = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken, 1);
    await back.until((s) => s.closed !== null);
    expect(back.ofType("hello")[0]).toMatchObject({ status: "closed", lastSeq: 3 });
    expect(back.messages().map((m) => [m.seq, m.author.kind, m.body])).toEqual([
      [2, "operator", "you're welcome"],
      [3, "system", "Ada Admin ended the conversation."],
    ]);
    expect(back.ofType("conversation.closed")).toHaveLength(1);
    expect(back.closed?.code).toBe(1000);
  });
});

describe("alarm failures", () => {
  it("re-arm the alarm with a backoff instead of losing it", async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey);
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    // The first message goes to D1 at once; the second waits for the alarm's flush.
    visitor.send({ type: "message.send", clientId: "m", body: "hello" });
    await visitor.until((s) => s.messages().length === 1);
    visitor.send({ type: "message.send", clientId: "m2", body: "anyone?" });
    await visitor.until((s) => s.messages().length === 2);
    // Make the flush fail: D1 refuses this conversation's messages. (Not by deleting the
    // conversation: a room whose conversation is gone from D1 was erased, and erases itself.)
    const trigger = `refuse_${chat.conversationId}`;
    await accountsD1
      .prepare(
        `CREATE TRIGGER ${trigger} BEFORE INSERT ON messages WHEN NEW.conversation_id = '${chat.conversationId}' BEGIN SELECT RAISE(ABORT, 'refused'); END`,
      )
      .run();
    const stub = roomStub(chat.conversationId);
    const before = Date.now();
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await accountsD1.prepare(`DROP TRIGGER ${trigger}`).run();
    const next = await runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());
    expect(next).not.toBeNull();
    expect(next!).toBeGreaterThan(before);
    expect(next!).toBeLessThan(before + 60_000); // a retry soon, not the idle timer an hour away
  });
});

describe("widget endpoints", () => {
  it("GET config answers the allowed origin with CORS, and refuses others", async () => {
    const account = await seedAccount();
    const ok = await SELF.fetch(`${BASE}/w/${account.siteKey}/config`, {
      headers: { Origin: SITE_ORIGIN, "Accept-Language": "de-DE,de;q=0.9" },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Access-Control-Allow-Origin")).toBe(SITE_ORIGIN);
    const config = (await ok.json()) as { consentRequired: boolean; disclaimer: { language: string; text: string } };
    expect(config.consentRequired).toBe(true);
    expect(config.disclaimer.language).toBe("de");
    const foreign = await SELF.fetch(`${BASE}/w/${account.siteKey}/config`, { headers: { Origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("answers the CORS preflight for allowed origins only", async () => {
    const account = await seedAccount();
    const preflight = (origin: string) =>
      SELF.fetch(`${BASE}/w/${account.siteKey}/conversations`, {
        method: "OPTIONS",
        headers: { Origin: origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
      });
    const ok = await preflight(SITE_ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get("Access-Control-Allow-Origin")).toBe(SITE_ORIGIN);
    expect(ok.headers.get("Access-Control-Allow-Headers")).toContain("Content-Type");
    expect((await preflight("https://evil.example")).status).toBe(403);
  });

  it("answers an unknown site key with 404 widget_not_found", async () => {
    const res = await SELF.fetch(`${BASE}/w/no-such-key/config`, { headers: { Origin: SITE_ORIGIN } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "widget_not_found" } });
  });

  it("sends the CORS header with validation errors, so the widget can show them", async () => {
    const account = await seedAccount();
    const res = await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: SITE_ORIGIN },
      body: JSON.stringify({ consent: true, email: "nope" }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(SITE_ORIGIN);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^email:/);
  });

  it("refuses a visitor token through another widget of the same account", async () => {
    const account = await seedAccount();
    const { createWidget } = await import("../src/db/accounts");
    const { openDb } = await import("../src/db/client");
    const otherKey = `other-${crypto.randomUUID().slice(0, 8)}`;
    await createWidget(openDb(accountsD1), {
      accountId: account.accountId,
      departmentId: account.departmentId,
      siteKey: otherKey,
      name: "Other",
      allowedOrigins: [SITE_ORIGIN],
      now: Date.now(),
    });
    const chat = await startChat(account.siteKey);
    await expect(visitorSocket(otherKey, chat.conversationId, chat.visitorToken)).rejects.toThrow(/403/);
  });
});

describe("operator aliases", () => {
  it("show visitors the alias name and avatar, never the real name", async () => {
    const account = await seedAccount();
    const email = await addOperator(account, "Agent", "Real Name");
    await accountsD1
      .prepare("UPDATE operators SET alias_name = 'Sunny', alias_avatar_url = 'https://cdn.example/sunny.png' WHERE email = ?")
      .bind(email)
      .run();
    const chat = await startChat(account.siteKey);
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    const op = await operatorSocket(await login(email), chat.conversationId);
    await op.until((s) => s.ofType("hello").length === 1);
    op.send({ type: "message.send", clientId: "a", body: "Hello, I'm here to help" });
    await visitor.until((s) => s.messages().length === 1);
    // The photo comes through the widget's own avatar route, so the visitor's browser never asks the photo's host.
    const operatorId = (await accountsD1.prepare("SELECT id FROM operators WHERE email = ?").bind(email).first<{ id: string }>())!.id;
    expect(visitor.messages()[0]!.author).toEqual({
      kind: "operator",
      name: "Sunny",
      avatarUrl: `/w/${account.siteKey}/operators/${operatorId}/avatar`,
    });
    expect(JSON.stringify(visitor.frames)).not.toContain("cdn.example");
    await visitor.until((s) => s.ofType("presence").some((p) => p.operators.some((o) => o.name === "Sunny")));
    expect(JSON.stringify(visitor.frames)).not.toContain("Real Name");
  });
});
