import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createRole } from "../src/db/accounts";
import { openDb } from "../src/db/client";
import worker from "../src/index";
import { API_TOKEN_MAX_DAYS, apiTokenScopes, grantableScopes } from "../src/shared/api-tokens";
import { builtInRoles, type Permissions } from "../src/shared/permissions";
import { accountsD1, addOperator, BASE, login, PASSWORD, seedAccount, startChat, TestSocket, upgrade, visitorSocket } from "./helpers";
import { call, createToken, errorCode } from "./helpers/api-tokens";

const none: Permissions = { chats: "none", transcripts: "none", settings: "none", team: "none", auditLog: "none", analytics: "none" };
const DAY = 86_400_000;

const tokenSocket = async (bearer: Record<string, string>, conversationId: string): Promise<TestSocket> => {
  const res = await upgrade(`${BASE}/api/v1/conversations/${conversationId}/socket`, bearer);
  if (!res.webSocket) throw new Error(`token upgrade failed: ${res.status} ${await res.text()}`);
  return new TestSocket(res.webSocket);
};

const auditRows = async (accountId: string, action: string) =>
  (
    await accountsD1
      .prepare(
        "SELECT actor_kind, actor_id, target_type, target_id, count FROM audit_log WHERE account_id = ? AND action = ? ORDER BY created_at",
      )
      .bind(accountId, action)
      .all()
  ).results;

describe("what an API token can never do", () => {
  it("creates no token, revokes none, sets no password, adds no operator: 403 session_required, whatever its scopes", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const { id, bearer } = await createToken(cookie);

    for (const res of [
      await call("POST", "/api-tokens", bearer, { name: "minted by a token", scopes: ["chats:read"], expiresInDays: 1 }),
      await call("DELETE", `/api-tokens/${id}`, bearer),
      await call("POST", "/me/password", bearer, { currentPassword: PASSWORD, newPassword: "a password the token chose" }),
      await call("PATCH", `/team/operators/${account.adminId}`, bearer, { password: "a password the token chose" }),
      await call("POST", "/team/operators", bearer, {
        email: "sock@example.com",
        displayName: "Sock",
        password: "a password the token chose",
        roleId: account.roleIds.Admin,
      }),
    ]) {
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe("session_required");
    }
    expect(
      (
        await accountsD1
          .prepare("SELECT COUNT(*) AS n FROM api_tokens WHERE account_id = ? AND revoked_at IS NULL")
          .bind(account.accountId)
          .first()
      )?.n,
    ).toBe(1);
    expect((await accountsD1.prepare("SELECT COUNT(*) AS n FROM operators WHERE account_id = ?").bind(account.accountId).first())?.n).toBe(
      1,
    );
    // The password is unchanged, and the token still changes what is not a credential.
    await login(account.adminEmail, PASSWORD);
    expect((await call("PATCH", `/team/operators/${account.adminId}`, bearer, { displayName: "Ada" })).status).toBe(200);
    expect((await call("GET", "/api-tokens", bearer)).status).toBe(200);
  });

  it("a session cannot set its own password through the team routes, which ask for no current password", async () => {
    const account = await seedAccount();
    const res = await call(
      "PATCH",
      `/team/operators/${account.adminId}`,
      { Cookie: await login(account.adminEmail) },
      { password: "a new password for me" },
    );
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe("current_password_required");
    await login(account.adminEmail, PASSWORD);
  });
});

describe("POST /api/v1/api-tokens", () => {
  it("requires scopes and an expiry of at most a year, and refuses scopes beyond the creator's role", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    const ops = await createRole(db, {
      accountId: account.accountId,
      name: "Ops",
      permissions: { ...none, settings: "manage", transcripts: "read" },
      departmentIds: null,
      now: Date.now(),
    });
    const cookie = { Cookie: await login(await addOperator(account, { roleId: ops })) };
    for (const body of [
      { name: "no scopes", expiresInDays: 30 },
      { name: "empty", scopes: [], expiresInDays: 30 },
      { name: "unknown", scopes: ["everything"], expiresInDays: 30 },
      { name: "twice", scopes: ["settings:read", "settings:read"], expiresInDays: 30 },
      { name: "no expiry", scopes: ["settings:read"] },
      { name: "too long", scopes: ["settings:read"], expiresInDays: API_TOKEN_MAX_DAYS + 1 },
    ]) {
      const res = await call("POST", "/api-tokens", cookie, body);
      expect(res.status, body.name).toBe(400);
      expect(await errorCode(res)).toBe("invalid_request");
    }
    const beyond = await call("POST", "/api-tokens", cookie, {
      name: "wide",
      scopes: ["settings:read", "transcripts:manage"],
      expiresInDays: 30,
    });
    expect(beyond.status).toBe(403);
    expect(await errorCode(beyond)).toBe("scope_exceeds_role");
    expect((await accountsD1.prepare("SELECT COUNT(*) AS n FROM api_tokens WHERE account_id = ?").bind(account.accountId).first())?.n).toBe(
      0,
    );

    const ok = await call("POST", "/api-tokens", cookie, {
      name: "fine",
      scopes: ["settings:manage", "transcripts:read"],
      expiresInDays: API_TOKEN_MAX_DAYS,
    });
    expect(ok.status).toBe(201);
    const created = (await ok.json()) as { scopes: string[]; expiresAt: number };
    expect(created.scopes).toEqual(["settings:manage", "transcripts:read"]);
    expect(created.expiresAt).toBeGreaterThan(Date.now() + (API_TOKEN_MAX_DAYS - 1) * DAY);
    expect(created.expiresAt).toBeLessThanOrEqual(Date.now() + API_TOKEN_MAX_DAYS * DAY);
    const listed = ((await (await call("GET", "/api-tokens", cookie)).json()) as { items: { name: string; scopes: string[] }[] }).items;
    expect(listed).toEqual([expect.objectContaining({ name: "fine", scopes: ["settings:manage", "transcripts:read"] })]);
  });

  it("offers a role exactly the scopes it holds", () => {
    expect(grantableScopes(builtInRoles.Admin)).toEqual([...apiTokenScopes]);
    expect(grantableScopes(builtInRoles.Supervisor)).toEqual([
      "chats:read",
      "chats:manage",
      "transcripts:read",
      "settings:read",
      "team:read",
      "analytics:anonymized",
      "analytics:full",
    ]);
    expect(grantableScopes(builtInRoles.Agent)).toEqual(["chats:read", "chats:manage", "transcripts:read", "analytics:anonymized"]);
  });
});

describe("a token acts within its scopes", () => {
  it("answers 403 insufficient_scope beyond them, over REST and on a socket", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const { bearer } = await createToken(cookie, ["transcripts:read", "chats:read"]);
    const chat = await startChat(account.siteKey);

    expect((await call("GET", "/conversations", bearer)).status).toBe(200);
    expect((await call("GET", `/conversations/${chat.conversationId}/messages`, bearer)).status).toBe(200);
    for (const res of [
      await call("POST", "/conversations/export", bearer, { format: "json", conversationIds: [chat.conversationId] }),
      await call("PATCH", `/conversations/${chat.conversationId}`, bearer, { tags: ["vip"] }),
      await call("GET", "/settings", bearer),
      await call("GET", "/team/operators", bearer),
      await call("GET", "/audit-log", bearer),
      await call("GET", "/api-tokens", bearer),
      await call("GET", `/analytics?from=${Date.now() - DAY}&to=${Date.now()}&groupBy=day`, bearer),
    ]) {
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe("insufficient_scope");
    }
    // GET /me tells the integrator what the token may do.
    const me = (await (await call("GET", "/me", bearer)).json()) as { role: { permissions: Permissions } };
    expect(me.role.permissions).toEqual({ ...none, chats: "read", transcripts: "read" });

    // chats:read watches the live chat but cannot write in it.
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    const watcher = await tokenSocket(bearer, chat.conversationId);
    await watcher.until((s) => s.ofType("hello").length === 1);
    watcher.send({ type: "message.send", clientId: "w", body: "from a read-only token" });
    await watcher.until((s) => s.ofType("error").length === 1);
    expect(watcher.ofType("error")[0]!.code).toBe("forbidden");
    visitor.send({ type: "message.send", clientId: "v", body: "marker" });
    await visitor.until((s) => s.messages().length === 1);
    expect(visitor.messages().map((m) => m.body)).toEqual(["marker"]);
  });

  it("loses rights at once when its creator's role shrinks, though its scopes still name them", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    const ops = await createRole(db, {
      accountId: account.accountId,
      name: "Ops",
      permissions: { ...none, settings: "manage", transcripts: "manage", chats: "manage" },
      departmentIds: null,
      now: Date.now(),
    });
    const email = await addOperator(account, { roleId: ops });
    const { bearer } = await createToken(await login(email), ["transcripts:manage", "settings:read", "chats:read"]);
    const chat = await startChat(account.siteKey);
    const socket = await tokenSocket(bearer, chat.conversationId);
    await socket.until((s) => s.ofType("hello").length === 1);
    const admin = { Cookie: await login(account.adminEmail) };
    const exportBody = { format: "json", conversationIds: [chat.conversationId] };
    expect((await call("POST", "/conversations/export", bearer, exportBody)).status).toBe(200);

    // The role drops to reading transcripts: the token's transcripts:manage no longer exports.
    expect(
      (await call("PATCH", `/team/roles/${ops}`, admin, { permissions: { ...none, settings: "read", transcripts: "read", chats: "read" } }))
        .status,
    ).toBe(200);
    const refused = await call("POST", "/conversations/export", bearer, exportBody);
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe("forbidden");
    expect((await call("GET", "/settings", bearer)).status).toBe(200);
    // Its socket, opened with the old rights, is closed.
    await socket.until((s) => s.closed !== null, 5_000, "the token's socket to close");

    // Moved to a role without settings: gone too.
    const operatorId = (await accountsD1.prepare("SELECT id FROM operators WHERE email = ?").bind(email).first<{ id: string }>())!.id;
    expect((await call("PATCH", `/team/operators/${operatorId}`, admin, { roleId: account.roleIds.Agent })).status).toBe(200);
    expect(await errorCode(await call("GET", "/settings", bearer))).toBe("forbidden");
    expect(((await (await call("GET", "/me", bearer)).json()) as { role: { permissions: Permissions } }).role.permissions).toEqual({
      ...none,
      transcripts: "read",
      chats: "read",
    });
  });
});

describe("a token dies with its creator's account", () => {
  it("stops when the creator is disabled, stays dead when re-enabled, and its sockets close", async () => {
    const account = await seedAccount();
    // An Agent cannot make tokens (no settings manage): a role that can, like the Agent's otherwise.
    const maker = await createRole(openDb(accountsD1), {
      accountId: account.accountId,
      name: "Maker",
      permissions: { ...builtInRoles.Agent, settings: "manage" },
      departmentIds: null,
      now: Date.now(),
    });
    const email = await addOperator(account, { roleId: maker });
    const operatorId = (await accountsD1.prepare("SELECT id FROM operators WHERE email = ?").bind(email).first<{ id: string }>())!.id;
    const admin = { Cookie: await login(account.adminEmail) };
    const theirs = await login(email);
    const token = await createToken(theirs, ["chats:read", "transcripts:read"]);
    const earlier = await createToken(theirs, ["chats:read"]);
    expect((await call("DELETE", `/api-tokens/${earlier.id}`, { Cookie: theirs })).status).toBe(204);
    const revokedAt = async (id: string) =>
      (await accountsD1.prepare("SELECT revoked_at FROM api_tokens WHERE id = ?").bind(id).first<{ revoked_at: number }>())!.revoked_at;
    const earlierRevokedAt = await revokedAt(earlier.id);
    const chat = await startChat(account.siteKey);
    const socket = await tokenSocket(token.bearer, chat.conversationId);
    await socket.until((s) => s.ofType("hello").length === 1);

    expect((await call("PATCH", `/team/operators/${operatorId}`, admin, { disabled: true })).status).toBe(200);
    // The earlier revocation keeps its time; the live token is revoked now.
    expect(await revokedAt(earlier.id)).toBe(earlierRevokedAt);
    expect(await revokedAt(token.id)).toBeGreaterThanOrEqual(earlierRevokedAt);
    await socket.until((s) => s.closed !== null, 5_000, "the token's socket to close");
    const refused = await call("GET", "/conversations", token.bearer);
    expect(refused.status).toBe(401);
    expect(await errorCode(refused)).toBe("invalid_token");
    expect((await upgrade(`${BASE}/api/v1/conversations/${chat.conversationId}/socket`, token.bearer)).status).toBe(401);

    expect((await call("PATCH", `/team/operators/${operatorId}`, admin, { disabled: false })).status).toBe(200);
    expect((await call("GET", "/conversations", token.bearer)).status).toBe(401);
  });

  it("stops when the creator is removed", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    const maker = await createRole(db, {
      accountId: account.accountId,
      name: "Maker",
      permissions: { ...builtInRoles.Agent, settings: "manage" },
      departmentIds: null,
      now: Date.now(),
    });
    const email = await addOperator(account, { roleId: maker });
    const token = await createToken(await login(email), ["chats:read", "transcripts:read"]);
    const chat = await startChat(account.siteKey);
    const socket = await tokenSocket(token.bearer, chat.conversationId);
    await socket.until((s) => s.ofType("hello").length === 1);
    const operatorId = (await accountsD1.prepare("SELECT id FROM operators WHERE email = ?").bind(email).first<{ id: string }>())!.id;
    expect((await call("DELETE", `/team/operators/${operatorId}`, { Cookie: await login(account.adminEmail) })).status).toBe(204);
    await socket.until((s) => s.closed !== null, 5_000, "the token's socket to close");
    expect(await errorCode(await call("GET", "/conversations", token.bearer))).toBe("invalid_token");
  });
});

describe("a token's lifetime", () => {
  it("ends at its expiry", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const token = await createToken(cookie, ["chats:read"]);
    expect((await call("GET", "/me", token.bearer)).status).toBe(200);
    await accountsD1
      .prepare("UPDATE api_tokens SET expires_at = ? WHERE id = ?")
      .bind(Date.now() - 1, token.id)
      .run();
    expect(await errorCode(await call("GET", "/me", token.bearer))).toBe("invalid_token");
  });
});

describe("audit", () => {
  it("records creation with the number of scopes, the first use once, and the revocation", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const token = await createToken(cookie, ["chats:read", "transcripts:read", "settings:read"]);
    expect(await auditRows(account.accountId, "api_token.first_used")).toEqual([]);
    await Promise.all([call("GET", "/me", token.bearer), call("GET", "/me", token.bearer), call("GET", "/conversations", token.bearer)]);
    await call("GET", "/settings", token.bearer);
    expect((await call("DELETE", `/api-tokens/${token.id}`, { Cookie: cookie })).status).toBe(204);
    const entry = { actor_id: account.adminId, target_type: "api_token", target_id: token.id };
    expect(await auditRows(account.accountId, "api_token.created")).toEqual([
      expect.objectContaining({ ...entry, actor_kind: "operator", count: 3 }),
    ]);
    expect(await auditRows(account.accountId, "api_token.first_used")).toEqual([
      expect.objectContaining({ ...entry, actor_kind: "api_token" }),
    ]);
    expect(await auditRows(account.accountId, "api_token.revoked")).toEqual([
      expect.objectContaining({ ...entry, actor_kind: "operator" }),
    ]);
  });
});

describe("after a D1 restore", () => {
  it("a disabled creator's token stays revoked", async () => {
    const account = await seedAccount();
    const maker = await createRole(openDb(accountsD1), {
      accountId: account.accountId,
      name: "Maker",
      permissions: { ...builtInRoles.Agent, settings: "manage" },
      departmentIds: null,
      now: Date.now(),
    });
    const email = await addOperator(account, { roleId: maker });
    const operatorId = (await accountsD1.prepare("SELECT id FROM operators WHERE email = ?").bind(email).first<{ id: string }>())!.id;
    const token = await createToken(await login(email), ["chats:read"]);
    expect(
      (await call("PATCH", `/team/operators/${operatorId}`, { Cookie: await login(account.adminEmail) }, { disabled: true })).status,
    ).toBe(200);
    // The restore: the operator enabled and the token live again, as before the change.
    await accountsD1.batch([
      accountsD1.prepare("UPDATE operators SET disabled = 0 WHERE id = ?").bind(operatorId),
      accountsD1.prepare("UPDATE api_tokens SET revoked_at = NULL WHERE id = ?").bind(token.id),
    ]);
    expect((await call("GET", "/me", token.bearer)).status).toBe(200);
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "17 * * * *" }), env);
    expect(await errorCode(await call("GET", "/me", token.bearer))).toBe("invalid_token");
  });
});
