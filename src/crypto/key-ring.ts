import { z } from "zod";
import type { CipherField, ConversationField, EmailField, OperatorSecretField } from "../shared/cipher-fields";
import { fromBase64, randomBytes } from "./encoding";
import { envelopeKeyId, type MessagePlace, open, openText, seal, sealText } from "./envelope";
import { FileCipher } from "./file-cipher";

// Envelope encryption: each conversation has its own AES-256 data key, stored only wrapped by a
// key-encryption key of the ring. New data keys are wrapped with the ring's active key. After a
// rotation the sweep re-wraps older data keys with the new active key (src/privacy/key-rotation.ts);
// once none is left on the old key, it can leave the ring. Deleting a conversation's wrapped key
// makes everything encrypted under it unreadable.

export class KeyRingError extends Error {
  override name = "KeyRingError";
}

const keyRingSchema = z.object({
  active: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  /** Optional: the day the active key became active (YYYY-MM-DD), which the record of processing reports as the key's age. */
  activeSince: z.iso.date().optional(),
  keys: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,32}$/), z.string()),
});

export interface KeyRing {
  activeId: string;
  /** The day the active key became active, when KEY_RING says; null when it does not. */
  activeSince: string | null;
  keys: Map<string, CryptoKey>;
}

const DATA_KEY_ID = "dk1";
const importAesKey = (raw: Uint8Array<ArrayBuffer>, usages: ("encrypt" | "decrypt")[]): Promise<CryptoKey> =>
  crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, usages);

const ringCache = new Map<string, Promise<KeyRing>>();

/** Parses the KEY_RING secret (cached per isolate); throws KeyRingError when it is unusable. */
export function loadKeyRing(secret: string | undefined): Promise<KeyRing> {
  if (!secret) return Promise.reject(new KeyRingError("KEY_RING is not configured"));
  let ring = ringCache.get(secret);
  if (!ring) {
    ring = parseKeyRing(secret);
    ringCache.set(secret, ring);
    ring.catch(() => ringCache.delete(secret));
  }
  return ring;
}

async function parseKeyRing(secret: string): Promise<KeyRing> {
  let parsed: z.infer<typeof keyRingSchema>;
  try {
    parsed = keyRingSchema.parse(JSON.parse(secret));
  } catch {
    throw new KeyRingError("KEY_RING is not valid JSON of the form {active, keys}");
  }
  const keys = new Map<string, CryptoKey>();
  for (const [id, material] of Object.entries(parsed.keys)) {
    const raw = fromBase64(material);
    if (raw.length !== 32) throw new KeyRingError(`key ${id} is not 32 bytes`);
    keys.set(id, await importAesKey(raw, ["encrypt", "decrypt"]));
  }
  if (!keys.has(parsed.active)) throw new KeyRingError("the active key is not in the ring");
  return { activeId: parsed.active, activeSince: parsed.activeSince ?? null, keys };
}

const MESSAGE_BODY: CipherField = "message.body";

/** Seals and opens the personal fields of one conversation with its data key. */
export class ConversationCipher {
  constructor(
    private readonly key: CryptoKey,
    readonly accountId: string,
    readonly conversationId: string,
  ) {}

  encrypt(field: ConversationField, text: string): Promise<string> {
    return sealText(this.key, DATA_KEY_ID, text, { accountId: this.accountId, conversationId: this.conversationId, field });
  }

  decrypt(field: ConversationField, envelope: string): Promise<string> {
    return openText(this.key, envelope, { accountId: this.accountId, conversationId: this.conversationId, field });
  }

  /** A message body, bound to its seq and author: moved to another row or author, it no longer opens. */
  encryptMessage(place: MessagePlace, body: string): Promise<string> {
    return sealText(this.key, DATA_KEY_ID, body, {
      accountId: this.accountId,
      conversationId: this.conversationId,
      field: MESSAGE_BODY,
      message: messagePlace(place),
    });
  }

  /** An attachment's filename, bound to the attachment's id. */
  encryptAttachmentName(attachmentId: string, name: string): Promise<string> {
    return sealText(this.key, DATA_KEY_ID, name, this.attachmentBinding(attachmentId));
  }

  decryptAttachmentName(attachmentId: string, envelope: string): Promise<string> {
    return openText(this.key, envelope, this.attachmentBinding(attachmentId));
  }

  /** The cipher of one attachment's bytes (src/crypto/file-cipher.ts), with this conversation's data key. */
  fileCipher(attachmentId: string): FileCipher {
    return new FileCipher(this.key, { accountId: this.accountId, conversationId: this.conversationId, attachmentId });
  }

  private attachmentBinding(attachmentId: string) {
    return { accountId: this.accountId, conversationId: this.conversationId, field: "attachment.name" as const, attachmentId };
  }

  /** Opens a stored message's body; throws DecryptionError unless it was sealed for exactly this seq and author. */
  decryptMessage(message: MessagePlace & { bodyEnc: string }): Promise<string> {
    return openText(this.key, message.bodyEnc, {
      accountId: this.accountId,
      conversationId: this.conversationId,
      field: MESSAGE_BODY,
      message: messagePlace(message),
    });
  }
}

/** Only the binding's own fields: callers pass whole message rows. */
const messagePlace = (m: MessagePlace): MessagePlace => ({
  seq: m.seq,
  authorKind: m.authorKind,
  authorOperatorId: m.authorOperatorId ?? null,
});

/** Creates a fresh data key for a conversation and returns it with its wrapped form for storage. */
export async function createDataKey(
  ring: KeyRing,
  accountId: string,
  conversationId: string,
): Promise<{ cipher: ConversationCipher; wrappedKey: string }> {
  const raw = randomBytes(32);
  const kek = ring.keys.get(ring.activeId);
  if (!kek) throw new KeyRingError("the active key is not in the ring");
  const wrappedKey = await seal(kek, ring.activeId, raw, { accountId, conversationId, field: "data_key" });
  const key = await importAesKey(raw, ["encrypt", "decrypt"]);
  raw.fill(0);
  return { cipher: new ConversationCipher(key, accountId, conversationId), wrappedKey };
}

async function unwrap(ring: KeyRing, wrappedKey: string, accountId: string, conversationId: string): Promise<Uint8Array<ArrayBuffer>> {
  const kek = ring.keys.get(envelopeKeyId(wrappedKey));
  if (!kek) throw new KeyRingError("the key that wrapped this data key is no longer in the ring");
  return open(kek, wrappedKey, { accountId, conversationId, field: "data_key" });
}

/** Unwraps a stored data key with whichever ring key sealed it. */
export async function openDataKey(
  ring: KeyRing,
  wrappedKey: string,
  accountId: string,
  conversationId: string,
): Promise<ConversationCipher> {
  const raw = await unwrap(ring, wrappedKey, accountId, conversationId);
  const key = await importAesKey(raw, ["encrypt", "decrypt"]);
  raw.fill(0);
  return new ConversationCipher(key, accountId, conversationId);
}

/** The id of the ring key that wrapped this data key. */
export const wrappingKeyId = (wrappedKey: string): string => envelopeKeyId(wrappedKey);

/** The same data key wrapped with the ring's active key (rotation); the data it protects is untouched. */
export async function rewrapDataKey(ring: KeyRing, wrappedKey: string, accountId: string, conversationId: string): Promise<string> {
  const kek = ring.keys.get(ring.activeId);
  if (!kek) throw new KeyRingError("the active key is not in the ring");
  const raw = await unwrap(ring, wrappedKey, accountId, conversationId);
  try {
    return await seal(kek, ring.activeId, raw, { accountId, conversationId, field: "data_key" });
  } finally {
    raw.fill(0);
  }
}

// Bound to "operator:<id>" where conversation data names its conversation: a conversation id is
// 64 hex characters, so no operator secret can pass for conversation data or the reverse.
const operatorBinding = (accountId: string, operatorId: string, field: OperatorSecretField) => ({
  accountId,
  conversationId: `operator:${operatorId}`,
  field,
});

/**
 * Seals a small secret of an operator directly with the ring's active key, bound to its account,
 * operator and purpose: copied to another operator or account, it no longer opens.
 */
export async function sealOperatorSecret(
  ring: KeyRing,
  accountId: string,
  operatorId: string,
  field: OperatorSecretField,
  text: string,
): Promise<string> {
  const kek = ring.keys.get(ring.activeId);
  if (!kek) throw new KeyRingError("the active key is not in the ring");
  return sealText(kek, ring.activeId, text, operatorBinding(accountId, operatorId, field));
}

/** Opens a sealed operator secret with whichever ring key sealed it. */
export async function openOperatorSecret(
  ring: KeyRing,
  envelope: string,
  accountId: string,
  operatorId: string,
  field: OperatorSecretField,
): Promise<string> {
  const kek = ring.keys.get(envelopeKeyId(envelope));
  if (!kek) throw new KeyRingError("the key that sealed this secret is no longer in the ring");
  return openText(kek, envelope, operatorBinding(accountId, operatorId, field));
}

// Bound to "outbox:<id>": an account-level email (an operator alert) belongs to no conversation, so
// it is sealed with the ring's active key, bound to its own outbox row; a conversation id is 64 hex
// characters, so neither can pass for the other.
const outboxBinding = (accountId: string, outboxId: string, field: EmailField) => ({
  accountId,
  conversationId: `outbox:${outboxId}`,
  field,
});

/** Seals a field of an account-level outbox email with the ring's active key. */
export async function sealOutboxField(
  ring: KeyRing,
  accountId: string,
  outboxId: string,
  field: EmailField,
  text: string,
): Promise<string> {
  const kek = ring.keys.get(ring.activeId);
  if (!kek) throw new KeyRingError("the active key is not in the ring");
  return sealText(kek, ring.activeId, text, outboxBinding(accountId, outboxId, field));
}

/** Opens a field of an account-level outbox email with whichever ring key sealed it. */
export async function openOutboxField(
  ring: KeyRing,
  envelope: string,
  accountId: string,
  outboxId: string,
  field: EmailField,
): Promise<string> {
  const kek = ring.keys.get(envelopeKeyId(envelope));
  if (!kek) throw new KeyRingError("the key that sealed this email is no longer in the ring");
  return openText(kek, envelope, outboxBinding(accountId, outboxId, field));
}

// Bound to "widget:<id>": a widget's secret belongs to no conversation, so it is sealed with the
// ring's active key, bound to its widget; a conversation id is 64 hex characters, so neither can
// pass for the other.
const widgetBinding = (accountId: string, widgetId: string) => ({
  accountId,
  conversationId: `widget:${widgetId}`,
  field: "widget.identity_secret" as const,
});

/** Seals a widget's identity-verification secret with the ring's active key. */
export async function sealWidgetSecret(ring: KeyRing, accountId: string, widgetId: string, text: string): Promise<string> {
  const kek = ring.keys.get(ring.activeId);
  if (!kek) throw new KeyRingError("the active key is not in the ring");
  return sealText(kek, ring.activeId, text, widgetBinding(accountId, widgetId));
}

/** Opens a widget's identity-verification secret with whichever ring key sealed it. */
export async function openWidgetSecret(ring: KeyRing, envelope: string, accountId: string, widgetId: string): Promise<string> {
  const kek = ring.keys.get(envelopeKeyId(envelope));
  if (!kek) throw new KeyRingError("the key that sealed this secret is no longer in the ring");
  return openText(kek, envelope, widgetBinding(accountId, widgetId));
}
