import { ConversationConnection, type PendingMessage } from "../../../src/shared/conversation-connection";
import { CLOSE_CONVERSATION_ERASED, CLOSE_SESSION_ENDED } from "../../../src/shared/frames";
import { browserEnvironment, type SocketState } from "../../../src/shared/reconnecting-socket";
import { sessionExpired } from "../api";
import type { MessageCreatedFrame, ServerFrame } from "../types";
import { insertBySeq } from "./message-order";
import { socketUrl } from "./socket-url";
import { Store } from "./store";

export type { PendingMessage };

/**
 * While the operator keeps typing, "typing" goes again this often: the visitor's widget hides the
 * indicator by itself when no word comes for a while (a closed tab never sends "stop").
 */
const TYPING_REFRESH_MS = 3_000;
/** Read positions wait this long to gather: a replay of many messages sends one, not one each. */
const READ_REPORT_DELAY_MS = 300;

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
  #typingSentAt = 0;
  /** The highest seq reported to the room as on screen (the visitor sees "Seen"). */
  #readReported = 0;
  #readTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #onVisibility = () => this.#scheduleReadReport();

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
    document.addEventListener("visibilitychange", this.#onVisibility);
    this.#connection.start();
  }

  stop(): void {
    this.setTyping(false);
    document.removeEventListener("visibilitychange", this.#onVisibility);
    clearTimeout(this.#readTimer);
    this.#connection.stop();
  }

  /** Queues `body` (with an uploaded file's id) and sends it now if connected, otherwise after the next `hello`. */
  send(body: string, attachmentId?: string): void {
    if (this.snapshot.ended) return;
    this.setTyping(false);
    // Replaying, or waiting out a send limit: the connection's resend takes it along, after the older ones.
    this.#connection.send(body, attachmentId);
    this.update({ error: null });
  }

  /** Tells the visitor whether the operator is typing; a repeated value goes again only to keep "typing" alive. */
  setTyping(active: boolean): void {
    if (!this.snapshot.ready || this.snapshot.ended) return;
    const now = Date.now();
    if (active === this.#typing && !(active && now - this.#typingSentAt >= TYPING_REFRESH_MS)) return;
    if (this.#connection.sendFrame({ type: "typing", active })) {
      this.#typing = active;
      this.#typingSentAt = now;
    }
  }

  /**
   * The conversation is on this screen (the store lives as long as its chat view): once the tab is
   * visible, the room hears how far it has been read, and tells the visitor "Seen".
   */
  #scheduleReadReport(): void {
    if (this.#readTimer !== undefined) return;
    this.#readTimer = setTimeout(() => {
      this.#readTimer = undefined;
      const { ready, ended, messages } = this.snapshot;
      const last = messages.at(-1)?.seq ?? 0;
      if (!ready || ended || document.visibilityState !== "visible" || last <= this.#readReported) return;
      if (this.#connection.sendFrame({ type: "read", seq: last })) this.#readReported = last;
    }, READ_REPORT_DELAY_MS);
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
        this.#scheduleReadReport();
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
        this.#scheduleReadReport();
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
