import { createScheduledController, SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  ADDRESS_FAILURES_WITHOUT_WAIT,
  ADDRESS_REFUSED_AFTER,
  BURST_FAILURES,
  LOGIN_WINDOW_MS,
  loginSubject,
  PAIR_FAILURES_WITHOUT_WAIT,
  PAIR_REFUSED_AFTER,
  REFUSAL_MS,
} from "../src/auth/login-throttle";
import { hashClientAddress } from "../src/crypto/client-address";
import { daySalt } from "../src/db/address-salts";
import { openDb } from "../src/db/client";
import worker from "../src/index";
import { accountsD1, addOperator, BASE, PASSWORD, seedAccount } from "./helpers";

interface Answer {
  status: number;
  body: unknown;
  retryAfter: number | null;
}

/** One sign-in attempt from `address` (CF-Connecting-IP). */
async function attempt(email: string, password: string, address: string): Promise<Answer> {
  const res = await SELF.fetch(`${BASE}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: BASE, "CF-Connecting-IP": address },
    body: JSON.stringify({ email, password }),
  });
  const retryAfter = res.headers.get("Retry-After");
  return { status: res.status, body: await res.json(), retryAfter: retryAfter === null ? null : Number(retryAfter) };
}

const code = (a: Answer): string | undefined => (a.body as { error?: { code: string } }).error?.code;

/** The counter keys the server uses for a subject and an address (hashed under today's salt; both in DB, whatever the account's database). */
async function counterKeys(subject: string, address: string): Promise<{ pair: string; address: string }> {
  const hashed = await hashClientAddress(await daySalt(openDb(env.DB), Date.now()), "login", address);
  return { pair: `login:pair:${subject}:${hashed}`, address: `login:address:${hashed}` };
}

/** Plays the client having waited out the current lock of `key`, instead of sleeping through it. */
async function waitOut(key: string): Promise<void> {
  const changed = await env.DB.prepare("UPDATE login_attempts SET locked_until = ? WHERE key = ? AND locked_until > ?")
    .bind(Date.now() - 1, key, Date.now())
    .run();
  expect(changed.meta.changes).toBe(1);
}

/** Polls until `count()` reaches `expected` (audit entries are written after the answer), then returns it. */
async function eventually(count: () => Promise<number>, expected: number): Promise<number> {
  for (let i = 0; i < 100; i++) {
    if ((await count()) >= expected) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return count();
}

const auditCount = async (operatorId: string, action: string): Promise<number> =>
  Number(
    (
      await accountsD1
        .prepare("SELECT COUNT(*) AS n FROM audit_log WHERE actor_id = ? AND action = ?")
        .bind(operatorId, action)
        .first<{ n: number }>()
    )?.n ?? 0,
  );

const randomAddress = (): string => `2001:db8:${crypto.randomUUID().slice(0, 4)}::${crypto.randomUUID().slice(0, 4)}`;

describe("sign-in throttling", () => {
  it("slows and then refuses an address after 15 wrong passwords, while the operator signs in at once from another", async () => {
    const account = await seedAccount();
    const attacker = randomAddress();
    const keys = await counterKeys(`operator:${account.adminId}`, attacker);
    const failures: number[] = [];
    const waits: number[] = [];
    for (let sent = 0; sent < 15; sent++) {
      const answer = await attempt(account.adminEmail, `guess-${sent}`, attacker);
      if (answer.status === 401) {
        failures.push(sent);
        continue;
      }
      expect(answer.status).toBe(429);
      expect(code(answer)).toBe("too_many_attempts");
      expect(answer.retryAfter).not.toBeNull();
      // Slowed: the attacker waits as told (played here) and goes on guessing.
      waits.push(answer.retryAfter!);
      await waitOut(keys.pair);
    }
    // The first failures come at once; each later one only after a wait twice the one before.
    expect(failures.slice(0, PAIR_FAILURES_WITHOUT_WAIT + 1)).toEqual([0, 1, 2, 3, 4]);
    expect(waits).toEqual([2, 4, 8, 16, 32]);
    expect(failures).toHaveLength(PAIR_REFUSED_AFTER);
    // Then refused for an hour, the right password too (it is not even checked).
    const more = await attempt(account.adminEmail, "guess-16", attacker);
    expect(more.status).toBe(429);
    expect(more.retryAfter).toBeGreaterThan(REFUSAL_MS / 1000 - 60);
    const right = await attempt(account.adminEmail, PASSWORD, attacker);
    expect(right.status).toBe(429);
    expect(right.retryAfter).toBeGreaterThan(REFUSAL_MS / 1000 - 60);

    // The owner, from an address that did not fail, signs in at once.
    const owner = await attempt(account.adminEmail, PASSWORD, randomAddress());
    expect(owner.status).toBe(200);
    // No raw address is stored.
    expect(JSON.stringify((await env.DB.prepare("SELECT * FROM login_attempts").all()).results)).not.toContain(attacker);
  });

  it("answers an unknown email exactly as a known one, throttling included", async () => {
    const account = await seedAccount();
    const known: Answer[] = [];
    const unknown: Answer[] = [];
    const [knownAddress, unknownAddress] = [randomAddress(), randomAddress()];
    const nobody = `nobody-${crypto.randomUUID().slice(0, 8)}@example.com`;
    for (let i = 0; i < PAIR_FAILURES_WITHOUT_WAIT + 3; i++) {
      known.push(await attempt(account.adminEmail, "wrong password", knownAddress));
      unknown.push(await attempt(nobody, "wrong password", unknownAddress));
    }
    expect(unknown.map((a) => a.status)).toEqual(known.map((a) => a.status));
    expect(known.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(unknown.map(code)).toEqual(known.map(code));
    for (let i = 0; i < known.length; i++) {
      if (known[i]!.status === 401) expect(unknown[i]!.body).toEqual(known[i]!.body);
      // A wait of 2 seconds, rounded up: both see the same wait.
      else expect([unknown[i]!.retryAfter, known[i]!.retryAfter].every((s) => s === 1 || s === 2)).toBe(true);
    }
    expect(known[0]!.body).toEqual({ error: { code: "invalid_credentials", message: "The email or password is wrong." } });
  });

  it("slows and then refuses an address that sprays one password over many emails", async () => {
    const account = await seedAccount();
    const sprayer = randomAddress();
    const keys = await counterKeys("unused", sprayer);
    const statuses: number[] = [];
    const waits: number[] = [];
    for (let i = 0; statuses.filter((s) => s === 401).length < ADDRESS_REFUSED_AFTER && i < 60; i++) {
      const answer = await attempt(`person-${i}@example.com`, "Summer2026!", sprayer);
      statuses.push(answer.status);
      if (answer.status === 429) {
        waits.push(answer.retryAfter!);
        await waitOut(keys.address);
      }
    }
    // Each email was tried once: only the address counter can have slowed it.
    expect(statuses.slice(0, ADDRESS_FAILURES_WITHOUT_WAIT + 1).every((s) => s === 401)).toBe(true);
    expect(waits.slice(0, 3)).toEqual([2, 4, 8]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(300);
    // Past the cap, the address is refused for every email, the right password of a real one included.
    const next = await attempt(account.adminEmail, PASSWORD, sprayer);
    expect(next.status).toBe(429);
    expect(next.retryAfter).toBeGreaterThan(REFUSAL_MS / 1000 - 60);
    expect((await attempt(account.adminEmail, PASSWORD, randomAddress())).status).toBe(200);
  });

  it("counts no success against anyone: many sign-ins from one address all pass", async () => {
    const account = await seedAccount();
    const colleague = await addOperator(account, "Agent");
    const office = randomAddress();
    // A few typos, then the right password: forgiven each time.
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < PAIR_FAILURES_WITHOUT_WAIT; i++) expect((await attempt(account.adminEmail, "typo", office)).status).toBe(401);
      expect((await attempt(account.adminEmail, PASSWORD, office)).status).toBe(200);
    }
    for (let i = 0; i < ADDRESS_REFUSED_AFTER + 5; i++) {
      expect((await attempt(i % 2 ? account.adminEmail : colleague, PASSWORD, office)).status).toBe(200);
    }
  });

  it("counts parallel guesses before checking them, so none slip past the wait", async () => {
    const account = await seedAccount();
    const address = randomAddress();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(account.adminEmail, `guess-${i}`, address)));
    const statuses = answers.map((a) => a.status);
    // The guesses let through before the first wait, and not one more.
    expect(statuses.filter((s) => s === 401).length).toBe(PAIR_FAILURES_WITHOUT_WAIT + 1);
    expect(statuses.filter((s) => s === 429).length).toBe(30 - PAIR_FAILURES_WITHOUT_WAIT - 1);
  });
});

describe("sign-in audit", () => {
  it("writes login.failed for each failure and one login.failed_burst per operator and window", async () => {
    const account = await seedAccount();
    // From many addresses, so no counter slows the flood: the burst entry is what tells.
    for (let i = 0; i < BURST_FAILURES + 5; i++)
      expect((await attempt(account.adminEmail, `guess-${i}`, randomAddress())).status).toBe(401);
    expect(await eventually(() => auditCount(account.adminId, "login.failed"), BURST_FAILURES + 5)).toBe(BURST_FAILURES + 5);
    expect(await auditCount(account.adminId, "login.failed_burst")).toBe(1);
    const burst = await accountsD1
      .prepare("SELECT count, account_id FROM audit_log WHERE actor_id = ? AND action = 'login.failed_burst'")
      .bind(account.adminId)
      .first();
    expect(burst).toEqual({ count: BURST_FAILURES, account_id: account.accountId });
    // A success is audited as the sign-in it is.
    expect((await attempt(account.adminEmail, PASSWORD, randomAddress())).status).toBe(200);
    expect(await auditCount(account.adminId, "login")).toBe(1);
  });

  it("keys unknown emails by an HMAC only: nothing of the email is stored", async () => {
    const email = `ghost-${crypto.randomUUID().slice(0, 8)}@example.com`;
    for (let i = 0; i < 3; i++) expect((await attempt(email, "x", randomAddress())).status).toBe(401);
    const subject = await loginSubject(env.TOKEN_SIGNING_KEY, null, email);
    await eventually(
      async () =>
        (
          await accountsD1
            .prepare("SELECT count FROM rate_limits WHERE key = ?")
            .bind(`login:failures:${subject}`)
            .first<{ count: number }>()
        )?.count ?? 0,
      3,
    );
    const stored = JSON.stringify([
      (await env.DB.prepare("SELECT * FROM login_attempts").all()).results,
      (await env.DB.prepare("SELECT * FROM rate_limits").all()).results,
    ]);
    expect(stored).not.toContain(email);
    expect(stored).not.toContain(email.split("@")[0]);
  });
});

describe("sign-in counters", () => {
  it("are deleted by the sweep once their window and their wait have both ended", async () => {
    const account = await seedAccount();
    const [once, refused] = [randomAddress(), randomAddress()];
    const [onceKeys, refusedKeys] = [
      await counterKeys(`operator:${account.adminId}`, once),
      await counterKeys(`operator:${account.adminId}`, refused),
    ];
    expect((await attempt(account.adminEmail, "wrong", once)).status).toBe(401);
    for (let failures = 0; failures < PAIR_REFUSED_AFTER; ) {
      if ((await attempt(account.adminEmail, `wrong-${failures}`, refused)).status === 401) failures++;
      else await waitOut(refusedKeys.pair);
    }
    const keys = async () => (await env.DB.prepare("SELECT key FROM login_attempts").all<{ key: string }>()).results.map((r) => r.key);
    expect(await keys()).toEqual(expect.arrayContaining([onceKeys.pair, onceKeys.address, refusedKeys.pair, refusedKeys.address]));
    const now = Date.now();
    const windowEnd = now - (now % LOGIN_WINDOW_MS) + LOGIN_WINDOW_MS;
    await worker.scheduled(createScheduledController({ scheduledTime: windowEnd + 60_000, cron: "17 * * * *" }), env);
    // A sweep after the window: the refused pair's hour-long wait still holds; the rest is gone.
    const left = await keys();
    expect(left).toContain(refusedKeys.pair);
    expect(left).not.toContain(onceKeys.pair);
    expect(left).not.toContain(onceKeys.address);
    await worker.scheduled(createScheduledController({ scheduledTime: now + REFUSAL_MS + 60_000, cron: "17 * * * *" }), env);
    expect(await keys()).not.toContain(refusedKeys.pair);
  });
});
