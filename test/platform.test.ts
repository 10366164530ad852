import { createExecutionContext, SELF, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { accountsD1, BASE, login, PASSWORD } from "./helpers";

const SECRET = env.PLATFORM_ADMIN_SECRET!;

const createAccount = (body: unknown, authorization: string | null = `Bearer ${SECRET}`) =>
  SELF.fetch(`${BASE}/api/platform/accounts`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(authorization === null ? {} : { Authorization: authorization }) },
    body: JSON.stringify(body),
  });

/** The same request to the worker under other variables: the deployment without (or with a weak) secret. */
async function withSecret(secret: string | undefined, body: unknown): Promise<Response> {
  const ctx = createExecutionContext();
  const request = new Request(`${BASE}/api/platform/accounts`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${secret ?? SECRET}` },
    body: JSON.stringify(body),
  });
  const res = await worker.fetch(request, { ...env, PLATFORM_ADMIN_SECRET: secret }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const countAccounts = async () => (await accountsD1.prepare("SELECT COUNT(*) AS n FROM accounts").first<{ n: number }>())!.n;
const uniqueEmail = () => `owner-${crypto.randomUUID().slice(0, 8)}@client.example`;

describe("POST /api/platform/accounts", () => {
  it("creates an account whose admin can log in with the one-time password and sees only the new account", async () => {
    const adminEmail = uniqueEmail();
    const res = await createAccount({
      name: "Client GmbH",
      adminEmail,
      adminName: "Clara Client",
      allowedOrigins: ["https://client.example"],
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as {
      accountId: string;
      adminEmail: string;
      adminPassword: string;
      widget: { id: string; siteKey: string };
    };
    expect(created).toMatchObject({ adminEmail, widget: { siteKey: expect.any(String) } });
    expect(created.adminPassword.length).toBeGreaterThanOrEqual(16);
    // Only a hash of the password is stored.
    expect(
      JSON.stringify((await accountsD1.prepare("SELECT * FROM operators WHERE account_id = ?").bind(created.accountId).all()).results),
    ).not.toContain(created.adminPassword);

    const cookie = await login(adminEmail, created.adminPassword);
    const me = (await (await SELF.fetch(`${BASE}/api/v1/me`, { headers: { Cookie: cookie } })).json()) as {
      account: { id: string; name: string };
      role: { name: string };
    };
    expect(me).toMatchObject({ account: { id: created.accountId, name: "Client GmbH" }, role: { name: "Admin" } });
    const widgets = (await (await SELF.fetch(`${BASE}/api/v1/settings/widgets`, { headers: { Cookie: cookie } })).json()) as {
      items: { id: string; privacyMode: boolean; allowedOrigins: string[] }[];
    };
    expect(widgets.items).toEqual([
      expect.objectContaining({ id: created.widget.id, privacyMode: true, allowedOrigins: ["https://client.example"] }),
    ]);
    // Audited in the new account's own log, by the system (no operator existed yet).
    const audit = (await (await SELF.fetch(`${BASE}/api/v1/audit-log`, { headers: { Cookie: cookie } })).json()) as {
      items: { action: string; actorKind: string }[];
    };
    expect(audit.items).toContainEqual(expect.objectContaining({ action: "account.created", actorKind: "system" }));
  });

  it("takes a chosen password and never echoes it", async () => {
    const adminEmail = uniqueEmail();
    const res = await createAccount({ name: "Chosen", adminEmail, adminPassword: PASSWORD });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ adminPassword: null });
    await login(adminEmail, PASSWORD);
  });

  it("refuses a missing or wrong secret and creates nothing", async () => {
    const before = await countAccounts();
    const body = { name: "Intruder", adminEmail: uniqueEmail() };
    for (const authorization of [null, "Bearer wrong", `Bearer ${SECRET}x`, `Bearer ${SECRET.slice(0, -1)}`, SECRET, `Basic ${SECRET}`]) {
      const res = await createAccount(body, authorization);
      expect(res.status, String(authorization)).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "invalid_platform_secret" } });
    }
    expect(await countAccounts()).toBe(before);
  });

  it("does not exist while PLATFORM_ADMIN_SECRET is not configured, and stays off with a short one", async () => {
    const before = await countAccounts();
    const body = { name: "Nobody", adminEmail: uniqueEmail() };
    const off = await withSecret(undefined, body);
    expect(off.status).toBe(404);
    expect(await off.json()).toMatchObject({ error: { code: "not_found" } });
    const empty = await withSecret("", body);
    expect(empty.status).toBe(404);
    const short = await withSecret("short-secret-of-31-characters!!", body);
    expect(short.status).toBe(503);
    expect(await short.json()).toMatchObject({ error: { code: "platform_secret_too_short" } });
    expect(await countAccounts()).toBe(before);
  });

  it("answers bad input with 400 and a taken email with 409, changing nothing", async () => {
    const adminEmail = uniqueEmail();
    expect((await createAccount({ name: "First", adminEmail })).status).toBe(201);
    const before = await countAccounts();
    const taken = await createAccount({ name: "Second", adminEmail: adminEmail.toUpperCase() });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ error: { code: "email_taken" } });
    for (const body of [
      { name: "", adminEmail: uniqueEmail() },
      { name: "X", adminEmail: "not an email" },
      { name: "X", adminEmail: uniqueEmail(), adminPassword: "short" },
      { name: "X", adminEmail: uniqueEmail(), extra: 1 },
      { name: "X", adminEmail: uniqueEmail(), allowedOrigins: ["https://a.example/path"] },
    ]) {
      const res = await createAccount(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "invalid_request" } });
    }
    expect(await countAccounts()).toBe(before);
  });
});
