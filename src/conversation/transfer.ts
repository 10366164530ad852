import type { Principal } from "../db/auth";
import type { Db } from "../db/client";
import { type ConversationRow, moveToDepartment } from "../db/conversations";
import { findDepartment } from "../db/team";
import { HttpError } from "../errors";
import { auditAction } from "../privacy/audit";
import { accountInboxes, conversationRooms } from "./namespaces";

/**
 * Hands an open conversation to another department of the account: it waits there, unassigned,
 * for that department's operators (the room announces it to their inboxes from now on). The
 * department that had it is told too, so its lists drop it. Audited under the new department.
 */
export async function transferConversation(
  env: Env,
  db: Db,
  p: Principal,
  chat: ConversationRow,
  departmentId: string,
  now: number,
): Promise<ConversationRow> {
  if (chat.status !== "open") throw new HttpError(409, "conversation_closed", "This conversation has ended.");
  if (departmentId === chat.departmentId)
    throw new HttpError(400, "invalid_request", "departmentId: the conversation is in this department already");
  if (!(await findDepartment(db, p.account.id, departmentId)))
    throw new HttpError(400, "invalid_request", "departmentId: no such department");
  const moved = await moveToDepartment(db, p.account.id, chat.id, departmentId);
  if (!moved) throw new HttpError(409, "conversation_closed", "This conversation has ended.");
  const rooms = conversationRooms(env);
  await rooms.get(rooms.idFromString(chat.id)).moveToDepartment(departmentId);
  const inbox = accountInboxes(env).get(accountInboxes(env).idFromName(p.account.id));
  await Promise.all([inbox.notify(chat.departmentId, chat.id), inbox.notify(departmentId, chat.id)]);
  await auditAction(db, p, { action: "conversation.transferred", targetType: "conversation", targetId: chat.id, departmentId, now });
  return moved;
}
