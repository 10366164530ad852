import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDepartment, createOperator, createRole } from "../src/db/accounts";
import { openDb } from "../src/db/client";
import { builtInRoles } from "../src/shared/permissions";
import type { ConversationSummary, Page } from "../src/shared/api";
import { BASE, login, seedAccount, sharedPasswordHash, startChat, TestSocket, upgrade } from "./helpers";

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
    const db = openDb(env.DB);
    const sales = await createDepartment(db, account.accountId, "Sales", Date.now());
    const roleId = await createRole(db, { accountId: account.accountId, name: "Sales agent", permissions: builtInRoles.Agent, departmentIds: [sales], now: Date.now() });
    const email = `sales-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await createOperator(db, { accountId: account.accountId, email, displayName: "Sam Sales", passwordHash: await sharedPasswordHash(), roleId, now: Date.now() });
    const chat = await startChat(account.siteKey); // the widget belongs to "General"
    const cookie = await login(email);
    const list = (await (await get("/api/v1/conversations", cookie)).json()) as Page<ConversationSummary>;
    expect(list.items).toEqual([]);
    expect((await get(`/api/v1/conversations/${chat.conversationId}`, cookie)).status).toBe(404);
    const socket = await upgrade(`${BASE}/api/v1/conversations/${chat.conversationId}/socket`, { Origin: BASE, Cookie: cookie });
    expect(socket.status).toBe(404);
  });
});

describe("GET /api/v1/inbox/socket", () => {
  it("announces new conversations by id to the account's operators only", async () => {
    const ours = await seedAccount();
    const other = await seedAccount();
    const ourInbox = await openInbox(await login(ours.adminEmail));
    const otherInbox = await openInbox(await login(other.adminEmail));
    const chat = await startChat(ours.siteKey, { consent: true, name: "Vera Visitor" });
    await ourInbox.until((s) => s.frames.length > 0);
    expect(ourInbox.frames[0]).toEqual({ type: "conversation.changed", conversationId: chat.conversationId });
    expect(JSON.stringify(ourInbox.frames)).not.toContain("Vera");
    await new Promise((r) => setTimeout(r, 200));
    expect(otherInbox.frames).toEqual([]);
  });
});

async function openInbox(cookie: string): Promise<TestSocket> {
  const res = await upgrade(`${BASE}/api/v1/inbox/socket`, { Origin: BASE, Cookie: cookie });
  if (!res.webSocket) throw new Error(`inbox upgrade failed: ${res.status}`);
  return new TestSocket(res.webSocket);
}
