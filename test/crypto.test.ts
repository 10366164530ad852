import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { emailIndex, hmacBase64Url, nameTokenIndexes, nameTokens } from "../src/crypto/blind-index";
import { DecryptionError } from "../src/crypto/envelope";
import { createDataKey, KeyRingError, loadKeyRing, openDataKey, rewrapDataKey } from "../src/crypto/key-ring";
import { hashPassword, verifyPassword } from "../src/crypto/password";
import { signVisitorToken, verifyVisitorToken } from "../src/crypto/visitor-token";

const key = (byte: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(byte)));
const ringOf = (active: string, ids: string[]) =>
  loadKeyRing(JSON.stringify({ active, keys: Object.fromEntries(ids.map((id, i) => [id, key(i + 1)])) }));

describe("envelopes", () => {
  it("round-trips a field and names the data key in the envelope", async () => {
    const { cipher } = await createDataKey(await loadKeyRing(env.KEY_RING), "acct", "conv");
    const sealed = await cipher.encrypt("visitor.name", "Grüße 👋");
    expect(sealed).toMatch(/^e1\.dk1\./);
    expect(sealed).not.toContain("Grüße");
    expect(await cipher.decrypt("visitor.name", sealed)).toBe("Grüße 👋");
  });

  it("fails to open a ciphertext copied to another conversation, account or field", async () => {
    const ring = await loadKeyRing(env.KEY_RING);
    const { cipher, wrappedKey } = await createDataKey(ring, "acct", "conv-a");
    const sealed = await cipher.encrypt("visitor.email", "vera@example.org");
    // Same key material, other binding: the associated data no longer matches.
    const otherConversation = await openDataKey(ring, wrappedKey, "acct", "conv-a").then((c) =>
      Object.assign(Object.create(Object.getPrototypeOf(c)), c, { conversationId: "conv-b" }),
    );
    await expect(otherConversation.decrypt("visitor.email", sealed)).rejects.toBeInstanceOf(DecryptionError);
    const otherAccount = Object.assign(Object.create(Object.getPrototypeOf(cipher)), cipher, { accountId: "acct-2" });
    await expect(otherAccount.decrypt("visitor.email", sealed)).rejects.toBeInstanceOf(DecryptionError);
    await expect(cipher.decrypt("visitor.name", sealed)).rejects.toBeInstanceOf(DecryptionError);
    // And another conversation's own key cannot open it either.
    const { cipher: other } = await createDataKey(ring, "acct", "conv-b");
    await expect(other.decrypt("visitor.email", sealed)).rejects.toBeInstanceOf(DecryptionError);
    // A wrapped key moved to another conversation does not unwrap.
    await expect(openDataKey(ring, wrappedKey, "acct", "conv-b")).rejects.toBeInstanceOf(DecryptionError);
  });

  it("rejects a tampered ciphertext", async () => {
    const { cipher } = await createDataKey(await loadKeyRing(env.KEY_RING), "acct", "conv");
    const place = { seq: 1, authorKind: "visitor" as const, authorOperatorId: null };
    const sealed = await cipher.encryptMessage(place, "hello");
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    await expect(cipher.decryptMessage({ ...place, bodyEnc: tampered })).rejects.toBeInstanceOf(DecryptionError);
  });
});

describe("message bodies", () => {
  it("open only at the seq and author they were sealed for", async () => {
    const { cipher } = await createDataKey(await loadKeyRing(env.KEY_RING), "acct", "conv");
    const place = { seq: 2, authorKind: "operator" as const, authorOperatorId: "op-1" };
    const bodyEnc = await cipher.encryptMessage(place, "The refund is on its way.");
    expect(await cipher.decryptMessage({ ...place, bodyEnc })).toBe("The refund is on its way.");
    for (const moved of [
      { ...place, seq: 3 },
      { ...place, authorOperatorId: "op-2" },
      { ...place, authorKind: "visitor" as const, authorOperatorId: null },
      { ...place, authorKind: "system" as const, authorOperatorId: null },
    ]) {
      await expect(cipher.decryptMessage({ ...moved, bodyEnc })).rejects.toBeInstanceOf(DecryptionError);
    }
  });
});

describe("key rotation", () => {
  it("wraps new data keys with the new active key while old ones stay readable", async () => {
    const before = await ringOf("old", ["old"]);
    const { cipher, wrappedKey: oldWrapped } = await createDataKey(before, "acct", "conv-1");
    const sealed = await cipher.encrypt("visitor.email", "written before rotation");
    expect(oldWrapped).toMatch(/^e1\.old\./);

    const after = await ringOf("new", ["old", "new"]);
    const { wrappedKey: newWrapped } = await createDataKey(after, "acct", "conv-2");
    expect(newWrapped).toMatch(/^e1\.new\./);
    const reopened = await openDataKey(after, oldWrapped, "acct", "conv-1");
    expect(await reopened.decrypt("visitor.email", sealed)).toBe("written before rotation");

    const retired = await ringOf("new", ["x", "new"]);
    await expect(openDataKey(retired, oldWrapped, "acct", "conv-1")).rejects.toBeInstanceOf(KeyRingError);
  });

  it("re-wraps a data key with the active key, so a ring without the old key opens it", async () => {
    const { cipher, wrappedKey } = await createDataKey(await ringOf("old", ["old"]), "acct", "conv-1");
    const sealed = await cipher.encrypt("visitor.email", "vera@example.org");
    const rewrapped = await rewrapDataKey(await ringOf("new", ["old", "new"]), wrappedKey, "acct", "conv-1");
    expect(rewrapped).toMatch(/^e1\.new\./);
    const retired = await ringOf("new", ["x", "new"]);
    expect(await (await openDataKey(retired, rewrapped, "acct", "conv-1")).decrypt("visitor.email", sealed)).toBe("vera@example.org");
    // Still bound to its conversation.
    await expect(openDataKey(retired, rewrapped, "acct", "conv-2")).rejects.toBeInstanceOf(DecryptionError);
  });

  it("refuses a malformed key ring", async () => {
    await expect(loadKeyRing(undefined)).rejects.toBeInstanceOf(KeyRingError);
    await expect(loadKeyRing("not json")).rejects.toBeInstanceOf(KeyRingError);
    await expect(loadKeyRing(JSON.stringify({ active: "a", keys: { b: key(1) } }))).rejects.toBeInstanceOf(KeyRingError);
    await expect(loadKeyRing(JSON.stringify({ active: "a", keys: { a: btoa("short") } }))).rejects.toBeInstanceOf(KeyRingError);
  });
});

describe("blind indexes", () => {
  it("matches emails regardless of case and spaces, and never equals the plaintext", async () => {
    const a = await emailIndex(env.BLIND_INDEX_KEY, "acct", " Vera@Example.org ");
    expect(a).toBe(await emailIndex(env.BLIND_INDEX_KEY, "acct", "vera@example.org"));
    expect(a).not.toBe(await emailIndex(env.BLIND_INDEX_KEY, "acct", "vera@example.com"));
    expect(a).not.toContain("vera");
  });

  it("splits names into folded tokens", async () => {
    expect(nameTokens("  Zoë  Müller-Lüdenscheidt ")).toEqual(["zoe", "muller", "ludenscheidt"]);
    const [zoe] = await nameTokenIndexes(env.BLIND_INDEX_KEY, "acct", "ZOE");
    expect((await nameTokenIndexes(env.BLIND_INDEX_KEY, "acct", "Zoë Müller"))[0]).toBe(zoe);
    // The email and name indexes of the same text differ.
    expect(await emailIndex(env.BLIND_INDEX_KEY, "acct", "zoe")).not.toBe(zoe);
  });

  it("gives the same email and name unrelated indexes in two accounts", async () => {
    const [a, b] = [
      await emailIndex(env.BLIND_INDEX_KEY, "acct-a", "vera@example.org"),
      await emailIndex(env.BLIND_INDEX_KEY, "acct-b", "vera@example.org"),
    ];
    expect(a).not.toBe(b);
    expect(await emailIndex(env.BLIND_INDEX_KEY, "acct-a", "Vera@example.org")).toBe(a);
    expect(await nameTokenIndexes(env.BLIND_INDEX_KEY, "acct-a", "Vera")).not.toEqual(
      await nameTokenIndexes(env.BLIND_INDEX_KEY, "acct-b", "Vera"),
    );
    // Nor is either the deployment-wide HMAC the indexes used to be.
    expect([a, b]).not.toContain(await hmacBase64Url(env.BLIND_INDEX_KEY, "email:vera@example.org"));
  });
});

describe("passwords and visitor tokens", () => {
  it("verifies the right password only, with a salted hash", async () => {
    const one = await hashPassword("s3cret!");
    const two = await hashPassword("s3cret!");
    expect(one).not.toBe(two);
    expect(one).toMatch(/^pbkdf2-sha256-chain\$i=600000,c=100000\$/);
    expect(await verifyPassword("s3cret!", one)).toBe(true);
    expect(await verifyPassword("s3cret?", one)).toBe(false);
    expect(await verifyPassword("s3cret!", "garbage")).toBe(false);
  });

  it("accepts its own unexpired visitor token and nothing else", async () => {
    const now = Date.now();
    const token = await signVisitorToken(env.TOKEN_SIGNING_KEY, { conversationId: "c", accountId: "a", widgetId: "w" }, now);
    expect(await verifyVisitorToken(env.TOKEN_SIGNING_KEY, token, now)).toEqual({ conversationId: "c", accountId: "a", widgetId: "w" });
    expect(await verifyVisitorToken(env.TOKEN_SIGNING_KEY, token, now + 25 * 3600_000)).toBeNull();
    expect(await verifyVisitorToken(btoa("another key entirely, 32 bytes!!"), token, now)).toBeNull();
    expect(await verifyVisitorToken(env.TOKEN_SIGNING_KEY, "v1.e30.AAAA", now)).toBeNull();
  });
});
