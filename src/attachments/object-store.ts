// Writing a stream of unknown length to R2 with bounded memory. R2 takes a stream only when its
// length is known up front, and stripping metadata changes a file's length, so the sealed bytes are
// gathered into parts of PART_BYTES: a file that fits one part is one put, a larger one a multipart
// upload (R2 wants every part but the last of one size, at least 5 MiB). At most one part is held.

/** The size of every part of a multipart upload but the last (R2's minimum). */
export const PART_BYTES = 5 * 1024 * 1024;

/** The most bytes writeObject holds at once: one part. Exported for the memory test and benchmark. */
export const MAX_BUFFERED_BYTES = PART_BYTES;

/** Random object keys: the bucket's listing tells nothing about accounts, conversations or files. */
export const newObjectKey = (): string => {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `f/${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
};

/**
 * Streams `source` into the object `key`, returning how many bytes were written. If the source
 * fails (too large, a refused type) nothing stays in the bucket: a started multipart upload is
 * aborted, and the caller's error goes on.
 */
export async function writeObject(bucket: R2Bucket, key: string, source: ReadableStream<Uint8Array>): Promise<number> {
  let part = new Uint8Array(PART_BYTES);
  let filled = 0;
  let written = 0;
  let upload: R2MultipartUpload | null = null;
  const parts: R2UploadedPart[] = [];
  const sendPart = async (bytes: Uint8Array) => {
    upload ??= await bucket.createMultipartUpload(key);
    parts.push(await upload.uploadPart(parts.length + 1, bytes));
  };
  const reader = source.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let offset = 0;
      while (offset < value.length) {
        const take = Math.min(PART_BYTES - filled, value.length - offset);
        part.set(value.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        written += take;
        if (filled === PART_BYTES) {
          await sendPart(part);
          part = new Uint8Array(PART_BYTES);
          filled = 0;
        }
      }
    }
    const last = part.subarray(0, filled);
    if (upload === null) {
      await bucket.put(key, last);
    } else {
      if (filled > 0) await sendPart(last);
      await (upload as R2MultipartUpload).complete(parts);
    }
    return written;
  } catch (error) {
    reader.releaseLock();
    await source.cancel().catch(() => undefined);
    if (upload !== null) await (upload as R2MultipartUpload).abort().catch(() => undefined);
    throw error;
  }
}

/** Deletes objects, up to R2's 1,000 keys a call. */
export async function deleteObjects(bucket: R2Bucket, keys: readonly string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) await bucket.delete(keys.slice(i, i + 1000));
}
