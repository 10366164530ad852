import type { Db } from "./client";
import { newId } from "./client";
import { auditLog } from "./schema";

export interface AuditEntry {
  accountId: string;
  actorKind: "operator" | "api_token" | "system";
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  count?: number;
  now: number;
}

/** The statement that appends one audit entry (for use in a batch with the change it records). */
export const auditInsert = (db: Db, e: AuditEntry) =>
  db.insert(auditLog).values({
    id: newId(),
    accountId: e.accountId,
    actorKind: e.actorKind,
    actorId: e.actorId,
    action: e.action,
    targetType: e.targetType ?? null,
    targetId: e.targetId ?? null,
    count: e.count ?? null,
    createdAt: e.now,
  });

export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await auditInsert(db, entry);
}
