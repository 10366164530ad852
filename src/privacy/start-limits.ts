import { hashClientAddress } from "../crypto/client-address";
import { proofOfWorkBits, verifyProof } from "../crypto/proof-of-work";
import { daySalt } from "../db/address-salts";
import { spendChallenge } from "../db/challenges";
import type { Db } from "../db/client";
import { hit } from "../db/rate-limits";
import type { Widget } from "../db/widgets";
import { HttpError } from "../errors";
import type { StartConversation } from "../shared/api";

const HOUR_MS = 3_600_000;
/** Outside privacy mode: new chats per widget and client address per hour. */
export const CONVERSATIONS_PER_HOUR_PER_ADDRESS = 20;
/**
 * Privacy mode: new chats per widget per hour, whoever starts them. A ceiling behind the proof of
 * work, so even a flood that pays for every start cannot open chats without end; it is high
 * because everyone on the widget shares it.
 */
export const PRIVACY_CONVERSATIONS_PER_HOUR_PER_WIDGET = 200;

const limitFrom = (setting: string | undefined, fallback: number): number => (Number(setting) > 0 ? Number(setting) : fallback);

const tooMany = () => new HttpError(429, "too_many_conversations", "Too many chats started from here. Try again later.");

/**
 * Lets a new chat start on `widget` or throws. Outside privacy mode it counts per client address,
 * hashed under the day's random salt and the account, so a key says nothing once the day's salt is
 * gone and the same visitor has unrelated keys in two accounts. In privacy mode nothing derived
 * from the address is computed at all: the browser pays a proof of work per start (a signed,
 * expiring challenge, spent once) and the widget's own hourly count caps the rest.
 */
export async function admitNewConversation(
  env: Env,
  db: Db,
  widget: Widget,
  proof: StartConversation["proof"],
  address: string,
  now: number,
): Promise<void> {
  if (!widget.privacyMode) {
    const key = await hashClientAddress(await daySalt(db, now), `account:${widget.accountId}`, address);
    // A deployment (or a benchmark starting thousands of chats from one address) may set its own limit.
    if (
      (await hit(db, `conversations:${widget.id}:${key}`, HOUR_MS, now)) >
      limitFrom(env.CONVERSATIONS_PER_HOUR, CONVERSATIONS_PER_HOUR_PER_ADDRESS)
    )
      throw tooMany();
    return;
  }
  if (!proof) throw new HttpError(400, "proof_required", "This chat needs a browser check first; reload the page and try again.");
  const verified = await verifyProof(env.TOKEN_SIGNING_KEY, widget.id, proof, now);
  if (!verified) throw new HttpError(400, "invalid_proof", "The browser check failed or expired. Try again.");
  if (!(await spendChallenge(db, verified.nonce, verified.expiresAt)))
    throw new HttpError(409, "proof_used", "This browser check was already used. Try again.");
  if (
    (await hit(db, `conversations:${widget.id}`, HOUR_MS, now)) >
    limitFrom(env.PRIVACY_CONVERSATIONS_PER_HOUR, PRIVACY_CONVERSATIONS_PER_HOUR_PER_WIDGET)
  )
    throw tooMany();
}

/** The difficulty of the challenges this deployment issues. */
export const proofOfWorkDifficulty = (env: Env): number => proofOfWorkBits(env.PROOF_OF_WORK_BITS);
