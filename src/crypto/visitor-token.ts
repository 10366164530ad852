import { z } from "zod";
import { hmacBase64Url } from "./blind-index";
import { fromBase64, fromUtf8, timingSafeEqual, toBase64Url, utf8 } from "./encoding";

// A visitor token proves "this browser started conversation C of account A". It is signed, not
// stored, so the worker can check it before touching D1 or the room. Only base64url characters and
// dots, so it fits in a WebSocket subprotocol name.

const VISITOR_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

const payloadSchema = z.object({ c: z.string(), a: z.string(), w: z.string(), exp: z.number() });

export interface VisitorClaims {
  conversationId: string;
  accountId: string;
  /** The widget the conversation was started on: the token works only through it. */
  widgetId: string;
}

export async function signVisitorToken(secret: string, claims: VisitorClaims, now = Date.now()): Promise<string> {
  const payload = toBase64Url(utf8(JSON.stringify({ c: claims.conversationId, a: claims.accountId, w: claims.widgetId, exp: now + VISITOR_TOKEN_TTL_MS })));
  return `v1.${payload}.${await hmacBase64Url(secret, `visitor-token:${payload}`)}`;
}

/** The claims of a valid, unexpired token, or null. */
export async function verifyVisitorToken(secret: string, token: string, now = Date.now()): Promise<VisitorClaims | null> {
  const [version, payload, signature] = token.split(".");
  if (version !== "v1" || !payload || !signature) return null;
  if (!timingSafeEqual(await hmacBase64Url(secret, `visitor-token:${payload}`), signature)) return null;
  try {
    const claims = payloadSchema.parse(JSON.parse(fromUtf8(fromBase64(payload))));
    return claims.exp > now ? { conversationId: claims.c, accountId: claims.a, widgetId: claims.w } : null;
  } catch {
    return null;
  }
}
