import type { SocketEvent, SocketLike } from "../../src/shared/reconnecting-socket";

/**
 * A stand-in for the browser's WebSocket in unit tests of the client logic
 * (src/shared/conversation-connection.ts): the test plays the server, opening, sending frames and
 * closing by hand. The real socket is covered by the e2e tests.
 */
export class FakeSocket implements SocketLike {
  /** Every socket constructed since the last `reset`, oldest first. */
  static all: FakeSocket[] = [];

  static reset(): void {
    FakeSocket.all = [];
  }

  /** The newest socket. */
  static get last(): FakeSocket {
    const socket = FakeSocket.all.at(-1);
    if (!socket) throw new Error("no socket was opened");
    return socket;
  }

  readyState = 0;
  /** Frames the client sent, parsed. */
  readonly sent: unknown[] = [];
  /** The code the client closed with, if it did. */
  closedWith: number | undefined;
  readonly #listeners = new Map<string, ((event: SocketEvent) => void)[]>();

  constructor(
    readonly url: string,
    readonly protocols?: string[],
  ) {
    FakeSocket.all.push(this);
  }

  addEventListener(type: "open" | "message" | "close", listener: (event: SocketEvent) => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error("send on a socket that is not open");
    this.sent.push(JSON.parse(data));
  }

  close(code = 1000): void {
    this.closedWith = code;
    this.readyState = 3;
  }

  /** The server accepted the connection. */
  open(): void {
    this.readyState = 1;
    this.#fire("open", {});
  }

  /** The server sent `frame` (an object is sent as JSON, a string as it is). */
  receive(frame: object | string): void {
    this.#fire("message", { data: typeof frame === "string" ? frame : JSON.stringify(frame) });
  }

  /** The connection ended with `code` (1006: lost). */
  drop(code = 1006): void {
    this.readyState = 3;
    this.#fire("close", { code });
  }

  #fire(type: string, event: SocketEvent): void {
    for (const listener of this.#listeners.get(type) ?? []) listener(event);
  }
}
