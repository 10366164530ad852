import type { Db } from "../db/client";
import type { ConversationRow } from "../db/conversations";
import type { MessageCreatedFrame } from "../shared/frames";
import { archivedFrames } from "./archive";
import { visitorDisplayName } from "./message-frame";
import { conversationRooms } from "./namespaces";
import { requireConversationVault } from "./vault";

/** The whole conversation as plain text, for the visitor to keep: from the room while it lives, else from D1. */
export async function transcriptText(env: Env, db: Db, row: ConversationRow): Promise<string> {
  let frames: MessageCreatedFrame[] = [];
  if (row.status === "open") {
    const rooms = conversationRooms(env);
    frames = await rooms.get(rooms.idFromString(row.id)).transcript();
  }
  if (frames.length === 0) {
    const cipher = await requireConversationVault(env, db, row.accountId, row.id);
    const visitorName = await visitorDisplayName(cipher, row.visitorNameEnc);
    for await (const frame of archivedFrames(db, cipher, row, visitorName, 0)) frames.push(frame);
  }
  const lines = frames.map(
    (f) => `[${new Date(f.createdAt).toISOString().replace("T", " ").slice(0, 19)} UTC] ${f.author.name}: ${f.body}`,
  );
  return `${lines.join("\r\n")}\r\n`;
}
