import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDepartment, createRole } from "../src/db/accounts";
import { openDb } from "../src/db/client";
import { sweepRetention } from "../src/privacy/retention";
import { CLOSE_CONVERSATION_ERASED } from "../src/shared/frames";
import { builtInRoles } from "../src/shared/permissions";
import {
  accountsD1,
  addOperator,
  BASE,
  login,
  operatorSocket,
  SITE_ORIGIN,
  seedAccount,
  startChat,
  TestSocket,
  upgrade,
  visitorSocket,
} from "./helpers";

async function openInbox(cookie: string): Promise<TestSocket> {
  const res = await upgrade(`${BASE}/api/v1/inbox/socket`, { Origin: BASE, Cookie: cookie });
  if (!res.webSocket) throw new Error(`inbox upgrade failed: ${res.status}`);
  return new TestSocket(res.webSocket);
}

const erasedFrames = (s: TestSocket) => s.frames.filter((f) => f.type === "conversation.erased");

/** A live chat with the visitor, one operator in it, and that operator's inbox open. */
async function liveChat() {
  const account = await seedAccount();
  const cookie = await login(account.adminEmail);
  const chat = await startChat(account.siteKey, { consent: true, name: "Erin Erasable" });
  const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
  const operator = await operatorSocket(cookie, chat.conversationId);
  const inbox = await openInbox(cookie);
  visitor.send({ type: "message.send", clientId: "m1", body: "please forget me" });
  await operator.until((s) => s.messages().length === 1, 10_000, "the operator sees the message");
  return { account, cookie, chat, visitor, operator, inbox };
}

/** Both sockets heard `conversation.erased`, then closed with the erasure's code; the inbox heard it too. */
async function expectAnnounced(live: Awaited<ReturnType<typeof liveChat>>) {
  for (const socket of [live.visitor, live.operator]) {
    await socket.until((s) => s.closed !== null, 10_000, "the socket to close");
    expect(erasedFrames(socket)).toEqual([{ type: "conversation.erased" }]);
    expect(socket.closed?.code).toBe(CLOSE_CONVERSATION_ERASED);
  }
  await live.inbox.until((s) => erasedFrames(s).length > 0, 10_000, "the inbox to hear of the erasure");
  expect(erasedFrames(live.inbox)).toEqual([{ type: "conversation.erased", conversationId: live.chat.conversationId }]);
}

describe("live erasure", () => {
  it("tells the visitor's and the operator's sockets and the inbox when an operator deletes a chat", async () => {
    const live = await liveChat();
    const res = await SELF.fetch(`${BASE}/api/v1/conversations/${live.chat.conversationId}`, {
      method: "DELETE",
      headers: { Origin: BASE, Cookie: live.cookie },
    });
    expect(res.ok).toBe(true);
    await expectAnnounced(live);
  });

  it("does the same when the visitor erases their own conversation", async () => {
    const live = await liveChat();
    const res = await SELF.fetch(`${BASE}/w/${live.account.siteKey}/conversations/${live.chat.conversationId}`, {
      method: "DELETE",
      headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${live.chat.visitorToken}` },
    });
    expect(res.ok).toBe(true);
    await expectAnnounced(live);
  });

  it("does the same for a bulk delete and a data-subject erasure", async () => {
    for (const [path, body] of [
      ["/api/v1/conversations/delete", (id: string) => ({ conversationIds: [id] })],
      ["/api/v1/data-subject/erase", () => ({ email: "erin@example.org" })],
    ] as const) {
      const account = await seedAccount();
      const cookie = await login(account.adminEmail);
      const chat = await startChat(account.siteKey, { consent: true, name: "Erin Erasable", email: "erin@example.org" });
      const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
      const operator = await operatorSocket(cookie, chat.conversationId);
      const inbox = await openInbox(cookie);
      await operator.until((s) => s.ofType("hello").length === 1);
      const res = await SELF.fetch(`${BASE}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
        body: JSON.stringify(body(chat.conversationId)),
      });
      expect(res.status).toBe(200);
      await expectAnnounced({ account, cookie, chat, visitor, operator, inbox });
    }
  });

  it("tells the inbox when the retention sweep erases an ended chat", async () => {
    const account = await seedAccount();
    const inbox = await openInbox(await login(account.adminEmail));
    const chat = await startChat(account.siteKey);
    const longAgo = Date.now() - 400 * 86_400_000;
    await accountsD1
      .prepare("UPDATE conversations SET status = 'closed', closed_at = ?, last_message_at = ?, created_at = ? WHERE id = ?")
      .bind(longAgo, longAgo, longAgo, chat.conversationId)
      .run();
    await accountsD1.prepare("UPDATE accounts SET retention_months = 1 WHERE id = ?").bind(account.accountId).run();
    await sweepRetention(env, openDb(accountsD1), Date.now());
    await inbox.until((s) => erasedFrames(s).length > 0, 10_000, "the inbox to hear of the erasure");
    expect(erasedFrames(inbox)).toEqual([{ type: "conversation.erased", conversationId: chat.conversationId }]);
  });

  it("tells only the inboxes of operators who could see the conversation's department", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    const sales = await createDepartment(db, account.accountId, "Sales", Date.now());
    const salesRole = await createRole(db, {
      accountId: account.accountId,
      name: "Sales agent",
      permissions: builtInRoles.Agent,
      departmentIds: [sales],
      now: Date.now(),
    });
    const salesAgent = await addOperator(account, { roleId: salesRole }, "Sam Sales");
    const salesInbox = await openInbox(await login(salesAgent));
    const live = await liveChat();
    expect(live.account.accountId).not.toBe(account.accountId);
    const ownCookie = await login(account.adminEmail);
    const ownInbox = await openInbox(ownCookie);
    const chat = await startChat(account.siteKey);
    await ownInbox.until((s) => s.frames.length > 0);
    const res = await SELF.fetch(`${BASE}/api/v1/conversations/${chat.conversationId}`, {
      method: "DELETE",
      headers: { Origin: BASE, Cookie: ownCookie },
    });
    expect(res.ok).toBe(true);
    await ownInbox.until((s) => erasedFrames(s).length > 0, 10_000, "the admin's inbox to hear of the erasure");
    // The sales agent's inbox never learns of a General-department conversation, created or erased.
    expect(salesInbox.frames.filter((f) => "conversationId" in f && f.conversationId === chat.conversationId)).toEqual([]);
    // Nor does another account's inbox.
    expect(erasedFrames(live.inbox)).toEqual([]);
  });

  it("answers a socket opened after the erasure with the erased frame and code, not a refused upgrade", async () => {
    const live = await liveChat();
    await SELF.fetch(`${BASE}/api/v1/conversations/${live.chat.conversationId}`, {
      method: "DELETE",
      headers: { Origin: BASE, Cookie: live.cookie },
    });
    await live.visitor.until((s) => s.closed !== null);
    const again = await visitorSocket(live.account.siteKey, live.chat.conversationId, live.chat.visitorToken);
    await again.until((s) => s.closed !== null, 10_000, "the late visitor socket to close");
    expect(again.frames).toEqual([{ type: "conversation.erased" }]);
    expect(again.closed?.code).toBe(CLOSE_CONVERSATION_ERASED);
    const operatorAgain = await operatorSocket(live.cookie, live.chat.conversationId, 1);
    await operatorAgain.until((s) => s.closed !== null, 10_000, "the late operator socket to close");
    expect(operatorAgain.frames).toEqual([{ type: "conversation.erased" }]);
    expect(operatorAgain.closed?.code).toBe(CLOSE_CONVERSATION_ERASED);
  });

  it("still refuses a socket with a forged visitor token, and a request that is no upgrade", async () => {
    const live = await liveChat();
    const forged = await upgrade(`${BASE}/w/${live.account.siteKey}/conversations/${live.chat.conversationId}/socket`, {
      Origin: SITE_ORIGIN,
      "Sec-WebSocket-Protocol": "confide.v1, confide.token.not-a-real-token-at-all",
    });
    expect(forged.status).toBe(403);
    const plain = await SELF.fetch(`${BASE}/api/v1/conversations/${live.chat.conversationId}/socket`, {
      headers: { Origin: BASE, Cookie: live.cookie },
    });
    expect(plain.status).toBe(426);
  });
});
