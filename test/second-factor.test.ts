import { createExecutionContext, SELF, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { PENDING_MAX_ATTEMPTS } from "../src/auth/second-factor";
import { resealTotpSecrets } from "../src/auth/totp-factor";
import { openDb } from "../src/db/client";
import worker from "../src/index";
import { accountsD1, addOperator, BASE, login, PASSWORD, seedAccount, type TestAccount } from "./helpers";
import { createToken } from "./helpers/api-tokens";

// Two factors: TOTP enrolment, the second step of a sign-in (codes not replayable, recovery codes
// once only), the account's policy, an administrator's reset, and that API tokens touch none of it.
// Codes are made here from the secret with otpauth, as an authenticator app would.

type Json = Record<string, unknown>;

const call = (method: string, path: string, init: { cookie?: string; bearer?: string; body?: unknown } = {}) =>
  SELF.fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: {
      Origin: BASE,
      "CF-Connecting-IP": `2001:db8:2::${Math.floor(Math.random() * 0xffff).toString(16)}`,
      ...(init.cookie ? { Cookie: init.cookie } : {}),
      ...(init.bearer ? { Authorization: `Bearer ${init.bearer}` } : {}),
      ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });

const code = (secret: string, at = Date.now()) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp: at });
const cookieOf = (res: Response) => (res.headers.get("Set-Cookie") ?? "").split(";")[0]!;
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

async function operatorId(email: string): Promise<string> {
  return (await accountsD1.prepare("SELECT id FROM operators WHERE email = ?").bind(email).first<{ id: string }>())!.id;
}

async function auditActions(account: TestAccount): Promise<{ action: string; actor_id: string | null; target_id: string | null }[]> {
  return (
    await accountsD1
      .prepare("SELECT action, actor_id, target_id FROM audit_log WHERE account_id = ? ORDER BY created_at, rowid")
      .bind(account.accountId)
      .all<{ action: string; actor_id: string | null; target_id: string | null }>()
  ).results;
}

/** Enrols TOTP for the operator signed in with `cookie`; the code used is the current step's. */
async function enrolTotp(cookie: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await call("POST", "/me/second-factor/totp", { cookie });
  expect(started.status).toBe(200);
  const { secret } = (await started.json()) as { secret: string };
  const confirmed = await call("POST", "/me/second-factor/totp/confirm", { cookie, body: { code: code(secret) } });
  expect(confirmed.status).toBe(200);
  return { secret, recoveryCodes: ((await confirmed.json()) as { recoveryCodes: string[] }).recoveryCodes };
}

/** The password step: answers the pending second-factor challenge. */
async function passwordStep(
  email: string,
): Promise<{ res: Response; body: Json & { secondFactor?: { token: string; step: string; methods: string[] } } }> {
  const res = await call("POST", "/auth/login", { body: { email, password: PASSWORD } });
  expect(res.status).toBe(200);
  return { res, body: (await res.json()) as Json };
}

const secondStep = (token: string, method: "totp" | "recovery_code", value: string) =>
  call("POST", "/auth/login/second-factor", { body: { token, method, code: value } });

describe("TOTP enrolment", () => {
  it("seals the secret, answers it only during enrolment, confirms with a first code and makes ten hashed recovery codes", async () => {
    const account = await seedAccount();
    const email = await addOperator(account, "Agent");
    const cookie = await login(email);
    const started = await call("POST", "/me/second-factor/totp", { cookie });
    const { secret, uri } = (await started.json()) as { secret: string; uri: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Confide:/);
    expect(uri).toContain(`secret=${secret}`);
    const stored = await accountsD1
      .prepare("SELECT secret_enc, confirmed_at FROM operator_totp WHERE operator_id = ?")
      .bind(await operatorId(email))
      .first<{ secret_enc: string; confirmed_at: number | null }>();
    expect(stored!.secret_enc).toMatch(/^e1\./);
    expect(stored!.secret_enc).not.toContain(secret);
    expect(stored!.confirmed_at).toBeNull();

    // Not a factor until confirmed: the password alone still signs in.
    expect((await passwordStep(email)).body).toHaveProperty("operator");
    const wrong = await call("POST", "/me/second-factor/totp/confirm", { cookie, body: { code: code(secret, Date.now() - 10 * 60_000) } });
    expect(wrong.status).toBe(400);
    expect(await errorCode(wrong)).toBe("invalid_code");

    const confirmed = await call("POST", "/me/second-factor/totp/confirm", { cookie, body: { code: code(secret) } });
    expect(confirmed.status).toBe(200);
    const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const hashes = JSON.stringify(
      (
        await accountsD1
          .prepare("SELECT * FROM recovery_codes WHERE operator_id = ?")
          .bind(await operatorId(email))
          .all()
      ).results,
    );
    for (const c of recoveryCodes) {
      expect(hashes).not.toContain(c);
      expect(hashes).not.toContain(c.replace(/-/g, ""));
    }

    const status = await call("GET", "/me/second-factor", { cookie });
    const statusText = await status.text();
    expect(JSON.parse(statusText)).toMatchObject({
      methods: ["totp", "recovery_code"],
      totp: { enrolled: true },
      recoveryCodesLeft: 10,
      required: false,
    });
    expect(statusText).not.toContain(secret);
    const again = await call("POST", "/me/second-factor/totp", { cookie });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe("already_enrolled");
    expect((await auditActions(account)).map((e) => e.action)).toContain("second_factor.enrolled");
  });
});

describe("POST /api/v1/auth/login with a second factor", () => {
  it("begins no session on the password; a TOTP code does, and the same code never works twice", async () => {
    const account = await seedAccount();
    const email = await addOperator(account, "Agent");
    const { secret } = await enrolTotp(await login(email));

    const first = await passwordStep(email);
    expect(first.res.headers.get("Set-Cookie")).toBeNull();
    expect(first.body).not.toHaveProperty("operator");
    expect(first.body.secondFactor).toMatchObject({ step: "verify", methods: ["totp", "recovery_code"] });
    // Enrolment used this step's code; an app shows the next one 30 seconds later.
    const nextCode = code(secret, Date.now() + 30_000);
    const signedIn = await secondStep(first.body.secondFactor!.token, "totp", nextCode);
    expect(signedIn.status).toBe(200);
    expect(((await signedIn.json()) as { operator: { email: string } }).operator.email).toBe(email);
    expect((await call("GET", "/me", { cookie: cookieOf(signedIn) })).status).toBe(200);

    // The token is spent.
    const reused = await secondStep(first.body.secondFactor!.token, "totp", code(secret, Date.now() + 60_000));
    expect(reused.status).toBe(401);
    expect(await errorCode(reused)).toBe("second_factor_expired");

    // Someone who watched the code go by cannot use it again, even with the password.
    const second = await passwordStep(email);
    const replay = await secondStep(second.body.secondFactor!.token, "totp", nextCode);
    expect(replay.status).toBe(400);
    expect(await errorCode(replay)).toBe("invalid_code");
    expect(replay.headers.get("Set-Cookie")).toBeNull();

    const id = await operatorId(email);
    const entries = await auditActions(account);
    expect(entries).toContainEqual({ action: "login", actor_id: id, target_id: "password+totp" });
    expect(entries).toContainEqual({ action: "second_factor.failed", actor_id: id, target_id: "totp" });
  });

  it("signs in with a recovery code once only", async () => {
    const account = await seedAccount();
    const email = await addOperator(account, "Agent");
    const cookie = await login(email);
    const { recoveryCodes } = await enrolTotp(cookie);
    const recovery = recoveryCodes[3]!;

    const first = await passwordStep(email);
    // Typed in capitals and without dashes, as people do.
    const signedIn = await secondStep(first.body.secondFactor!.token, "recovery_code", recovery.replace(/-/g, "").toUpperCase());
    expect(signedIn.status).toBe(200);
    expect((await call("GET", "/me", { cookie: cookieOf(signedIn) })).status).toBe(200);

    const second = await passwordStep(email);
    const again = await secondStep(second.body.secondFactor!.token, "recovery_code", recovery);
    expect(again.status).toBe(400);
    expect(await errorCode(again)).toBe("invalid_code");
    // Another code still works.
    expect((await secondStep(second.body.secondFactor!.token, "recovery_code", recoveryCodes[4]!)).status).toBe(200);

    expect(await (await call("GET", "/me/second-factor", { cookie })).json()).toMatchObject({ recoveryCodesLeft: 8 });
    const id = await operatorId(email);
    const entries = await auditActions(account);
    expect(entries).toContainEqual({ action: "login", actor_id: id, target_id: "password+recovery_code" });
    expect(entries.filter((e) => e.action === "second_factor.recovery_code_used")).toHaveLength(2);
  });

  it("gives a pending token a few attempts, and refuses forged ones", async () => {
    const account = await seedAccount();
    const email = await addOperator(account, "Agent");
    const { secret } = await enrolTotp(await login(email));
    const { body } = await passwordStep(email);
    const token = body.secondFactor!.token;
    for (let i = 0; i < PENDING_MAX_ATTEMPTS; i++) expect(await errorCode(await secondStep(token, "totp", "000000"))).toBe("invalid_code");
    const late = await secondStep(token, "totp", code(secret, Date.now() + 30_000));
    expect(late.status).toBe(401);
    expect(await errorCode(late)).toBe("second_factor_expired");

    const [version, claims, signature] = token.split(".");
    const forged = `${version}.${claims}.${signature!.slice(1)}A`;
    expect(await errorCode(await secondStep(forged, "totp", code(secret, Date.now() + 30_000)))).toBe("second_factor_expired");
    expect(await errorCode(await call("POST", "/auth/login/second-factor", { body: { token, method: "sms", code: "123456" } }))).toBe(
      "invalid_request",
    );
  });
});

describe("the account policy: two factors for every operator", () => {
  it("leads an operator without a second factor through enrolment before any session", async () => {
    const account = await seedAccount();
    const admin = await login(account.adminEmail);
    const email = await addOperator(account, "Agent");
    const patched = await call("PATCH", "/settings", { cookie: admin, body: { requireTwoFactor: true } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ requireTwoFactor: true });

    const { res, body } = await passwordStep(email);
    expect(res.headers.get("Set-Cookie")).toBeNull();
    expect(body.secondFactor).toMatchObject({ step: "enrol", methods: ["totp"] });
    const token = body.secondFactor!.token;
    const id = await operatorId(email);
    const sessions = () => accountsD1.prepare("SELECT COUNT(*) AS n FROM sessions WHERE operator_id = ?").bind(id).first<{ n: number }>();
    expect((await sessions())!.n).toBe(0);
    // The enrolment token opens nothing else: not the code step.
    expect(await errorCode(await secondStep(token, "totp", "123456"))).toBe("second_factor_expired");

    const started = await call("POST", "/auth/login/enrol/totp", { body: { token } });
    expect(started.status).toBe(200);
    const { secret } = (await started.json()) as { secret: string };
    expect((await sessions())!.n).toBe(0);
    const wrong = await call("POST", "/auth/login/enrol/totp/confirm", { body: { token, code: code(secret, Date.now() - 10 * 60_000) } });
    expect(await errorCode(wrong)).toBe("invalid_code");
    expect((await sessions())!.n).toBe(0);

    const confirmed = await call("POST", "/auth/login/enrol/totp/confirm", { body: { token, code: code(secret) } });
    expect(confirmed.status).toBe(200);
    const enrolled = (await confirmed.json()) as { me: { operator: { email: string } }; recoveryCodes: string[] };
    expect(enrolled.me.operator.email).toBe(email);
    expect(enrolled.recoveryCodes).toHaveLength(10);
    const cookie = cookieOf(confirmed);
    expect((await call("GET", "/me", { cookie })).status).toBe(200);
    expect((await sessions())!.n).toBe(1);

    // From now on the code is asked for, and the factor cannot simply be removed.
    expect((await passwordStep(email)).body.secondFactor).toMatchObject({ step: "verify" });
    const removal = await call("DELETE", "/me/second-factor/totp", { cookie, body: { password: PASSWORD } });
    expect(removal.status).toBe(409);
    expect(await errorCode(removal)).toBe("second_factor_required");
    const entries = await auditActions(account);
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(["settings.two_factor_required", "second_factor.enrolled"]));
    expect(entries).toContainEqual({ action: "login", actor_id: id, target_id: "password+totp" });
  });
});

describe("POST /api/v1/team/operators/{id}/second-factor/reset", () => {
  it("removes the operator's factor, ends their sessions and is audited with who reset it", async () => {
    const account = await seedAccount();
    const admin = await login(account.adminEmail);
    const email = await addOperator(account, "Agent");
    const operatorCookie = await login(email);
    await enrolTotp(operatorCookie);
    const id = await operatorId(email);

    const agent = await login(await addOperator(account, "Agent"));
    expect((await call("POST", `/team/operators/${id}/second-factor/reset`, { cookie: agent })).status).toBe(403);
    expect(
      await errorCode(await call("POST", `/team/operators/${await operatorId(account.adminEmail)}/second-factor/reset`, { cookie: admin })),
    ).toBe("cannot_change_self");

    const reset = await call("POST", `/team/operators/${id}/second-factor/reset`, { cookie: admin });
    expect(reset.status).toBe(204);
    expect((await call("GET", "/me", { cookie: operatorCookie })).status).toBe(401);
    expect(
      await accountsD1.prepare("SELECT COUNT(*) AS n FROM recovery_codes WHERE operator_id = ?").bind(id).first<{ n: number }>(),
    ).toEqual({
      n: 0,
    });
    // The password alone signs in again (no policy on this account).
    expect((await passwordStep(email)).body).toHaveProperty("operator");
    const adminId = await operatorId(account.adminEmail);
    const entries = await auditActions(account);
    expect(entries).toContainEqual({ action: "second_factor.reset", actor_id: adminId, target_id: id });
    expect(entries).toContainEqual({ action: "session.ended.second_factor_reset", actor_id: adminId, target_id: id });
  });
});

describe("your own second factor", () => {
  it("is removed only with your password or a code, and audited", async () => {
    const account = await seedAccount();
    const email = await addOperator(account, "Agent");
    const cookie = await login(email);
    const { recoveryCodes } = await enrolTotp(cookie);
    const wrong = await call("DELETE", "/me/second-factor/totp", { cookie, body: { password: "not it" } });
    expect(wrong.status).toBe(400);
    expect(await errorCode(wrong)).toBe("invalid_password");
    expect(await errorCode(await call("DELETE", "/me/second-factor/totp", { cookie, body: {} }))).toBe("invalid_request");

    // New recovery codes replace the old ones.
    const renewed = await call("POST", "/me/second-factor/recovery-codes", { cookie, body: { code: recoveryCodes[0] } });
    expect(renewed.status).toBe(200);
    const fresh = ((await renewed.json()) as { recoveryCodes: string[] }).recoveryCodes;
    expect(await errorCode(await call("DELETE", "/me/second-factor/totp", { cookie, body: { code: recoveryCodes[1] } }))).toBe(
      "invalid_code",
    );

    expect((await call("DELETE", "/me/second-factor/totp", { cookie, body: { code: fresh[0] } })).status).toBe(204);
    expect(await (await call("GET", "/me/second-factor", { cookie })).json()).toMatchObject({
      methods: [],
      totp: { enrolled: false },
      recoveryCodesLeft: 0,
    });
    expect((await passwordStep(email)).body).toHaveProperty("operator");
    expect((await auditActions(account)).map((e) => e.action)).toEqual(
      expect.arrayContaining(["second_factor.recovery_codes_regenerated", "second_factor.disabled"]),
    );
  });

  it("cannot be enrolled, renewed or removed with an API token, nor anyone's reset", async () => {
    const account = await seedAccount();
    const admin = await login(account.adminEmail);
    const { token } = await createToken(admin);
    const email = await addOperator(account, "Agent");
    const attempts: [string, string, unknown][] = [
      ["GET", "/me/second-factor", undefined],
      ["POST", "/me/second-factor/totp", undefined],
      ["POST", "/me/second-factor/totp/confirm", { code: "123456" }],
      ["DELETE", "/me/second-factor/totp", { password: PASSWORD }],
      ["POST", "/me/second-factor/recovery-codes", { password: PASSWORD }],
      ["POST", `/team/operators/${await operatorId(email)}/second-factor/reset`, undefined],
    ];
    for (const [method, path, body] of attempts) {
      const res = await call(method, path, { bearer: token, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(await errorCode(res)).toBe("session_required");
    }
    expect(
      await accountsD1
        .prepare("SELECT COUNT(*) AS n FROM operator_totp WHERE account_id = ?")
        .bind(account.accountId)
        .first<{ n: number }>(),
    ).toEqual({ n: 0 });
  });
});

describe("key rotation of TOTP secrets", () => {
  it("re-seals secrets with the active ring key, so the old key can be retired and codes still work", async () => {
    const { keys } = JSON.parse(env.KEY_RING) as { active: string; keys: Record<string, string> };
    const withRing = async (keyRing: string, path: string, init: { cookie?: string; body?: unknown }) => {
      const ctx = createExecutionContext();
      const headers: Record<string, string> = {
        Origin: BASE,
        "Content-Type": "application/json",
        ...(init.cookie ? { Cookie: init.cookie } : {}),
      };
      const request = new Request(`${BASE}/api/v1${path}`, {
        method: "POST",
        headers,
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      const res = await worker.fetch(request as Parameters<typeof worker.fetch>[0], { ...env, KEY_RING: keyRing } as Env, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const beforeRotation = JSON.stringify({ active: "k1", keys });
    const k1Retired = JSON.stringify({ active: "k2", keys: { k2: keys.k2 } });
    const account = await seedAccount();
    const email = await addOperator(account, "Agent");
    const cookie = await login(email);
    const { secret } = (await (await withRing(beforeRotation, "/me/second-factor/totp", { cookie })).json()) as { secret: string };
    expect((await withRing(beforeRotation, "/me/second-factor/totp/confirm", { cookie, body: { code: code(secret) } })).status).toBe(200);
    const sealedWith = async () =>
      (await accountsD1
        .prepare("SELECT secret_enc FROM operator_totp WHERE operator_id = ?")
        .bind(await operatorId(email))
        .first<{ secret_enc: string }>())!.secret_enc.split(".")[1];
    expect(await sealedWith()).toBe("k1");

    expect(await resealTotpSecrets(env, openDb(accountsD1))).toMatchObject({ remaining: 0 });
    expect(await sealedWith()).toBe("k2");
    const { body } = await passwordStep(email);
    const signedIn = await withRing(k1Retired, "/auth/login/second-factor", {
      body: { token: body.secondFactor!.token, method: "totp", code: code(secret, Date.now() + 30_000) },
    });
    expect(signedIn.status).toBe(200);
  });
});
