import { createScheduledController, SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { hmacBase64Url } from "../src/crypto/blind-index";
import { hashClientAddress } from "../src/crypto/client-address";
import { issueChallenge, verifyProof } from "../src/crypto/proof-of-work";
import { DAY_MS, dayOf } from "../src/db/address-salts";
import worker from "../src/index";
import { sha256, solveChallenge } from "../src/shared/proof-of-work";
import { accountsD1, BASE, PASSWORD, SITE_ORIGIN, seedAccount, solvedProof, type TestAccount } from "./helpers";

const start = (account: TestAccount, address: string, proof?: unknown) =>
  SELF.fetch(`${BASE}/w/${account.siteKey}/conversations`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: SITE_ORIGIN, "CF-Connecting-IP": address },
    body: JSON.stringify(proof === undefined ? { consent: true } : { consent: true, proof }),
  });

const startWithProof = async (account: TestAccount, address: string) => start(account, address, await solvedProof(account.siteKey));

const conversationsOf = async (account: TestAccount) =>
  (await accountsD1.prepare("SELECT COUNT(*) AS n FROM conversations WHERE account_id = ?").bind(account.accountId).first<{ n: number }>())!
    .n;

/** Every row of every D1 table, as one string. */
async function allRows(): Promise<string> {
  const tables = (
    await accountsD1
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'",
      )
      .all<{ name: string }>()
  ).results;
  return JSON.stringify(
    await Promise.all(
      [env.DB, env.DB_2].flatMap((d) => tables.map(async (t) => (await d.prepare(`SELECT * FROM "${t.name}"`).all()).results)),
    ),
  );
}

/**
 * Everything that could stand for `address` in storage: the address, the HMAC the server used
 * before (under TOKEN_SIGNING_KEY and the day number, around today), and its hash under every
 * salt now stored, in this account's and the login's scope.
 */
async function derivedFrom(address: string, account: TestAccount): Promise<string[]> {
  const today = dayOf(Date.now());
  const oldHmacs = await Promise.all(
    [today - 1, today, today + 1].map((day) => hmacBase64Url(env.TOKEN_SIGNING_KEY, `client-address:${day}:${address}`)),
  );
  const salts = (
    await Promise.all(
      [env.DB, env.DB_2].map(async (d) => (await d.prepare("SELECT salt FROM address_salts").all<{ salt: string }>()).results),
    )
  ).flat();
  const salted = await Promise.all(
    salts.flatMap(({ salt }) => [`account:${account.accountId}`, "login"].map((scope) => hashClientAddress(salt, scope, address))),
  );
  return [address, ...oldHmacs, ...salted];
}

// A widget's counters are the account's rows: in the account's database.
const rateLimitKeysOf = async (widgetId: string) =>
  (await accountsD1.prepare("SELECT key FROM rate_limits WHERE key LIKE ?").bind(`%${widgetId}%`).all<{ key: string }>()).results.map(
    (r) => r.key,
  );

describe("privacy mode and the visitor's address", () => {
  it("keeps nothing derived from the address: not the address, not a hash of it, no row keyed by it", async () => {
    const account = await seedAccount({ privacyMode: true });
    for (const address of ["198.51.100.77", "198.51.100.77", "2001:db8:77::1"])
      expect((await startWithProof(account, address)).status).toBe(201);
    const stored = await allRows();
    for (const address of ["198.51.100.77", "2001:db8:77::1"]) {
      for (const value of await derivedFrom(address, account)) expect(stored).not.toContain(value);
    }
    // One counter for the widget, whoever starts: nothing per address to tell visitors apart.
    expect(await rateLimitKeysOf(account.widgetId)).toEqual([`conversations:${account.widgetId}`]);
  });

  it("refuses a flood with 429 once the widget's hourly ceiling is reached, from any address, and stores nothing of it", async () => {
    const account = await seedAccount({ privacyMode: true });
    const ceiling = Number(env.PRIVACY_CONVERSATIONS_PER_HOUR);
    for (let i = 0; i < ceiling; i++) expect((await startWithProof(account, "203.0.113.66")).status).toBe(201);
    for (const address of ["203.0.113.66", "203.0.113.67"]) {
      const refused = await startWithProof(account, address);
      expect(refused.status).toBe(429);
      expect(await refused.json()).toEqual({ error: { code: "too_many_conversations", message: expect.any(String) } });
    }
    expect(await conversationsOf(account)).toBe(ceiling);
    const stored = await allRows();
    for (const value of [...(await derivedFrom("203.0.113.66", account)), ...(await derivedFrom("203.0.113.67", account))])
      expect(stored).not.toContain(value);
  });

  it("starts a chat only with a solved, unused challenge of this widget", async () => {
    const account = await seedAccount({ privacyMode: true });
    const other = await seedAccount({ privacyMode: true });
    const refusal = async (proof: unknown) => {
      const res = await start(account, "192.0.2.99", proof);
      return { status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code };
    };
    expect(await refusal(undefined)).toEqual({ status: 400, code: "proof_required" });
    const issued = (await (
      await SELF.fetch(`${BASE}/w/${account.siteKey}/challenge`, { method: "POST", headers: { Origin: SITE_ORIGIN } })
    ).json()) as { challenge: string; difficulty: number };
    expect(issued.difficulty).toBe(Number(env.PROOF_OF_WORK_BITS));
    const solution = await solveChallenge(issued.challenge, issued.difficulty);
    // A wrong answer: the next number that does not solve it.
    let wrong = Number(solution) + 1;
    while (
      (await verifyProof(env.TOKEN_SIGNING_KEY, account.widgetId, { challenge: issued.challenge, solution: String(wrong) }, Date.now())) !==
      null
    )
      wrong++;
    expect(await refusal({ challenge: issued.challenge, solution: String(wrong) })).toEqual({ status: 400, code: "invalid_proof" });
    const [version, payload, signature] = issued.challenge.split(".");
    const raised = JSON.stringify({ ...JSON.parse(atob(payload!.replace(/-/g, "+").replace(/_/g, "/"))), d: 0 });
    const forged = `${version}.${btoa(raised).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}.${signature}`;
    expect(await refusal({ challenge: forged, solution: "0" })).toEqual({ status: 400, code: "invalid_proof" });
    expect(await refusal(await solvedProof(other.siteKey))).toEqual({ status: 400, code: "invalid_proof" });
    expect(await conversationsOf(account)).toBe(0);
    const proof = { challenge: issued.challenge, solution };
    expect((await start(account, "192.0.2.99", proof)).status).toBe(201);
    expect(await refusal(proof)).toEqual({ status: 409, code: "proof_used" });
    expect(await conversationsOf(account)).toBe(1);
  });

  it("has the widget hash exactly as WebCrypto does, at every input length", async () => {
    for (let length = 0; length < 300; length++) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 255);
      expect(sha256(data)).toEqual(new Uint8Array(await crypto.subtle.digest("SHA-256", data)));
    }
  });

  it("lets a challenge expire", async () => {
    const now = Date.now();
    const { challenge, difficulty, expiresAt } = await issueChallenge(env.TOKEN_SIGNING_KEY, "widget-1", 4, now);
    const proof = { challenge, solution: await solveChallenge(challenge, difficulty) };
    expect(await verifyProof(env.TOKEN_SIGNING_KEY, "widget-1", proof, expiresAt - 1)).not.toBeNull();
    expect(await verifyProof(env.TOKEN_SIGNING_KEY, "widget-1", proof, expiresAt)).toBeNull();
  });
});

describe("client addresses outside privacy mode", () => {
  const address = "198.51.100.200";

  it("become keys under a random salt of the day and the account, so two accounts' keys for one address differ", async () => {
    const [first, second] = [await seedAccount(), await seedAccount()];
    for (const account of [first, second]) expect((await start(account, address)).status).toBe(201);
    const hashes = await Promise.all(
      [first, second].map(async (account) => {
        const [key] = await rateLimitKeysOf(account.widgetId);
        return key!.slice(`conversations:${account.widgetId}:`.length);
      }),
    );
    expect(hashes[0]).not.toBe(hashes[1]);
    // The widget's counter is the account's row, under the day's salt of the account's database.
    const salt = (await accountsD1
      .prepare("SELECT salt FROM address_salts WHERE day = ?")
      .bind(dayOf(Date.now()))
      .first<{ salt: string }>())!.salt;
    expect(hashes[0]).toBe(await hashClientAddress(salt, `account:${first.accountId}`, address));
    // Not the old HMAC under the deployment's long-lived signing key.
    expect(hashes).not.toContain(await hmacBase64Url(env.TOKEN_SIGNING_KEY, `client-address:${dayOf(Date.now())}:${address}`));
  });

  it("count failed logins under the same daily salt", async () => {
    const account = await seedAccount();
    const res = await SELF.fetch(`${BASE}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: BASE, "CF-Connecting-IP": "198.51.100.201" },
      body: JSON.stringify({ email: account.adminEmail, password: `not ${PASSWORD}` }),
    });
    expect(res.status).toBe(401);
    const salt = (await env.DB.prepare("SELECT salt FROM address_salts WHERE day = ?").bind(dayOf(Date.now())).first<{ salt: string }>())!
      .salt;
    const key = `login:address:${await hashClientAddress(salt, "login", "198.51.100.201")}`;
    expect(await env.DB.prepare("SELECT count FROM login_attempts WHERE key = ?").bind(key).first()).toEqual({ count: 1 });
  });

  it("lose their salt to the sweep once the day's windows have ended, and not before", async () => {
    const account = await seedAccount();
    expect((await start(account, address)).status).toBe(201);
    const today = dayOf(Date.now());
    const saltOf = (day: number) => env.DB.prepare("SELECT salt FROM address_salts WHERE day = ?").bind(day).first<{ salt: string }>();
    const salt = (await saltOf(today))!.salt;
    // A sweep during the day keeps it: the day's windows still count under it.
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "17 * * * *" }), env);
    expect(await saltOf(today)).toEqual({ salt });
    // The first sweep of the next day deletes it, and the counters it keyed with it.
    await worker.scheduled(createScheduledController({ scheduledTime: (today + 1) * DAY_MS + 17 * 60_000, cron: "17 * * * *" }), env);
    expect(await saltOf(today)).toBeNull();
    expect(await rateLimitKeysOf(account.widgetId)).toEqual([]);
    expect(await allRows()).not.toContain(salt);
  });
});
