import { conversationFile } from "../attachments/download";
import { utf8 } from "../crypto/encoding";
import type { Db } from "../db/client";
import type { ConversationRow } from "../db/conversations";
import { byteStream, streamChunks, type ZipEntry, zipEntries } from "../privacy/export-zip";
import { withFileNote } from "../shared/attachments";
import type { MessageCreatedFrame } from "../shared/frames";
import { archivedFrames } from "./archive";
import { visitorDisplayName } from "./message-frame";
import { conversationRooms } from "./namespaces";
import { requireConversationVault } from "./vault";

/** Every message of the conversation: from the room while it lives, else from D1. */
export async function transcriptFrames(env: Env, db: Db, row: ConversationRow): Promise<MessageCreatedFrame[]> {
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
  return frames;
}

const asText = (frames: MessageCreatedFrame[]): string =>
  `${frames
    .map(
      (f) =>
        `[${new Date(f.createdAt).toISOString().replace("T", " ").slice(0, 19)} UTC] ${f.author.name}: ${withFileNote(f.body, f.attachment?.name ?? null)}`,
    )
    .join("\r\n")}\r\n`;

/** The whole conversation as plain text, for the visitor to keep (files named by a 📎 line). */
export async function transcriptText(env: Env, db: Db, row: ConversationRow): Promise<string> {
  return asText(await transcriptFrames(env, db, row));
}

/**
 * The visitor's download: the text, or, when files were sent in the chat, a ZIP of the text and
 * the files (files/<seq>-<name>), each decrypted as it streams into the archive.
 */
export async function transcriptDownload(
  env: Env,
  db: Db,
  row: ConversationRow,
): Promise<{ body: string | ReadableStream<Uint8Array>; headers: Record<string, string> }> {
  const frames = await transcriptFrames(env, db, row);
  const name = `chat-${new Date(row.createdAt).toISOString().slice(0, 10)}`;
  const text = asText(frames);
  const withFiles = frames.filter((f) => f.attachment);
  if (withFiles.length === 0) {
    return {
      body: text,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Content-Disposition": `attachment; filename="${name}.txt"` },
    };
  }
  const cipher = await requireConversationVault(env, db, row.accountId, row.id);
  const entries = async function* (): AsyncGenerator<ZipEntry> {
    yield {
      path: `${name}.txt`,
      compress: true,
      chunks: (async function* () {
        yield utf8(text);
      })(),
    };
    for (const frame of withFiles) {
      const file = frame.attachment!;
      const plaintext = await conversationFile(env, db, cipher, file.id);
      if (plaintext) yield { path: `files/${frame.seq}-${file.name}`, compress: false, chunks: streamChunks(plaintext) };
    }
  };
  const body = byteStream(zipEntries(entries()));
  return { body, headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${name}.zip"` } };
}
