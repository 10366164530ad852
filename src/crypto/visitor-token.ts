import { z } from "zod";
import { readToken, signToken, type TokenKind } from "./signed-token";

// A visitor token proves "this browser started conversation C of account A". It is signed, not
// stored, so the worker can check it before touching D1 or the room (src/crypto/signed-token.ts).

const VISITOR_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

const payloadSchema = z.object({ c: z.string(), a: z.string(), w: z.string(), exp: z.number() });

export interface VisitorClaims {
  conversationId: string;
  accountId: string;
  /** The widget the conversation was started on: the token works only through it. */
  widgetId: string;
}

const VISITOR_TOKEN: TokenKind = { version: "v1", purpose: "visitor-token" };

export function signVisitorToken(secret: string, claims: VisitorClaims, now = Date.now()): Promise<string> {
  return signToken(secret, VISITOR_TOKEN, {
    c: claims.conversationId,
    a: claims.accountId,
    w: claims.widgetId,
    exp: now + VISITOR_TOKEN_TTL_MS,
  });
}

/** The claims of a valid, unexpired token, or null. */
export async function verifyVisitorToken(secret: string, token: string, now = Date.now()): Promise<VisitorClaims | null> {
  const claims = await readToken(secret, VISITOR_TOKEN, token, payloadSchema);
  return claims && claims.exp > now ? { conversationId: claims.c, accountId: claims.a, widgetId: claims.w } : null;
}
