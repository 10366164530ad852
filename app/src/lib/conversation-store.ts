import type { ClientFrame, MessageCreatedFrame, ServerFrame } from "../types";
import { newClientId } from "./client-id";
import { parseServerFrame } from "./frames";
import { insertBySeq } from "./message-order";
import { ReconnectingSocket, type SocketState } from "./reconnecting-socket";
import { socketUrl } from "./socket-url";
import { Store } from "./store";
import { ResendSchedule } from "../../../src/shared/resend-schedule";
import { CLOSE_CONVERSATION_ERASED } from "../../../src/shared/close-codes";

/** A message sent but not yet acknowledged by its `message.created`. */
export interface PendingMessage {
  clientId: string;
  body: string;
}

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
  readonly #socket: ReconnectingSocket<ClientFrame>;
  #lastSeq = 0;
  #typing = false;
  readonly #resends = new ResendSchedule(() => this.#sendPending());

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
    this.#socket = new ReconnectingSocket<ClientFrame>({
      url: () =>
        socketUrl(`/api/v1/conversations/${encodeURIComponent(conversationId)}/socket?after=${this.#lastSeq}`),
      onMessage: (data) => this.#onMessage(data),
      onStateChange: (connection) => this.update({ connection, ready: false }),
      // An ended conversation has nothing more to say; its history is already on screen.
      shouldReconnect: () => !this.snapshot.ended,
      onTerminalClose: (code) => {
        if (code === CLOSE_CONVERSATION_ERASED) this.#forget();
      },
    });
  }

  start(): void {
    this.#socket.start();
  }

  stop(): void {
    this.setTyping(false);
    this.#resends.stop();
    this.#socket.stop();
  }

  /** Queues `body` and sends it now if connected, otherwise after the next `hello`. */
  send(body: string): void {
    if (this.snapshot.ended) return;
    const message: PendingMessage = { clientId: newClientId(), body };
    this.setTyping(false);
    this.update({ pending: [...this.snapshot.pending, message], error: null });
    // Replaying, or waiting out a send limit: the resend takes it along, after the older ones.
    if (this.snapshot.ready && this.#resends.open) this.#sendMessage(message);
  }

  /** Tells the visitor whether the operator is typing; repeated values are not sent again. */
  setTyping(active: boolean): void {
    if (active === this.#typing || !this.snapshot.ready || this.snapshot.ended) return;
    if (this.#socket.send({ type: "typing", active })) this.#typing = active;
  }

  /** Ends the conversation for everyone; the UI follows when `conversation.closed` arrives. */
  end(): void {
    const { ready, ended, ending } = this.snapshot;
    if (!ready || ended || ending) return;
    if (this.#socket.send({ type: "conversation.close" })) this.update({ ending: true, error: null });
  }

  /** Every unacknowledged message, oldest first, with its clientId: the room dedupes what it has. */
  #sendPending(): void {
    if (!this.snapshot.ready || this.snapshot.ended) return;
    for (const message of this.snapshot.pending) this.#sendMessage(message);
  }

  #sendMessage(message: PendingMessage): void {
    this.#socket.send({ type: "message.send", clientId: message.clientId, body: message.body });
  }

  /** Erased: drop every message, draft and pending reply from memory, and stop for good. */
  #forget(): void {
    if (this.snapshot.erased) return;
    this.#typing = false;
    this.#resends.stop();
    this.#socket.stop();
    this.update({ erased: true, ended: true, ending: false, ready: false, messages: [], pending: [], preview: "", visitorTyping: false, visitorOnline: null, error: null });
  }

  #onMessage(data: string): void {
    const frame = parseServerFrame(data);
    if (frame) this.#onFrame(frame);
  }

  #onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case "hello": {
        this.#typing = false;
        const ended = this.snapshot.ended || frame.status === "closed";
        this.update({ ready: true, ended, ending: false, error: null });
        if (ended) this.#resends.stop();
        else this.#resends.hello(frame.lastSeq, this.#lastSeq);
        return;
      }
      case "message.created": {
        this.#lastSeq = Math.max(this.#lastSeq, frame.seq);
        const fromVisitor = frame.author.kind === "visitor";
        this.update({
          messages: insertBySeq(this.snapshot.messages, frame),
          pending: this.snapshot.pending.filter((message) => message.clientId !== frame.clientId),
          // The draft became this message.
          ...(fromVisitor ? { preview: "", visitorTyping: false } : {}),
        });
        // (After the update: the acknowledged message has left `pending` by then.)
        this.#resends.seen(this.#lastSeq);
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
        // Sent too fast: the room kept nothing; everything pending goes again, in order, after the wait.
        if (frame.code === "rate_limited") {
          this.#resends.refused(frame.retryAfterMs);
          return;
        }
        this.update({
          error: { code: frame.code, message: frame.message },
          ending: false,
          ...(frame.code === "conversation_closed" ? { ended: true } : {}),
        });
        return;
    }
  }
}
