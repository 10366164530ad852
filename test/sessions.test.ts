import { runDurableObjectAlarm, SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { endExpiredSessions } from "../src/auth/end-sessions";
import { sha256Hex } from "../src/crypto/encoding";
import { SESSION_IDLE_MS } from "../src/db/auth";
import { openDb } from "../src/db/client";
import { CLOSE_SESSION_ENDED } from "../src/shared/frames";
import {
  accountsD1,
  addOperator,
  BASE,
  login,
  operatorSocket,
  PASSWORD,
  roomStub,
  seedAccount,
  startChat,
  type TestAccount,
  TestSocket,
  upgrade,
  visitorSocket,
} from "./helpers";
import { createToken } from "./helpers/api-tokens";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CHROME_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const SAFARI_ON_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

/** Signs in as a browser would, with its User-Agent; returns the Cookie header value. */
async function signIn(email: string, userAgent: string): Promise<string> {
  const res = await SELF.fetch(`${BASE}/api/v1/auth/login`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Origin: BASE,
      "User-Agent": userAgent,
      "CF-Connecting-IP": `2001:db8:2::${Math.floor(Math.random() * 0xffff).toString(16)}`,
    },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return (res.headers.get("Set-Cookie") ?? "").split(";")[0]!;
}

const api = (path: string, cookie: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  SELF.fetch(`${BASE}/api/v1${path}`, { method: init.method ?? "GET", headers: { Cookie: cookie, Origin: BASE, ...init.headers } });

const sessionIdOf = async (cookie: string) => sha256Hex(cookie.slice(cookie.indexOf("=") + 1));

const lastSeenAt = async (cookie: string) =>
  (
    await accountsD1
      .prepare("SELECT last_seen_at AS t FROM sessions WHERE id = ?")
      .bind(await sessionIdOf(cookie))
      .first<{ t: number }>()
  )?.t ?? null;

/** Makes the session look as if nobody had acted in it since `at`. */
const setLastSeen = async (cookie: string, at: number) =>
  accountsD1
    .prepare("UPDATE sessions SET last_seen_at = ? WHERE id = ?")
    .bind(at, await sessionIdOf(cookie))
    .run();

async function inboxSocket(cookie: string): Promise<TestSocket> {
  const res = await upgrade(`${BASE}/api/v1/inbox/socket`, { Origin: BASE, Cookie: cookie });
  expect(res.status).toBe(101);
  return new TestSocket(res.webSocket!);
}

/** The refusal every ended socket gets: `session_expired`, then the terminal close code. */
function expectEnded(socket: TestSocket): void {
  expect(socket.ofType("error").map((e) => e.code)).toContain("session_expired");
  expect(socket.closed?.code).toBe(CLOSE_SESSION_ENDED);
}

async function auditActions(account: TestAccount): Promise<string[]> {
  const rows = await accountsD1
    .prepare("SELECT action FROM audit_log WHERE account_id = ? ORDER BY id")
    .bind(account.accountId)
    .all<{ action: string }>();
  return rows.results.map((r) => r.action);
}

/** A live chat with the admin's room socket and inbox socket open on `cookie`, and the visitor's. */
async function openSockets(account: TestAccount, cookie: string) {
  const chat = await startChat(account.siteKey);
  const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
  const room = await operatorSocket(cookie, chat.conversationId);
  await room.until((s) => s.ofType("hello").length === 1);
  const inbox = await inboxSocket(cookie);
  return { chat, visitor, room, inbox };
}

describe("sign-out", () => {
  it("closes the session's room and inbox sockets within 5 s, and what they send is refused", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const { visitor, room, inbox } = await openSockets(account, cookie);
    expect((await api("/auth/logout", cookie, { method: "POST" })).status).toBe(204);
    await room.until((s) => s.closed !== null, 5_000, "room socket closed");
    await inbox.until((s) => s.closed !== null, 5_000, "inbox socket closed");
    expectEnded(room);
    expectEnded(inbox);
    try {
      room.send({ type: "message.send", clientId: "late", body: "sent after sign-out" });
    } catch {
      // The socket is closed; a client cannot even hand it over.
    }
    visitor.send({ type: "message.send", clientId: "v", body: "still there?" });
    await visitor.until((s) => s.messages().length === 1);
    expect(visitor.messages().map((m) => m.body)).toEqual(["still there?"]);
    expect(await auditActions(account)).toContain("session.ended.signed_out");
    // The audit log's filter finds every end of a session by its prefix.
    const filtered = await api("/audit-log?action=session.ended.", await login(account.adminEmail));
    expect(filtered.status).toBe(200);
    expect(((await filtered.json()) as { items: { action: string }[] }).items.map((e) => e.action)).toEqual(["session.ended.signed_out"]);
  });
});

describe("idle expiry", () => {
  it("closes room and inbox sockets within 5 s of the idle deadline, with no frame arriving", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    // 2 seconds of the 30 idle minutes left; opening sockets does not count as activity.
    await setLastSeen(cookie, Date.now() - SESSION_IDLE_MS + 2_000);
    const { room, inbox } = await openSockets(account, cookie);
    expect(await lastSeenAt(cookie)).toBeLessThan(Date.now() - SESSION_IDLE_MS + 2_500);
    await room.until((s) => s.closed !== null, 2_000 + 5_000, "room socket closed by its alarm");
    await inbox.until((s) => s.closed !== null, 2_000 + 5_000, "inbox socket closed by its alarm");
    expectEnded(room);
    expectEnded(inbox);
    // The next request with the cookie is refused, and the end is audited with its reason.
    const me = await api("/me", cookie);
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({ error: { code: "session_expired" } });
    expect(await auditActions(account)).toContain("session.ended.idle_expired");
  });

  it("refuses a frame sent after the idle deadline", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    await setLastSeen(cookie, Date.now() - SESSION_IDLE_MS + 1_500);
    const { visitor, room } = await openSockets(account, cookie);
    await sleep(1_600);
    try {
      room.send({ type: "message.send", clientId: "late", body: "after the deadline" });
    } catch {
      // The alarm came first and the socket is already closed: refused all the same.
    }
    await room.until((s) => s.closed !== null, 5_000, "room socket closed");
    expectEnded(room);
    expect(room.messages()).toEqual([]);
    visitor.send({ type: "message.send", clientId: "v", body: "hello?" });
    await visitor.until((s) => s.messages().length === 1);
    expect(visitor.messages().map((m) => m.body)).toEqual(["hello?"]);
  });

  it("keeps the sockets of a session that a person used elsewhere meanwhile", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    await setLastSeen(cookie, Date.now() - SESSION_IDLE_MS + 1_500);
    const { chat, visitor, room } = await openSockets(account, cookie);
    // The operator works in another tab: a request they made.
    expect((await api("/conversations", cookie)).status).toBe(200);
    await sleep(1_600);
    await runDurableObjectAlarm(roomStub(chat.conversationId));
    expect(room.closed).toBeNull();
    room.send({ type: "message.send", clientId: "o", body: "still here" });
    await visitor.until((s) => s.messages().length === 1);
    expect(visitor.messages()[0]!.body).toBe("still here");
  });
});

describe("activity", () => {
  it("background requests do not keep a session alive; a person's request does", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const tenMinutesAgo = Date.now() - 10 * 60_000;
    await setLastSeen(cookie, tenMinutesAgo);
    const chat = await startChat(account.siteKey, { consent: true });
    const poll = await api(`/conversations/${chat.conversationId}/visitor`, cookie, { headers: { "X-Confide-Background": "1" } });
    expect(poll.status).toBe(200);
    expect(await lastSeenAt(cookie)).toBe(tenMinutesAgo);
    expect((await api(`/conversations/${chat.conversationId}/visitor`, cookie)).status).toBe(200);
    expect(await lastSeenAt(cookie)).toBeGreaterThan(tenMinutesAgo + 9 * 60_000);
  });

  it("a message an operator sends on a socket keeps the session alive; reconnecting does not", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const tenMinutesAgo = Date.now() - 10 * 60_000;
    await setLastSeen(cookie, tenMinutesAgo);
    const { room } = await openSockets(account, cookie);
    expect(await lastSeenAt(cookie)).toBe(tenMinutesAgo);
    room.send({ type: "message.send", clientId: "o", body: "hello" });
    await room.until((s) => s.messages().length === 1);
    await vi.waitFor(async () => expect(await lastSeenAt(cookie)).toBeGreaterThan(tenMinutesAgo + 9 * 60_000));
  });
});

describe("GET and DELETE /api/v1/me/sessions", () => {
  it("lists your own sessions with a coarse device label, marks this one, and ends another with its sockets", async () => {
    const account = await seedAccount();
    const laptop = await signIn(account.adminEmail, CHROME_ON_LINUX);
    const phone = await signIn(account.adminEmail, SAFARI_ON_IPHONE);
    const { room, inbox } = await openSockets(account, phone);
    const list = await api("/me/sessions", laptop);
    expect(list.status).toBe(200);
    const { items } = (await list.json()) as {
      items: { id: string; device: string | null; current: boolean; createdAt: number; lastActiveAt: number }[];
    };
    expect(items.map((s) => [s.device, s.current]).sort()).toEqual([
      ["Chrome · Linux", true],
      ["Safari · iOS", false],
    ]);
    // A public id, not the hashed token; nothing of the raw User-Agent or any address.
    const other = items.find((s) => !s.current)!;
    expect(other.id).not.toBe(await sessionIdOf(phone));
    expect(JSON.stringify(items)).not.toMatch(/Mozilla|AppleWebKit|2001:db8/);
    expect((await api(`/me/sessions/${other.id}`, laptop, { method: "DELETE" })).status).toBe(204);
    await room.until((s) => s.closed !== null, 5_000, "room socket closed");
    await inbox.until((s) => s.closed !== null, 5_000, "inbox socket closed");
    expectEnded(room);
    expectEnded(inbox);
    expect((await api("/me", phone)).status).toBe(401);
    expect((await api("/me", laptop)).status).toBe(200);
    expect(await auditActions(account)).toContain("session.ended.ended_by_operator");
    const after = (await (await api("/me/sessions", laptop)).json()) as { items: unknown[] };
    expect(after.items).toHaveLength(1);
  });

  it("ends all other sessions at once and keeps this one", async () => {
    const account = await seedAccount();
    const here = await signIn(account.adminEmail, CHROME_ON_LINUX);
    const elsewhere = [await signIn(account.adminEmail, SAFARI_ON_IPHONE), await login(account.adminEmail)];
    const res = await api("/me/sessions/end-others", here, { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ended: 2 });
    for (const cookie of elsewhere) expect((await api("/me", cookie)).status).toBe(401);
    expect((await api("/me", here)).status).toBe(200);
  });

  it("answers 404 for another operator's session, and ends nothing", async () => {
    const account = await seedAccount();
    const mine = await login(account.adminEmail);
    const colleague = await login(await addOperator(account, "Agent"));
    const theirs = ((await (await api("/me/sessions", colleague)).json()) as { items: { id: string }[] }).items[0]!.id;
    const res = await api(`/me/sessions/${theirs}`, mine, { method: "DELETE" });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
    expect((await api("/me", colleague)).status).toBe(200);
    // Another account's session is just as unreachable.
    const stranger = await seedAccount();
    const strangers = ((await (await api("/me/sessions", await login(stranger.adminEmail))).json()) as { items: { id: string }[] })
      .items[0]!.id;
    expect((await api(`/me/sessions/${strangers}`, mine, { method: "DELETE" })).status).toBe(404);
  });

  it("refuses API tokens with session_required", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const { bearer } = await createToken(cookie);
    for (const [method, path] of [
      ["GET", "/me/sessions"],
      ["POST", "/me/sessions/end-others"],
      ["DELETE", "/me/sessions/AAAAAAAAAAAAAAAAAAAAAA"],
    ] as const) {
      const res = await SELF.fetch(`${BASE}/api/v1${path}`, { method, headers: bearer });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "session_required" } });
    }
    expect((await api("/me", cookie)).status).toBe(200);
  });
});

describe("ending an operator's sessions from the team screen", () => {
  const changes: [string, string, (account: TestAccount) => { method: string; body?: unknown }][] = [
    ["disabling", "disabled", () => ({ method: "PATCH", body: { disabled: true } })],
    ["a new password set by an admin", "password_changed", () => ({ method: "PATCH", body: { password: "a brand new password" } })],
    ["a role change", "role_changed", (account) => ({ method: "PATCH", body: { roleId: account.roleIds["Read-only"] } })],
    ["removal", "removed", () => ({ method: "DELETE" })],
  ];
  for (const [what, reason, change] of changes) {
    it(`${what} closes the operator's sockets with the sign-in-again code`, async () => {
      const account = await seedAccount();
      const admin = await login(account.adminEmail);
      const agentEmail = await addOperator(account, "Agent");
      const agent = await login(agentEmail);
      const { room, inbox } = await openSockets(account, agent);
      const agentId = (await accountsD1.prepare("SELECT id FROM operators WHERE email = ?").bind(agentEmail).first<{ id: string }>())!.id;
      const { method, body } = change(account);
      const res = await SELF.fetch(`${BASE}/api/v1/team/operators/${agentId}`, {
        method,
        headers: { Cookie: admin, Origin: BASE, ...(body ? { "Content-Type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      expect(res.status).toBeLessThan(300);
      await room.until((s) => s.closed !== null, 5_000, "room socket closed");
      await inbox.until((s) => s.closed !== null, 5_000, "inbox socket closed");
      expectEnded(room);
      expectEnded(inbox);
      expect((await api("/me", agent)).status).toBe(401);
      expect(await auditActions(account)).toContain(`session.ended.${reason}`);
    });
  }
});

describe("device labels", () => {
  it("name the browser family and system only", async () => {
    const { deviceLabel } = await import("../src/auth/device-label");
    expect(deviceLabel(CHROME_ON_LINUX)).toBe("Chrome · Linux");
    expect(deviceLabel(SAFARI_ON_IPHONE)).toBe("Safari · iOS");
    expect(
      deviceLabel(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      ),
    ).toBe("Edge · Windows");
    expect(deviceLabel("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7; rv:133.0) Gecko/20100101 Firefox/133.0")).toBe("Firefox · macOS");
    expect(
      deviceLabel("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"),
    ).toBe("Chrome · Android");
    expect(
      deviceLabel("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36"),
    ).toBe("Chrome · Linux");
    expect(deviceLabel("curl/8.5.0")).toBeNull();
    expect(deviceLabel(undefined)).toBeNull();
  });
});

describe("the sweep", () => {
  it("ends sessions nobody came back to, audited with why", async () => {
    const account = await seedAccount();
    const idle = await login(account.adminEmail);
    const old = await login(account.adminEmail);
    await setLastSeen(idle, Date.now() - SESSION_IDLE_MS - 1);
    await accountsD1
      .prepare("UPDATE sessions SET expires_at = ? WHERE id = ?")
      .bind(Date.now() - 1, await sessionIdOf(old))
      .run();
    await endExpiredSessions(env, openDb(accountsD1), Date.now());
    expect(await lastSeenAt(idle)).toBeNull();
    expect(await lastSeenAt(old)).toBeNull();
    const actions = await auditActions(account);
    expect(actions).toContain("session.ended.idle_expired");
    expect(actions).toContain("session.ended.expired");
  });
});
