import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDepartment } from "../src/db/accounts";
import { openDb } from "../src/db/client";
import {
  accountsD1,
  addOperator,
  BASE,
  departmentAgentRole,
  login,
  seedAccount,
  startChat,
  TestSocket,
  upgrade,
  visitorSocket,
} from "./helpers";

// Issue 13, routing: a chat handed to another department waits there for its operators.

const transfer = (cookie: string, conversationId: string, departmentId: string) =>
  SELF.fetch(`${BASE}/api/v1/conversations/${conversationId}/transfer`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
    body: JSON.stringify({ departmentId }),
  });

const getConversation = (cookie: string, id: string) =>
  SELF.fetch(`${BASE}/api/v1/conversations/${id}`, { headers: { Origin: BASE, Cookie: cookie } });

async function twoDepartments() {
  const account = await seedAccount();
  const db = openDb(accountsD1);
  const sales = await createDepartment(db, account.accountId, "Sales", Date.now());
  const role = (departmentIds: string[]) => departmentAgentRole(account, departmentIds);
  const salesAgent = await login(await addOperator(account, { roleId: await role([sales]) }));
  const generalAgent = await login(await addOperator(account, { roleId: await role([account.departmentId]) }));
  return { account, sales, salesAgent, generalAgent, admin: await login(account.adminEmail) };
}

describe("transferring a chat to another department", () => {
  it("moves it, unassigned, to the other department's operators, tells both inboxes and audits it", async () => {
    const { account, sales, salesAgent, generalAgent, admin } = await twoDepartments();
    const chat = await startChat(account.siteKey);
    const salesInbox = new TestSocket((await upgrade(`${BASE}/api/v1/inbox/socket`, { Origin: BASE, Cookie: salesAgent })).webSocket!);
    expect((await getConversation(salesAgent, chat.conversationId)).status).toBe(404);

    const res = await transfer(generalAgent, chat.conversationId, sales);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ departmentId: sales, assignedOperatorId: null });
    await salesInbox.until((s) => JSON.stringify(s.frames).includes(chat.conversationId), 10_000, "Sales hears of it");
    expect((await getConversation(salesAgent, chat.conversationId)).status).toBe(200);
    expect((await getConversation(generalAgent, chat.conversationId)).status).toBe(404);

    // The room announces its later news to Sales too.
    const before = salesInbox.frames.length;
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    visitor.send({ type: "message.send", clientId: "m1", body: "Hello Sales" });
    await salesInbox.until((s) => s.frames.length > before, 10_000, "a later announcement");
    visitor.close();
    salesInbox.close();

    const audit = await accountsD1
      .prepare("SELECT action, target_id, department_id FROM audit_log WHERE account_id = ? AND action = 'conversation.transferred'")
      .bind(account.accountId)
      .all();
    expect(audit.results).toEqual([{ action: "conversation.transferred", target_id: chat.conversationId, department_id: sales }]);
    expect((await getConversation(admin, chat.conversationId)).status).toBe(200);
  });

  it("refuses the same department, an unknown or another account's one, an ended chat and a reader, changing nothing", async () => {
    const { account, sales, admin } = await twoDepartments();
    const other = await seedAccount();
    const chat = await startChat(account.siteKey);
    const codeOf = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];
    expect(await codeOf(await transfer(admin, chat.conversationId, account.departmentId))).toEqual([400, "invalid_request"]);
    expect(await codeOf(await transfer(admin, chat.conversationId, other.departmentId))).toEqual([400, "invalid_request"]);
    expect(await codeOf(await transfer(admin, chat.conversationId, crypto.randomUUID()))).toEqual([400, "invalid_request"]);
    const reader = await login(await addOperator(account, "Read-only"));
    expect((await transfer(reader, chat.conversationId, sales)).status).toBe(403);
    const row = await accountsD1.prepare("SELECT department_id FROM conversations WHERE id = ?").bind(chat.conversationId).first();
    expect(row).toEqual({ department_id: account.departmentId });

    await accountsD1.prepare("UPDATE conversations SET status = 'closed' WHERE id = ?").bind(chat.conversationId).run();
    expect(await codeOf(await transfer(admin, chat.conversationId, sales))).toEqual([409, "conversation_closed"]);
  });
});
