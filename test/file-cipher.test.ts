import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_BUFFERED_BYTES, PART_BYTES, writeObject } from "../src/attachments/object-store";
import { FILE_CHUNK_BYTES, FILE_HEADER_BYTES, FileDecryptionError, sealedFileBytes } from "../src/crypto/file-cipher";
import { createDataKey, loadKeyRing } from "../src/crypto/key-ring";

// The sealed form of attachments (src/crypto/file-cipher.ts) and the bounded R2 writer
// (src/attachments/object-store.ts), on their own.

const cipherFor = async (conversationId = "conv") => (await createDataKey(await loadKeyRing(env.KEY_RING), "acct", conversationId)).cipher;

/** Deterministic bytes, split into pieces of the given sizes. */
function pieces(total: number, sizes: number[]): Uint8Array[] {
  const all = new Uint8Array(total).map((_, i) => (i * 31 + 7) % 251);
  const out: Uint8Array[] = [];
  for (let offset = 0, i = 0; offset < total; i++) {
    const size = Math.min(sizes[i % sizes.length]!, total - offset);
    out.push(all.slice(offset, offset + size));
    offset += size;
  }
  return out;
}

/** `bytes` cut into pieces of the given sizes, in turn. */
function split(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    out.push(bytes.slice(offset, offset + size));
    offset += size;
  }
  return out;
}

const streamOf = (chunks: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const concat = (chunks: Uint8Array[]) => {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
};

describe("sealed files", () => {
  it("round-trips files of every awkward length, however the bytes arrive", async () => {
    const file = (await cipherFor()).fileCipher("att-1");
    for (const total of [0, 1, FILE_CHUNK_BYTES - 1, FILE_CHUNK_BYTES, FILE_CHUNK_BYTES + 1, 3 * FILE_CHUNK_BYTES, 200_003]) {
      const plain = pieces(total, [1, 7000, 65_537, 3]);
      const sealed = await collect(streamOf(plain).pipeThrough(file.encryptStream()));
      expect(sealed.length).toBe(sealedFileBytes(total));
      // Opened from pieces of another shape than it was written in.
      const opened = await collect(streamOf(split(sealed, [13, 40_000])).pipeThrough(file.decryptStream()));
      expect(opened).toEqual(concat(plain));
    }
  });

  it("holds no plaintext: the header and then ciphertext only", async () => {
    const file = (await cipherFor()).fileCipher("att-1");
    const plain = new TextEncoder().encode("GPS 52.5200 N 13.4050 E ".repeat(5000));
    const sealed = await collect(streamOf([plain]).pipeThrough(file.encryptStream()));
    expect(new TextDecoder().decode(sealed.subarray(0, 4))).toBe("CFA1");
    expect(new TextDecoder("latin1").decode(sealed)).not.toContain("GPS 52.5200");
  });

  it("refuses a file cut short, reordered, tampered with or moved to another attachment or conversation", async () => {
    const cipher = await cipherFor("conv-a");
    const sealed = await collect(
      streamOf(pieces(3 * FILE_CHUNK_BYTES + 10, [50_000])).pipeThrough(cipher.fileCipher("att-1").encryptStream()),
    );
    const open = (bytes: Uint8Array, c = cipher, id = "att-1") => collect(streamOf([bytes]).pipeThrough(c.fileCipher(id).decryptStream()));
    const chunk = FILE_CHUNK_BYTES + 16;
    // Dropping the last chunk leaves a "last" chunk that was sealed as not the last.
    await expect(open(sealed.slice(0, FILE_HEADER_BYTES + 3 * chunk))).rejects.toBeInstanceOf(FileDecryptionError);
    const swapped = sealed.slice();
    swapped.set(sealed.subarray(FILE_HEADER_BYTES + chunk, FILE_HEADER_BYTES + 2 * chunk), FILE_HEADER_BYTES);
    swapped.set(sealed.subarray(FILE_HEADER_BYTES, FILE_HEADER_BYTES + chunk), FILE_HEADER_BYTES + chunk);
    await expect(open(swapped)).rejects.toBeInstanceOf(FileDecryptionError);
    const flipped = sealed.slice();
    flipped[FILE_HEADER_BYTES + 100]! ^= 1;
    await expect(open(flipped)).rejects.toBeInstanceOf(FileDecryptionError);
    await expect(open(sealed, cipher, "att-2")).rejects.toBeInstanceOf(FileDecryptionError);
    await expect(open(sealed, await cipherFor("conv-b"))).rejects.toBeInstanceOf(FileDecryptionError);
    await expect(open(sealed.slice(0, 5))).rejects.toBeInstanceOf(FileDecryptionError);
    expect((await open(sealed)).length).toBe(3 * FILE_CHUNK_BYTES + 10);
  });
});

describe("writing objects of unknown length", () => {
  it("puts a small object in one go and a large one in parts of one size, never holding more than a part", async () => {
    const small = pieces(1000, [300]);
    expect(await writeObject(env.ATTACHMENTS, "test/small", streamOf(small))).toBe(1000);
    expect(new Uint8Array(await (await env.ATTACHMENTS.get("test/small"))!.arrayBuffer())).toEqual(concat(small));

    const total = 2 * PART_BYTES + 12_345;
    const PIECE = 100_000;
    // A source that makes its bytes as they are read: the test itself holds none of them.
    let made = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (made >= total) return controller.close();
        const piece = new Uint8Array(Math.min(PIECE, total - made)).fill(made % 256);
        made += piece.length;
        controller.enqueue(piece);
      },
    });
    // The real bucket, watched: the size of each part, and how many bytes had been read from the
    // source but not yet handed to R2 when each part went (what the writer was holding).
    const partSizes: number[] = [];
    const heldAtPart: number[] = [];
    const watched = {
      put: (key: string, value: Uint8Array) => env.ATTACHMENTS.put(key, value),
      async createMultipartUpload(key: string) {
        const upload = await env.ATTACHMENTS.createMultipartUpload(key);
        return {
          uploadPart(part: number, bytes: Uint8Array) {
            heldAtPart.push(made - partSizes.reduce((sum, size) => sum + size, 0));
            partSizes.push(bytes.byteLength);
            return upload.uploadPart(part, bytes);
          },
          complete: (parts: R2UploadedPart[]) => upload.complete(parts),
          abort: () => upload.abort(),
        };
      },
    } as unknown as R2Bucket;
    expect(await writeObject(watched, "test/large", source)).toBe(total);
    const stored = await env.ATTACHMENTS.head("test/large");
    expect(stored?.size).toBe(total);
    expect(MAX_BUFFERED_BYTES).toBe(PART_BYTES);
    expect(partSizes).toEqual([PART_BYTES, PART_BYTES, 12_345]);
    // At most a part, plus the one piece of the source it was reading when the part filled.
    for (const held of heldAtPart) expect(held).toBeLessThanOrEqual(MAX_BUFFERED_BYTES + PIECE);
    await env.ATTACHMENTS.delete(["test/small", "test/large"]);
  });

  it("leaves nothing behind when the source fails half-way", async () => {
    let sent = 0;
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > PART_BYTES + 1) return controller.error(new Error("too large"));
        sent += 1_000_000;
        controller.enqueue(new Uint8Array(1_000_000));
      },
    });
    await expect(writeObject(env.ATTACHMENTS, "test/failed", failing)).rejects.toThrow("too large");
    expect(await env.ATTACHMENTS.head("test/failed")).toBeNull();
  });
});
