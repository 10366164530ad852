import { fromBase64, toBase64Url, utf8 } from "./encoding";

// Blind indexes let search match encrypted fields without decrypting them: an HMAC-SHA256, with a
// key separate from the encryption keys, over the normalised value. The field name is part of the
// input so an email index never matches a name index. Each account has its own index key, derived
// from BLIND_INDEX_KEY with HKDF, so the same email in two accounts has unrelated index values:
// nothing in D1 links a person across the tenants of one deployment.

const keyCache = new Map<string, Promise<CryptoKey>>();
/** Accounts of one deployment are few; the bound only keeps a long-lived isolate's memory flat. */
const MAX_CACHED_KEYS = 1_000;

function cached(cacheKey: string, make: () => Promise<CryptoKey>): Promise<CryptoKey> {
  let key = keyCache.get(cacheKey);
  if (!key) {
    if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
    key = make();
    keyCache.set(cacheKey, key);
    key.catch(() => keyCache.delete(cacheKey));
  }
  return key;
}

const hmacKey = (secret: string): Promise<CryptoKey> =>
  cached(`hmac:${secret}`, () => crypto.subtle.importKey("raw", fromBase64(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]));

/** The account's own blind-index key: HKDF-SHA256 of the deployment's key, with the account id as info. */
const accountIndexKey = (secret: string, accountId: string): Promise<CryptoKey> =>
  cached(`account:${accountId}:${secret}`, async () => {
    const master = await crypto.subtle.importKey("raw", fromBase64(secret), "HKDF", false, ["deriveKey"]);
    return crypto.subtle.deriveKey(
      { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: utf8(`confide blind index v1\0${accountId}`) },
      master,
      { name: "HMAC", hash: "SHA-256", length: 256 },
      false,
      ["sign"],
    );
  });

const sign = async (key: CryptoKey, input: string): Promise<string> => toBase64Url(await crypto.subtle.sign("HMAC", key, utf8(input)));

/** HMAC-SHA256 with a deployment secret (tokens, pseudonyms); blind indexes use the per-account key instead. */
export async function hmacBase64Url(secret: string, input: string): Promise<string> {
  return sign(await hmacKey(secret), input);
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** Lowercased, accents folded, split on anything that is not a letter or digit; unique tokens. */
export function nameTokens(name: string): string[] {
  const folded = name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  return [...new Set(folded.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0))];
}

/** The email's blind index within one account. */
export const emailIndex = async (secret: string, accountId: string, email: string): Promise<string> =>
  sign(await accountIndexKey(secret, accountId), `email:${normaliseEmail(email)}`);

/** The blind indexes of the name's tokens within one account. */
export async function nameTokenIndexes(secret: string, accountId: string, name: string): Promise<string[]> {
  const key = await accountIndexKey(secret, accountId);
  return Promise.all(nameTokens(name).map((token) => sign(key, `name:${token}`)));
}

/**
 * The blind index of a verified visitor's id (the customer's own user id) within one account: one
 * namespace of ids per account, so a visitor routed to another of its widgets is still linked.
 */
export const verifiedUserIndex = async (secret: string, accountId: string, userId: string): Promise<string> =>
  sign(await accountIndexKey(secret, accountId), `verified_user:${userId}`);
