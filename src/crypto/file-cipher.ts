import { randomBytes, utf8 } from "./encoding";

// A file sealed in chunks, so neither sealing nor opening ever holds more than one chunk of it:
//
//   header: "CFA1" | 8-byte random nonce prefix
//   chunks: AES-256-GCM of up to FILE_CHUNK_BYTES each (+ 16-byte tag), every one but the last full
//
// Chunk i uses the IV (prefix | i as 4 bytes big-endian), so IVs never repeat within a file and the
// random prefix keeps files apart under the same data key. Each chunk's associated data binds the
// account, the conversation, the attachment's id, the chunk's index and whether it is the last: a
// chunk moved, reordered, dropped from the end or copied into another file fails to open.

export const FILE_CHUNK_BYTES = 64 * 1024;
const TAG_BYTES = 16;
const MAGIC = utf8("CFA1");
const PREFIX_BYTES = 8;
export const FILE_HEADER_BYTES = MAGIC.length + PREFIX_BYTES;
const SEALED_CHUNK_BYTES = FILE_CHUNK_BYTES + TAG_BYTES;
const VERSION = "f1";

/** What every chunk of one file is bound to. */
export interface FileBinding {
  accountId: string;
  conversationId: string;
  attachmentId: string;
}

export class FileDecryptionError extends Error {
  override name = "FileDecryptionError";
}

/** How many bytes a file of `plaintextBytes` takes sealed: the header, and a tag per chunk. */
export const sealedFileBytes = (plaintextBytes: number): number =>
  FILE_HEADER_BYTES + plaintextBytes + TAG_BYTES * Math.max(1, Math.ceil(plaintextBytes / FILE_CHUNK_BYTES));

/**
 * Collects a stream's bytes into chunks of exactly `size` (the last may be shorter) in one buffer,
 * holding back the newest full chunk until more bytes show it is not the last.
 */
class ChunkBuffer {
  private buffer: Uint8Array<ArrayBuffer>;
  private filled = 0;

  constructor(private readonly size: number) {
    this.buffer = new Uint8Array(size);
  }

  /** Adds bytes; calls `emit` with each full chunk known not to be the last. */
  async push(bytes: Uint8Array, emit: (chunk: Uint8Array<ArrayBuffer>) => Promise<void>): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      if (this.filled === this.size) {
        // More bytes follow a full chunk: that chunk was not the last.
        const full = this.buffer;
        this.buffer = new Uint8Array(this.size);
        this.filled = 0;
        await emit(full);
      }
      const take = Math.min(this.size - this.filled, bytes.length - offset);
      this.buffer.set(bytes.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
    }
  }

  /** What is left: the last chunk (possibly empty). */
  rest(): Uint8Array<ArrayBuffer> {
    return this.buffer.slice(0, this.filled);
  }
}

/** Seals and opens the bytes of one attachment with its conversation's data key. */
export class FileCipher {
  constructor(
    private readonly key: CryptoKey,
    private readonly binding: FileBinding,
  ) {}

  private iv(prefix: Uint8Array, index: number): Uint8Array<ArrayBuffer> {
    const iv = new Uint8Array(12);
    iv.set(prefix, 0);
    new DataView(iv.buffer).setUint32(PREFIX_BYTES, index);
    return iv;
  }

  private associatedData(index: number, last: boolean): Uint8Array<ArrayBuffer> {
    const b = this.binding;
    return utf8(JSON.stringify([VERSION, b.accountId, b.conversationId, "attachment.content", b.attachmentId, index, last]));
  }

  /** Plaintext in, the sealed file (header, then chunks) out. */
  encryptStream(): TransformStream<Uint8Array, Uint8Array> {
    const prefix = randomBytes(PREFIX_BYTES);
    const chunks = new ChunkBuffer(FILE_CHUNK_BYTES);
    let index = 0;
    const seal = async (plaintext: Uint8Array<ArrayBuffer>, last: boolean): Promise<Uint8Array> => {
      if (index > 0xffff_ffff) throw new RangeError("file too large to seal");
      const sealed = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv: this.iv(prefix, index), additionalData: this.associatedData(index, last) },
        this.key,
        plaintext,
      );
      index++;
      return new Uint8Array(sealed);
    };
    return new TransformStream({
      start(controller) {
        const header = new Uint8Array(FILE_HEADER_BYTES);
        header.set(MAGIC, 0);
        header.set(prefix, MAGIC.length);
        controller.enqueue(header);
      },
      async transform(bytes, controller) {
        await chunks.push(bytes, async (full) => controller.enqueue(await seal(full, false)));
      },
      async flush(controller) {
        controller.enqueue(await seal(chunks.rest(), true));
      },
    });
  }

  /** The sealed file in, its plaintext out; errors (FileDecryptionError) on any tampering or truncation. */
  decryptStream(): TransformStream<Uint8Array, Uint8Array> {
    const header = new Uint8Array(FILE_HEADER_BYTES);
    let headerFilled = 0;
    const chunks = new ChunkBuffer(SEALED_CHUNK_BYTES);
    let index = 0;
    const open = async (sealed: Uint8Array<ArrayBuffer>, last: boolean): Promise<Uint8Array> => {
      if (sealed.length < TAG_BYTES) throw new FileDecryptionError("sealed file truncated");
      try {
        const plaintext = await crypto.subtle.decrypt(
          { name: "AES-GCM", iv: this.iv(header.subarray(MAGIC.length), index), additionalData: this.associatedData(index, last) },
          this.key,
          sealed,
        );
        index++;
        return new Uint8Array(plaintext);
      } catch {
        throw new FileDecryptionError("sealed file cannot be opened here");
      }
    };
    return new TransformStream({
      async transform(bytes, controller) {
        let rest = bytes;
        if (headerFilled < FILE_HEADER_BYTES) {
          const take = Math.min(FILE_HEADER_BYTES - headerFilled, rest.length);
          header.set(rest.subarray(0, take), headerFilled);
          headerFilled += take;
          rest = rest.subarray(take);
          if (headerFilled === FILE_HEADER_BYTES && MAGIC.some((byte, i) => header[i] !== byte)) {
            throw new FileDecryptionError("not a sealed file");
          }
        }
        await chunks.push(rest, async (full) => controller.enqueue(await open(full, false)));
      },
      async flush(controller) {
        if (headerFilled < FILE_HEADER_BYTES) throw new FileDecryptionError("sealed file truncated");
        controller.enqueue(await open(chunks.rest(), true));
      },
    });
  }
}
