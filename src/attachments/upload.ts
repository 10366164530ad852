import type { ConversationCipher } from "../crypto/key-ring";
import { insertAttachment } from "../db/attachments";
import { type Db, newId } from "../db/client";
import { HttpError } from "../errors";
import { type AttachmentInfo, type AttachmentSettings, BYTES_PER_MEGABYTE, sanitiseFilename } from "../shared/attachments";
import { allowedKind, DETECTION_HEAD_BYTES, detectFileKind, readHead } from "./file-kind";
import { deleteObjects, newObjectKey, writeObject } from "./object-store";
import { metadataStripper } from "./strip-metadata";

// An upload, from the request body to a sealed object in R2, as one stream: the first bytes decide
// the type (never the name or the browser's claim), then the bytes are counted against the cap,
// stripped of metadata, sealed chunk by chunk and written part by part. Nothing of the file is
// held whole, and a refused file leaves nothing behind.

export interface Upload {
  accountId: string;
  conversationId: string;
  /** "visitor" or "operator:<id>": only the uploader may send it in a message. */
  uploaderKey: string;
  /** The name the browser gave (sanitised here). */
  name: string;
  /** The browser's Content-Type: compared with what the bytes are, never trusted. */
  claimedType: string;
  body: ReadableStream<Uint8Array> | null;
  /** Content-Length, when the client sent one: an over-large file is refused before reading it. */
  declaredBytes: number | null;
  settings: AttachmentSettings;
}

/** The file of an upload request: the raw body, its name from `?name=`, the browser's type and length. */
export function uploadedFile(request: Request, name: string | undefined): Pick<Upload, "name" | "claimedType" | "body" | "declaredBytes"> {
  if (!name || name.length > 1000)
    throw new HttpError(400, "invalid_request", "name: the file's name is required (?name=), at most 1000 characters.");
  const length = request.headers.get("Content-Length");
  return {
    name,
    claimedType: request.headers.get("Content-Type") ?? "",
    body: request.body,
    declaredBytes: length !== null && /^\d+$/.test(length) ? Number(length) : null,
  };
}

const attachmentsDisabled = () => new HttpError(403, "attachments_disabled", "This chat does not accept files.");

const tooLarge = (maxMegabytes: number) =>
  new HttpError(413, "attachment_too_large", `Files may be at most ${maxMegabytes} MB in this chat.`);

/** Seals, stores and records one file; the caller has checked who may upload to this open conversation. */
export async function storeAttachment(
  env: Pick<Env, "ATTACHMENTS">,
  db: Db,
  cipher: ConversationCipher,
  upload: Upload,
): Promise<AttachmentInfo> {
  const { settings } = upload;
  if (!settings.enabled) throw attachmentsDisabled();
  const maxBytes = settings.maxMegabytes * BYTES_PER_MEGABYTE;
  if (upload.declaredBytes !== null && upload.declaredBytes > maxBytes) throw tooLarge(settings.maxMegabytes);
  if (!upload.body) throw new HttpError(400, "attachment_empty", "The file is empty.");
  const name = sanitiseFilename(upload.name);
  const { head, stream } = await readHead(upload.body, DETECTION_HEAD_BYTES);
  if (head.length === 0) throw new HttpError(400, "attachment_empty", "The file is empty.");
  const kind = allowedKind(await detectFileKind(head, { name, claimedType: upload.claimedType }), settings.types);
  if (!kind.ok) {
    await stream.cancel();
    throw new HttpError(kind.code === "attachment_type_mismatch" ? 422 : 415, kind.code, kind.message);
  }
  const id = newId();
  const objectKey = newObjectKey();
  let size = 0;
  const counted = new TransformStream<Uint8Array, Uint8Array>({
    transform(bytes, controller) {
      size += bytes.length;
      controller.enqueue(bytes);
    },
  });
  await writeObject(
    env.ATTACHMENTS,
    objectKey,
    stream
      .pipeThrough(byteLimit(maxBytes, () => tooLarge(settings.maxMegabytes)))
      .pipeThrough(metadataStripper(kind.mime))
      .pipeThrough(counted)
      .pipeThrough(cipher.fileCipher(id).encryptStream()),
  );
  try {
    await insertAttachment(db, {
      id,
      accountId: upload.accountId,
      conversationId: upload.conversationId,
      objectKey,
      nameEnc: await cipher.encryptAttachmentName(id, name),
      type: kind.mime,
      size,
      uploaderKey: upload.uploaderKey,
      messageClientId: null,
      createdAt: Date.now(),
    });
  } catch (error) {
    // The conversation was erased meanwhile (its row is gone): its file must not outlive it.
    await deleteObjects(env.ATTACHMENTS, [objectKey]);
    throw error;
  }
  return { id, name, type: kind.mime, size };
}

/** Errors the stream (with `error()`) once more than `maxBytes` have passed. */
function byteLimit(maxBytes: number, error: () => Error): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream({
    transform(bytes, controller) {
      seen += bytes.length;
      if (seen > maxBytes) throw error();
      controller.enqueue(bytes);
    },
  });
}
