import { SESSION_ABSOLUTE_MS } from "../db/auth";
import type { Db } from "../db/client";
import {
  deletePasskeys,
  deleteSessions,
  type OperatorRevocation,
  passwordDigest,
  reapplyOperatorRevocation,
  revokeTokens,
} from "../db/revocations";
import { LEDGER_TTL_SECONDS } from "./erasure";

// Revocations survive a D1 restore like erasures do: a signed-out session, a revoked API token, a
// removed passkey, a disabled or removed operator or a changed password would otherwise come back
// with a backup.
// Each is written to the ERASURES namespace, which no restore rolls back, with ids and hashes
// only, and the hourly sweep re-applies them. One key per session, token or operator, overwritten
// by the next change, so the ledger grows with the subjects, not with every event; everything a
// record needs is in its metadata, so re-applying costs one list call per thousand records.

const PREFIX = "revoked:";
const CURSOR_KEY = "revocations-cursor";
/** Records re-applied per hourly run; the next run goes on from a cursor. */
export const REVOCATIONS_PER_RUN = 5_000;
/** A restored session dies at its absolute expiry anyway: its record need not outlive that. */
const SESSION_RECORD_TTL_SECONDS = SESSION_ABSOLUTE_MS / 1000 + 3600;

type RevocationMetadata =
  | { kind: "session"; accountId: string; at: number }
  | { kind: "token"; accountId: string; at: number }
  | { kind: "passkey"; accountId: string; at: number }
  | ({ kind: "operator"; at: number } & OperatorRevocation);

/** A signed-out session (its id is the SHA-256 of the cookie's token). */
export const recordSessionRevoked = (env: Env, accountId: string, sessionId: string, now: number): Promise<void> =>
  env.ERASURES.put(`${PREFIX}session:${sessionId}`, "", {
    metadata: { kind: "session", accountId, at: now } satisfies RevocationMetadata,
    expirationTtl: SESSION_RECORD_TTL_SECONDS,
  });

/** A revoked API token. */
export const recordTokenRevoked = (env: Env, accountId: string, tokenId: string, now: number): Promise<void> =>
  env.ERASURES.put(`${PREFIX}token:${tokenId}`, "", {
    metadata: { kind: "token", accountId, at: now } satisfies RevocationMetadata,
    expirationTtl: LEDGER_TTL_SECONDS,
  });

/** A removed passkey (its credential id, at most 342 characters: the key stays within KV's 512 bytes). */
export const recordPasskeyRemoved = (env: Env, accountId: string, credentialId: string, now: number): Promise<void> =>
  env.ERASURES.put(`${PREFIX}passkey:${credentialId}`, "", {
    metadata: { kind: "passkey", accountId, at: now } satisfies RevocationMetadata,
    expirationTtl: LEDGER_TTL_SECONDS,
  });

/**
 * An operator disabled, enabled again, removed, or given a new password: every credential older
 * than now ends (except on re-enabling, and except `keepSessionId`, the session that changed its
 * own password), and the record keeps the latest state of each.
 */
export async function recordOperatorChange(
  env: Env,
  change: {
    accountId: string;
    operatorId: string;
    now: number;
    disabled?: boolean;
    removed?: boolean;
    passwordHash?: string;
    keepSessionId?: string;
  },
): Promise<void> {
  const key = `${PREFIX}operator:${change.operatorId}`;
  const previous = (await env.ERASURES.getWithMetadata<RevocationMetadata>(key)).metadata;
  const before = previous?.kind === "operator" ? previous : null;
  const endsCredentials = change.disabled === true || change.removed === true || change.passwordHash !== undefined;
  if (!before && !endsCredentials) return; // enabling an operator nobody disabled since the backup window began
  const metadata: RevocationMetadata = {
    kind: "operator",
    at: change.now,
    accountId: change.accountId,
    operatorId: change.operatorId,
    credentialsBefore: endsCredentials ? change.now : (before?.credentialsBefore ?? 0),
    // The session that changed its own password stays signed in, after a restore as before it.
    keptSessionId: endsCredentials ? (change.keepSessionId ?? null) : (before?.keptSessionId ?? null),
    disabled: change.disabled ?? before?.disabled ?? false,
    removed: change.removed ?? before?.removed ?? false,
    passwordDigest: change.passwordHash !== undefined ? await passwordDigest(change.passwordHash) : (before?.passwordDigest ?? null),
  };
  await env.ERASURES.put(key, "", { metadata, expirationTtl: LEDGER_TTL_SECONDS });
}

/**
 * The same password re-hashed in a newer format (at sign-in): a record that holds the digest of the
 * operator's current hash follows it, or re-applying it would take the new hash for a restored old
 * one and replace it. Nothing else of the record changes: no credential ends.
 */
export async function recordPasswordRehashed(env: Env, change: { operatorId: string; passwordHash: string }): Promise<void> {
  const key = `${PREFIX}operator:${change.operatorId}`;
  const { metadata } = await env.ERASURES.getWithMetadata<RevocationMetadata>(key);
  if (metadata?.kind !== "operator" || metadata.passwordDigest === null) return;
  const updated: RevocationMetadata = { ...metadata, passwordDigest: await passwordDigest(change.passwordHash) };
  await env.ERASURES.put(key, "", { metadata: updated, expirationTtl: LEDGER_TTL_SECONDS });
}

/**
 * Re-applies recorded revocations, about `budget` records a run from a cursor. Returns how many
 * rows a restore had brought back and this run changed again.
 */
export async function reapplyRevocations(env: Env, db: Db, budget = REVOCATIONS_PER_RUN): Promise<number> {
  let cursor = (await env.ERASURES.get(CURSOR_KEY)) ?? undefined;
  let seen = 0;
  let changed = 0;
  while (seen < budget) {
    const page = await env.ERASURES.list<RevocationMetadata>({
      prefix: PREFIX,
      limit: Math.min(1000, budget - seen),
      ...(cursor ? { cursor } : {}),
    });
    seen += page.keys.length;
    const records = page.keys.flatMap((k) => (k.metadata ? [k.metadata] : []));
    const sessionIds = page.keys.filter((k) => k.metadata?.kind === "session").map((k) => k.name.slice(`${PREFIX}session:`.length));
    changed += await deleteSessions(db, sessionIds);
    changed += await deletePasskeys(
      db,
      page.keys.filter((k) => k.metadata?.kind === "passkey").map((k) => k.name.slice(`${PREFIX}passkey:`.length)),
    );
    // Tokens by when each was revoked: one statement per distinct moment is rare enough to not matter.
    for (const key of page.keys) {
      if (key.metadata?.kind === "token") changed += await revokeTokens(db, [key.name.slice(`${PREFIX}token:`.length)], key.metadata.at);
    }
    for (const record of records) if (record.kind === "operator") changed += await reapplyOperatorRevocation(db, record);
    cursor = page.list_complete ? undefined : page.cursor;
    if (!cursor) break;
  }
  if (cursor) await env.ERASURES.put(CURSOR_KEY, cursor);
  else await env.ERASURES.delete(CURSOR_KEY);
  return changed;
}
