import { fromBase64, toBase64Url, utf8 } from "./encoding";

// Blind indexes let search match encrypted fields without decrypting them: an HMAC-SHA256, with a
// key separate from the encryption keys, over the normalised value. The field name is part of the
// input so an email index never matches a name index.

const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", fromBase64(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keyCache.set(secret, key);
  }
  return key;
}

export async function hmacBase64Url(secret: string, input: string): Promise<string> {
  return toBase64Url(await crypto.subtle.sign("HMAC", await hmacKey(secret), utf8(input)));
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** Lowercased, accents folded, split on anything that is not a letter or digit; unique tokens. */
export function nameTokens(name: string): string[] {
  const folded = name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  return [...new Set(folded.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0))];
}

export const emailIndex = (secret: string, email: string): Promise<string> =>
  hmacBase64Url(secret, `email:${normaliseEmail(email)}`);

export const nameTokenIndexes = (secret: string, name: string): Promise<string[]> =>
  Promise.all(nameTokens(name).map((token) => hmacBase64Url(secret, `name:${token}`)));
