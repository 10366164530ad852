import { and, eq, ne } from "drizzle-orm";
import { revokeOperatorSockets } from "../conversation/service";
import { audit } from "../db/audit";
import { deleteSessions } from "../db/revocations";
import type { Db } from "../db/client";
import { sessions } from "../db/schema";
import { recordSessionRevoked } from "../privacy/revocations";

/** Why sessions end; the audit entry names it. */
export type SessionEndReason =
  | "signed_out"
  | "ended_by_operator"
  | "password_changed"
  | "second_factor_reset"
  | "role_changed"
  | "disabled"
  | "removed";

/**
 * Ends sessions of one operator everywhere they live: the D1 rows go, each id goes to the
 * revocation ledger (a D1 restore must not sign it back in), and every socket opened with one of
 * them is closed. `keepSessionId` spares the caller's own session (a password change made in this
 * tab). Returns how many sessions ended. Every path that ends sessions comes through here, so no
 * path can forget the sockets or the ledger.
 */
export async function endOperatorSessions(
  env: Env,
  db: Db,
  args: { accountId: string; operatorId: string; keepSessionId?: string; reason: SessionEndReason; actorId: string | null; now: number },
): Promise<number> {
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.accountId, args.accountId), eq(sessions.operatorId, args.operatorId), args.keepSessionId ? ne(sessions.id, args.keepSessionId) : undefined));
  const ids = rows.map((row) => row.id);
  await deleteSessions(db, ids);
  await Promise.all(ids.map((id) => recordSessionRevoked(env, args.accountId, id, args.now)));
  if (args.keepSessionId) {
    for (const id of ids) await revokeOperatorSockets(env, db, args.accountId, args.operatorId, id);
  } else {
    // Every credential of the operator: sockets opened with an API token close too, and reconnect
    // only if the token still stands.
    await revokeOperatorSockets(env, db, args.accountId, args.operatorId);
  }
  if (ids.length > 0) {
    await audit(db, {
      accountId: args.accountId,
      actorKind: args.actorId ? "operator" : "system",
      actorId: args.actorId,
      action: `session.ended.${args.reason}`,
      targetType: "operator",
      targetId: args.operatorId,
      count: ids.length,
      now: args.now,
    });
  }
  return ids.length;
}
