import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDepartment, createRole } from "../src/db/accounts";
import { openDb } from "../src/db/client";
import { builtInRoles, type Permissions } from "../src/shared/permissions";
import { accountsD1, addOperator, BASE, login, operatorSocket, seedAccount, startChat, upgrade } from "./helpers";

async function call(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
  return SELF.fetch(`${BASE}/api/v1${url}`, {
    method,
    headers: { Origin: BASE, ...headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const none: Permissions = { chats: "none", transcripts: "none", settings: "none", team: "none", auditLog: "none", analytics: "none" };

describe("team managers grant no more than they hold", () => {
  it("refuses every way up: own role, bigger roles, assigning Admin, touching a stronger operator", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    const sales = await createDepartment(db, account.accountId, "Sales", Date.now());
    const hr = await createRole(db, {
      accountId: account.accountId,
      name: "HR",
      permissions: { ...none, team: "manage" },
      departmentIds: [sales],
      now: Date.now(),
    });
    const cookie = { Cookie: await login(await addOperator(account, { roleId: hr })) };
    const code = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;

    expect(await code(await call("PATCH", `/team/roles/${hr}`, cookie, { permissions: builtInRoles.Admin, departmentIds: null }))).toBe(
      "cannot_change_self",
    );
    expect(
      await code(await call("POST", "/team/roles", cookie, { name: "Boss", permissions: builtInRoles.Admin, departmentIds: [sales] })),
    ).toBe("exceeds_own_rights");
    expect(
      await code(await call("POST", "/team/roles", cookie, { name: "Wide", permissions: { ...none, team: "read" }, departmentIds: null })),
    ).toBe("exceeds_own_rights");
    expect(
      await code(
        await call("POST", "/team/operators", cookie, {
          email: "x-admin@example.com",
          displayName: "X",
          password: "long enough password",
          roleId: account.roleIds.Admin,
        }),
      ),
    ).toBe("exceeds_own_rights");
    expect(await code(await call("PATCH", `/team/operators/${account.adminId}`, cookie, { password: "attacker chosen password" }))).toBe(
      "exceeds_own_rights",
    );
    expect(await code(await call("DELETE", `/team/operators/${account.adminId}`, cookie))).toBe("exceeds_own_rights");
    // The admin still logs in with the old password.
    await login(account.adminEmail);

    // Within its own rights it works.
    const small = await call("POST", "/team/roles", cookie, {
      name: "Sales reader",
      permissions: { ...none, team: "read" },
      departmentIds: [sales],
    });
    expect(small.status).toBe(201);
    const smallId = ((await small.json()) as { id: string }).id;
    const created = await call("POST", "/team/operators", cookie, {
      email: `s-${crypto.randomUUID().slice(0, 6)}@example.com`,
      displayName: "S",
      password: "long enough password",
      roleId: smallId,
    });
    expect(created.status).toBe(201);
  });
});

describe("departments", () => {
  it("cannot be deleted while a role still names them", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const post = (path: string, body: unknown, method = "POST") =>
      SELF.fetch(`${BASE}/api/v1${path}`, {
        method,
        headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const department = (await (await post("/team/departments", { name: "Returns" })).json()) as { id: string };
    const role = (await (
      await post("/team/roles", {
        name: "Returns desk",
        permissions: { chats: "manage", transcripts: "read", settings: "none", team: "none", auditLog: "none", analytics: "none" },
        departmentIds: [department.id],
      })
    ).json()) as { id: string };
    const refused = await post(`/team/departments/${department.id}`, undefined, "DELETE");
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: "department_in_use" } });
    expect((await post(`/team/roles/${role.id}`, undefined, "DELETE")).status).toBe(204);
    expect((await post(`/team/departments/${department.id}`, undefined, "DELETE")).status).toBe(204);
  });
});

describe("revoking an API token", () => {
  it("closes the sockets opened with it", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const { id, token } = (await (
      await call("POST", "/api-tokens", { Cookie: cookie }, { name: "bot", scopes: ["chats:read"], expiresInDays: 30 })
    ).json()) as { id: string; token: string };
    const chat = await startChat(account.siteKey);
    const res = await upgrade(`${BASE}/api/v1/conversations/${chat.conversationId}/socket`, { Authorization: `Bearer ${token}` });
    expect(res.status).toBe(101);
    const { TestSocket } = await import("./helpers");
    const socket = new TestSocket(res.webSocket!);
    await socket.until((s) => s.ofType("hello").length === 1);
    const other = await operatorSocket(cookie, chat.conversationId); // the admin's own session stays
    await other.until((s) => s.ofType("hello").length === 1);
    expect((await call("DELETE", `/api-tokens/${id}`, { Cookie: cookie })).status).toBe(204);
    await socket.until((s) => s.closed !== null);
    expect(socket.closed?.code).toBe(1008);
    expect(other.closed).toBeNull();
  });
});
