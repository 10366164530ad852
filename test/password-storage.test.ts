import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { toBase64Url, utf8 } from "../src/crypto/encoding";
import { DUMMY_PASSWORD_HASH, hashPassword, needsRehash, unusablePasswordHash, verifyPassword } from "../src/crypto/password";
import { openDb } from "../src/db/client";
import { reapplyRevocations, recordOperatorChange } from "../src/privacy/revocations";
import { accountsD1, BASE, PASSWORD, seedAccount } from "./helpers";

const CURRENT = /^pbkdf2-sha256-chain\$i=600000,c=100000\$[\w-]{22}\$[\w-]{43}$/;

/** A hash in the current format at an earlier, lower cost: two chained PBKDF2 calls of 100,000 iterations. */
async function cheaperHash(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const material = await crypto.subtle.importKey("raw", utf8(password), "PBKDF2", false, ["deriveBits"]);
  let derived: Uint8Array<ArrayBuffer> = salt;
  for (let call = 0; call < 2; call++) {
    derived = new Uint8Array(
      await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: derived, iterations: 100_000 }, material, 256),
    );
  }
  return `pbkdf2-sha256-chain$i=200000,c=100000$${toBase64Url(salt)}$${toBase64Url(derived)}`;
}

const signIn = (email: string, password: string) =>
  SELF.fetch(`${BASE}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: BASE, "CF-Connecting-IP": `2001:db8:77::${crypto.randomUUID().slice(0, 4)}` },
    body: JSON.stringify({ email, password }),
  });

const storedHash = async (operatorId: string): Promise<string> =>
  (await accountsD1.prepare("SELECT password_hash FROM operators WHERE id = ?").bind(operatorId).first<{ password_hash: string }>())!
    .password_hash;

describe("password hashes", () => {
  it("names its parameters: 600,000 iterations in calls of 100,000", async () => {
    const hash = await hashPassword("s3cret!");
    expect(hash).toMatch(CURRENT);
    expect(needsRehash(hash)).toBe(false);
    expect(await verifyPassword("s3cret!", hash)).toBe(true);
    expect(await verifyPassword("s3cret?", hash)).toBe(false);
  });

  it("refuses parameters it would not produce or that exceed its bounds", async () => {
    const hash = await hashPassword("s3cret!");
    for (const params of ["i=600000,c=200000", "i=600001,c=100000", "i=90000000,c=100000", "i=600000", "x"]) {
      expect(await verifyPassword("s3cret!", hash.replace("i=600000,c=100000", params))).toBe(false);
    }
  });

  it("keeps the dummy hash and the unusable hash at the cost and in the format of a real one", async () => {
    expect(DUMMY_PASSWORD_HASH).toMatch(CURRENT);
    expect(needsRehash(DUMMY_PASSWORD_HASH)).toBe(false);
    const unusable = unusablePasswordHash();
    expect(unusable).toMatch(CURRENT);
    expect(unusable).not.toBe(unusablePasswordHash());
    expect(await verifyPassword("", unusable)).toBe(false);
  });

  it("verifies a hash at other parameters and marks it for re-hashing", async () => {
    const cheaper = await cheaperHash("s3cret!");
    expect(await verifyPassword("s3cret!", cheaper)).toBe(true);
    expect(await verifyPassword("s3cret?", cheaper)).toBe(false);
    expect(needsRehash(cheaper)).toBe(true);
  });
});

describe("upgrading hashes at other parameters at sign-in", () => {
  it("re-hashes a cheaper hash at the current parameters at the next successful sign-in, not at a failed one", async () => {
    const account = await seedAccount();
    const cheaper = await cheaperHash(PASSWORD);
    await accountsD1.prepare("UPDATE operators SET password_hash = ? WHERE id = ?").bind(cheaper, account.adminId).run();

    expect((await signIn(account.adminEmail, "not the password")).status).toBe(401);
    expect(await storedHash(account.adminId)).toBe(cheaper);

    expect((await signIn(account.adminEmail, PASSWORD)).status).toBe(200);
    const upgraded = await storedHash(account.adminId);
    expect(upgraded).toMatch(CURRENT);
    expect((await signIn(account.adminEmail, PASSWORD)).status).toBe(200);
    expect(await storedHash(account.adminId)).toBe(upgraded);
  });

  it("moves the revocation ledger to the new hash, so the sweep does not take it for a restored one", async () => {
    const account = await seedAccount();
    const cheaper = await cheaperHash(PASSWORD);
    await accountsD1.prepare("UPDATE operators SET password_hash = ? WHERE id = ?").bind(cheaper, account.adminId).run();
    // An admin set this (cheaper) password recently: the ledger holds its digest.
    await recordOperatorChange(env, {
      accountId: account.accountId,
      operatorId: account.adminId,
      now: Date.now() - 1000,
      passwordHash: cheaper,
    });

    expect((await signIn(account.adminEmail, PASSWORD)).status).toBe(200);
    const upgraded = await storedHash(account.adminId);
    expect(upgraded).toMatch(CURRENT);

    await reapplyRevocations(env, openDb(accountsD1));
    expect(await storedHash(account.adminId)).toBe(upgraded);
    expect((await signIn(account.adminEmail, PASSWORD)).status).toBe(200);
  });
});
