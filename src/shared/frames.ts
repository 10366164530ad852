// The WebSocket wire protocol without zod: frame types, limits, close codes and a strict parser of
// the server's frames. The worker, the widget and the operator app all import it (the worker's zod
// schemas of client frames live beside it in protocol.ts). docs/protocol.md describes it in full:
// keep the two in step.

import type { AttachmentInfo } from "./attachments";
import type { ErrorCode } from "./error-codes";

/** Frames larger than this close the socket with 1009 before any parsing. */
export const MAX_FRAME_BYTES = 32 * 1024;
/** The longest message body (and live preview) in characters. */
export const MAX_BODY_CHARS = 4000;

/**
 * The conversation was erased (or never existed for this caller): the socket got a
 * `conversation.erased` frame first. Like every code in 4000–4999, it ends a client's retries.
 */
export const CLOSE_CONVERSATION_ERASED = 4410;

/**
 * The same visitor or operator opened more sockets on the conversation than allowed; this, the
 * oldest, was closed (after an `error` frame with code `too_many_connections`).
 */
export const CLOSE_TOO_MANY_SOCKETS = 4429;

/**
 * The operator's session is over: signed out (here or on the sessions screen), idle for 30 minutes,
 * past its 12 hours, or ended by a password change, a second-factor reset, a role change, disabling
 * or removal. An `error` frame with code `session_expired` came first. The app shows its login.
 */
export const CLOSE_SESSION_ENDED = 4401;

/** 4000–4999 are this protocol's terminal codes: reconnecting cannot help. */
export const isTerminalCloseCode = (code: number): boolean => code >= 4000 && code <= 4999;

// Client frames. Their zod schemas (protocol.ts) are checked against these types.

export interface SendMessage {
  type: "message.send";
  /** Chosen by the client, unique per message (1–64 characters): resending it never duplicates. */
  clientId: string;
  /** May be empty when the message carries a file. */
  body: string;
  /** A file the sender uploaded to this conversation (POST …/attachments) and has not sent yet. */
  attachmentId?: string;
}

export interface TypingPreview {
  type: "typing.preview";
  text: string;
}

export interface Typing {
  type: "typing";
  active: boolean;
}

/** Ends the conversation for everyone (visitor leaving, or an operator closing it). */
export interface CloseConversation {
  type: "conversation.close";
}

/** Operators only: everything up to `seq` is on this operator's screen (the visitor is told "Seen"). */
export interface ReadUpTo {
  type: "read";
  seq: number;
}

export type ClientFrame = SendMessage | TypingPreview | Typing | CloseConversation | ReadUpTo;

// Server frames.

export type Role = "visitor" | "operator";

export interface Author {
  kind: "visitor" | "operator" | "system";
  name: string;
  avatarUrl?: string;
}

export interface HelloFrame {
  type: "hello";
  conversationId: string;
  role: Role;
  lastSeq: number;
  livePreview: boolean;
  status: "open" | "closed";
}

export interface MessageCreatedFrame {
  type: "message.created";
  seq: number;
  clientId: string;
  author: Author;
  body: string;
  /** The file the message carries: fetched from the conversation's attachments route by id. */
  attachment?: AttachmentInfo;
  createdAt: number;
}

export interface TypingPreviewFrame {
  type: "typing.preview";
  text: string;
}

export interface TypingFrame {
  type: "typing";
  role: Role;
  active: boolean;
  /** An operator's name as visitors see it (the alias), when the widget shows names. */
  name?: string;
}

/** One operator present: a name; an id for operators' sockets only; for visitors, a photo where the widget shows one. */
export interface PresentOperator {
  id?: string;
  name: string;
  /** A path on Confide's own origin (the widget's avatar route), never a third-party address. */
  avatarUrl?: string;
}

export interface PresenceFrame {
  type: "presence";
  visitorOnline: boolean;
  /** Operators get ids and every operator present; visitors only the names (and photos) of those who can answer. */
  operators: PresentOperator[];
}

/** To the visitor: an operator who can answer has read the conversation up to `seq`. Never goes down. */
export interface SeenFrame {
  type: "seen";
  seq: number;
}

export interface ConversationClosedFrame {
  type: "conversation.closed";
}

/**
 * The conversation was erased: everything of it is gone. The socket closes with
 * CLOSE_CONVERSATION_ERASED right after; clients drop what they show of it and stop retrying.
 */
export interface ConversationErasedFrame {
  type: "conversation.erased";
}

export interface ErrorFrame {
  type: "error";
  code: ErrorCode;
  message: string;
  /** rate_limited: when the client may send again. */
  retryAfterMs?: number;
  /** The message.send the error refers to, where there is one: the client keeps it and retries. */
  clientId?: string;
}

export type ServerFrame =
  | HelloFrame
  | MessageCreatedFrame
  | TypingPreviewFrame
  | TypingFrame
  | PresenceFrame
  | SeenFrame
  | ConversationClosedFrame
  | ConversationErasedFrame
  | ErrorFrame;

/**
 * Frames of the per-account inbox socket: ids and the non-personal facts of a conversation's
 * activity, never a name or a word of a message; clients fetch the rest over REST.
 */
export interface InboxChangedFrame {
  type: "conversation.changed";
  conversationId: string;
  /** What D1 now holds of its messages, when the room's flush is what changed (counts, times, status). */
  activity?: ConversationActivity;
}

/**
 * How many conversations one list by ids (GET /conversations?ids=…) may name, as apps fetch those
 * the inbox announced: a page, and well within D1's 100 bound parameters.
 */
export const IDS_PER_LIST = 50;

/**
 * A conversation's activity as D1 holds it after a flush: the same values its summary's fields of
 * these names have. Nothing personal, so the inbox may relay it; an app that already lists the
 * conversation updates its row from this and fetches over REST only what a frame cannot carry (the
 * last message's words).
 */
export interface ConversationActivity {
  status: "open" | "closed";
  messageCount: number;
  lastMessageAt: number | null;
  /** Since when the visitor has waited for an answer (their oldest message after the last reply); null when not waiting. */
  waitingSince: number | null;
}

/** A conversation was erased: apps drop it from every list and from the screen, and fetch nothing of it. */
export interface InboxErasedFrame {
  type: "conversation.erased";
  conversationId: string;
}

/** An operator's availability: "offline" by hand or with no app open, "away" by hand or when idle. */
export type OperatorStatus = "online" | "away" | "offline";

/**
 * The account's operators who are not offline, sent on connecting and whenever one changes.
 * Operators see each other's status; no visitor ever gets this frame.
 */
export interface InboxOperatorsFrame {
  type: "operators.status";
  operators: { operatorId: string; status: Exclude<OperatorStatus, "offline"> }[];
}

/** Announcements of the inbox socket. It also sends an ErrorFrame (`session_expired`) right before CLOSE_SESSION_ENDED. */
export type InboxFrame = InboxChangedFrame | InboxErasedFrame | InboxOperatorsFrame;

/** The one frame an app sends on its inbox socket: whether its tab is in use (input, visible) or idle. */
export interface InboxActivityFrame {
  type: "activity";
  active: boolean;
}

// The parser. Frames are checked field by field and rebuilt, never cast, so a malformed frame (or
// one with fields we do not know) cannot reach a client's state; clients bundle no zod.

type Fields = Record<string, unknown>;

function parseObject(data: unknown): Fields | null {
  if (typeof data !== "string") return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  return isObject(value) ? value : null;
}

const isObject = (value: unknown): value is Fields => typeof value === "object" && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === "string";
const isBoolean = (value: unknown): value is boolean => typeof value === "boolean";
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isRole = (value: unknown): value is Role => value === "visitor" || value === "operator";

function parseAuthor(value: unknown): Author | null {
  if (!isObject(value)) return null;
  const { kind, name, avatarUrl } = value;
  if ((kind !== "visitor" && kind !== "operator" && kind !== "system") || !isString(name)) return null;
  if (avatarUrl !== undefined && !isString(avatarUrl)) return null;
  return isString(avatarUrl) ? { kind, name, avatarUrl } : { kind, name };
}

/** One entry of `presence.operators`: a name, an id for operators' sockets only, a photo for visitors'. */
function parsePresent(value: unknown): PresentOperator | null {
  if (!isObject(value) || !isString(value.name)) return null;
  const { id, avatarUrl } = value;
  if ((id !== undefined && !isString(id)) || (avatarUrl !== undefined && !isString(avatarUrl))) return null;
  return { name: value.name, ...(isString(id) ? { id } : {}), ...(isString(avatarUrl) ? { avatarUrl } : {}) };
}

function parseAttachment(value: unknown): AttachmentInfo | null {
  if (!isObject(value)) return null;
  const { id, name, type, size } = value;
  return isString(id) && isString(name) && isString(type) && isCount(size) ? { id, name, type, size } : null;
}

/**
 * A frame of the conversation socket, or null when it is not one we understand: not text, not
 * JSON, an unknown `type`, or a required field missing or of the wrong type. Unknown extra fields
 * are dropped.
 */
export function parseServerFrame(data: unknown): ServerFrame | null {
  const frame = parseObject(data);
  if (!frame) return null;
  switch (frame.type) {
    case "hello": {
      const { conversationId, role, lastSeq, livePreview, status } = frame;
      if (!isString(conversationId) || !isRole(role) || !isCount(lastSeq) || !isBoolean(livePreview)) return null;
      if (status !== "open" && status !== "closed") return null;
      return { type: "hello", conversationId, role, lastSeq, livePreview, status };
    }
    case "message.created": {
      const { seq, clientId, body, createdAt } = frame;
      const author = parseAuthor(frame.author);
      if (!isCount(seq) || !isString(clientId) || !author || !isString(body) || !Number.isFinite(createdAt)) return null;
      if (frame.attachment === undefined) return { type: "message.created", seq, clientId, author, body, createdAt: createdAt as number };
      const attachment = parseAttachment(frame.attachment);
      return attachment ? { type: "message.created", seq, clientId, author, body, attachment, createdAt: createdAt as number } : null;
    }
    case "typing.preview":
      return isString(frame.text) ? { type: "typing.preview", text: frame.text } : null;
    case "typing": {
      const { role, active, name } = frame;
      if (!isRole(role) || !isBoolean(active) || (name !== undefined && !isString(name))) return null;
      return isString(name) ? { type: "typing", role, active, name } : { type: "typing", role, active };
    }
    case "presence": {
      if (!isBoolean(frame.visitorOnline) || !Array.isArray(frame.operators)) return null;
      const operators = frame.operators.map(parsePresent);
      if (operators.some((operator) => operator === null)) return null;
      return { type: "presence", visitorOnline: frame.visitorOnline, operators: operators as PresentOperator[] };
    }
    case "seen":
      return isCount(frame.seq) ? { type: "seen", seq: frame.seq } : null;
    case "conversation.closed":
      return { type: "conversation.closed" };
    case "conversation.erased":
      return { type: "conversation.erased" };
    case "error": {
      const { code, message, clientId, retryAfterMs } = frame;
      // Without a code a client cannot tell what to do (wait, stop, show), so the frame is not one.
      if (!isString(code) || code === "" || !isString(message)) return null;
      if (clientId !== undefined && !isString(clientId)) return null;
      if (retryAfterMs !== undefined && !(typeof retryAfterMs === "number" && Number.isFinite(retryAfterMs))) return null;
      return {
        type: "error",
        // Not checked against ERROR_CODES: that list would weigh on the widget's budget, and a
        // client older than a deploy must still show (through its text fallback) a code it lacks.
        code: code as ErrorCode,
        message,
        ...(clientId !== undefined ? { clientId } : {}),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    }
    default:
      return null;
  }
}

const isInstantOrNull = (value: unknown): value is number | null => value === null || isCount(value);

function parseActivity(value: unknown): ConversationActivity | null {
  if (!isObject(value)) return null;
  const { status, messageCount, lastMessageAt, waitingSince } = value;
  if ((status !== "open" && status !== "closed") || !isCount(messageCount)) return null;
  if (!isInstantOrNull(lastMessageAt) || !isInstantOrNull(waitingSince)) return null;
  return { status, messageCount, lastMessageAt, waitingSince };
}

/** A frame of the inbox socket, or null when it is not one we understand. */
export function parseInboxFrame(data: unknown): InboxFrame | null {
  const frame = parseObject(data);
  if (frame?.type === "operators.status" && Array.isArray(frame.operators)) {
    const operators: InboxOperatorsFrame["operators"] = [];
    for (const entry of frame.operators as unknown[]) {
      const fields = entry !== null && typeof entry === "object" ? (entry as Fields) : null;
      if (!fields || !isString(fields.operatorId) || (fields.status !== "online" && fields.status !== "away")) return null;
      operators.push({ operatorId: fields.operatorId, status: fields.status });
    }
    return { type: "operators.status", operators };
  }
  if (!frame || !isString(frame.conversationId)) return null;
  if (frame.type === "conversation.changed") {
    if (frame.activity === undefined) return { type: "conversation.changed", conversationId: frame.conversationId };
    const activity = parseActivity(frame.activity);
    return activity ? { type: "conversation.changed", conversationId: frame.conversationId, activity } : null;
  }
  if (frame.type === "conversation.erased") return { type: "conversation.erased", conversationId: frame.conversationId };
  return null;
}
