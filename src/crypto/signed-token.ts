import type { z } from "zod";
import { hmacBase64Url } from "./blind-index";
import { fromBase64, fromUtf8, timingSafeEqual, toBase64Url, utf8 } from "./encoding";

// Stateless tokens: `<version>.<base64url JSON claims>.<HMAC>`, signed with TOKEN_SIGNING_KEY under a
// purpose of their own, so a token of one kind never passes for another. Only base64url characters
// and dots, so they fit in a WebSocket subprotocol name.

export interface TokenKind {
  /** The token's first part, e.g. "v1". */
  version: string;
  /** Signed along with the claims; differs per kind of token. */
  purpose: string;
}

/** Signs `claims` as a token of `kind`. */
export async function signToken(secret: string, kind: TokenKind, claims: object): Promise<string> {
  const payload = toBase64Url(utf8(JSON.stringify(claims)));
  return `${kind.version}.${payload}.${await hmacBase64Url(secret, `${kind.purpose}:${payload}`)}`;
}

/** The claims of a token of `kind` signed with `secret`, as `schema` reads them; null for anything else. Expiry is the caller's. */
export async function readToken<T>(secret: string, kind: TokenKind, token: string, schema: z.ZodType<T>): Promise<T | null> {
  const [version, payload, signature] = token.split(".");
  if (version !== kind.version || !payload || !signature) return null;
  if (!timingSafeEqual(await hmacBase64Url(secret, `${kind.purpose}:${payload}`), signature)) return null;
  try {
    return schema.parse(JSON.parse(fromUtf8(fromBase64(payload))));
  } catch {
    return null;
  }
}
