import type { Principal } from "../db/auth";
import type { Db } from "../db/client";
import type { ConversationRow } from "../db/conversations";
import { usableSavedReplies } from "../db/saved-replies";
import type { widgets } from "../db/schema";
import { findWidget } from "../db/widgets";
import { widgetTexts } from "../locales/widget-texts";
import { pickReplyText } from "../shared/saved-replies";
import type { UsableSavedReplies } from "../shared/saved-replies-api";

/**
 * The name a widget's visitors see for an operator: the alias, else the name; null when the widget
 * shows no names (its visitors see "Operator" in their language). No widget at hand shows names.
 */
export const nameShownToVisitors = (
  widget: Pick<typeof widgets.$inferSelect, "operatorNames"> | undefined,
  operator: Pick<Principal["operator"], "aliasName" | "displayName">,
): string | null => (widget?.operatorNames === "none" ? null : (operator.aliasName ?? operator.displayName));

/**
 * The saved replies the caller may insert into this conversation (account-wide and its
 * department's), each in the visitor's language, and what {operator_name} becomes for its visitor.
 * The visitor's name is not decrypted here: the app fills {visitor_name} with the name it shows.
 */
export async function savedRepliesFor(db: Db, p: Principal, conversation: ConversationRow): Promise<UsableSavedReplies> {
  const [rows, widget] = await Promise.all([
    usableSavedReplies(db, p.account.id, conversation.departmentId),
    findWidget(db, p.account.id, conversation.widgetId),
  ]);
  return {
    items: rows.map((row) => ({
      id: row.id,
      title: row.title,
      shortcut: row.shortcut,
      ...pickReplyText(JSON.parse(row.texts) as Record<string, string>, conversation.language),
    })),
    operatorName: nameShownToVisitors(widget, p.operator) ?? widgetTexts(conversation.language).texts.operator,
  };
}
