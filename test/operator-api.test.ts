import { runDurableObjectAlarm, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDepartment, createRole, createWidget } from "../src/db/accounts";
import { openDb } from "../src/db/client";
import type { ConversationSummary, Page } from "../src/shared/api";
import type { InboxChangedFrame } from "../src/shared/frames";
import { builtInRoles } from "../src/shared/permissions";
import {
  accountDb,
  accountsD1,
  addOperator,
  BASE,
  departmentAgentRole,
  expectErasedSocket,
  liveChatsOnlyRole,
  login,
  operatorSocket,
  roomStub,
  SITE_ORIGIN,
  seedAccount,
  startChat,
  TestSocket,
  upgrade,
  visitorSocket,
} from "./helpers";
import { seedTranscript } from "./helpers/transcripts";

const get = (path: string, cookie: string) => SELF.fetch(`${BASE}${path}`, { headers: { Cookie: cookie } });

describe("GET /api/v1/conversations", () => {
  it("pages newest first with a cursor and decrypts names for the operator", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await startChat(account.siteKey, { consent: true, name: `Visitor ${i}` })).conversationId);
    const first = (await (await get("/api/v1/conversations?limit=2", cookie)).json()) as Page<ConversationSummary>;
    expect(first.items).toHaveLength(2);
    const seen = [...first.items];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = (await (await get(`/api/v1/conversations?limit=2&cursor=${cursor}`, cookie)).json()) as Page<ConversationSummary>;
      seen.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(new Set(seen.map((c) => c.id))).toEqual(new Set(ids));
    expect(seen.map((c) => c.visitorName).sort()).toEqual(["Visitor 0", "Visitor 1", "Visitor 2", "Visitor 3", "Visitor 4"]);
    const times = seen.map((c) => c.createdAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("answers bad paging input with 400", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    for (const query of ["limit=0", "limit=101", "limit=abc", "cursor=nonsense", "status=deleted"]) {
      const res = await get(`/api/v1/conversations?${query}`, cookie);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    }
  });

  it("shows a department-scoped operator only its departments' conversations", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    const sales = await createDepartment(db, account.accountId, "Sales", Date.now());
    const salesSiteKey = `sales-${crypto.randomUUID().slice(0, 8)}`;
    await createWidget(db, {
      accountId: account.accountId,
      departmentId: sales,
      siteKey: salesSiteKey,
      name: "Sales",
      allowedOrigins: [SITE_ORIGIN],
      now: Date.now(),
    });
    const roleId = await createRole(db, {
      accountId: account.accountId,
      name: "Sales agent",
      permissions: builtInRoles.Agent,
      departmentIds: [sales],
      now: Date.now(),
    });
    const cookie = await login(await addOperator(account, { roleId }));
    const general = await startChat(account.siteKey); // the first widget belongs to "General"
    const salesChat = await startChat(salesSiteKey);
    const list = (await (await get("/api/v1/conversations", cookie)).json()) as Page<ConversationSummary>;
    expect(list.items.map((c) => c.id)).toEqual([salesChat.conversationId]);
    expect((await get(`/api/v1/conversations/${salesChat.conversationId}`, cookie)).status).toBe(200);
    expect((await get(`/api/v1/conversations/${general.conversationId}`, cookie)).status).toBe(404);
    await expectErasedSocket(
      await upgrade(`${BASE}/api/v1/conversations/${general.conversationId}/socket`, { Origin: BASE, Cookie: cookie }),
    );
    const allowed = await upgrade(`${BASE}/api/v1/conversations/${salesChat.conversationId}/socket`, { Origin: BASE, Cookie: cookie });
    expect(allowed.status).toBe(101);
    // The inbox feed is scoped the same way.
    const inbox = await openInbox(cookie);
    await startChat(account.siteKey);
    const nextSales = await startChat(salesSiteKey);
    await inbox.until((s) => conversationFrames(s).length > 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(conversationFrames(inbox)).toEqual([{ type: "conversation.changed", conversationId: nextSales.conversationId }]);
  });
});

describe("GET /api/v1/conversations?ids=", () => {
  const listIds = async (ids: string[], cookie: string) => {
    const res = await get(`/api/v1/conversations?ids=${ids.join(",")}`, cookie);
    expect(res.status).toBe(200);
    return ((await res.json()) as Page<ConversationSummary>).items;
  };

  it("lists only the named conversations the caller may read: its account, its departments, and by status its role's", async () => {
    const account = await seedAccount();
    const other = await seedAccount();
    const cookie = await login(account.adminEmail);
    const [first, third] = [await startChat(account.siteKey), await startChat(account.siteKey)];
    const ended = await seedTranscript(account, { bodies: ["an ended chat"] });
    const foreign = await startChat(other.siteKey);
    const named = await listIds([first.conversationId, third.conversationId, foreign.conversationId], cookie);
    expect(named.map((c) => c.id).sort()).toEqual([first.conversationId, third.conversationId].sort());
    expect(named.every((c) => c.id !== ended)).toBe(true);

    // Another department's conversation is left out, as in every list.
    const db = await accountDb(account);
    const salesRole = await departmentAgentRole(account, [await createDepartment(db, account.accountId, "Sales", Date.now())]);
    expect(await listIds([first.conversationId], await login(await addOperator(account, { roleId: salesRole })))).toEqual([]);

    // A role that reads live chats only gets the open ones and no error for an ended one.
    const liveCookie = await login(await addOperator(account, { roleId: await liveChatsOnlyRole(account) }));
    expect((await listIds([first.conversationId, ended], liveCookie)).map((c) => c.id)).toEqual([first.conversationId]);
    expect((await listIds([ended], cookie)).map((c) => c.status)).toEqual(["closed"]);
    // Without ids, a list of every status still takes transcripts read.
    expect((await get("/api/v1/conversations", liveCookie)).status).toBe(403);
  });

  it("answers bad ids with 400 invalid_request", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const chat = await startChat(account.siteKey);
    const many = Array.from({ length: 51 }, () => chat.conversationId).join(",");
    for (const ids of ["", "nope", `${chat.conversationId},`, `${chat.conversationId.toUpperCase()}`, many]) {
      const res = await get(`/api/v1/conversations?ids=${ids}`, cookie);
      expect(res.status, ids.slice(0, 20)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    }
  });
});

describe("GET /api/v1/inbox/socket", () => {
  it("announces new conversations by id to the account's operators only", async () => {
    const ours = await seedAccount();
    const other = await seedAccount();
    const ourInbox = await openInbox(await login(ours.adminEmail));
    const otherInbox = await openInbox(await login(other.adminEmail));
    const chat = await startChat(ours.siteKey, { consent: true, name: "Vera Visitor" });
    await ourInbox.until((s) => conversationFrames(s).length > 0);
    expect(conversationFrames(ourInbox)[0]).toEqual({ type: "conversation.changed", conversationId: chat.conversationId });
    expect(JSON.stringify(ourInbox.frames)).not.toContain("Vera");
    await new Promise((r) => setTimeout(r, 200));
    expect(conversationFrames(otherInbox)).toEqual([]);
  });
});

describe("the inbox's activity after a flush", () => {
  it("carries the summary's counts, times and waiting, and nothing personal", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const inbox = await openInbox(cookie);
    const chat = await startChat(account.siteKey, { consent: true, name: "Vera Visitor" });
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    await visitor.until((s) => s.ofType("hello").length > 0);
    const activityFrames = () =>
      conversationFrames(inbox).filter((f) => (f as unknown as InboxChangedFrame).activity) as unknown as InboxChangedFrame[];
    const summary = async () => (await (await get(`/api/v1/conversations/${chat.conversationId}`, cookie)).json()) as ConversationSummary;
    const fieldsOf = (s: ConversationSummary) => ({
      status: s.status,
      messageCount: s.messageCount,
      lastMessageAt: s.lastMessageAt,
      waitingSince: s.waitingSince,
    });

    // The first message is flushed at once and announced with what D1 now holds.
    visitor.send({ type: "message.send", clientId: crypto.randomUUID(), body: "My secret question" });
    await inbox.until(() => activityFrames().length === 1, 10_000, "the first flush's activity");
    const first = activityFrames()[0]!;
    expect(first.conversationId).toBe(chat.conversationId);
    expect(first.activity).toEqual(fieldsOf(await summary()));
    expect(first.activity).toMatchObject({ status: "open", messageCount: 1 });
    expect(first.activity!.waitingSince).toBe(first.activity!.lastMessageAt);

    // An operator's reply: the visitor no longer waits.
    const operator = await operatorSocket(cookie, chat.conversationId);
    await operator.until((s) => s.ofType("hello").length > 0);
    operator.send({ type: "message.send", clientId: crypto.randomUUID(), body: "My private answer" });
    await operator.until((s) => s.messages().length === 2);
    await runDurableObjectAlarm(roomStub(chat.conversationId));
    await inbox.until(() => activityFrames().length === 2, 10_000, "the reply's activity");
    const second = activityFrames()[1]!;
    expect(second.activity).toEqual(fieldsOf(await summary()));
    expect(second.activity).toMatchObject({ messageCount: 2, waitingSince: null });

    // Ended and left its room: announced as closed.
    operator.send({ type: "conversation.close" });
    await operator.until((s) => s.closed !== null);
    await runDurableObjectAlarm(roomStub(chat.conversationId));
    await inbox.until(() => activityFrames().some((f) => f.activity!.status === "closed"), 10_000, "the end's activity");
    const closed = activityFrames()
      .filter((f) => f.activity!.status === "closed")
      .at(-1)!;
    expect(closed.activity).toEqual(fieldsOf(await summary()));

    const everything = JSON.stringify(inbox.frames);
    for (const personal of ["Vera", "secret", "private", chat.visitorToken]) expect(everything).not.toContain(personal);
  });
});

/** The inbox frames about conversations (leaving out operators' statuses, announced on connecting). */
const conversationFrames = (s: TestSocket) => s.frames.filter((f) => (f.type as string) !== "operators.status");

async function openInbox(cookie: string): Promise<TestSocket> {
  const res = await upgrade(`${BASE}/api/v1/inbox/socket`, { Origin: BASE, Cookie: cookie });
  if (!res.webSocket) throw new Error(`inbox upgrade failed: ${res.status}`);
  return new TestSocket(res.webSocket);
}

describe("POST /api/v1/conversations/:id/assign", () => {
  it("takes, lists as mine or waiting, assigns to a colleague who may answer, and hands back", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const post = (path: string, body: unknown) =>
      SELF.fetch(`${BASE}/api/v1${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
        body: JSON.stringify(body),
      });
    const a = await startChat(account.siteKey);
    const b = await startChat(account.siteKey);
    expect(await get("/api/v1/conversations?status=open&assigned=false", cookie).then(ids)).toEqual(
      [a.conversationId, b.conversationId].sort(),
    );
    const taken = await post(`/conversations/${a.conversationId}/assign`, { operatorId: account.adminId });
    expect(((await taken.json()) as { assignedOperatorId: string }).assignedOperatorId).toBe(account.adminId);
    expect(await get(`/api/v1/conversations?status=open&assignedTo=${account.adminId}`, cookie).then(ids)).toEqual([a.conversationId]);
    expect(await get("/api/v1/conversations?status=open&assigned=false", cookie).then(ids)).toEqual([b.conversationId]);

    const agentEmail = await addOperator(account, "Agent");
    const agent = (await accountsD1.prepare("SELECT id FROM operators WHERE email = ?").bind(agentEmail).first<{ id: string }>())!.id;
    const readerEmail = await addOperator(account, "Read-only");
    const reader = (await accountsD1.prepare("SELECT id FROM operators WHERE email = ?").bind(readerEmail).first<{ id: string }>())!.id;
    expect((await post(`/conversations/${b.conversationId}/assign`, { operatorId: agent })).status).toBe(200);
    expect((await post(`/conversations/${b.conversationId}/assign`, { operatorId: reader })).status).toBe(400);
    expect((await post(`/conversations/${b.conversationId}/assign`, { operatorId: null })).status).toBe(200);
    expect(await get("/api/v1/conversations?status=open&assigned=false", cookie).then(ids)).toEqual([b.conversationId]);

    // The list to assign from: exactly those who may answer, by name; not the read-only, not the disabled.
    const assignees = async () =>
      (
        (await (await get(`/api/v1/conversations/${b.conversationId}/assignees`, cookie)).json()) as {
          items: { id: string; displayName: string }[];
        }
      ).items.map((o) => o.id);
    expect(new Set(await assignees())).toEqual(new Set([account.adminId, agent]));
    await accountsD1.prepare("UPDATE operators SET disabled = 1 WHERE id = ?").bind(agent).run();
    expect(await assignees()).toEqual([account.adminId]);
    expect(await assignees()).not.toContain(reader);
  });
});

const ids = async (res: Response) => ((await res.json()) as { items: { id: string }[] }).items.map((c) => c.id).sort();
