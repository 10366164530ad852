import type { CipherField } from "../shared/cipher-fields";
import { fromBase64, fromUtf8, randomBytes, toBase64Url, utf8 } from "./encoding";

// AES-256-GCM envelopes: "e1.<key id>.<iv>.<ciphertext>" (base64url parts). The key id names the
// key that sealed the value (a key-ring key for wrapped data keys, the conversation's data key
// for fields), so keys can rotate. The associated data binds every value to its account,
// conversation and field, and a message body also to its seq and author: a ciphertext copied
// anywhere else (another conversation, another row of the transcript, another author) fails to open.

const VERSION = "e1";

export class DecryptionError extends Error {
  constructor(message = "ciphertext cannot be opened here") {
    super(message);
    this.name = "DecryptionError";
  }
}

/** Where a message sits in its transcript and who wrote it (operators by id; visitor and system have none). */
export interface MessagePlace {
  seq: number;
  authorKind: "visitor" | "operator" | "system";
  authorOperatorId: string | null;
}

/** What a ciphertext is bound to; all of it must match to decrypt. */
export interface Binding {
  accountId: string;
  conversationId: string;
  field: CipherField;
  /** Message bodies only. */
  message?: MessagePlace;
  /** Attachment names only: the attachment's id. */
  attachmentId?: string;
}

const associatedData = (b: Binding): Uint8Array<ArrayBuffer> =>
  utf8(
    JSON.stringify(
      b.message
        ? [VERSION, b.accountId, b.conversationId, b.field, b.message.seq, b.message.authorKind, b.message.authorOperatorId]
        : b.attachmentId
          ? [VERSION, b.accountId, b.conversationId, b.field, b.attachmentId]
          : [VERSION, b.accountId, b.conversationId, b.field],
    ),
  );

export async function seal(key: CryptoKey, keyId: string, plaintext: Uint8Array<ArrayBuffer>, binding: Binding): Promise<string> {
  const iv = randomBytes(12);
  const ciphertext = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: associatedData(binding) }, key, plaintext);
  return [VERSION, keyId, toBase64Url(iv), toBase64Url(ciphertext)].join(".");
}

/** How every envelope sealed with `keyId` begins: lets a query tell which key sealed a stored value. */
export const envelopePrefix = (keyId: string): string => `${VERSION}.${keyId}.`;

export function envelopeKeyId(envelope: string): string {
  const parts = envelope.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION || !parts[1]) throw new DecryptionError("malformed envelope");
  return parts[1];
}

export async function open(key: CryptoKey, envelope: string, binding: Binding): Promise<Uint8Array<ArrayBuffer>> {
  const [version, , ivText, ciphertextText] = envelope.split(".");
  if (version !== VERSION || !ivText || !ciphertextText) throw new DecryptionError("malformed envelope");
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64(ivText), additionalData: associatedData(binding) },
      key,
      fromBase64(ciphertextText),
    );
    return new Uint8Array(plaintext);
  } catch {
    throw new DecryptionError();
  }
}

export const sealText = (key: CryptoKey, keyId: string, text: string, binding: Binding): Promise<string> =>
  seal(key, keyId, utf8(text), binding);

export const openText = async (key: CryptoKey, envelope: string, binding: Binding): Promise<string> =>
  fromUtf8(await open(key, envelope, binding));
