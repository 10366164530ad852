import { z } from "zod";
import { hasLeadingZeroBits, proofInput } from "../shared/proof-of-work";
import { randomToken, utf8 } from "./encoding";
import { readToken, signToken, type TokenKind } from "./signed-token";

// A challenge is stateless: signed, not stored, bound to one widget, and it expires. What makes it
// single-use is the spent nonce the start records (src/db/challenges.ts), which holds nothing about
// the visitor. It never names an address, so it works in privacy mode.

/** Long enough for a visitor to read the notice and fill in the form after the widget solved it. */
export const CHALLENGE_TTL_MS = 10 * 60 * 1000;
/**
 * 2^17 hashes on average: a fraction of a second on a laptop, about a second on an older phone,
 * done while the visitor fills in the form; a flood pays it for every chat it starts.
 */
export const DEFAULT_PROOF_OF_WORK_BITS = 17;
const MAX_PROOF_OF_WORK_BITS = 32;

const payloadSchema = z.object({ w: z.string(), n: z.string(), d: z.number().int().min(0).max(MAX_PROOF_OF_WORK_BITS), exp: z.number() });

export interface Challenge {
  challenge: string;
  /** Leading zero bits the SHA-256 of `challenge:solution` must have. */
  difficulty: number;
  expiresAt: number;
}

/** The difficulty a deployment set (`PROOF_OF_WORK_BITS`), else the default. */
export function proofOfWorkBits(setting: string | undefined): number {
  const bits = Number(setting);
  return setting !== undefined && setting !== "" && Number.isInteger(bits) && bits >= 0 && bits <= MAX_PROOF_OF_WORK_BITS
    ? bits
    : DEFAULT_PROOF_OF_WORK_BITS;
}

const CHALLENGE: TokenKind = { version: "pow1", purpose: "pow-challenge" };

export async function issueChallenge(secret: string, widgetId: string, difficulty: number, now: number): Promise<Challenge> {
  const expiresAt = now + CHALLENGE_TTL_MS;
  return {
    challenge: await signToken(secret, CHALLENGE, { w: widgetId, n: randomToken(), d: difficulty, exp: expiresAt }),
    difficulty,
    expiresAt,
  };
}

/**
 * The nonce and expiry of a challenge this deployment issued for `widgetId`, unexpired and solved;
 * null for anything else. Whether it was used before is the caller's question to the database.
 */
export async function verifyProof(
  secret: string,
  widgetId: string,
  proof: { challenge: string; solution: string },
  now: number,
): Promise<{ nonce: string; expiresAt: number } | null> {
  const claims = await readToken(secret, CHALLENGE, proof.challenge, payloadSchema);
  if (!claims) return null;
  if (claims.w !== widgetId || claims.exp <= now) return null;
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", utf8(proofInput(proof.challenge, proof.solution))));
  return hasLeadingZeroBits(hash, claims.d) ? { nonce: claims.n, expiresAt: claims.exp } : null;
}
