// One conversation socket as the widget and the operator app use it: greeting and replay, pending
// messages and their resends, reconnects. No DOM and no zod, so both clients bundle it and the
// unit tests run it under fake timers with a fake socket. docs/protocol.md, "Client rules".

import { type ClientFrame, parseServerFrame, type ServerFrame } from "./frames";
import {
  type ConnectionEnvironment,
  endsRetrying,
  ReconnectingSocket,
  type SocketConstructor,
  type SocketState,
} from "./reconnecting-socket";
import { ResendSchedule } from "./resend-schedule";

/** A message sent but not yet acknowledged by its `message.created`. */
export interface PendingMessage {
  readonly clientId: string;
  readonly body: string;
  /** A file the sender uploaded and sends with this message. */
  readonly attachmentId?: string;
}

export interface ConversationConnectionOptions {
  /** The socket's URL for one attempt; `after` is the highest seq the client has (for `?after=`). */
  url: (after: number) => string;
  /** Subprotocols of every attempt (the widget's visitor token travels as one). */
  protocols?: () => string[];
  /** Default: the global `WebSocket`. */
  WebSocket?: SocketConstructor;
  /** Wake-ups that retry at once: `browserEnvironment(window, document)` in a page. */
  environment?: ConnectionEnvironment;
  /** The highest seq the client already has (a conversation resumed from storage); default 0. */
  lastSeq?: number;
  /** Asked after every close that does not end retrying anyway; false stops. */
  shouldReconnect?: () => boolean;
}

/** What closed, for the `close` event. */
export interface ConnectionClose {
  code: number;
  /** A `hello` had arrived on the socket: it reached the conversation. */
  greeted: boolean;
  /** Another attempt follows (neither a code that ends retrying, nor an ended conversation). */
  willRetry: boolean;
}

/** The events of a ConversationConnection and their listeners. */
export interface ConversationConnectionEvents {
  /** The socket's state changed. `ready` is false from here until the next `hello`. */
  state: (state: SocketState) => void;
  /** Every frame understood, after the connection's own bookkeeping (seqs, pending, resends). */
  frame: (frame: ServerFrame) => void;
  /** Messages were queued or acknowledged. */
  pending: (pending: readonly PendingMessage[]) => void;
  /** The socket closed (not by `stop`). */
  close: (close: ConnectionClose) => void;
}

type Listeners = { [Type in keyof ConversationConnectionEvents]: Set<ConversationConnectionEvents[Type]> };

/**
 * A fresh id for an outgoing message, the same format (a version 4 UUID) in every client.
 * `crypto.randomUUID` exists only in secure contexts, so a host page on plain http gets the same
 * format built from `getRandomValues`.
 */
export function newClientId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One conversation's socket. Every attempt asks for `?after=<highest seq seen>`, so nothing is
 * lost or shown twice; messages not yet acknowledged stay pending, in order, and go again with
 * their clientId once the replay after a `hello` has caught up (or a send limit's wait is over),
 * which the server answers with the original message. Retries end with the conversation
 * (`conversation.closed`, `conversation.erased`, a `hello` saying closed) or on a close code that
 * ends retrying. One instance serves one conversation: start another for the next.
 */
export class ConversationConnection {
  readonly #socket: ReconnectingSocket<ClientFrame>;
  readonly #resends = new ResendSchedule(() => this.#sendPending());
  readonly #listeners: Listeners = { state: new Set(), frame: new Set(), pending: new Set(), close: new Set() };
  #pending: readonly PendingMessage[] = [];
  #lastSeq: number;
  #ready = false;
  #ended = false;
  #endRequested = false;

  constructor(options: ConversationConnectionOptions) {
    this.#lastSeq = options.lastSeq ?? 0;
    this.#socket = new ReconnectingSocket<ClientFrame>({
      url: () => options.url(this.#lastSeq),
      ...(options.protocols ? { protocols: options.protocols } : {}),
      ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}),
      ...(options.environment ? { environment: options.environment } : {}),
      onMessage: (data) => this.#onMessage(data),
      onStateChange: (state) => {
        if (state !== "open") this.#ready = false;
        this.#emit("state", state);
      },
      onClose: (code) => this.#onClose(code, options.shouldReconnect),
      // An ended conversation has nothing more to say; what it said is already on screen.
      shouldReconnect: () => !this.#ended && options.shouldReconnect?.() !== false,
    });
  }

  /** Listens to `type`; returns the function that stops listening. */
  on<Type extends keyof ConversationConnectionEvents>(type: Type, listener: ConversationConnectionEvents[Type]): () => void {
    const listeners = this.#listeners[type] as Set<ConversationConnectionEvents[Type]>;
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  get state(): SocketState {
    return this.#socket.state;
  }

  /** A `hello` arrived on the current socket, so frames may be sent. */
  get ready(): boolean {
    return this.#ready;
  }

  /** The conversation ended (or was erased): nothing is sent or retried any more. */
  get ended(): boolean {
    return this.#ended;
  }

  /** The highest seq received, which the next attempt asks to resume after. */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Messages not yet acknowledged, oldest first. */
  get pending(): readonly PendingMessage[] {
    return this.#pending;
  }

  /** Connects, and reconnects until `stop`, the conversation's end, or a close that ends retrying. */
  start(): void {
    if (!this.#ended) this.#socket.start();
  }

  /** Closes the socket and ends the retries; pending messages are kept (a later `start` sends them). */
  stop(): void {
    this.#resends.stop();
    this.#socket.stop();
  }

  /**
   * Queues a message and sends it now if it may go at once; otherwise it goes, after every older
   * one, when the next resend comes (after a replay, after a send limit's wait). Returns it, or
   * null once the conversation has ended. `attachmentId`: a file uploaded to the conversation goes with it.
   */
  send(body: string, attachmentId?: string): PendingMessage | null {
    if (this.#ended) return null;
    const message: PendingMessage = { clientId: newClientId(), body, ...(attachmentId ? { attachmentId } : {}) };
    this.#setPending([...this.#pending, message]);
    if (this.#ready && this.#resends.open) this.#sendMessage(message);
    return message;
  }

  /** Sends a frame (typing, preview, close) if the socket is open; false if it was not sent. */
  sendFrame(frame: ClientFrame): boolean {
    return this.#socket.send(frame);
  }

  /**
   * Asks the server to end the conversation: now if greeted, and again after every `hello` until
   * `conversation.closed` arrives, so a drop before the answer does not lose the request.
   */
  requestEnd(): void {
    if (this.#ended) return;
    this.#endRequested = true;
    if (this.#ready) this.sendFrame({ type: "conversation.close" });
  }

  #emit<Type extends keyof ConversationConnectionEvents>(type: Type, ...args: Parameters<ConversationConnectionEvents[Type]>): void {
    for (const listener of this.#listeners[type]) (listener as (...values: typeof args) => void)(...args);
  }

  #setPending(pending: readonly PendingMessage[]): void {
    this.#pending = pending;
    this.#emit("pending", pending);
  }

  /** Every unacknowledged message, oldest first, with its clientId: the room dedupes what it has. */
  #sendPending(): void {
    if (!this.#ready || this.#ended) return;
    for (const message of this.#pending) this.#sendMessage(message);
  }

  #sendMessage(message: PendingMessage): void {
    const { clientId, body, attachmentId } = message;
    this.sendFrame({ type: "message.send", clientId, body, ...(attachmentId ? { attachmentId } : {}) });
  }

  #end(): void {
    this.#ended = true;
    this.#endRequested = false;
    this.#resends.stop();
  }

  #onClose(code: number, shouldReconnect: (() => boolean) | undefined): void {
    const greeted = this.#ready;
    this.#ready = false;
    const willRetry = !endsRetrying(code) && !this.#ended && shouldReconnect?.() !== false;
    this.#emit("close", { code, greeted, willRetry });
  }

  #onMessage(data: string): void {
    const frame = parseServerFrame(data);
    if (!frame) return;
    switch (frame.type) {
      case "hello":
        this.#ready = true;
        if (frame.status === "closed") this.#end();
        else {
          this.#resends.hello(frame.lastSeq, this.#lastSeq);
          if (this.#endRequested) this.sendFrame({ type: "conversation.close" });
        }
        break;
      case "message.created": {
        this.#lastSeq = Math.max(this.#lastSeq, frame.seq);
        const pending = this.#pending.filter((message) => message.clientId !== frame.clientId);
        if (pending.length !== this.#pending.length) this.#setPending(pending);
        // After the acknowledged message has left the pending list, so it is not resent.
        this.#resends.seen(this.#lastSeq);
        break;
      }
      case "conversation.closed":
      case "conversation.erased":
        this.#end();
        break;
      case "error":
        // Sent too fast: the room kept nothing; everything pending goes again, in order, after the wait.
        if (frame.code === "rate_limited") this.#resends.refused(frame.retryAfterMs);
        // The file is not the sender's to send (or went with another message): resending cannot help.
        else if (frame.code === "attachment_not_found" && frame.clientId) {
          this.#setPending(this.#pending.filter((message) => message.clientId !== frame.clientId));
        }
        break;
      default:
        break;
    }
    this.#emit("frame", frame);
  }
}
