import type { ConversationCipher } from "../crypto/key-ring";
import { type AttachmentRow, findAttachment } from "../db/attachments";
import type { Db } from "../db/client";
import { HttpError } from "../errors";
import { isInlineImage } from "./file-kind";

// A download streams the sealed object out of R2 through decryption, a chunk at a time. Every
// file is served so that a browser never runs it: a content type from the allow-list, nosniff, a
// CSP that allows nothing (and sandboxes a document opened directly), and `attachment` unless it
// is an image the app or the widget shows inline.

/** RFC 6266/8187: an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Whether the caller ("visitor" or "operator:<id>") may fetch the file: once a message carried it,
 * whoever may read its conversation; before that, only its uploader.
 */
export const mayFetch = (row: AttachmentRow, callerKey: string): boolean => row.messageClientId !== null || row.uploaderKey === callerKey;

/** A file's bytes, decrypted as they stream out of R2; null when its object is gone. */
export async function decryptedFile(
  env: Pick<Env, "ATTACHMENTS">,
  cipher: ConversationCipher,
  row: AttachmentRow,
): Promise<ReadableStream<Uint8Array> | null> {
  const object = await env.ATTACHMENTS.get(row.objectKey);
  return object ? object.body.pipeThrough(cipher.fileCipher(row.id).decryptStream()) : null;
}

/** A file of the conversation by id, decrypted as it streams (for ZIPs); null when it is gone. */
export async function conversationFile(
  env: Pick<Env, "ATTACHMENTS">,
  db: Db,
  cipher: ConversationCipher,
  attachmentId: string,
): Promise<ReadableStream<Uint8Array> | null> {
  const row = await findAttachment(db, cipher.accountId, cipher.conversationId, attachmentId);
  return row ? decryptedFile(env, cipher, row) : null;
}

/** The body and headers of one file's response: decrypted as it streams, with the headers above. */
export async function attachmentDownload(
  env: Pick<Env, "ATTACHMENTS">,
  cipher: ConversationCipher,
  row: AttachmentRow,
  options: { inline: boolean },
): Promise<{ body: ReadableStream<Uint8Array>; headers: Record<string, string> }> {
  const plaintext = await decryptedFile(env, cipher, row);
  if (!plaintext) throw new HttpError(404, "attachment_not_found", "This file is not available (any more).");
  const name = await cipher.decryptAttachmentName(row.id, row.nameEnc);
  const inline = options.inline && isInlineImage(row.type);
  // A fixed length lets the browser show progress; a decryption failure cuts the stream short,
  // so a tampered file never arrives whole.
  const body = new FixedLengthStream(row.size);
  plaintext
    .pipeTo(body.writable)
    .catch((error: unknown) => console.error("attachment download failed", error instanceof Error ? error.name : "unknown"));
  return {
    body: body.readable,
    headers: {
      "Content-Type": row.type === "text/plain" ? "text/plain; charset=utf-8" : row.type,
      "Content-Disposition": contentDisposition(inline ? "inline" : "attachment", name),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    },
  };
}
