import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  accountsD1,
  BASE,
  login,
  operatorSocket,
  SITE_ORIGIN,
  seedAccount,
  startChat,
  type TestAccount,
  tracesOf,
  visitorSocket,
} from "./helpers";
import { exportInZip } from "./helpers/export";

// The visitor's side of a conversation (issue 13, item 7): the operator's typing and read
// position reach the visitor, and the visitor rates the chat at its end.

const api = (path: string, cookie: string, init: RequestInit = {}) =>
  SELF.fetch(`${BASE}/api/v1${path}`, {
    ...init,
    headers: { Origin: BASE, Cookie: cookie, "Content-Type": "application/json", ...init.headers },
  });

const rate = (account: TestAccount, conversationId: string, token: string, body: unknown) =>
  SELF.fetch(`${BASE}/w/${account.siteKey}/conversations/${conversationId}/rating`, {
    method: "POST",
    headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

/** A chat with one visitor message, ended by the visitor; the sockets are closed. */
async function endedChat(account: TestAccount, start: Record<string, unknown> = { consent: true }) {
  const chat = await startChat(account.siteKey, start);
  const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
  await visitor.until((s) => s.ofType("hello").length === 1);
  visitor.send({ type: "message.send", clientId: "c1", body: "Where is my parcel?" });
  await visitor.until((s) => s.messages().length === 1);
  visitor.send({ type: "conversation.close" });
  await visitor.until((s) => s.ofType("conversation.closed").length === 1, 10_000, "the end");
  visitor.close();
  return chat;
}

describe("operator typing", () => {
  it("reaches the visitor with the operator's alias, and is never stored", async () => {
    const account = await seedAccount();
    const admin = await login(account.adminEmail);
    expect(
      (await api(`/team/operators/${account.adminId}`, admin, { method: "PATCH", body: JSON.stringify({ aliasName: "Anna" }) })).status,
    ).toBe(200);
    const chat = await startChat(account.siteKey);
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    await visitor.until((s) => s.ofType("hello").length === 1);
    const operator = await operatorSocket(await login(account.adminEmail), chat.conversationId);
    await operator.until((s) => s.ofType("hello").length === 1);
    operator.send({ type: "typing", active: true });
    await visitor.until((s) => s.ofType("typing").length === 1, 10_000, "the typing frame");
    expect(visitor.ofType("typing")).toEqual([{ type: "typing", role: "operator", active: true, name: "Anna" }]);
    expect(JSON.stringify(visitor.frames)).not.toContain("Ada Admin");
    const { room, d1 } = await tracesOf(chat.conversationId);
    expect(room).not.toContain("typing");
    expect(JSON.stringify(d1)).not.toContain("typing");
    visitor.close();
    operator.close();
  });
});

describe("read receipts", () => {
  it("tell the visitor how far an operator has read, again after a reconnect; visitors cannot send them", async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey);
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    await visitor.until((s) => s.ofType("hello").length === 1);
    visitor.send({ type: "message.send", clientId: "c1", body: "Hello?" });
    await visitor.until((s) => s.messages().length === 1);
    const operator = await operatorSocket(await login(account.adminEmail), chat.conversationId);
    await operator.until((s) => s.messages().length === 1);
    // Past the last message: the room keeps no read position beyond what exists.
    operator.send({ type: "read", seq: 99 });
    await visitor.until((s) => s.ofType("seen").length === 1, 10_000, "seen");
    expect(visitor.ofType("seen")).toEqual([{ type: "seen", seq: 1 }]);
    // An older position changes nothing.
    operator.send({ type: "read", seq: 0 });
    visitor.send({ type: "read", seq: 1 });
    await visitor.until((s) => s.ofType("error").length === 1, 10_000, "the visitor's refusal");
    expect(visitor.ofType("error")[0]).toMatchObject({ code: "forbidden" });
    expect(visitor.ofType("seen")).toHaveLength(1);
    expect(operator.ofType("seen")).toEqual([]);

    const again = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    await again.until((s) => s.ofType("presence").length > 0, 10_000, "seen after the replay, then presence");
    expect(again.frames.map((f) => f.type).slice(0, 4)).toEqual(["hello", "message.created", "seen", "presence"]);
    for (const socket of [visitor, operator, again]) socket.close();
  });
});

describe("POST /w/{siteKey}/conversations/{id}/rating", () => {
  it("is refused before the chat has ended", async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey);
    const res = await rate(account, chat.conversationId, chat.visitorToken, { rating: 5 });
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe("conversation_not_ended");
  });

  it("stores the rating and the comment sealed, once; refuses bad input, another conversation's token and a second rating", async () => {
    const account = await seedAccount();
    const chat = await endedChat(account);
    const other = await startChat(account.siteKey);
    const row = () =>
      accountsD1.prepare("SELECT rating, rating_comment_enc FROM conversations WHERE id = ?").bind(chat.conversationId).first();

    for (const bad of [{ rating: 0 }, { rating: 6 }, { rating: 4.5 }, { rating: 4, comment: "x".repeat(1001) }, { rating: 4, extra: 1 }]) {
      const res = await rate(account, chat.conversationId, chat.visitorToken, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(await errorCode(res)).toBe("invalid_request");
    }
    const stolen = await rate(account, chat.conversationId, other.visitorToken, { rating: 1 });
    expect(stolen.status).toBe(403);
    expect(await errorCode(stolen)).toBe("invalid_token");
    expect(await row()).toEqual({ rating: null, rating_comment_enc: null });

    expect(
      (await rate(account, chat.conversationId, chat.visitorToken, { rating: 4, comment: "  Quick and kind, thank you!  " })).status,
    ).toBe(204);
    const stored = (await row()) as { rating: number; rating_comment_enc: string };
    expect(stored.rating).toBe(4);
    expect(stored.rating_comment_enc).toMatch(/^e1\./);
    expect(stored.rating_comment_enc).not.toContain("Quick");

    const second = await rate(account, chat.conversationId, chat.visitorToken, { rating: 1, comment: "changed my mind" });
    expect(second.status).toBe(409);
    expect(await errorCode(second)).toBe("already_rated");
    expect(((await row()) as { rating: number }).rating).toBe(4);

    // The operators' transcript detail shows the comment as written (trimmed).
    const admin = await login(account.adminEmail);
    const detail = (await (await api(`/conversations/${chat.conversationId}`, admin)).json()) as { rating: number; ratingComment: string };
    expect(detail).toMatchObject({ rating: 4, ratingComment: "Quick and kind, thank you!" });
  });

  it("shows in the rating filter and the analytics", async () => {
    const account = await seedAccount();
    const rated = await endedChat(account);
    await endedChat(account);
    expect((await rate(account, rated.conversationId, rated.visitorToken, { rating: 2 })).status).toBe(204);
    const admin = await login(account.adminEmail);
    const filtered = (await (await api("/conversations?rating=2", admin)).json()) as { items: { id: string; rating: number }[] };
    expect(filtered.items.map((c) => [c.id, c.rating])).toEqual([[rated.conversationId, 2]]);
    const today = new Date().toISOString().slice(0, 10);
    const analytics = (await (await api(`/analytics?from=${today}&to=${today}`, admin)).json()) as {
      rows: { chats: number; avgRating: number; ratings: number }[];
    };
    expect(analytics.rows).toEqual([expect.objectContaining({ chats: 2, avgRating: 2, ratings: 1 })]);
  });

  it("puts the comment into every export and the data-subject export, and erases it with the conversation", async () => {
    const account = await seedAccount();
    const chat = await endedChat(account, { consent: true, email: "vera@example.org" });
    expect((await rate(account, chat.conversationId, chat.visitorToken, { rating: 5, comment: "Mallory;=1+1 was great" })).status).toBe(
      204,
    );
    const admin = await login(account.adminEmail);
    const exported = async (path: string, body: unknown) => {
      const res = await api(path, admin, { method: "POST", body: JSON.stringify(body) });
      expect(res.status).toBe(200);
      return res;
    };
    const json = (await (await exported("/conversations/export", { format: "json", conversationIds: [chat.conversationId] })).json()) as {
      conversations: { rating: number; ratingComment: string }[];
    };
    expect(json.conversations[0]).toMatchObject({ rating: 5, ratingComment: "Mallory;=1+1 was great" });
    const csv = await (await exported("/conversations/export", { format: "csv", conversationIds: [chat.conversationId] })).text();
    expect(csv.split("\r\n")[0]).toContain('"rating_comment"');
    expect(csv).toContain('"Mallory;\'=1+1 was great"');
    const xlsx = new Uint8Array(
      await (await exported("/conversations/export", { format: "xlsx", conversationIds: [chat.conversationId] })).arrayBuffer(),
    );
    expect(xlsx.length).toBeGreaterThan(0);
    const subject = (await (
      await exportInZip(await exported("/data-subject/export", { email: "vera@example.org", format: "json" }))
    ).json()) as {
      conversations: { ratingComment: string }[];
    };
    expect(subject.conversations.map((c) => c.ratingComment)).toEqual(["Mallory;=1+1 was great"]);

    expect((await api(`/conversations/${chat.conversationId}`, admin, { method: "DELETE" })).status).toBe(200);
    const traces = await tracesOf(chat.conversationId);
    expect(traces.d1.conversations).toEqual([]);
    expect(JSON.stringify(traces)).not.toContain("Mallory");
  });
});
