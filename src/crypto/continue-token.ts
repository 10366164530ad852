import { z } from "zod";
import { readToken, signToken, type TokenKind } from "./signed-token";

// The link in a visitor's email that continues their conversation (/chat/continue?t=…): signed, not
// stored, naming the conversation, its account and widget, and expiring. It is exchanged for an
// ordinary visitor token (src/crypto/visitor-token.ts) only while the conversation still exists.

export const CONTINUE_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const payloadSchema = z.object({ c: z.string(), a: z.string(), w: z.string(), exp: z.number() });

const CONTINUE_LINK: TokenKind = { version: "c1", purpose: "continue-link" };

export interface ContinueClaims {
  conversationId: string;
  accountId: string;
  widgetId: string;
}

export function signContinueToken(secret: string, claims: ContinueClaims, now = Date.now()): Promise<string> {
  return signToken(secret, CONTINUE_LINK, {
    c: claims.conversationId,
    a: claims.accountId,
    w: claims.widgetId,
    exp: now + CONTINUE_LINK_TTL_MS,
  });
}

/** The claims of a valid, unexpired continue token, or null (forged, of another kind, or expired). */
export async function verifyContinueToken(secret: string, token: string, now = Date.now()): Promise<ContinueClaims | null> {
  const claims = await readToken(secret, CONTINUE_LINK, token, payloadSchema);
  return claims && claims.exp > now ? { conversationId: claims.c, accountId: claims.a, widgetId: claims.w } : null;
}
