import { auditInsert } from "../db/audit";
import type { Principal } from "../db/auth";
import type { Db } from "../db/client";

/** Records what an operator (or an API token acting for one) did: who, what, when, how many. Never content. */
export async function auditAction(
  db: Db,
  p: Principal,
  entry: { action: string; targetType?: string; targetId?: string; count?: number; now: number },
): Promise<void> {
  await auditInsert(db, { accountId: p.account.id, actorKind: p.kind, actorId: p.operator.id, ...entry });
}
