import { ConversationConnection, type PendingMessage } from "../../../src/shared/conversation-connection";
import { CLOSE_CONVERSATION_ERASED, CLOSE_SESSION_ENDED } from "../../../src/shared/frames";
import { browserEnvironment, type SocketState } from "../../../src/shared/reconnecting-socket";
import { sessionExpired } from "../api";
import type { MessageCreatedFrame, ServerFrame } from "../types";
import { insertBySeq } from "./message-order";
import { socketUrl } from "./socket-url";
import { Store } from "./store";

export type { PendingMessage };

export interface ConversationSnapshot {
  connection: SocketState;
  /** `hello` arrived on the current connection, so frames may be sent. */
  ready: boolean;
  /** Ordered by seq, one entry per seq. */
  messages: readonly MessageCreatedFrame[];
  pending: readonly PendingMessage[];
  /** The visitor's unsent draft (live preview); empty when there is none. */
  preview: string;
  visitorTyping: boolean;
  visitorOnline: boolean | null;
  ended: boolean;
  /** The conversation was erased: nothing of it is kept on screen, and nothing is retried. */
  erased: boolean;
  /** `conversation.close` was sent and its `conversation.closed` is awaited. */
  ending: boolean;
  error: { code: string; message: string } | null;
}

/**
 * One conversation as an operator sees it, over the conversation socket (docs/protocol.md). Reconnects
 * ask for `?after=<highest seq seen>`, so nothing is lost or shown twice; messages still pending
 * are sent again with their clientId, which the server answers with the original message.
 */
export class ConversationStore extends Store<ConversationSnapshot> {
  readonly conversationId: string;
  readonly #connection: ConversationConnection;
  #typing = false;

  constructor(conversationId: string, ended: boolean) {
    super({
      connection: "stopped",
      ready: false,
      messages: [],
      pending: [],
      preview: "",
      visitorTyping: false,
      visitorOnline: null,
      ended,
      erased: false,
      ending: false,
      error: null,
    });
    this.conversationId = conversationId;
    this.#connection = new ConversationConnection({
      url: (after) => socketUrl(`/api/v1/conversations/${encodeURIComponent(conversationId)}/socket?after=${after}`),
      environment: browserEnvironment(window, document),
      // An ended conversation has nothing more to say; its history is already on screen.
      shouldReconnect: () => !this.snapshot.ended,
    });
    this.#connection.on("state", (connection) => this.update({ connection, ready: false }));
    this.#connection.on("pending", (pending) => this.update({ pending }));
    this.#connection.on("frame", (frame) => this.#onFrame(frame));
    this.#connection.on("close", ({ code }) => {
      if (code === CLOSE_CONVERSATION_ERASED) this.#forget();
      // The session is over (signed out elsewhere, idle, ended from the sessions screen): sign in again.
      if (code === CLOSE_SESSION_ENDED) sessionExpired();
    });
  }

  start(): void {
    this.#connection.start();
  }

  stop(): void {
    this.setTyping(false);
    this.#connection.stop();
  }

  /** Queues `body` and sends it now if connected, otherwise after the next `hello`. */
  send(body: string): void {
    if (this.snapshot.ended) return;
    this.setTyping(false);
    // Replaying, or waiting out a send limit: the connection's resend takes it along, after the older ones.
    this.#connection.send(body);
    this.update({ error: null });
  }

  /** Tells the visitor whether the operator is typing; repeated values are not sent again. */
  setTyping(active: boolean): void {
    if (active === this.#typing || !this.snapshot.ready || this.snapshot.ended) return;
    if (this.#connection.sendFrame({ type: "typing", active })) this.#typing = active;
  }

  /** Ends the conversation for everyone; the UI follows when `conversation.closed` arrives. */
  end(): void {
    const { ready, ended, ending } = this.snapshot;
    if (!ready || ended || ending) return;
    if (this.#connection.sendFrame({ type: "conversation.close" })) this.update({ ending: true, error: null });
  }

  /** Erased: drop every message, draft and pending reply from memory, and stop for good. */
  #forget(): void {
    if (this.snapshot.erased) return;
    this.#typing = false;
    this.#connection.stop();
    this.update({
      erased: true,
      ended: true,
      ending: false,
      ready: false,
      messages: [],
      pending: [],
      preview: "",
      visitorTyping: false,
      visitorOnline: null,
      error: null,
    });
  }

  #onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case "hello": {
        this.#typing = false;
        const ended = this.snapshot.ended || frame.status === "closed";
        this.update({ ready: true, ended, ending: false, error: null });
        return;
      }
      case "message.created": {
        // The connection took the acknowledged message off `pending` already.
        const fromVisitor = frame.author.kind === "visitor";
        this.update({
          messages: insertBySeq(this.snapshot.messages, frame),
          // The draft became this message.
          ...(fromVisitor ? { preview: "", visitorTyping: false } : {}),
        });
        return;
      }
      case "typing.preview":
        this.update({ preview: frame.text });
        return;
      case "typing":
        if (frame.role === "visitor") this.update({ visitorTyping: frame.active });
        return;
      case "presence":
        this.update({ visitorOnline: frame.visitorOnline });
        return;
      case "conversation.closed":
        this.#typing = false;
        this.update({ ended: true, ending: false, preview: "", visitorTyping: false });
        return;
      case "conversation.erased":
        this.#forget();
        return;
      case "error":
        // Sent too fast: the connection sends everything pending again, in order, after the wait.
        if (frame.code === "rate_limited") return;
        this.update({
          error: { code: frame.code, message: frame.message },
          ending: false,
          ...(frame.code === "conversation_closed" ? { ended: true } : {}),
        });
        return;
    }
  }
}
