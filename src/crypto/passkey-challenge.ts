import { z } from "zod";
import { fromBase64, fromUtf8, randomToken } from "./encoding";
import { readToken, signToken, type TokenKind } from "./signed-token";

// A WebAuthn challenge is a signed token (random nonce, purpose, operator, expiry) that the browser
// hands back inside clientDataJSON, where the authenticator's signature covers it. So nothing is
// stored when it is issued; what makes it single-use is its nonce recorded as spent at the first
// attempt (src/db/challenges.ts, the table the proof-of-work challenges use).

/** What a challenge was issued for: one never passes for another. */
export type PasskeyPurpose = "register" | "sign-in" | "second-factor";

/** Long enough to find the security key; the browser's own prompt times out at PASSKEY_TIMEOUT_MS. */
export const PASSKEY_CHALLENGE_TTL_MS = 5 * 60 * 1000;
export const PASSKEY_TIMEOUT_MS = 2 * 60 * 1000;

const KIND: TokenKind = { version: "pk1", purpose: "passkey-challenge" };
const claimsSchema = z.object({
  p: z.enum(["register", "sign-in", "second-factor"]),
  o: z.string().nullable(),
  n: z.string(),
  exp: z.number(),
});

export interface PasskeyChallenge {
  purpose: PasskeyPurpose;
  /** The operator it was issued to (registration, second factor); null for a usernameless sign-in. */
  operatorId: string | null;
  nonce: string;
  expiresAt: number;
}

/** A new challenge for `purpose`, bound to `operatorId` when given: the string to put into the WebAuthn options. */
export async function issuePasskeyChallenge(
  secret: string,
  purpose: PasskeyPurpose,
  operatorId: string | null,
  now: number,
): Promise<string> {
  return signToken(secret, KIND, { p: purpose, o: operatorId, n: randomToken(), exp: now + PASSKEY_CHALLENGE_TTL_MS });
}

/**
 * The challenge inside a response's clientDataJSON, when this deployment signed it and it has not
 * expired; null for anything else. Returns also the challenge as clientDataJSON carries it
 * (base64url of the token's UTF-8), the form the WebAuthn check compares.
 */
export async function readPasskeyChallenge(
  secret: string,
  clientDataJSON: string,
  now: number,
): Promise<(PasskeyChallenge & { encoded: string }) | null> {
  let encoded: unknown;
  try {
    encoded = (JSON.parse(fromUtf8(fromBase64(clientDataJSON))) as { challenge?: unknown }).challenge;
  } catch {
    return null;
  }
  if (typeof encoded !== "string" || encoded.length > 1024) return null;
  let token: string;
  try {
    token = fromUtf8(fromBase64(encoded));
  } catch {
    return null;
  }
  const claims = await readToken(secret, KIND, token, claimsSchema);
  if (!claims || claims.exp <= now) return null;
  return { purpose: claims.p, operatorId: claims.o, nonce: claims.n, expiresAt: claims.exp, encoded };
}
