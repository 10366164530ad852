import type { Author, ErrorCode, InboxFrame, ServerFrame } from "../types";

// Frames are checked field by field and rebuilt, never cast: the app bundles no zod, and a
// malformed frame must not reach the UI.

type Fields = Record<string, unknown>;

function parseObject(data: string): Fields | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Fields) : null;
}

const isString = (value: unknown): value is string => typeof value === "string";
const isBoolean = (value: unknown): value is boolean => typeof value === "boolean";
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isRole = (value: unknown): value is "visitor" | "operator" => value === "visitor" || value === "operator";

function parseAuthor(value: unknown): Author | null {
  if (typeof value !== "object" || value === null) return null;
  const { kind, name, avatarUrl } = value as Fields;
  if ((kind !== "visitor" && kind !== "operator" && kind !== "system") || !isString(name)) return null;
  return isString(avatarUrl) ? { kind, name, avatarUrl } : { kind, name };
}

/** A frame of the conversation socket, or null when it is not one we understand. */
export function parseServerFrame(data: string): ServerFrame | null {
  const frame = parseObject(data);
  if (!frame) return null;
  switch (frame.type) {
    case "hello": {
      const { conversationId, role, lastSeq, livePreview, status } = frame;
      if (!isString(conversationId) || !isRole(role) || !isCount(lastSeq)) return null;
      return {
        type: "hello",
        conversationId,
        role,
        lastSeq,
        livePreview: livePreview === true,
        status: status === "closed" ? "closed" : "open",
      };
    }
    case "message.created": {
      const { seq, clientId, body, createdAt } = frame;
      const author = parseAuthor(frame.author);
      if (!isCount(seq) || !isString(clientId) || !author || !isString(body) || typeof createdAt !== "number") {
        return null;
      }
      return { type: "message.created", seq, clientId, author, body, createdAt };
    }
    case "typing.preview":
      return isString(frame.text) ? { type: "typing.preview", text: frame.text } : null;
    case "typing":
      return isRole(frame.role) && isBoolean(frame.active)
        ? { type: "typing", role: frame.role, active: frame.active }
        : null;
    case "presence": {
      if (!isBoolean(frame.visitorOnline) || !Array.isArray(frame.operators)) return null;
      const operators = frame.operators.flatMap((entry: unknown) => {
        if (typeof entry !== "object" || entry === null) return [];
        const { id, name } = entry as Fields;
        return isString(id) && isString(name) ? [{ id, name }] : [];
      });
      return { type: "presence", visitorOnline: frame.visitorOnline, operators };
    }
    case "conversation.closed":
      return { type: "conversation.closed" };
    case "conversation.erased":
      return { type: "conversation.erased" };
    case "error":
      return isString(frame.code) && isString(frame.message)
        ? {
            type: "error",
            // The app ships with the server that sends these codes; one it does not know (a tab
            // older than a deploy) still shows, through errorText's fallback to the message.
            code: frame.code as ErrorCode,
            message: frame.message,
            ...(isString(frame.clientId) ? { clientId: frame.clientId } : {}),
            ...(typeof frame.retryAfterMs === "number" ? { retryAfterMs: frame.retryAfterMs } : {}),
          }
        : null;
    default:
      return null;
  }
}

/** A frame of the inbox socket, or null. */
export function parseInboxFrame(data: string): InboxFrame | null {
  const frame = parseObject(data);
  if (!frame || !isString(frame.conversationId)) return null;
  if (frame.type === "conversation.changed") return { type: "conversation.changed", conversationId: frame.conversationId };
  if (frame.type === "conversation.erased") return { type: "conversation.erased", conversationId: frame.conversationId };
  return null;
}
