import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openClientSecret, resealSsoSecrets } from "../src/auth/sso-config";
import { sealText } from "../src/crypto/envelope";
import { loadKeyRing } from "../src/crypto/key-ring";
import { createDepartment, createRole } from "../src/db/accounts";
import { openDb } from "../src/db/client";
import { saveSsoConfig } from "../src/db/sso";
import { builtInRoles } from "../src/shared/permissions";
import { accountsD1, addOperator, BASE, login, seedAccount, type TestAccount } from "./helpers";
import { createToken } from "./helpers/api-tokens";

async function call(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
  return SELF.fetch(`${BASE}/api/v1${url}`, {
    method,
    redirect: "manual",
    headers: { Origin: BASE, ...headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const code = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;

const domainOf = () => `sso-${crypto.randomUUID().slice(0, 8)}.example`;

const config = (account: TestAccount, domain: string, extra: Record<string, unknown> = {}) => ({
  issuer: "https://idp.example.com/realms/staff",
  clientId: "confide",
  clientSecret: "the client secret, 32 characters",
  domains: [domain],
  groupsClaim: "groups",
  roleMappings: [{ group: "support", roleId: account.roleIds.Agent }],
  createOperators: true,
  ssoOnly: false,
  ...extra,
});

describe("PUT /api/v1/settings/sso", () => {
  it("stores the configuration with the client secret only sealed, and never answers the secret", async () => {
    const account = await seedAccount();
    const admin = { Cookie: await login(account.adminEmail) };
    const before = await call("GET", "/settings/sso", admin);
    expect(await before.json()).toMatchObject({ configured: false, redirectUri: `${BASE}/api/v1/auth/sso/callback` });

    const domain = domainOf();
    const res = await call("PUT", "/settings/sso", admin, config(account, domain, { domains: [domain.toUpperCase()] }));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("the client secret");
    expect(JSON.parse(text)).toMatchObject({
      configured: true,
      clientSecretSet: true,
      domains: [domain],
      roleMappings: [{ group: "support", roleId: account.roleIds.Agent }],
    });

    const row = await accountsD1
      .prepare("SELECT client_secret_enc FROM sso_configs WHERE account_id = ?")
      .bind(account.accountId)
      .first<{ client_secret_enc: string }>();
    expect(row!.client_secret_enc).toMatch(/^e1\.k2\./);
    expect(row!.client_secret_enc).not.toContain("client secret");

    // Leaving the secret out keeps the stored one.
    const { clientSecret: _omitted, ...withoutSecret } = config(account, domain, { ssoOnly: true });
    expect((await call("PUT", "/settings/sso", admin, withoutSecret)).status).toBe(200);
    const kept = await accountsD1
      .prepare("SELECT client_secret_enc, sso_only FROM sso_configs WHERE account_id = ?")
      .bind(account.accountId)
      .first<{ client_secret_enc: string; sso_only: number }>();
    expect(kept).toEqual({ client_secret_enc: row!.client_secret_enc, sso_only: 1 });

    const actions = await accountsD1
      .prepare("SELECT action FROM audit_log WHERE account_id = ? AND action LIKE 'sso.%' ORDER BY created_at, action")
      .bind(account.accountId)
      .all<{ action: string }>();
    expect(actions.results.map((a) => a.action).sort()).toEqual(["sso.configured", "sso.only_enabled", "sso.updated"]);
  });

  it("refuses bad input with stable codes and changes nothing", async () => {
    const account = await seedAccount();
    const other = await seedAccount();
    const admin = { Cookie: await login(account.adminEmail) };
    const domain = domainOf();
    const refused = async (body: unknown, status: number, expected: string) => {
      const res = await call("PUT", "/settings/sso", admin, body);
      expect(res.status, expected).toBe(status);
      expect(await code(res)).toBe(expected);
    };
    const { clientSecret: _omitted, ...withoutSecret } = config(account, domain);
    await refused(withoutSecret, 400, "client_secret_required");
    await refused(config(account, domain, { issuer: "http://idp.example.com" }), 400, "insecure_issuer");
    await refused(config(account, domain, { issuer: "https://idp.example.com/?x=1" }), 400, "insecure_issuer");
    await refused(config(account, domain, { issuer: "not a url" }), 400, "invalid_request");
    await refused(config(account, domain, { domains: ["*.example.com"] }), 400, "invalid_request");
    await refused(config(account, domain, { domains: [] }), 400, "invalid_request");
    await refused(config(account, domain, { groupsClaim: "groups claim" }), 400, "invalid_request");
    await refused({ ...config(account, domain), extra: true }, 400, "invalid_request");
    await refused(config(account, domain, { roleMappings: [{ group: "x", roleId: other.roleIds.Admin }] }), 400, "unknown_role");
    expect(await (await call("GET", "/settings/sso", admin)).json()).toMatchObject({ configured: false });

    // http is fine on this machine only.
    expect((await call("PUT", "/settings/sso", admin, config(account, domain, { issuer: "http://127.0.0.1:9999" }))).status).toBe(200);
    expect((await call("PUT", "/settings/sso", admin, config(account, domain, { issuer: "http://localhost:9999/oidc" }))).status).toBe(200);

    // A domain belongs to one account.
    const otherAdmin = { Cookie: await login(other.adminEmail) };
    const taken = await call("PUT", "/settings/sso", otherAdmin, config(other, domain));
    expect(taken.status).toBe(409);
    expect(await code(taken)).toBe("sso_domain_taken");
    expect(await (await call("GET", "/settings/sso", otherAdmin)).json()).toMatchObject({ configured: false });
  });
});

describe("who may configure single sign-on", () => {
  it("refuses lower roles, roles limited to departments, API tokens, and mapping to a bigger role; another account sees nothing", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    const admin = { Cookie: await login(account.adminEmail) };
    const domain = domainOf();
    expect((await call("PUT", "/settings/sso", admin, config(account, domain))).status).toBe(200);

    const supervisor = { Cookie: await login(await addOperator(account, "Supervisor")) };
    for (const [method, body] of [["GET"], ["PUT", config(account, domain)], ["DELETE"]] as const) {
      const res = await call(method, "/settings/sso", supervisor, body);
      expect(res.status, method).toBe(403);
      expect(await code(res)).toBe("forbidden");
    }

    const sales = await createDepartment(db, account.accountId, "Sales", Date.now());
    const salesAdmin = await createRole(db, {
      accountId: account.accountId,
      name: "Sales admin",
      permissions: builtInRoles.Admin,
      departmentIds: [sales],
      now: Date.now(),
    });
    const limited = { Cookie: await login(await addOperator(account, { roleId: salesAdmin })) };
    const limitedRes = await call("PUT", "/settings/sso", limited, config(account, domain));
    expect(limitedRes.status).toBe(403);
    expect(await code(limitedRes)).toBe("requires_all_departments");

    const { token } = await createToken(admin.Cookie);
    for (const method of ["GET", "PUT", "DELETE"] as const) {
      const res = await call(
        method,
        "/settings/sso",
        { Authorization: `Bearer ${token}` },
        method === "PUT" ? config(account, domain) : undefined,
      );
      expect(res.status, method).toBe(403);
      expect(await code(res)).toBe("session_required");
    }

    // Settings manage over all departments, but less than Admin: cannot map a group to Admin.
    const settingsAdmin = await createRole(db, {
      accountId: account.accountId,
      name: "Settings admin",
      permissions: { ...builtInRoles.Agent, settings: "manage" },
      departmentIds: null,
      now: Date.now(),
    });
    const settingsCookie = { Cookie: await login(await addOperator(account, { roleId: settingsAdmin })) };
    const escalation = await call(
      "PUT",
      "/settings/sso",
      settingsCookie,
      config(account, domain, { roleMappings: [{ group: "it", roleId: account.roleIds.Admin }] }),
    );
    expect(escalation.status).toBe(403);
    expect(await code(escalation)).toBe("exceeds_own_rights");

    const other = await seedAccount();
    const otherAdmin = { Cookie: await login(other.adminEmail) };
    expect(await (await call("GET", "/settings/sso", otherAdmin)).json()).toMatchObject({ configured: false, issuer: null });
    expect((await call("DELETE", "/settings/sso", otherAdmin)).status).toBe(404);

    // Nothing of the above changed the configuration.
    expect(await (await call("GET", "/settings/sso", admin)).json()).toMatchObject({
      configured: true,
      roleMappings: [{ group: "support", roleId: account.roleIds.Agent }],
    });
    expect((await call("DELETE", "/settings/sso", admin)).status).toBe(204);
    expect(await (await call("GET", "/settings/sso", admin)).json()).toMatchObject({ configured: false });
  });
});

describe("SSO only", () => {
  it("refuses password sign-in with sso_required, except for the account's SSO administrators", async () => {
    const account = await seedAccount();
    const admin = { Cookie: await login(account.adminEmail) };
    const agentEmail = await addOperator(account, "Agent");
    await login(agentEmail);
    expect((await call("PUT", "/settings/sso", admin, config(account, domainOf(), { ssoOnly: true }))).status).toBe(200);

    const res = await call(
      "POST",
      "/auth/login",
      { "CF-Connecting-IP": "2001:db8:5::1" },
      { email: agentEmail, password: "correct horse battery staple" },
    );
    expect(res.status).toBe(403);
    expect(await code(res)).toBe("sso_required");
    expect(res.headers.get("Set-Cookie")).toBeNull();
    // A wrong password learns nothing about the policy.
    const wrong = await call(
      "POST",
      "/auth/login",
      { "CF-Connecting-IP": "2001:db8:5::2" },
      { email: agentEmail, password: "not the password" },
    );
    expect(await code(wrong)).toBe("invalid_credentials");

    // Break-glass: whoever can fix the SSO configuration keeps the password, audited.
    await login(account.adminEmail);
    const bypassed = await accountsD1
      .prepare("SELECT count(*) AS n FROM audit_log WHERE account_id = ? AND action = 'sso.bypassed'")
      .bind(account.accountId)
      .first<{ n: number }>();
    expect(bypassed!.n).toBe(1);

    // Switching the policy off lets the agent in again.
    expect((await call("PUT", "/settings/sso", admin, { ...config(account, domainOf()), ssoOnly: false })).status).toBe(200);
    await login(agentEmail);
  });
});

describe("SSO sign-in endpoints", () => {
  it("answers one generic refusal for an address without SSO", async () => {
    const res = await call("POST", "/auth/sso/start", {}, { email: `someone@${domainOf()}` });
    expect(res.status).toBe(404);
    expect(await code(res)).toBe("sso_not_available");
    expect(res.headers.get("Set-Cookie")).toBeNull();
    expect(await code(await call("POST", "/auth/sso/start", {}, { email: "not an email" }))).toBe("invalid_request");
  });

  it("sends a callback without a valid flow cookie back to the login screen", async () => {
    const missing = await call("GET", "/auth/sso/callback?code=abc&state=def", {});
    expect(missing.status).toBe(303);
    expect(missing.headers.get("Location")).toBe("/app/?sso_error=sso_expired");
    const forged = await call("GET", "/auth/sso/callback?code=abc&state=def", { Cookie: "__Host-confide_sso=o1.eyJhIjoieCJ9.forged" });
    expect(forged.headers.get("Location")).toBe("/app/?sso_error=sso_expired");
    expect(forged.headers.get("Set-Cookie") ?? "").not.toContain("__Host-confide_session=");
  });
});

describe("key rotation of SSO client secrets", () => {
  it("re-seals a secret sealed with an older ring key with the active one, readable as before", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    const ring = await loadKeyRing(env.KEY_RING);
    // As an account configured before k2 became the active key would have it.
    const old = await sealText(ring.keys.get("k1")!, "k1", "secret from before", {
      accountId: account.accountId,
      conversationId: "sso",
      field: "sso.client_secret",
    });
    await saveSsoConfig(db, {
      accountId: account.accountId,
      issuer: "https://idp.example.com",
      clientId: "c",
      clientSecretEnc: old,
      groupsClaim: "groups",
      roleMappings: [],
      createOperators: false,
      ssoOnly: false,
      domains: [domainOf()],
      now: Date.now(),
    });

    expect(await resealSsoSecrets(env, db)).toEqual({ resealed: 1, failed: 0, remaining: 0 });
    const row = await accountsD1
      .prepare("SELECT client_secret_enc FROM sso_configs WHERE account_id = ?")
      .bind(account.accountId)
      .first<{ client_secret_enc: string }>();
    expect(row!.client_secret_enc).toMatch(/^e1\.k2\./);
    expect(await openClientSecret(env, account.accountId, row!.client_secret_enc)).toBe("secret from before");
    // Bound to its account: another account's row cannot use it.
    await expect(openClientSecret(env, (await seedAccount()).accountId, row!.client_secret_enc)).rejects.toThrow();
  });
});
