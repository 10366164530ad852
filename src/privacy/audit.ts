import { type AuditEntry, auditInsert, auditReadOnce } from "../db/audit";
import type { Principal } from "../db/auth";
import type { Db } from "../db/client";
import type { AuditAction } from "../shared/audit-actions";

/** An entry as an operator's action: the account and the actor come from the principal. */
type ActionEntry = Omit<AuditEntry, "accountId" | "actorKind" | "actorId">;

/**
 * The department an account-wide action (an export, a bulk deletion) is filed under: a role limited
 * to one department can only have acted there; anything wider is for all-department readers only.
 */
const callersDepartment = (p: Principal): string | null => (p.role.departmentIds?.length === 1 ? p.role.departmentIds[0]! : null);

/** Records what an operator (or an API token acting for one) did: who, what, when, how many. Never content. */
export async function auditAction(db: Db, p: Principal, entry: ActionEntry): Promise<void> {
  await auditInsert(db, {
    accountId: p.account.id,
    actorKind: p.kind,
    actorId: p.operator.id,
    departmentId: callersDepartment(p),
    ...entry,
  });
}

/** Records that an operator read a conversation (summary, transcript, visit, live chat): who, which, when. Never content. */
export async function auditRead(
  db: Db,
  p: Principal,
  action: AuditAction,
  conversation: { id: string; departmentId: string },
  now: number,
): Promise<void> {
  await auditReadOnce(db, {
    accountId: p.account.id,
    actorKind: p.kind,
    actorId: p.operator.id,
    action,
    targetType: "conversation",
    targetId: conversation.id,
    departmentId: conversation.departmentId,
    now,
  });
}
