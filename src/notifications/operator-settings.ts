import type { Principal } from "../db/auth";
import type { Db } from "../db/client";
import { findNotificationSettings, saveNotificationSettings } from "../db/notification-settings";
import { HttpError } from "../errors";
import { rightMissing } from "../middleware/auth";
import { auditAction } from "../privacy/audit";
import type { NotificationSettings } from "../shared/api";
import { allows, mayReadContent } from "../shared/permissions";

// The operator's own desktop notifications. They come from the inbox socket, which needs chats
// read; the message's words only where the role may read the live chat. A role that loses the right
// gets no content, whatever was stored: the setting answers as it now applies.

/** The settings as they apply to this operator's role now. */
export async function notificationSettingsOf(db: Db, p: Principal): Promise<NotificationSettings> {
  const stored = await findNotificationSettings(db, p.account.id, p.operator.id);
  if (!stored) throw new HttpError(404, "not_found", "No such operator.");
  const hearsChats = allows(p.role.permissions.chats, "read");
  return {
    desktop: stored.desktop && hearsChats,
    withContent: stored.withContent && hearsChats && mayReadContent(p.role.permissions, "open"),
  };
}

/**
 * Saves the operator's choice, audited. Switching on what the role cannot have is refused and
 * changes nothing; switching off is always allowed.
 */
export async function changeNotificationSettings(
  db: Db,
  p: Principal,
  next: NotificationSettings,
  now: number,
): Promise<NotificationSettings> {
  if ((next.desktop || next.withContent) && !allows(p.role.permissions.chats, "read"))
    throw rightMissing(p, "chats", "read", "Notifications tell of live chats: your role needs read access to chats.");
  if (next.withContent && !mayReadContent(p.role.permissions, "open"))
    throw rightMissing(p, "chats", "read", "Your role may not read chats, so notifications cannot show their messages.");
  await saveNotificationSettings(db, p.account.id, p.operator.id, next);
  await auditAction(db, p, { action: "notifications.updated", targetType: "operator", targetId: p.operator.id, now });
  return notificationSettingsOf(db, p);
}
