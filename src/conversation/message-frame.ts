import { openAttachment } from "../attachments/sealed-attachment";
import type { ConversationCipher } from "../crypto/key-ring";
import type { AttachmentInfo } from "../shared/attachments";
import type { Author, MessageCreatedFrame } from "../shared/frames";

/**
 * A stored message as both the room's storage and D1 hold it: body sealed (bound to seq, author
 * kind and operator id), author in the clear.
 */
export interface SealedMessage {
  seq: number;
  clientId: string;
  authorKind: "visitor" | "operator" | "system";
  authorOperatorId: string | null;
  authorName: string | null;
  authorAvatarUrl: string | null;
  bodyEnc: string;
  /** JSON SealedAttachment (src/attachments/sealed-attachment.ts) of the file it carries, or null. */
  attachment: string | null;
  createdAt: number;
}

function author(message: Pick<SealedMessage, "authorKind" | "authorName" | "authorAvatarUrl">, visitorName: string): Author {
  if (message.authorKind === "visitor") return { kind: "visitor", name: visitorName };
  if (message.authorKind === "system") return { kind: "system", name: "Confide" };
  const name = message.authorName ?? "Operator";
  return message.authorAvatarUrl ? { kind: "operator", name, avatarUrl: message.authorAvatarUrl } : { kind: "operator", name };
}

/** The `message.created` frame of a stored message: the one shape for live, replayed and archived messages. */
export async function messageFrame(cipher: ConversationCipher, message: SealedMessage, visitorName: string): Promise<MessageCreatedFrame> {
  return frameWithBody(message, await cipher.decryptMessage(message), await openAttachment(cipher, message.attachment), visitorName);
}

/** The same frame when the body is at hand (a message just sealed): no decryption of what was just encrypted. */
export function frameWithBody(
  message: Omit<SealedMessage, "bodyEnc" | "attachment">,
  body: string,
  attachment: AttachmentInfo | null,
  visitorName: string,
): MessageCreatedFrame {
  return {
    type: "message.created",
    seq: message.seq,
    clientId: message.clientId,
    author: author(message, visitorName),
    body,
    ...(attachment ? { attachment } : {}),
    createdAt: message.createdAt,
  };
}

/** The name visitors' messages carry: the one they gave, else "Visitor". */
export const visitorDisplayName = async (cipher: ConversationCipher, visitorNameEnc: string | null): Promise<string> =>
  visitorNameEnc ? cipher.decrypt("visitor.name", visitorNameEnc) : "Visitor";
