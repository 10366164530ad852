import { Zip, ZipDeflate, ZipPassThrough } from "fflate";

// A ZIP streamed as its entries are read: an export with its files, a data-subject export, a
// visitor's transcript with the files of the chat. Memory holds a chunk, never a whole entry.

export interface ZipEntry {
  /** The path inside the archive. */
  path: string;
  /** Text compresses; files (images, PDFs, office documents) mostly do not, so they are stored. */
  compress: boolean;
  chunks: AsyncIterable<Uint8Array>;
}

/**
 * A streaming ZIP and what it has written since the last drain: add entries to `zip`, push into
 * them, and yield `drain()` after each push (an XLSX is a ZIP too: src/privacy/export-xlsx.ts).
 */
export function zipStream(): { zip: Zip; drain: () => Generator<Uint8Array> } {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else out.push(chunk);
  });
  const drain = function* () {
    if (failure) throw failure;
    while (out.length > 0) yield out.shift()!;
  };
  return { zip, drain };
}

/** The archive of `entries`, in order, as chunks of bytes. */
export async function* zipEntries(entries: AsyncIterable<ZipEntry>): AsyncGenerator<Uint8Array> {
  const { zip, drain } = zipStream();
  for await (const entry of entries) {
    const file = entry.compress ? new ZipDeflate(entry.path, { level: 6 }) : new ZipPassThrough(entry.path);
    zip.add(file);
    for await (const chunk of entry.chunks) {
      file.push(chunk);
      yield* drain();
    }
    file.push(new Uint8Array(0), true);
    yield* drain();
  }
  zip.end();
  yield* drain();
}

/** A stream's chunks as an async iterable (workerd's ReadableStream is one too; this keeps the types plain). */
export async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Chunks as a byte stream that pulls the next only when the client has taken the last. */
export function byteStream(chunks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
