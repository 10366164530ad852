import type { SocketClosing } from "../conversation/hibernating-sockets";
import { closeSockets } from "../conversation/session-sockets";
import { audit } from "../db/audit";
import type { Db } from "../db/client";
import { expiredSessions, operatorSessionIds, takeSessions } from "../db/sessions";
import { recordSessionRevoked } from "../privacy/revocations";

/** Why sessions end; the audit entry names it (`session.ended.<reason>`). */
export type SessionEndReason =
  | "signed_out"
  | "ended_by_operator"
  | "password_changed"
  | "second_factor_reset"
  | "role_changed"
  | "disabled"
  | "removed"
  /** 30 minutes without a person's action. */
  | "idle_expired"
  /** 12 hours after sign-in. */
  | "expired";

/** Ends that time brought: a restored copy of such a session is just as expired, so the ledger need not hold it. */
const BY_TIME: ReadonlySet<SessionEndReason> = new Set(["idle_expired", "expired"]);

/**
 * Ends sessions of one operator everywhere they live: the D1 rows go, each id goes to the
 * revocation ledger (a D1 restore must not sign it back in), and every socket opened with one of
 * them is closed, in the inbox and in every conversation it joined (an `error` frame with
 * `session_expired`, then CLOSE_SESSION_ENDED). `keepSessionId` spares the caller's own session (a
 * password change made in this tab); `sessionIds` ends only those (signing out, the sessions
 * screen, expiry). Without either, the operator's API-token sockets close too (1008), to reconnect
 * only if the token still stands. Returns how many sessions ended; only what this call actually
 * deleted is audited, so two paths ending the same session audit it once. Every path that ends
 * sessions comes through here, so no path can forget the sockets, the ledger or the audit.
 */
export async function endOperatorSessions(
  env: Env,
  db: Db,
  args: {
    accountId: string;
    operatorId: string;
    keepSessionId?: string;
    sessionIds?: string[];
    reason: SessionEndReason;
    actorId: string | null;
    now: number;
  },
): Promise<number> {
  const candidates = await operatorSessionIds(db, {
    accountId: args.accountId,
    operatorId: args.operatorId,
    ...(args.sessionIds ? { only: args.sessionIds } : {}),
    ...(args.keepSessionId ? { except: args.keepSessionId } : {}),
  });
  const ended = await takeSessions(db, candidates);
  if (!BY_TIME.has(args.reason)) await Promise.all(ended.map((id) => recordSessionRevoked(env, args.accountId, id, args.now)));
  const whole = !args.keepSessionId && !args.sessionIds;
  const closing: SocketClosing = {
    operatorId: args.operatorId,
    // Named sessions close even when another path deleted their rows first: their sockets may still be open.
    ended: [...new Set([...ended, ...(args.sessionIds ?? [])].filter((id) => id !== args.keepSessionId))],
    others: whole ? "all" : [],
  };
  if (closing.ended.length > 0 || whole) await closeSockets(env, args.accountId, closing);
  if (ended.length > 0) {
    await audit(db, {
      accountId: args.accountId,
      actorKind: args.actorId ? "operator" : "system",
      actorId: args.actorId,
      action: `session.ended.${args.reason}`,
      targetType: "operator",
      targetId: args.operatorId,
      count: ended.length,
      now: args.now,
    });
  }
  return ended.length;
}

/** Sessions the sweep ends per run at most; the next run goes on. */
export const EXPIRED_SESSIONS_PER_RUN = 500;

/**
 * Ends sessions past their idle or absolute end that nobody came back to (the hourly sweep), each
 * through endOperatorSessions, so their end is audited with its reason. Returns how many ended.
 */
export async function endExpiredSessions(env: Env, db: Db, now: number, limit = EXPIRED_SESSIONS_PER_RUN): Promise<number> {
  const groups = new Map<string, { accountId: string; operatorId: string; reason: "idle_expired" | "expired"; ids: string[] }>();
  for (const session of await expiredSessions(db, now, limit)) {
    const key = `${session.accountId}/${session.operatorId}/${session.reason}`;
    const group = groups.get(key) ?? { accountId: session.accountId, operatorId: session.operatorId, reason: session.reason, ids: [] };
    group.ids.push(session.id);
    groups.set(key, group);
  }
  let ended = 0;
  for (const group of groups.values()) {
    ended += await endOperatorSessions(env, db, {
      accountId: group.accountId,
      operatorId: group.operatorId,
      sessionIds: group.ids,
      reason: group.reason,
      actorId: null,
      now,
    });
  }
  return ended;
}
