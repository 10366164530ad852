// The visitor's socket to the conversation's room: connect with replay, reconnect with backoff,
// pending messages and their resends. DOM-free; the element hears of it through `ConnectionEvents`.
import { CLOSE_CONVERSATION_ERASED, isTerminalCloseCode } from "../src/shared/close-codes";
import type { ClientFrame, HelloFrame, MessageCreatedFrame, ServerFrame } from "../src/shared/protocol";
import { ResendSchedule } from "../src/shared/resend-schedule";
import { parseServerFrame } from "./server-frames";

const RECONNECT_BASE_MS = 500;
const RECONNECT_MAX_MS = 15_000;

/** The frames the connection hands on as they are. */
export type OtherFrame = Exclude<ServerFrame, HelloFrame | MessageCreatedFrame>;

/** What the connection tells the widget. */
export interface ConnectionEvents {
  /** The room greeted this socket; frames sent now are authenticated. */
  hello(frame: HelloFrame): void;
  /** The room has (and numbered) a message this tab sent. */
  acknowledged(clientId: string): void;
  /** A message not seen before; `acknowledged` when it is one of this tab's pending ones. */
  message(frame: MessageCreatedFrame, acknowledged: boolean): void;
  /** Typing, presence, the end or erasure of the conversation, an error meant for the visitor. */
  frame(frame: OtherFrame): void;
  /** The socket closed because the conversation was erased. */
  erased(): void;
  /** The socket closed (any other way): nothing is authenticated until the next hello. */
  dropped(): void;
  /** "reconnecting" while a reconnect waits; "" when a terminal close ends the retries. */
  status(key: "reconnecting" | ""): void;
  /** A socket closed before its hello: maybe refused because the conversation is gone. */
  refused(): void;
  /** The browser would not even open a socket. */
  unreachable(): void;
}

/** One conversation's socket, for as long as the tab shows that conversation. */
export class VisitorConnection {
  /** The room's hello arrived on the current socket, so frames sent now are authenticated. */
  ready = false;
  /** Highest seq received; the `after` of the next connect, so the replay has no gaps and no repeats. */
  highestSeq = 0;
  private socket: WebSocket | null = null;
  /** The conversation ended: the socket is left for the server to close, and never reopened. */
  private stopped = false;
  private closeRequested = false;
  private reconnectAttempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly shownSeqs = new Set<number>();
  /** Bodies by clientId, in the order written, which is the order they are re-sent in. */
  private readonly pending = new Map<string, string>();
  private readonly resends = new ResendSchedule(() => this.sendPending());

  /** `url` is the socket's address without `after`; the token travels as a subprotocol. */
  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly events: ConnectionEvents,
  ) {}

  /** Opens the socket, asking for everything after the highest seq received. */
  connect(): void {
    if (this.stopped) return;
    let socket: WebSocket;
    try {
      // Browsers cannot set headers on a WebSocket, and a query string would end up in access logs.
      socket = new WebSocket(`${this.url}?after=${this.highestSeq}`, ["confide.v1", `confide.token.${this.token}`]);
    } catch {
      this.events.unreachable();
      return;
    }
    this.socket = socket;
    socket.addEventListener("message", (event) => {
      if (socket === this.socket) this.receive(event.data);
    });
    socket.addEventListener("close", (event) => {
      // Sockets dropped on purpose are no longer this.socket and end quietly.
      if (socket !== this.socket) return;
      // Erased (its frame came first, unless it was lost): nothing to resume, nothing to retry.
      if (event.code === CLOSE_CONVERSATION_ERASED) return this.events.erased();
      const greeted = this.ready;
      this.socket = null;
      this.ready = false;
      this.events.dropped();
      if (this.stopped) return;
      // Another terminal close (opened in too many tabs): its error frame said why; retrying cannot help.
      if (isTerminalCloseCode(event.code)) return this.events.status("");
      this.scheduleReconnect();
      if (!greeted) this.events.refused();
    });
  }

  /** Queues a message and sends it unless older ones must go first; returns its clientId. */
  sendMessage(body: string): string {
    const clientId = newClientId();
    this.pending.set(clientId, body);
    // Not ready yet, replaying, or waiting out a send limit: the next resend takes it along, in order.
    if (this.ready && this.resends.open) this.send({ type: "message.send", clientId, body });
    return clientId;
  }

  /** Asks the room to end the conversation, now if greeted and again after every reconnect's hello. */
  requestClose(): void {
    this.closeRequested = true;
    if (this.ready) this.send({ type: "conversation.close" });
  }

  /** Sends a frame if the socket is open (typing and previews are not worth queueing). */
  send(frame: ClientFrame): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  /** The conversation ended: no more reconnects. The socket stays for the server to close (a replay may still arrive). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
  }

  /** Lets go of the conversation: the socket closes quietly and nothing is resent. */
  dispose(): void {
    const socket = this.socket;
    // Let go of first, so its close event finds it is no longer this.socket and stays quiet.
    this.socket = null;
    this.ready = false;
    socket?.close();
    this.stop();
    this.resends.stop();
  }

  private scheduleReconnect(): void {
    this.events.status("reconnecting");
    const backoff = RECONNECT_BASE_MS * 2 ** Math.min(this.reconnectAttempt, 10);
    // Jitter spreads visitors out, so a restarted server is not hit by all of them at once.
    const delay = Math.min(RECONNECT_MAX_MS, backoff * (0.75 + Math.random() * 0.5));
    this.reconnectAttempt += 1;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private receive(data: unknown): void {
    const frame = parseServerFrame(data);
    if (!frame) return;
    switch (frame.type) {
      case "hello":
        return this.onHello(frame);
      case "message.created":
        return this.onMessage(frame);
      case "error":
        // Sent too fast: the room kept nothing; everything pending goes again, in order, after the wait.
        if (frame.code === "rate_limited") return this.resends.refused(frame.retryAfterMs);
        return this.events.frame(frame);
      default:
        return this.events.frame(frame);
    }
  }

  private onHello(frame: HelloFrame): void {
    this.ready = true;
    this.reconnectAttempt = 0;
    this.events.hello(frame);
    if (frame.status === "closed") return;
    this.resends.hello(frame.lastSeq, this.highestSeq);
    if (this.closeRequested) this.send({ type: "conversation.close" });
  }

  private onMessage(frame: MessageCreatedFrame): void {
    const acknowledged = this.pending.delete(frame.clientId);
    if (acknowledged) this.events.acknowledged(frame.clientId);
    if (frame.seq > this.highestSeq) this.highestSeq = frame.seq;
    this.resends.seen(this.highestSeq);
    if (this.shownSeqs.has(frame.seq)) return;
    this.shownSeqs.add(frame.seq);
    this.events.message(frame, acknowledged);
  }

  /** Every unacknowledged message, oldest first, with its clientId: the room dedupes what it has. */
  private sendPending(): void {
    if (!this.ready) return;
    for (const [clientId, body] of this.pending) this.send({ type: "message.send", clientId, body });
  }
}

function newClientId(): string {
  // randomUUID exists only in secure contexts, and host pages served over plain http exist.
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
