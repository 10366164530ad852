import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LAST_MESSAGE_PREVIEW, summarise } from "../src/conversation/summaries";
import { createDepartment, createRole } from "../src/db/accounts";
import { openDb } from "../src/db/client";
import { findConversation } from "../src/db/conversations";
import type { ConversationSummary } from "../src/shared/api";
import { builtInRoles, mayReadContent, type Permissions } from "../src/shared/permissions";
import { tagKey } from "../src/shared/tags";
import {
  accountsD1,
  addOperator,
  BASE,
  liveChatsOnlyRole,
  login,
  operatorSocket,
  seedAccount,
  startChat,
  TestSocket,
  upgrade,
  visitorSocket,
} from "./helpers";
import { seedTranscript } from "./helpers/transcripts";

async function call(method: string, url: string, cookie: string, body?: unknown): Promise<Response> {
  return SELF.fetch(`${BASE}/api/v1${url}`, {
    method,
    headers: { Origin: BASE, Cookie: cookie, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const summaryOf = async (cookie: string, id: string) =>
  (await (await call("GET", `/conversations/${id}`, cookie)).json()) as ConversationSummary;
const ids = async (res: Response) => ((await res.json()) as { items: { id: string }[] }).items.map((c) => c.id).sort();

async function openInbox(cookie: string): Promise<TestSocket> {
  const res = await upgrade(`${BASE}/api/v1/inbox/socket`, { Origin: BASE, Cookie: cookie });
  if (!res.webSocket) throw new Error(`inbox upgrade failed: ${res.status}`);
  return new TestSocket(res.webSocket);
}

/** How many times the inbox heard that `id` changed. */
const changes = (inbox: TestSocket, id: string) =>
  inbox.frames.filter((f) => (f as unknown as { type: string; conversationId?: string }).conversationId === id).length;

describe("tags", () => {
  it("keys tags by NFKC lower case", () => {
    expect(tagKey(" Billing ")).toBe("billing");
    expect(tagKey("ÄRGER")).toBe(tagKey("ärger"));
    // A full-width letter and a ligature match their plain forms.
    expect(tagKey("ＶＩＰ")).toBe("vip");
    expect(tagKey("ﬁnance")).toBe("finance");
  });

  it("treats tags that differ only in case as one, keeping the spelling the chat had", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const chat = await seedTranscript(account, { closed: false });
    const first = await call("PATCH", `/conversations/${chat}`, cookie, { tags: ["billing", "Billing", "VIP"] });
    expect(((await first.json()) as ConversationSummary).tags).toEqual(["billing", "VIP"]);
    // "BILLING" added to a chat tagged "billing" is the same tag, still shown as "billing".
    const second = await call("PATCH", `/conversations/${chat}`, cookie, { tags: ["BILLING", "vip", "Refund"] });
    expect(second.status).toBe(200);
    expect(((await second.json()) as ConversationSummary).tags).toEqual(["billing", "Refund", "VIP"]);
    const rows = await accountsD1
      .prepare("SELECT tag, label FROM conversation_tags WHERE conversation_id = ? ORDER BY tag")
      .bind(chat)
      .all();
    expect(rows.results).toEqual([
      { tag: "billing", label: "billing" },
      { tag: "refund", label: "Refund" },
      { tag: "vip", label: "VIP" },
    ]);
  });

  it("filters by tag regardless of case, in lists and searches", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const a = await seedTranscript(account);
    const b = await seedTranscript(account);
    await seedTranscript(account);
    await call("PATCH", `/conversations/${a}`, cookie, { tags: ["Billing", "VIP"] });
    await call("PATCH", `/conversations/${b}`, cookie, { tags: ["billing"] });
    expect(await ids(await call("GET", "/conversations?tags=BILLING", cookie))).toEqual([a, b].sort());
    expect(await ids(await call("GET", "/conversations?tags=billing,vip", cookie))).toEqual([a]);
    expect(await ids(await call("POST", "/conversations/search", cookie, { tags: ["bIlLiNg"] }))).toEqual([a, b].sort());
  });

  it("suggests the tags of the caller's departments, most used first, by prefix in any case", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    const cookie = await login(account.adminEmail);
    const sales = await createDepartment(db, account.accountId, "Sales", Date.now());
    const [a, b, c] = [
      await seedTranscript(account),
      await seedTranscript(account),
      await seedTranscript(account, { departmentId: sales }),
    ];
    await call("PATCH", `/conversations/${a}`, cookie, { tags: ["Billing", "vip"] });
    await call("PATCH", `/conversations/${b}`, cookie, { tags: ["billing", "Bug"] });
    await call("PATCH", `/conversations/${c}`, cookie, { tags: ["secret-deal"] });
    const suggest = async (who: string, query = "") =>
      ((await (await call("GET", `/conversations/tags${query}`, who)).json()) as { items: string[] }).items;
    expect(await suggest(cookie)).toEqual(["Billing", "Bug", "secret-deal", "vip"]);
    expect(await suggest(cookie, "?prefix=BI")).toEqual(["Billing"]);
    expect(await suggest(cookie, "?prefix=b")).toEqual(["Billing", "Bug"]);
    // An agent of the first department never learns the tags of the other's chats.
    const role = await createRole(db, {
      accountId: account.accountId,
      name: "Support agent",
      permissions: builtInRoles.Agent,
      departmentIds: [account.departmentId],
      now: Date.now(),
    });
    const agent = await login(await addOperator(account, { roleId: role }));
    expect(await suggest(agent)).toEqual(["Billing", "Bug", "vip"]);
    // Read-only roles may not tag, so they get no suggestions.
    const reader = await login(await addOperator(account, "Read-only"));
    expect((await call("GET", "/conversations/tags", reader)).status).toBe(403);
  });

  it("audits tagging with how many tags, never which, and refuses bad input without changing anything", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const chat = await seedTranscript(account, { closed: false });
    await call("PATCH", `/conversations/${chat}`, cookie, { tags: ["Refund", "vip"] });
    const entry = await accountsD1
      .prepare("SELECT * FROM audit_log WHERE account_id = ? AND action = 'conversation.tagged'")
      .bind(account.accountId)
      .first<Record<string, unknown>>();
    expect(entry).toMatchObject({ target_type: "conversation", target_id: chat, count: 2, actor_id: account.adminId });
    expect(JSON.stringify(entry)).not.toMatch(/refund|vip/i);
    for (const body of [
      { tags: ["x".repeat(51)] },
      { tags: ["  "] },
      { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
      { tags: "vip" },
    ]) {
      const res = await call("PATCH", `/conversations/${chat}`, cookie, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    }
    expect((await summaryOf(cookie, chat)).tags).toEqual(["Refund", "vip"]);
  });
});

describe("inbox rows: message count, waiting time and last message", () => {
  it("announces a chat's first message only once D1 counts it, so no list shows it with 0 messages", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const chat = await startChat(account.siteKey);
    const inbox = await openInbox(cookie);
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    visitor.send({ type: "message.send", clientId: "m1", body: "Is anyone there?" });
    await inbox.until((s) => changes(s, chat.conversationId) >= 1, 10_000, "the inbox hears of the first message");
    // What the app fetches when it hears of it.
    const summary = await summaryOf(cookie, chat.conversationId);
    expect(summary.messageCount).toBe(1);
    expect(summary.lastMessage?.body).toBe("Is anyone there?");
    visitor.close();
    inbox.close();
  });

  it("shows since when the visitor waits, and the last message, as the chat goes on", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const started = Date.now();
    const chat = await startChat(account.siteKey);
    const id = chat.conversationId;
    // No message yet: waiting since the start.
    const fresh = await summaryOf(cookie, id);
    expect(fresh.waitingSince).toBe(fresh.createdAt);
    expect(fresh.lastMessage).toBeNull();
    expect(fresh.createdAt).toBeGreaterThanOrEqual(started);

    const inbox = await openInbox(cookie);
    const visitor = await visitorSocket(account.siteKey, id, chat.visitorToken);
    const operator = await operatorSocket(cookie, id);
    const flushed = async (count: number) => {
      // Each flush is announced after D1 holds it; wait for the one that brings the count.
      const deadline = Date.now() + 10_000;
      for (;;) {
        const seen = changes(inbox, id);
        const summary = await summaryOf(cookie, id);
        if (summary.messageCount >= count) return summary;
        if (Date.now() > deadline) throw new Error(`count stayed ${summary.messageCount}`);
        await inbox.until((s) => changes(s, id) > seen, 10_000, "the next flush");
      }
    };
    visitor.send({ type: "message.send", clientId: "v1", body: "Hello?" });
    await operator.until((s) => s.messages().length === 1, 10_000, "the first message");
    const firstAt = operator.messages()[0]!.createdAt;
    const waiting = await flushed(1);
    expect(waiting.waitingSince).toBe(firstAt);
    expect(waiting.lastMessage).toEqual({ authorKind: "visitor", body: "Hello?", truncated: false, createdAt: firstAt });

    operator.send({ type: "message.send", clientId: "o1", body: "Hi, how can I help?" });
    const answered = await flushed(2);
    expect(answered.waitingSince).toBeNull();
    expect(answered.lastMessage).toMatchObject({ authorKind: "operator", body: "Hi, how can I help?" });

    // Two visitor messages after the reply: waiting since the first of them; the preview cut at whole characters.
    const long = "🙂".repeat(LAST_MESSAGE_PREVIEW + 10);
    // The second is sent once the first is stored: this test is about the inbox row. Sent in one
    // tick through the test pool's socket, the two were once stored in the other order in CI (cause
    // not found; one sender's order over real sockets is test/e2e/ordering.e2e.ts's subject).
    visitor.send({ type: "message.send", clientId: "v2", body: "One more thing" });
    await operator.until((s) => s.messages().length === 3, 10_000, "the first of them");
    visitor.send({ type: "message.send", clientId: "v3", body: long });
    await operator.until((s) => s.messages().length === 4, 10_000, "both messages");
    const again = await flushed(4);
    expect(again.waitingSince).toBe(operator.messages()[2]!.createdAt);
    expect(again.lastMessage).toMatchObject({ authorKind: "visitor", truncated: true, body: "🙂".repeat(LAST_MESSAGE_PREVIEW) });
    for (const socket of [visitor, operator, inbox]) socket.close();
  });

  it("gives ended conversations neither waiting time nor last message", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const closed = await seedTranscript(account, { bodies: ["Hello", "Hi"] });
    const summary = await summaryOf(cookie, closed);
    expect(summary).toMatchObject({ messageCount: 2, waitingSince: null, lastMessage: null });
  });

  it("decrypts the last message only for roles that may read the chat", async () => {
    const account = await seedAccount();
    const open = await seedTranscript(account, { closed: false, bodies: ["secret words", "reply", "still waiting"] });
    const row = (await findConversation(openDb(accountsD1), account.accountId, open))!;
    const as = (permissions: Permissions) =>
      summarise(env, openDb(accountsD1), { account: { id: account.accountId }, role: { permissions } }, [row]);
    const none: Permissions = { ...builtInRoles["Read-only"], chats: "none", transcripts: "none" };
    const [hidden] = await as(none);
    expect(hidden!.lastMessage).toBeNull();
    // Waiting time says nothing of what was said: every reader gets it.
    expect(hidden!.waitingSince).toBe(row.lastMessageAt);
    expect(hidden!.messageCount).toBe(3);
    for (const permissions of [builtInRoles["Read-only"], { ...none, chats: "read" as const }, { ...none, transcripts: "read" as const }]) {
      const [shown] = await as(permissions);
      expect(shown!.lastMessage?.body).toBe("still waiting");
    }
  });

  it("allows content by the rule of the transcript routes", () => {
    const roles: [Partial<Permissions>, "open" | "closed", boolean][] = [
      [{ chats: "read", transcripts: "none" }, "open", true],
      [{ chats: "read", transcripts: "none" }, "closed", false],
      [{ chats: "none", transcripts: "read" }, "open", true],
      [{ chats: "none", transcripts: "read" }, "closed", true],
      [{ chats: "none", transcripts: "none" }, "open", false],
    ];
    for (const [permissions, status, allowed] of roles)
      expect(mayReadContent({ chats: "none", transcripts: "none", ...permissions }, status), JSON.stringify([permissions, status])).toBe(
        allowed,
      );
  });

  it("lists the last message for a role that watches chats without transcripts", async () => {
    const account = await seedAccount();
    const watcher = await login(await addOperator(account, { roleId: await liveChatsOnlyRole(account) }));
    const open = await seedTranscript(account, { closed: false, bodies: ["where is my parcel"] });
    const list = (await (await call("GET", "/conversations?status=open", watcher)).json()) as { items: ConversationSummary[] };
    expect(list.items.find((c) => c.id === open)?.lastMessage?.body).toBe("where is my parcel");
    // Ended ones stay out of its reach altogether.
    expect((await call("GET", "/conversations?status=closed", watcher)).status).toBe(403);
  });
});

describe("PUT /api/v1/me/notifications", () => {
  it("starts with both off, saves the operator's choice and audits it", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    expect(await (await call("GET", "/me/notifications", cookie)).json()).toEqual({ desktop: false, withContent: false });
    const res = await call("PUT", "/me/notifications", cookie, { desktop: true, withContent: true });
    expect(await res.json()).toEqual({ desktop: true, withContent: true });
    expect(await (await call("GET", "/me/notifications", cookie)).json()).toEqual({ desktop: true, withContent: true });
    const entry = await accountsD1
      .prepare("SELECT target_id FROM audit_log WHERE account_id = ? AND action = 'notifications.updated'")
      .bind(account.accountId)
      .first<{ target_id: string }>();
    expect(entry?.target_id).toBe(account.adminId);
  });

  it("refuses notifications to a role without live chats and bad bodies, changing nothing", async () => {
    const account = await seedAccount();
    const role = await createRole(openDb(accountsD1), {
      accountId: account.accountId,
      name: "Clerk",
      permissions: { ...builtInRoles["Read-only"], chats: "none" },
      departmentIds: null,
      now: Date.now(),
    });
    const clerk = await login(await addOperator(account, { roleId: role }));
    const refused = await call("PUT", "/me/notifications", clerk, { desktop: true, withContent: false });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    expect((await call("PUT", "/me/notifications", clerk, { desktop: false, withContent: false })).status).toBe(200);
    const admin = await login(account.adminEmail);
    for (const body of [{ desktop: "yes", withContent: false }, { desktop: true }, { desktop: true, withContent: false, sound: true }]) {
      const res = await call("PUT", "/me/notifications", admin, body);
      expect(res.status).toBe(400);
    }
    expect(await (await call("GET", "/me/notifications", admin)).json()).toEqual({ desktop: false, withContent: false });
  });
});
