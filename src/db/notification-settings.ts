import { and, eq } from "drizzle-orm";
import type { NotificationSettings } from "../shared/api";
import type { Db } from "./client";
import { operators } from "./schema";

/** The operator's own notification settings as stored (both off for an operator who never chose). */
export async function findNotificationSettings(db: Db, accountId: string, operatorId: string): Promise<NotificationSettings | null> {
  const row = await db
    .select({ desktop: operators.notifyDesktop, withContent: operators.notifyWithContent })
    .from(operators)
    .where(and(eq(operators.accountId, accountId), eq(operators.id, operatorId)))
    .get();
  return row ?? null;
}

/** Stores the operator's notification settings. */
export async function saveNotificationSettings(
  db: Db,
  accountId: string,
  operatorId: string,
  settings: NotificationSettings,
): Promise<void> {
  await db
    .update(operators)
    .set({ notifyDesktop: settings.desktop, notifyWithContent: settings.withContent })
    .where(and(eq(operators.accountId, accountId), eq(operators.id, operatorId)));
}
