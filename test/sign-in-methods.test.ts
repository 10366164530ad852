import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SIGN_IN_STARTS_PER_ADDRESS } from "../src/auth/login-throttle";
import { accountsD1, addOperator, BASE, login, PASSWORD, seedAccount } from "./helpers";
import type { SoftAuthenticator } from "./helpers/authenticator";
import { registerSoftPasskey, softSignInResponse } from "./helpers/passkeys";

// How the sign-in methods work together: a passkey as the second step after a password, a passkey
// meeting the account's two-factor policy, an administrator's reset taking passkeys too, and
// "SSO only" refusing passkeys as it refuses passwords.

type SecondFactor = { token: string; step: "verify" | "enrol"; methods: string[] };

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  SELF.fetch(`${BASE}/api/v1${path}`, {
    method: "POST",
    // A fresh address per request: these tests must not meet the sign-in throttle.
    headers: {
      Origin: BASE,
      "Content-Type": "application/json",
      "CF-Connecting-IP": `2001:db8:5::${Math.floor(Math.random() * 0xffff).toString(16)}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

async function idOf(email: string): Promise<string> {
  return (await accountsD1.prepare("SELECT id FROM operators WHERE email = ?").bind(email).first<{ id: string }>())!.id;
}

/** The password step; answers the pending second step (fails the test if a session began instead). */
async function passwordStep(email: string): Promise<SecondFactor> {
  const res = await post("/auth/login", { email, password: PASSWORD });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { secondFactor?: SecondFactor };
  expect(res.headers.get("Set-Cookie")).toBeNull();
  expect(body.secondFactor).toBeDefined();
  return body.secondFactor!;
}

/** The passkey step with `authenticator`'s assertion over options made for the pending token. */
async function passkeyStep(token: string, authenticator: SoftAuthenticator): Promise<Response> {
  const { options } = (await (await post("/auth/login/second-factor/passkey-options", { token })).json()) as {
    options: { challenge: string; allowCredentials: { id: string }[] };
  };
  return post("/auth/login/second-factor/passkey", { token, response: await authenticator.assert(options) });
}

describe("a passkey as the second step after a password", () => {
  it("signs in with the operator's own passkey, once per pending sign-in, and refuses another operator's", async () => {
    const account = await seedAccount();
    const email = await addOperator(account, "Agent");
    const agent = await idOf(email);
    const own = await registerSoftPasskey(await login(email), "Own key");
    const foreign = await registerSoftPasskey(await login(await addOperator(account, "Agent", "Otto Other")), "Not yours");

    const pending = await passwordStep(email);
    expect(pending.step).toBe("verify");
    expect(pending.methods).toEqual(["passkey"]);

    // Another operator's passkey is a wrong second factor, not a way in.
    const wrong = await passkeyStep(pending.token, foreign);
    expect(wrong.status).toBe(400);
    expect(await errorCode(wrong)).toBe("invalid_code");

    const signedIn = await passkeyStep(pending.token, own);
    expect(signedIn.status).toBe(200);
    expect(((await signedIn.json()) as { operator: { id: string } }).operator.id).toBe(agent);
    expect(signedIn.headers.get("Set-Cookie")).toMatch(/^__Host-confide_session=/);
    const audited = await accountsD1
      .prepare("SELECT target_id FROM audit_log WHERE account_id = ? AND action = 'login' AND actor_id = ? ORDER BY created_at DESC")
      .bind(account.accountId, agent)
      .first<{ target_id: string }>();
    expect(audited?.target_id).toBe("password+passkey");

    // The pending sign-in is spent: not even new options for it.
    const again = await post("/auth/login/second-factor/passkey-options", { token: pending.token });
    expect(again.status).toBe(401);
    expect(await errorCode(again)).toBe("second_factor_expired");
  });

  it("meets the account's two-factor policy: an operator with only a passkey is asked for it, not sent to enrol", async () => {
    const account = await seedAccount();
    const email = await addOperator(account, "Agent");
    await accountsD1.prepare("UPDATE accounts SET require_two_factor = 1 WHERE id = ?").bind(account.accountId).run();
    expect((await passwordStep(await addOperator(account, "Agent", "No Factor"))).step).toBe("enrol");

    // Registering needs a session; under the policy this operator gets one by enrolling TOTP first,
    // so register while the policy is off, then switch it on.
    await accountsD1.prepare("UPDATE accounts SET require_two_factor = 0 WHERE id = ?").bind(account.accountId).run();
    const key = await registerSoftPasskey(await login(email));
    await accountsD1.prepare("UPDATE accounts SET require_two_factor = 1 WHERE id = ?").bind(account.accountId).run();
    const pending = await passwordStep(email);
    expect(pending).toMatchObject({ step: "verify", methods: ["passkey"] });
    expect((await passkeyStep(pending.token, key)).status).toBe(200);
  });

  it("is removed by an administrator's second-factor reset, with the authenticator app", async () => {
    const account = await seedAccount();
    const email = await addOperator(account, "Agent");
    const agent = await idOf(email);
    const key = await registerSoftPasskey(await login(email));
    const admin = await login(account.adminEmail);
    const reset = await post(`/team/operators/${agent}/second-factor/reset`, {}, { Cookie: admin });
    expect(reset.status).toBeLessThan(300);
    const left = await accountsD1.prepare("SELECT count(*) AS n FROM passkeys WHERE operator_id = ?").bind(agent).first<{ n: number }>();
    expect(left?.n).toBe(0);
    // The password alone signs in again, and the old passkey no longer does.
    const res = await post("/auth/login", { email, password: PASSWORD });
    expect(((await res.json()) as { operator?: { id: string } }).operator?.id).toBe(agent);
    const refused = await post("/auth/passkey/sign-in", { response: await softSignInResponse(key) });
    expect(refused.status).toBe(401);
    expect(await errorCode(refused)).toBe("passkey_not_accepted");
  });
});

describe("single sign-on only", () => {
  it("refuses a passkey sign-in as it refuses a password, except for those who manage SSO", async () => {
    const account = await seedAccount();
    const agentKey = await registerSoftPasskey(await login(await addOperator(account, "Agent")));
    const adminKey = await registerSoftPasskey(await login(account.adminEmail));
    const now = Date.now();
    // Only the policy matters here; the provider is never called.
    await accountsD1
      .prepare(
        "INSERT INTO sso_configs (account_id, issuer, client_id, client_secret_enc, groups_claim, role_mappings, create_operators, sso_only, created_at, updated_at) VALUES (?, 'https://idp.example.com', 'c', 'sealed', 'groups', '[]', 0, 1, ?, ?)",
      )
      .bind(account.accountId, now, now)
      .run();

    const refused = await post("/auth/passkey/sign-in", { response: await softSignInResponse(agentKey) });
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe("sso_required");
    expect(refused.headers.get("Set-Cookie")).toBeNull();

    // Break-glass: an administrator of SSO keeps their passkey.
    const admin = await post("/auth/passkey/sign-in", { response: await softSignInResponse(adminKey) });
    expect(admin.status).toBe(200);
  });
});

describe("sign-in starts that check no password", () => {
  it("are limited per client address (passkey challenges and SSO redirects together), with Retry-After; other addresses go on", async () => {
    const flooder = { "CF-Connecting-IP": "198.51.100.77" };
    for (let i = 0; i < SIGN_IN_STARTS_PER_ADDRESS; i++) {
      const res =
        i % 2 === 0
          ? await post("/auth/passkey/options", {}, flooder)
          : await post("/auth/sso/start", { email: `someone${i}@nowhere.example` }, flooder);
      expect([200, 404]).toContain(res.status);
    }
    for (const res of [
      await post("/auth/passkey/options", {}, flooder),
      await post("/auth/sso/start", { email: "late@nowhere.example" }, flooder),
    ]) {
      expect(res.status).toBe(429);
      expect(await errorCode(res)).toBe("too_many_attempts");
      expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    expect((await post("/auth/passkey/options", {}, { "CF-Connecting-IP": "198.51.100.78" })).status).toBe(200);
  });
});
