import type { ConversationCipher } from "../crypto/key-ring";
import type { AttachmentInfo } from "../shared/attachments";

// A message's file as the room's storage and D1's messages hold it (JSON in the `attachment`
// column): the name sealed (bound to the attachment's id), type and size in the clear. The same
// name is sealed on the attachments row; a message keeps its own copy so a transcript reads in
// one query.

export interface SealedAttachment {
  id: string;
  nameEnc: string;
  type: string;
  size: number;
}

export const sealedAttachmentColumn = (a: SealedAttachment | null): string | null => (a ? JSON.stringify(a) : null);

export function parseSealedAttachment(column: string | null): SealedAttachment | null {
  if (!column) return null;
  const { id, nameEnc, type, size } = JSON.parse(column) as SealedAttachment;
  return { id, nameEnc, type, size };
}

/** The attachment of a message as frames carry it, its name opened. */
export async function openAttachment(cipher: ConversationCipher, column: string | null): Promise<AttachmentInfo | null> {
  const sealed = parseSealedAttachment(column);
  if (!sealed) return null;
  return { id: sealed.id, name: await cipher.decryptAttachmentName(sealed.id, sealed.nameEnc), type: sealed.type, size: sealed.size };
}
