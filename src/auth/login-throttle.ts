import { hmacBase64Url } from "../crypto/blind-index";
import { hashClientAddress } from "../crypto/client-address";
import { randomToken } from "../crypto/encoding";
import { daySalt } from "../db/address-salts";
import { audit } from "../db/audit";
import type { Db } from "../db/client";
import {
  clearAttempts,
  type LockSchedule,
  type Reservation,
  releaseAttempt,
  reserveAttemptStatement,
  toReservation,
} from "../db/login-attempts";
import { hit } from "../db/rate-limits";
import { RetryLater } from "../errors";

// Sign-in throttling that stops guessing without locking owners out (ASVS 6.3.1). Two counters
// hold failures: one per (operator, client address) and one per client address across every email.
// Nothing counts per operator alone, so an attacker flooding from elsewhere never keeps the owner
// out. Unknown emails go through exactly the same counters (keyed by an HMAC of the email), so the
// answers cannot tell which emails exist. Addresses are HMACs under the day's random salt.

/**
 * Failures are counted in fixed windows of an hour (a divisor of a day, see src/db/address-salts.ts);
 * a wait that runs past the window's end still holds.
 */
export const LOGIN_WINDOW_MS = 3_600_000;

/**
 * Per (operator or unknown email, address): the failures that bring no wait (the next one brings
 * the first), and the failure after which the pair is refused for REFUSAL_MS.
 */
export const PAIR_FAILURES_WITHOUT_WAIT = 4;
export const PAIR_REFUSED_AFTER = 10;
/** Per address, whatever the emails (password spraying). */
export const ADDRESS_FAILURES_WITHOUT_WAIT = 19;
export const ADDRESS_REFUSED_AFTER = 30;
/** The first wait, doubled after each further failure, and the longest. */
const FIRST_WAIT_MS = 2_000;
const LONGEST_WAIT_MS = 5 * 60_000;
/** The failure on one operator, from all addresses together, within a window that writes the one `login.failed_burst` entry. */
export const BURST_FAILURES = 10;

/** How long a counter that reached its refusal refuses: an hour from its last failure, whatever the window. */
export const REFUSAL_MS = 3_600_000;

/** The growing waits: none for the first `free` failures, then 2 s, 4 s, 8 s … up to 5 minutes; an hour's refusal after `refusedAfter`. */
const schedule =
  (free: number, refusedAfter: number, now: number): LockSchedule =>
  (attempt) => {
    if (attempt <= free) return 0;
    if (attempt >= refusedAfter) return now + REFUSAL_MS;
    return now + Math.min(FIRST_WAIT_MS * 2 ** (attempt - free - 1), LONGEST_WAIT_MS);
  };

/** Sign-in starts that check no password (a passkey challenge, a redirect to the SSO provider) per hashed client address and window. */
export const SIGN_IN_STARTS_PER_ADDRESS = 60;
const SIGN_IN_START_WINDOW_MS = 15 * 60_000;

/**
 * Counts a sign-in start that checks no password against the client's hashed address: such starts
 * cost the server (signing, a provider's metadata) and a flood of them must not. Successes count too,
 * as nothing here tells a success; 60 a quarter hour is far above what a person starts. Throws
 * RetryLater until the window ends.
 */
export async function countSignInStart(db: Db, clientAddress: string, now: number): Promise<void> {
  const address = await hashClientAddress(await daySalt(db, now), "login", clientAddress);
  if ((await hit(db, `sign-in-start:${address}`, SIGN_IN_START_WINDOW_MS, now)) > SIGN_IN_STARTS_PER_ADDRESS) {
    const windowEnd = now - (now % SIGN_IN_START_WINDOW_MS) + SIGN_IN_START_WINDOW_MS;
    throw new RetryLater(Math.max(1, Math.ceil((windowEnd - now) / 1000)));
  }
}

/** Who a sign-in names: an operator, or an email no operator has (by HMAC only). */
export async function loginSubject(signingKey: string, operatorId: string | null, email: string): Promise<string> {
  return operatorId ? `operator:${operatorId}` : `email:${await hmacBase64Url(signingKey, `login-email:${email}`)}`;
}

export interface LoginGate {
  /** Null when the attempt may check its password; else how long to wait, in whole seconds (Retry-After). */
  retryAfterSeconds: number | null;
  pair: Reservation;
  address: Reservation;
  windowStart: number;
}

/**
 * Counts this attempt against both counters before its password is checked, locking them as if it
 * will fail. When either was locked, the attempt is refused, counts nowhere, and the answer says
 * how long to wait.
 */
export async function openLoginGate(db: Db, args: { subject: string; clientAddress: string; now: number }): Promise<LoginGate> {
  const { now } = args;
  const windowStart = now - (now % LOGIN_WINDOW_MS);
  // Under the day's random salt, one scope for the whole deployment: a login names no account before it succeeds.
  const address = await hashClientAddress(await daySalt(db, now), "login", args.clientAddress);
  const pairKey = `login:pair:${args.subject}:${address}`;
  const addressKey = `login:address:${address}`;
  const [pairNonce, addressNonce] = [randomToken(), randomToken()];
  const [pairRows, addressRows] = await db.batch([
    reserveAttemptStatement(db, {
      key: pairKey,
      nonce: pairNonce,
      windowStart,
      now,
      schedule: schedule(PAIR_FAILURES_WITHOUT_WAIT, PAIR_REFUSED_AFTER, now),
      maxScheduled: PAIR_REFUSED_AFTER,
    }),
    reserveAttemptStatement(db, {
      key: addressKey,
      nonce: addressNonce,
      windowStart,
      now,
      schedule: schedule(ADDRESS_FAILURES_WITHOUT_WAIT, ADDRESS_REFUSED_AFTER, now),
      maxScheduled: ADDRESS_REFUSED_AFTER,
    }),
  ]);
  const pair = toReservation(pairKey, pairNonce, pairRows);
  const addressCount = toReservation(addressKey, addressNonce, addressRows);
  if (pair.allowed && addressCount.allowed) return { retryAfterSeconds: null, pair, address: addressCount, windowStart };
  // Refused: what the other counter counted is taken back, since no password is checked.
  for (const r of [pair, addressCount]) if (r.allowed) await releaseAttempt(db, r, windowStart);
  const waits = [pair, addressCount].filter((r) => !r.allowed).map((r) => r.lockedUntil - now);
  return { retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits) / 1000)), pair, address: addressCount, windowStart };
}

/**
 * A correct password: it does not count as a failure anywhere, and the pair's earlier failures are
 * forgotten (the owner mistyped). The address keeps its other failures, or a sprayer could reset
 * its count by signing in to an account of its own.
 */
export async function passLoginGate(db: Db, gate: LoginGate): Promise<void> {
  await clearAttempts(db, gate.pair.key);
  await releaseAttempt(db, gate.address, gate.windowStart);
}

/**
 * What a failure writes besides the counters (already counted at the gate): `login.failed` for a
 * known operator, and once per window, at the BURST_FAILURES-th failure on that operator from all
 * addresses together, `login.failed_burst`. Unknown emails count too, so the work is the same.
 */
export async function recordLoginFailure(
  db: Db,
  args: { subject: string; operator: { id: string; accountId: string } | null; now: number },
): Promise<void> {
  const { operator, now } = args;
  const failures = await hit(db, `login:failures:${args.subject}`, LOGIN_WINDOW_MS, now);
  if (!operator) return;
  await audit(db, { accountId: operator.accountId, actorKind: "operator", actorId: operator.id, action: "login.failed", now });
  if (failures === BURST_FAILURES) {
    await audit(db, {
      accountId: operator.accountId,
      actorKind: "operator",
      actorId: operator.id,
      action: "login.failed_burst",
      count: failures,
      now,
    });
  }
}
