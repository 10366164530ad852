import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../src/crypto/encoding";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "../src/db/auth";
import { accountsD1, addOperator, BASE, login, PASSWORD, seedAccount } from "./helpers";

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  SELF.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: BASE, ...headers },
    body: JSON.stringify(body),
  });

const me = (headers: Record<string, string>) => SELF.fetch(`${BASE}/api/v1/me`, { headers });

describe("POST /api/v1/auth/login", () => {
  it("sets an HttpOnly, Secure, SameSite=Strict session cookie and stores only its hash", async () => {
    const account = await seedAccount();
    const res = await post("/api/v1/auth/login", { email: account.adminEmail.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(200);
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^__Host-confide_session=/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("SameSite=Strict");
    const token = cookie.split(";")[0]!.split("=")[1]!;
    const sessions = JSON.stringify((await accountsD1.prepare("SELECT * FROM sessions").all()).results);
    expect(sessions).not.toContain(token);
    const body = (await res.json()) as { operator: { email: string }; role: { name: string } };
    expect(body.operator.email).toBe(account.adminEmail);
    expect(body.role.name).toBe("Admin");
  });

  it("refuses a wrong password and an unknown email alike", async () => {
    const account = await seedAccount();
    for (const body of [
      { email: account.adminEmail, password: "wrong" },
      { email: "nobody@example.com", password: PASSWORD },
    ]) {
      const res = await post("/api/v1/auth/login", body, { "CF-Connecting-IP": `198.51.100.${Math.floor(Math.random() * 250)}` });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: "invalid_credentials", message: "The email or password is wrong." } });
    }
  });

  it("rejects a malformed body with 400", async () => {
    for (const body of [{}, { email: "a@b.c" }, { email: "x", password: "y" }, { email: "a@b.co", password: "y", extra: 1 }]) {
      const res = await post("/api/v1/auth/login", body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    }
  });
});

describe("sessions", () => {
  it("GET /api/v1/me answers 401 without a session", async () => {
    const res = await me({});
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
  });

  it("logout ends the session", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    expect((await me({ Cookie: cookie })).status).toBe(200);
    expect((await post("/api/v1/auth/logout", {}, { Cookie: cookie })).status).toBe(204);
    expect((await me({ Cookie: cookie })).status).toBe(401);
  });

  it("expires after the idle timeout and after the absolute lifetime", async () => {
    const account = await seedAccount();
    const idle = await login(account.adminEmail);
    await accountsD1
      .prepare("UPDATE sessions SET last_seen_at = ? WHERE operator_id = ?")
      .bind(Date.now() - SESSION_IDLE_MS - 1000, account.adminId)
      .run();
    expect((await me({ Cookie: idle })).status).toBe(401);

    const old = await login(account.adminEmail);
    await accountsD1
      .prepare("UPDATE sessions SET expires_at = ?, last_seen_at = ? WHERE operator_id = ?")
      .bind(Date.now() - 1, Date.now(), account.adminId)
      .run();
    const res = await me({ Cookie: old });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("session_expired");
    expect(SESSION_ABSOLUTE_MS).toBeGreaterThan(SESSION_IDLE_MS);
  });

  it("reads the session with its operator in one query: a disabled operator's session is refused, and ended once it expired", async () => {
    const account = await seedAccount();
    const live = await login(account.adminEmail);
    const idle = await login(account.adminEmail);
    expect((await me({ Cookie: live })).status).toBe(200);
    // Disabled in D1 directly, so only the request's own lookup can refuse it.
    await accountsD1.prepare("UPDATE operators SET disabled = 1 WHERE id = ?").bind(account.adminId).run();
    const refused = await me({ Cookie: live });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("session_expired");
    const idleToken = idle.split("=")[1]!;
    const idleId = await sha256Hex(idleToken);
    await accountsD1
      .prepare("UPDATE sessions SET last_seen_at = ? WHERE id = ?")
      .bind(Date.now() - SESSION_IDLE_MS - 1000, idleId)
      .run();
    expect((await me({ Cookie: idle })).status).toBe(401);
    // The expired session is ended (its row removed) although its operator is disabled.
    expect(await accountsD1.prepare("SELECT id FROM sessions WHERE id = ?").bind(idleId).first()).toBeNull();
  });

  it("refuses a cookie-authenticated change from another origin or with no origin (CSRF)", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const foreign = await post(
      "/api/v1/api-tokens",
      { name: "x", scopes: ["settings:read"], expiresInDays: 30 },
      { Cookie: cookie, Origin: "https://evil.example" },
    );
    expect(await foreign.json()).toMatchObject({ error: { code: "origin_not_allowed" } });
    const noOrigin = await SELF.fetch(`${BASE}/api/v1/api-tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie },
      body: JSON.stringify({ name: "x", scopes: ["settings:read"], expiresInDays: 30 }),
    });
    expect(noOrigin.status).toBe(403);
    expect((await accountsD1.prepare("SELECT COUNT(*) AS n FROM api_tokens WHERE account_id = ?").bind(account.accountId).first())?.n).toBe(
      0,
    );
  });
});

describe("API tokens", () => {
  it("are shown once, stored hashed, work as Bearer, and stop working when revoked", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const created = await post(
      "/api/v1/api-tokens",
      { name: "CRM sync", scopes: ["settings:read"], expiresInDays: 30 },
      { Cookie: cookie },
    );
    expect(created.status).toBe(201);
    const { id, token } = (await created.json()) as { id: string; token: string };
    expect(JSON.stringify((await accountsD1.prepare("SELECT * FROM api_tokens").all()).results)).not.toContain(token);
    const viaToken = await me({ Authorization: `Bearer ${token}` });
    expect(viaToken.status).toBe(200);
    const list = await SELF.fetch(`${BASE}/api/v1/api-tokens`, { headers: { Authorization: `Bearer ${token}` } });
    expect(JSON.stringify(await list.json())).not.toContain(token);
    const revoked = await SELF.fetch(`${BASE}/api/v1/api-tokens/${id}`, { method: "DELETE", headers: { Cookie: cookie, Origin: BASE } });
    expect(revoked.status).toBe(204);
    const after = await me({ Authorization: `Bearer ${token}` });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe("invalid_token");
  });

  it("cannot be created by a role without settings manage", async () => {
    const account = await seedAccount();
    const cookie = await login(await addOperator(account, "Agent"));
    const res = await post("/api/v1/api-tokens", { name: "nope", scopes: ["settings:read"], expiresInDays: 30 }, { Cookie: cookie });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
  });
});
