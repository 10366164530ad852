import { CLOSE_SESSION_ENDED, isTerminalCloseCode } from "../../../src/shared/close-codes";
import { sessionExpired } from "../api/http";

export type SocketState = "connecting" | "open" | "waiting" | "stopped";

export interface ReconnectingSocketOptions {
  /** Called before every attempt, so a reconnect can ask for what it missed (`?after=`). */
  url: () => string;
  onMessage: (data: string) => void;
  onOpen?: () => void;
  onStateChange?: (state: SocketState) => void;
  /** Asked after every close; false ends the retries (a conversation that has ended, say). */
  shouldReconnect?: () => boolean;
  /** The server closed with a terminal code (4000–4999, such as an erased conversation); retries have ended. */
  onTerminalClose?: (code: number) => void;
}

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
/** A connection that lived this long counts as healthy, so the next retry starts fast again. */
const STABLE_AFTER_MS = 10_000;

/**
 * A WebSocket that reconnects with exponential backoff and jitter, so a fleet of operators does
 * not reconnect in lockstep after a deploy. Retries at once when the browser comes back online.
 * A close code in 4000–4999 is the server saying that retrying cannot help: it ends the retries.
 */
export class ReconnectingSocket<Frame> {
  readonly #options: ReconnectingSocketOptions;
  #socket: WebSocket | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #openedAt = 0;
  #state: SocketState = "stopped";

  constructor(options: ReconnectingSocketOptions) {
    this.#options = options;
  }

  get state(): SocketState {
    return this.#state;
  }

  start(): void {
    if (this.#state !== "stopped") return;
    this.#attempt = 0;
    window.addEventListener("online", this.#retryNow);
    this.#connect();
  }

  stop(): void {
    window.removeEventListener("online", this.#retryNow);
    clearTimeout(this.#timer);
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000);
    this.#setState("stopped");
  }

  /** Sends a frame if the socket is open; returns false (and sends nothing) otherwise. */
  send(frame: Frame): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  #connect(): void {
    this.#setState("connecting");
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.#options.url());
    } catch {
      this.#scheduleRetry();
      return;
    }
    this.#socket = socket;
    socket.addEventListener("open", () => {
      if (this.#socket !== socket) return;
      this.#openedAt = Date.now();
      this.#setState("open");
      this.#options.onOpen?.();
    });
    socket.addEventListener("message", (event: MessageEvent<unknown>) => {
      if (this.#socket !== socket || typeof event.data !== "string") return;
      this.#options.onMessage(event.data);
    });
    socket.addEventListener("close", (event: CloseEvent) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      if (isTerminalCloseCode(event.code)) {
        this.stop();
        this.#options.onTerminalClose?.(event.code);
        // The session is over (signed out elsewhere, idle, ended from the sessions screen): sign in again.
        if (event.code === CLOSE_SESSION_ENDED) sessionExpired();
        return;
      }
      if (this.#options.shouldReconnect?.() === false) {
        this.stop();
        return;
      }
      this.#scheduleRetry();
    });
  }

  #scheduleRetry(): void {
    if (this.#openedAt > 0 && Date.now() - this.#openedAt >= STABLE_AFTER_MS) this.#attempt = 0;
    this.#openedAt = 0;
    const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.#attempt);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.#attempt += 1;
    this.#setState("waiting");
    this.#timer = setTimeout(() => this.#connect(), delay);
  }

  readonly #retryNow = (): void => {
    if (this.#state !== "waiting") return;
    clearTimeout(this.#timer);
    this.#connect();
  };

  #setState(state: SocketState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#options.onStateChange?.(state);
  }
}
