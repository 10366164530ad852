// One reconnect policy for every socket of the widget and the operator app (docs/protocol.md,
// "Client rules"). No DOM here: the WebSocket constructor and the page's wake-up events are passed
// in, so the same code runs in browsers, in workerd and under a test's fake timers.

import { isTerminalCloseCode } from "./frames";

/** The events a socket reports, as far as a client reads them. */
export interface SocketEvent {
  /** `message`: the frame's payload. */
  readonly data?: unknown;
  /** `close`: the close code (1006 when the connection was lost). */
  readonly code?: number;
}

/** What the client uses of a WebSocket: the browser's, workerd's and a test's fake all fit. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: "open" | "message" | "close", listener: (event: SocketEvent) => void): void;
}

/** `WebSocket`, or a stand-in with the same constructor. */
export type SocketConstructor = new (url: string, protocols?: string[]) => SocketLike;

/** `WebSocket.OPEN`, spelled out so no global is needed to read it. */
const OPEN = 1;

/** Something that dispatches events by name: `window` and `document` in a browser. */
export interface EventSourceLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/**
 * Moments when a client that is waiting to reconnect should try at once instead. Each hook
 * registers a listener and returns the function that removes it.
 */
export interface ConnectionEnvironment {
  /** The device is back online (a browser's `online` event). */
  onOnline?(listener: () => void): () => void;
  /** The page became visible again (a browser's `visibilitychange` to visible). */
  onVisible?(listener: () => void): () => void;
}

/**
 * The browser's wake-ups, from the objects passed in: `browserEnvironment(window, document)`.
 * Background tabs have their timers throttled, so a tab coming back should not wait them out.
 */
export function browserEnvironment(
  win: EventSourceLike,
  doc: EventSourceLike & { readonly visibilityState: string },
): ConnectionEnvironment {
  return {
    onOnline(listener) {
      win.addEventListener("online", listener);
      return () => win.removeEventListener("online", listener);
    },
    onVisible(listener) {
      const onChange = () => {
        if (doc.visibilityState === "visible") listener();
      };
      doc.addEventListener("visibilitychange", onChange);
      return () => doc.removeEventListener("visibilitychange", onChange);
    },
  };
}

/** `connecting`: an attempt is under way; `open`; `waiting`: for the next attempt; `stopped`: no retries. */
export type SocketState = "connecting" | "open" | "waiting" | "stopped";

export interface ReconnectingSocketOptions {
  /** Called before every attempt, so a reconnect can ask for what it missed (`?after=`). */
  url: () => string;
  /** Subprotocols of every attempt (the widget's visitor token travels as one). */
  protocols?: () => string[];
  /** Default: the global `WebSocket`. */
  WebSocket?: SocketConstructor;
  /** Wake-ups that retry at once; default none. Pass `browserEnvironment(window, document)` in a page. */
  environment?: ConnectionEnvironment;
  onMessage: (data: string) => void;
  onOpen?: () => void;
  onStateChange?: (state: SocketState) => void;
  /** Every close of the current socket (not of one `stop` closed), before retrying or stopping. */
  onClose?: (code: number) => void;
  /** Asked after every close; false ends the retries (a conversation that has ended, say). */
  shouldReconnect?: () => boolean;
  /** The server closed with a code that ends retrying (`endsRetrying`: 1008, 4000–4999); retries have ended. */
  onTerminalClose?: (code: number) => void;
}

/** The first retry waits between half this and this; each next one doubles it. */
export const RECONNECT_BASE_MS = 500;
/** No wait is longer. */
export const RECONNECT_MAX_MS = 30_000;
/** A connection that lived this long counts as healthy, so the next retry starts fast again. */
export const STABLE_AFTER_MS = 10_000;

/**
 * Close codes after which the client stops retrying: this protocol's 4000–4999, and 1008 (policy
 * violation), which a browser client only gets for a bug of its own (too many invalid frames).
 */
export const endsRetrying = (code: number): boolean => code === 1008 || isTerminalCloseCode(code);

/**
 * A WebSocket that reconnects with exponential backoff and jitter, so a fleet of clients does not
 * reconnect in lockstep after a deploy. A close code in 4000–4999 is the server saying that
 * retrying cannot help (so is 1008): it ends the retries. Waiting clients retry at once when the environment
 * says the device is back online or the page visible again.
 */
export class ReconnectingSocket<Frame> {
  readonly #options: ReconnectingSocketOptions;
  #socket: SocketLike | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #openedAt = 0;
  #state: SocketState = "stopped";
  #unsubscribe: (() => void)[] = [];

  constructor(options: ReconnectingSocketOptions) {
    this.#options = options;
  }

  get state(): SocketState {
    return this.#state;
  }

  /** The socket is open, so `send` would send. */
  get isOpen(): boolean {
    return this.#socket?.readyState === OPEN;
  }

  /** Connects, and keeps reconnecting until `stop` or a terminal close. */
  start(): void {
    if (this.#state !== "stopped") return;
    this.#attempt = 0;
    const environment = this.#options.environment;
    const hooks = [environment?.onOnline?.(this.#retryNow), environment?.onVisible?.(this.#retryNow)];
    this.#unsubscribe = hooks.filter((hook) => hook !== undefined);
    this.#connect();
  }

  /** Closes the socket (1000) and ends the retries. */
  stop(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000);
    this.#setState("stopped");
  }

  /** Sends a frame if the socket is open; returns false (and sends nothing) otherwise. */
  send(frame: Frame): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  #connect(): void {
    this.#timer = undefined;
    this.#setState("connecting");
    let socket: SocketLike;
    try {
      const Socket = this.#options.WebSocket ?? (globalThis as unknown as { WebSocket: SocketConstructor }).WebSocket;
      socket = new Socket(this.#options.url(), this.#options.protocols?.());
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
    socket.addEventListener("message", (event) => {
      if (this.#socket !== socket || typeof event.data !== "string") return;
      this.#options.onMessage(event.data);
    });
    socket.addEventListener("close", (event) => {
      // Sockets let go of on purpose (stop) are no longer this.#socket and end quietly.
      if (this.#socket !== socket) return;
      this.#socket = null;
      const code = event.code ?? 1006;
      this.#options.onClose?.(code);
      // onClose may have stopped us (a conversation reset from its handler).
      if (this.#state === "stopped") return;
      if (endsRetrying(code)) {
        this.stop();
        this.#options.onTerminalClose?.(code);
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
    const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** this.#attempt);
    // Between half the ceiling and the ceiling: spread out, yet never immediate.
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.#attempt = Math.min(this.#attempt + 1, 16);
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
