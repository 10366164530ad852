import { z } from "zod";
import type { ErrorCode } from "./error-codes";

// The WebSocket wire protocol (docs/protocol.md describes it in full: keep the two in step). Shared
// by the worker (validation), the widget and the operator app (types only, so neither bundles zod).

/** Frames larger than this close the socket with 1009 before any parsing. */
export const MAX_FRAME_BYTES = 32 * 1024;
export const MAX_BODY_CHARS = 4000;

export const sendMessageSchema = z.strictObject({
  type: z.literal("message.send"),
  clientId: z.string().min(1).max(64),
  body: z.string().min(1).max(MAX_BODY_CHARS).refine((s) => s.trim().length > 0, "body is blank"),
});
export type SendMessage = z.infer<typeof sendMessageSchema>;

export const typingPreviewSchema = z.strictObject({
  type: z.literal("typing.preview"),
  text: z.string().max(MAX_BODY_CHARS),
});
export type TypingPreview = z.infer<typeof typingPreviewSchema>;

export const typingSchema = z.strictObject({
  type: z.literal("typing"),
  active: z.boolean(),
});
export type Typing = z.infer<typeof typingSchema>;

/** Ends the conversation for everyone (visitor leaving, or an operator closing it). */
export const closeConversationSchema = z.strictObject({
  type: z.literal("conversation.close"),
});
export type CloseConversation = z.infer<typeof closeConversationSchema>;

export const clientFrameSchema = z.discriminatedUnion("type", [
  sendMessageSchema,
  typingPreviewSchema,
  typingSchema,
  closeConversationSchema,
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

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
}

export interface PresenceFrame {
  type: "presence";
  visitorOnline: boolean;
  /** Operators get ids and every operator present; visitors only the names of those who can answer. */
  operators: { id?: string; name: string }[];
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
  | ConversationClosedFrame
  | ConversationErasedFrame
  | ErrorFrame;

/** Frames of the per-account inbox socket: ids only, clients fetch details over REST. */
export interface InboxChangedFrame {
  type: "conversation.changed";
  conversationId: string;
}

/** A conversation was erased: apps drop it from every list and from the screen, and fetch nothing of it. */
export interface InboxErasedFrame {
  type: "conversation.erased";
  conversationId: string;
}

/** Announcements of the inbox socket. It also sends an ErrorFrame (`session_expired`) right before CLOSE_SESSION_ENDED. */
export type InboxFrame = InboxChangedFrame | InboxErasedFrame;
