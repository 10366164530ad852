import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { passkeyAssertionOptions, verifyPasskeyAssertion } from "../src/auth/passkeys";
import { openDb } from "../src/db/client";
import { accountsD1, addOperator, BASE, login, seedAccount } from "./helpers";
import { createToken } from "./helpers/api-tokens";
import { SoftAuthenticator } from "./helpers/authenticator";
import { TEST_RP as RP, registerSoftPasskey as registerPasskey } from "./helpers/passkeys";

// Passkeys on the server: registration, usernameless sign-in and every refusal, with a software
// authenticator that signs real WebAuthn responses (test/helpers/authenticator.ts).

const call = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  SELF.fetch(`${BASE}/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { "Content-Type": "application/json", Origin: BASE, ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });

const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

interface CreationOptions {
  challenge: string;
  user: { id: string; name: string };
  rp: { id: string };
  excludeCredentials: { id: string }[];
  authenticatorSelection: { residentKey: string; userVerification: string };
}

async function registrationOptions(cookie: string): Promise<CreationOptions> {
  const res = await call("/me/passkeys/registration-options", { method: "POST", headers: { Cookie: cookie } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { options: CreationOptions }).options;
}

async function signInOptions(): Promise<{ challenge: string; allowCredentials?: unknown[]; userVerification: string; rpId: string }> {
  const res = await call("/auth/passkey/options", { method: "POST" });
  expect(res.status).toBe(200);
  return ((await res.json()) as { options: { challenge: string; userVerification: string; rpId: string } }).options;
}

const signIn = (response: unknown) => call("/auth/passkey/sign-in", { body: { response } });

async function auditActions(accountId: string): Promise<{ action: string; target_type: string | null; target_id: string | null }[]> {
  const rows = await accountsD1
    .prepare("SELECT action, target_type, target_id FROM audit_log WHERE account_id = ? ORDER BY created_at")
    .bind(accountId)
    .all<{ action: string; target_type: string | null; target_id: string | null }>();
  return rows.results;
}

async function meOf(cookie: string): Promise<{ operator: { id: string } }> {
  return (await call("/me", { headers: { Cookie: cookie } })).json();
}

describe("passkey registration (/api/v1/me/passkeys)", () => {
  it("asks for a discoverable, user-verified passkey for this host, and stores only what a check needs", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const options = await registrationOptions(cookie);
    expect(options.rp.id).toBe("confide.test");
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(options.user.name).toBe(account.adminEmail);
    const authenticator = new SoftAuthenticator(RP);
    const res = await call("/me/passkeys", {
      headers: { Cookie: cookie },
      body: { name: " Work laptop ", response: await authenticator.register(options) },
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; name: string; createdAt: number; lastUsedAt: number | null };
    expect(created).toMatchObject({ id: authenticator.credentialId, name: "Work laptop", lastUsedAt: null });
    const row = await accountsD1.prepare("SELECT * FROM passkeys WHERE id = ?").bind(authenticator.credentialId).first();
    expect(Object.keys(row!).sort()).toEqual([
      "account_id",
      "counter",
      "created_at",
      "id",
      "last_used_at",
      "name",
      "operator_id",
      "public_key",
      "transports",
    ]);
    expect(row!.transports).toBe('["internal"]');
    const list = (await (await call("/me/passkeys", { headers: { Cookie: cookie } })).json()) as { items: { id: string }[] };
    expect(list.items.map((p) => p.id)).toEqual([authenticator.credentialId]);
    // A second registration excludes the passkey already there, so the authenticator does not make a duplicate.
    expect((await registrationOptions(cookie)).excludeCredentials.map((c) => c.id)).toEqual([authenticator.credentialId]);
    expect(await auditActions(account.accountId)).toContainEqual({
      action: "passkey.added",
      target_type: "passkey",
      target_id: authenticator.credentialId,
    });
  });

  it("refuses a replayed registration challenge", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const options = await registrationOptions(cookie);
    expect(
      (
        await call("/me/passkeys", {
          headers: { Cookie: cookie },
          body: { name: "One", response: await new SoftAuthenticator(RP).register(options) },
        })
      ).status,
    ).toBe(201);
    // Another credential, same challenge: spent.
    const replay = await call("/me/passkeys", {
      headers: { Cookie: cookie },
      body: { name: "Two", response: await new SoftAuthenticator(RP).register(options) },
    });
    expect(replay.status).toBe(409);
    expect(await errorCode(replay)).toBe("passkey_challenge_used");
    expect(
      (await accountsD1.prepare("SELECT count(*) AS n FROM passkeys WHERE account_id = ?").bind(account.accountId).first<{ n: number }>())!
        .n,
    ).toBe(1);
  });

  it("refuses a response made for another origin, without user verification, or to another operator's challenge", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const other = await login(await addOperator(account, "Agent"));
    const cases: [string, () => Promise<unknown>, string][] = [
      [
        "another origin",
        async () => new SoftAuthenticator(RP).register(await registrationOptions(cookie), { origin: "https://evil.example" }),
        "passkey_not_verified",
      ],
      [
        "no user verification",
        async () => new SoftAuthenticator(RP).register(await registrationOptions(cookie), { userVerified: false }),
        "passkey_not_verified",
      ],
      [
        "another operator's challenge",
        async () => new SoftAuthenticator(RP).register(await registrationOptions(other)),
        "passkey_challenge_invalid",
      ],
      [
        "a sign-in challenge",
        async () => new SoftAuthenticator(RP).register({ challenge: (await signInOptions()).challenge, user: { id: "eA" } }),
        "passkey_challenge_invalid",
      ],
    ];
    for (const [label, response, code] of cases) {
      const res = await call("/me/passkeys", { headers: { Cookie: cookie }, body: { name: label, response: await response() } });
      expect(await errorCode(res), label).toBe(code);
      expect(res.status).toBe(code === "passkey_not_verified" || code === "passkey_challenge_invalid" ? 400 : 409);
    }
    expect(
      (await accountsD1.prepare("SELECT count(*) AS n FROM passkeys WHERE account_id = ?").bind(account.accountId).first<{ n: number }>())!
        .n,
    ).toBe(0);
  });

  it("refuses API tokens with session_required on every passkey endpoint", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const authenticator = await registerPasskey(cookie);
    const { token } = await createToken(cookie);
    const bearer = { Authorization: `Bearer ${token}` };
    const requests: [string, string, unknown][] = [
      ["GET", "/me/passkeys", undefined],
      ["POST", "/me/passkeys/registration-options", undefined],
      ["POST", "/me/passkeys", { name: "x", response: await new SoftAuthenticator(RP).register(await registrationOptions(cookie)) }],
      ["PATCH", `/me/passkeys/${authenticator.credentialId}`, { name: "Renamed" }],
      ["DELETE", `/me/passkeys/${authenticator.credentialId}`, undefined],
    ];
    for (const [method, path, body] of requests) {
      const res = await SELF.fetch(`${BASE}/api/v1${path}`, {
        method,
        headers: { "Content-Type": "application/json", ...bearer },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(await errorCode(res)).toBe("session_required");
    }
    const rows = await accountsD1.prepare("SELECT name FROM passkeys WHERE account_id = ?").bind(account.accountId).all<{ name: string }>();
    expect(rows.results).toEqual([{ name: "Laptop" }]);
  });

  it("renames and removes only your own passkeys: another operator's ids are unreachable", async () => {
    const account = await seedAccount();
    const owner = await login(account.adminEmail);
    const authenticator = await registerPasskey(owner);
    const colleague = await login(await addOperator(account, "Admin"));
    const stranger = await login((await seedAccount()).adminEmail);
    for (const cookie of [colleague, stranger]) {
      expect(((await (await call("/me/passkeys", { headers: { Cookie: cookie } })).json()) as { items: unknown[] }).items).toEqual([]);
      const rename = await call(`/me/passkeys/${authenticator.credentialId}`, {
        method: "PATCH",
        headers: { Cookie: cookie },
        body: { name: "Mine now" },
      });
      expect(rename.status).toBe(404);
      expect(await errorCode(rename)).toBe("not_found");
      const remove = await call(`/me/passkeys/${authenticator.credentialId}`, { method: "DELETE", headers: { Cookie: cookie } });
      expect(remove.status).toBe(404);
      expect(await errorCode(remove)).toBe("not_found");
    }
    // Nor can they sign in with it as a second factor of their own, nor re-register its id.
    const theirs = await meOf(colleague);
    const db = openDb(accountsD1);
    const options = await passkeyAssertionOptions(
      db,
      env,
      { purpose: "second-factor", accountId: account.accountId, operatorId: theirs.operator.id },
      { rpId: RP.id, origin: RP.origin },
      Date.now(),
    );
    expect(options.allowCredentials).toEqual([]);
    await expect(
      verifyPasskeyAssertion(db, env, {
        purpose: "second-factor",
        operatorId: theirs.operator.id,
        response: await authenticator.assert(options),
        origin: RP.origin,
        rpId: RP.id,
        now: Date.now(),
      }),
    ).rejects.toMatchObject({ code: "passkey_not_accepted" });
    const row = await accountsD1
      .prepare("SELECT name FROM passkeys WHERE id = ?")
      .bind(authenticator.credentialId)
      .first<{ name: string }>();
    expect(row).toEqual({ name: "Laptop" });

    const renamed = await call(`/me/passkeys/${authenticator.credentialId}`, {
      method: "PATCH",
      headers: { Cookie: owner },
      body: { name: "Phone" },
    });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { name: string }).name).toBe("Phone");
    expect((await call(`/me/passkeys/${authenticator.credentialId}`, { method: "DELETE", headers: { Cookie: owner } })).status).toBe(204);
    const actions = (await auditActions(account.accountId)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["passkey.added", "passkey.renamed", "passkey.removed"]));
  });
});

describe("passkey sign-in (/api/v1/auth/passkey)", () => {
  it("signs in usernameless with a user-verified passkey, as method passkey", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const operatorId = (await meOf(cookie)).operator.id;
    const authenticator = await registerPasskey(cookie);
    const options = await signInOptions();
    expect(options).toMatchObject({ userVerification: "required", rpId: "confide.test" });
    expect(options.allowCredentials ?? []).toEqual([]);
    const res = await signIn(await authenticator.assert(options));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { operator: { id: string } }).operator.id).toBe(operatorId);
    const session = res.headers.get("Set-Cookie")!.split(";")[0]!;
    expect((await meOf(session)).operator.id).toBe(operatorId);
    expect(await auditActions(account.accountId)).toContainEqual({ action: "login", target_type: "sign_in_method", target_id: "passkey" });
    const row = await accountsD1
      .prepare("SELECT counter, last_used_at FROM passkeys WHERE id = ?")
      .bind(authenticator.credentialId)
      .first<{ counter: number; last_used_at: number | null }>();
    expect(row!.counter).toBe(1);
    expect(row!.last_used_at).not.toBeNull();
  });

  it("refuses a replayed assertion: the challenge is single-use", async () => {
    const account = await seedAccount();
    const authenticator = await registerPasskey(await login(account.adminEmail));
    const response = await authenticator.assert(await signInOptions());
    expect((await signIn(response)).status).toBe(200);
    const replay = await signIn(response);
    expect(replay.status).toBe(409);
    expect(await errorCode(replay)).toBe("passkey_challenge_used");
    expect(replay.headers.get("Set-Cookie")).toBeNull();
  });

  it("refuses an assertion made for another origin, and audits it", async () => {
    const account = await seedAccount();
    const authenticator = await registerPasskey(await login(account.adminEmail));
    const res = await signIn(await authenticator.assert(await signInOptions(), { origin: "https://evil.example" }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "passkey_not_accepted", message: "This passkey was not accepted." } });
    expect(await auditActions(account.accountId)).toContainEqual({
      action: "passkey.sign_in_failed",
      target_type: "passkey",
      target_id: authenticator.credentialId,
    });
    // The same passkey from the right origin still works.
    expect((await signIn(await authenticator.assert(await signInOptions()))).status).toBe(200);
  });

  it("refuses an assertion without user verification", async () => {
    const account = await seedAccount();
    const authenticator = await registerPasskey(await login(account.adminEmail));
    const res = await signIn(await authenticator.assert(await signInOptions(), { userVerified: false }));
    expect(res.status).toBe(401);
    expect(await errorCode(res)).toBe("passkey_not_accepted");
  });

  it("refuses an unknown credential with the same code and no detail", async () => {
    const stranger = new SoftAuthenticator(RP);
    await stranger.register({ challenge: "AAAA", user: { id: "eA" } });
    const res = await signIn(await stranger.assert(await signInOptions()));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "passkey_not_accepted", message: "This passkey was not accepted." } });
  });

  it("refuses a counter that did not grow (a cloned authenticator), and audits it", async () => {
    const account = await seedAccount();
    const authenticator = await registerPasskey(await login(account.adminEmail));
    expect((await signIn(await authenticator.assert(await signInOptions()))).status).toBe(200);
    expect((await signIn(await authenticator.assert(await signInOptions()))).status).toBe(200);
    const clone = await signIn(await authenticator.assert(await signInOptions(), { counter: 1 }));
    expect(clone.status).toBe(401);
    expect(await errorCode(clone)).toBe("passkey_not_accepted");
    expect(await auditActions(account.accountId)).toContainEqual({
      action: "passkey.counter_regressed",
      target_type: "passkey",
      target_id: authenticator.credentialId,
    });
  });

  it("refuses a disabled operator, a removed passkey and a removed operator's passkey", async () => {
    const account = await seedAccount();
    const admin = await login(account.adminEmail);
    const email = await addOperator(account, "Agent");
    const agent = await login(email);
    const agentId = (await meOf(agent)).operator.id;
    const agentKey = await registerPasskey(agent);
    const adminKey = await registerPasskey(admin);

    expect(
      (await call(`/team/operators/${agentId}`, { method: "PATCH", headers: { Cookie: admin }, body: { disabled: true } })).status,
    ).toBe(200);
    const disabled = await signIn(await agentKey.assert(await signInOptions()));
    expect(disabled.status).toBe(401);
    expect(await errorCode(disabled)).toBe("passkey_not_accepted");

    expect((await call(`/me/passkeys/${adminKey.credentialId}`, { method: "DELETE", headers: { Cookie: admin } })).status).toBe(204);
    const removed = await signIn(await adminKey.assert(await signInOptions()));
    expect(removed.status).toBe(401);
    expect(await errorCode(removed)).toBe("passkey_not_accepted");

    // Removing the operator takes its passkeys with it.
    expect((await call(`/team/operators/${agentId}`, { method: "DELETE", headers: { Cookie: admin } })).status).toBe(204);
    expect(await accountsD1.prepare("SELECT id FROM passkeys WHERE id = ?").bind(agentKey.credentialId).first()).toBeNull();
  });
});
