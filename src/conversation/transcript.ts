import { utf8 } from "../crypto/encoding";
import { findAttachment } from "../db/attachments";
import type { Db } from "../db/client";
import type { ConversationRow } from "../db/conversations";
import { streamChunks, type ZipEntry, zipEntries } from "../privacy/export-zip";
import type { MessageCreatedFrame } from "../shared/frames";
import { archivedFrames } from "./archive";
import { visitorDisplayName } from "./message-frame";
import { conversationRooms } from "./namespaces";
import { requireConversationVault } from "./vault";

/** Every message of the conversation: from the room while it lives, else from D1. */
async function transcriptFrames(env: Env, db: Db, row: ConversationRow): Promise<MessageCreatedFrame[]> {
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
        `[${new Date(f.createdAt).toISOString().replace("T", " ").slice(0, 19)} UTC] ${f.author.name}: ${f.body}${f.attachment ? `${f.body ? " " : ""}📎 ${f.attachment.name}` : ""}`,
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
      const stored = await findAttachment(db, row.accountId, row.id, file.id);
      const object = stored ? await env.ATTACHMENTS.get(stored.objectKey) : null;
      if (!object) continue;
      yield {
        path: `files/${frame.seq}-${file.name}`,
        compress: false,
        chunks: streamChunks(object.body.pipeThrough(cipher.fileCipher(file.id).decryptStream())),
      };
    }
  };
  const chunks = zipEntries(entries());
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  return { body, headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${name}.zip"` } };
}
