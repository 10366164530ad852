import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConversationConnection, newClientId } from "../src/shared/conversation-connection";
import { browserEnvironment, RECONNECT_MAX_MS, ReconnectingSocket, STABLE_AFTER_MS } from "../src/shared/reconnecting-socket";
import { FakeSocket } from "./helpers/fake-socket";

// The client logic of src/shared/conversation-connection.ts under fake timers, with the test
// playing the server through FakeSocket.

const URL_BASE = "wss://chat.example/socket";

function connection(options: Partial<ConstructorParameters<typeof ConversationConnection>[0]> = {}) {
  const conn = new ConversationConnection({ url: (after) => `${URL_BASE}?after=${after}`, WebSocket: FakeSocket, ...options });
  conn.start();
  return conn;
}

const hello = (lastSeq: number, status: "open" | "closed" = "open") => ({
  type: "hello",
  conversationId: "c1",
  role: "visitor",
  lastSeq,
  livePreview: false,
  status,
});

const message = (seq: number, clientId: string, body = `m${seq}`) => ({
  type: "message.created",
  seq,
  clientId,
  author: { kind: "visitor", name: "Vera" },
  body,
  createdAt: 1_700_000_000_000 + seq,
});

/** The message.send frames `socket` got, as [clientId, body]. */
const sends = (socket: FakeSocket) =>
  socket.sent.flatMap((frame) => {
    const f = frame as { type: string; clientId?: string; body?: string };
    return f.type === "message.send" ? [[f.clientId, f.body]] : [];
  });

/** Runs the next timer and returns how long it waited. */
function nextDelay(): number {
  const before = Date.now();
  vi.advanceTimersToNextTimer();
  return Date.now() - before;
}

/** A socket that is open and greeted, with the conversation's messages up to `lastSeq` replayed. */
function greet(socket: FakeSocket, lastSeq = 0): void {
  socket.open();
  socket.receive(hello(lastSeq));
  for (let seq = 1; seq <= lastSeq; seq++) socket.receive(message(seq, `old-${seq}`));
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.reset();
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("reconnecting", () => {
  it("doubles the wait up to 30 s, drawn between half the ceiling and the ceiling", () => {
    const delaysWith = (random: number) => {
      FakeSocket.reset();
      vi.spyOn(Math, "random").mockReturnValue(random);
      const conn = connection();
      const delays: number[] = [];
      for (let attempt = 0; attempt < 9; attempt++) {
        FakeSocket.last.drop();
        delays.push(nextDelay());
      }
      conn.stop();
      expect(FakeSocket.all).toHaveLength(10);
      return delays;
    };
    const ceilings = [500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000];
    expect(delaysWith(0)).toEqual(ceilings.map((ceiling) => ceiling / 2));
    expect(delaysWith(0.5)).toEqual(ceilings.map((ceiling) => ceiling * 0.75));
    const highest = delaysWith(0.999_999);
    highest.forEach((delay, index) => {
      expect(delay).toBeLessThanOrEqual(ceilings[index]!);
      expect(delay).toBeGreaterThanOrEqual(ceilings[index]! - 1);
    });
    expect(Math.max(...highest)).toBeLessThanOrEqual(RECONNECT_MAX_MS);
  });

  it("starts fast again after a connection that stayed up, not after a short one", () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    connection();
    FakeSocket.last.drop();
    expect(nextDelay()).toBe(250);
    FakeSocket.last.drop();
    expect(nextDelay()).toBe(500);
    // Open for a moment only: still backing off.
    FakeSocket.last.open();
    vi.advanceTimersByTime(STABLE_AFTER_MS - 1);
    FakeSocket.last.drop();
    expect(nextDelay()).toBe(1000);
    // Open long enough to count as healthy.
    FakeSocket.last.open();
    vi.advanceTimersByTime(STABLE_AFTER_MS);
    FakeSocket.last.drop();
    expect(nextDelay()).toBe(250);
  });

  it("retries a failed constructor with the same backoff", () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    let failures = 2;
    const Flaky = class extends FakeSocket {
      constructor(url: string, protocols?: string[]) {
        if (failures-- > 0) throw new Error("blocked");
        super(url, protocols);
      }
    };
    const conn = connection({ WebSocket: Flaky });
    expect(conn.state).toBe("waiting");
    expect(nextDelay()).toBe(250);
    expect(nextDelay()).toBe(500);
    expect(conn.state).toBe("connecting");
    expect(FakeSocket.all).toHaveLength(1);
  });

  for (const code of [1008, 4000, 4401, 4410, 4429, 4999]) {
    it(`stops retrying on close code ${code}`, () => {
      const conn = connection();
      const closes: unknown[] = [];
      conn.on("close", (close) => closes.push(close));
      greet(FakeSocket.last);
      FakeSocket.last.drop(code);
      expect(conn.state).toBe("stopped");
      expect(closes).toEqual([{ code, greeted: true, willRetry: false }]);
      vi.advanceTimersByTime(10 * RECONNECT_MAX_MS);
      expect(FakeSocket.all).toHaveLength(1);
    });
  }

  for (const code of [1000, 1001, 1006, 1009, 1011, 3999, 5000]) {
    it(`retries after close code ${code}`, () => {
      const conn = connection();
      const closes: unknown[] = [];
      conn.on("close", (close) => closes.push(close));
      FakeSocket.last.drop(code);
      expect(conn.state).toBe("waiting");
      expect(closes).toEqual([{ code, greeted: false, willRetry: true }]);
      vi.advanceTimersByTime(RECONNECT_MAX_MS);
      expect(FakeSocket.all).toHaveLength(2);
    });
  }

  it("retries at once when the device comes back online, and not while connected", () => {
    const win = new EventTarget();
    const doc = Object.assign(new EventTarget(), { visibilityState: "visible" });
    const conn = connection({ environment: browserEnvironment(win, doc) });
    greet(FakeSocket.last);
    win.dispatchEvent(new Event("online"));
    expect(FakeSocket.all).toHaveLength(1);
    FakeSocket.last.drop();
    expect(conn.state).toBe("waiting");
    win.dispatchEvent(new Event("online"));
    expect(FakeSocket.all).toHaveLength(2);
    expect(conn.state).toBe("connecting");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("retries at once when the page becomes visible, not when it is hidden", () => {
    const win = new EventTarget();
    const doc = Object.assign(new EventTarget(), { visibilityState: "visible" });
    connection({ environment: browserEnvironment(win, doc) });
    FakeSocket.last.drop();
    doc.visibilityState = "hidden";
    doc.dispatchEvent(new Event("visibilitychange"));
    expect(FakeSocket.all).toHaveLength(1);
    doc.visibilityState = "visible";
    doc.dispatchEvent(new Event("visibilitychange"));
    expect(FakeSocket.all).toHaveLength(2);
  });

  it("stops listening to the environment when stopped", () => {
    const listening = new Set<string>();
    const conn = connection({
      environment: {
        onOnline: () => {
          listening.add("online");
          return () => listening.delete("online");
        },
        onVisible: () => {
          listening.add("visible");
          return () => listening.delete("visible");
        },
      },
    });
    expect([...listening].sort()).toEqual(["online", "visible"]);
    conn.stop();
    expect(listening.size).toBe(0);
    expect(FakeSocket.last.closedWith).toBe(1000);
    vi.advanceTimersByTime(10 * RECONNECT_MAX_MS);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it("reports its states, and is ready only between hello and the next close", () => {
    const conn = connection();
    const states: string[] = [];
    conn.on("state", (state) => states.push(state));
    FakeSocket.last.open();
    expect(conn.ready).toBe(false);
    FakeSocket.last.receive(hello(0));
    expect(conn.ready).toBe(true);
    FakeSocket.last.drop();
    expect(conn.ready).toBe(false);
    vi.advanceTimersToNextTimer();
    conn.stop();
    expect(states).toEqual(["open", "waiting", "connecting", "stopped"]);
  });

  it("passes the subprotocols on every attempt", () => {
    connection({ protocols: () => ["confide.v1", "confide.token.t"] });
    FakeSocket.last.drop();
    vi.advanceTimersToNextTimer();
    expect(FakeSocket.all.map((socket) => socket.protocols)).toEqual([
      ["confide.v1", "confide.token.t"],
      ["confide.v1", "confide.token.t"],
    ]);
  });
});

describe("replay and resend", () => {
  it("asks for what it missed, then resends what the replay did not acknowledge, in order, once", () => {
    const conn = connection({ lastSeq: 2 });
    expect(FakeSocket.last.url).toBe(`${URL_BASE}?after=2`);
    const first = FakeSocket.last;
    first.open();
    first.receive(hello(2));
    const [a, b, c] = [conn.send("a"), conn.send("b"), conn.send("c")];
    expect(sends(first)).toEqual([
      [a?.clientId, "a"],
      [b?.clientId, "b"],
      [c?.clientId, "c"],
    ]);
    // The server stored "a" as seq 3, but the socket dropped before its answer arrived.
    first.drop();
    vi.advanceTimersToNextTimer();
    const second = FakeSocket.last;
    expect(second.url).toBe(`${URL_BASE}?after=2`);
    second.open();
    second.receive(hello(3));
    // Typed while the replay is under way: waits behind the older ones.
    const d = conn.send("d");
    expect(sends(second)).toEqual([]);
    second.receive(message(3, a!.clientId, "a"));
    expect(sends(second)).toEqual([
      [b?.clientId, "b"],
      [c?.clientId, "c"],
      [d?.clientId, "d"],
    ]);
    expect(conn.pending.map((m) => m.body)).toEqual(["b", "c", "d"]);
    second.receive(message(4, b!.clientId, "b"));
    second.receive(message(5, c!.clientId, "c"));
    second.receive(message(6, d!.clientId, "d"));
    expect(conn.pending).toEqual([]);
    expect(conn.lastSeq).toBe(6);
    expect(sends(second)).toHaveLength(3);
    second.drop();
    vi.advanceTimersToNextTimer();
    expect(FakeSocket.last.url).toBe(`${URL_BASE}?after=6`);
  });

  it("resends at once after a hello when the client already has everything", () => {
    const conn = connection();
    greet(FakeSocket.last, 1);
    const a = conn.send("a");
    FakeSocket.last.drop();
    vi.advanceTimersToNextTimer();
    FakeSocket.last.open();
    FakeSocket.last.receive(hello(1));
    expect(sends(FakeSocket.last)).toEqual([[a?.clientId, "a"]]);
  });

  it("keeps messages sent while disconnected and sends them after the reconnect", () => {
    const conn = connection();
    const pendingEvents: number[] = [];
    conn.on("pending", (pending) => pendingEvents.push(pending.length));
    FakeSocket.last.drop();
    const x = conn.send("x");
    const y = conn.send("y");
    expect(conn.pending.map((m) => m.body)).toEqual(["x", "y"]);
    vi.advanceTimersToNextTimer();
    const socket = FakeSocket.last;
    socket.open();
    expect(sends(socket)).toEqual([]);
    socket.receive(hello(0));
    expect(sends(socket)).toEqual([
      [x?.clientId, "x"],
      [y?.clientId, "y"],
    ]);
    socket.receive(message(1, x!.clientId, "x"));
    expect(pendingEvents).toEqual([1, 2, 1]);
  });

  it("after rate_limited, resends everything pending once the wait is over", () => {
    const conn = connection();
    const socket = FakeSocket.last;
    greet(socket);
    const a = conn.send("a");
    const b = conn.send("b");
    socket.receive({ type: "error", code: "rate_limited", message: "slow down", retryAfterMs: 2000, clientId: a!.clientId });
    socket.receive({ type: "error", code: "rate_limited", message: "slow down", retryAfterMs: 2000, clientId: b!.clientId });
    // New messages wait behind the refused ones.
    const c = conn.send("c");
    expect(sends(socket)).toHaveLength(2);
    vi.advanceTimersByTime(1999);
    expect(sends(socket)).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sends(socket).slice(2)).toEqual([
      [a?.clientId, "a"],
      [b?.clientId, "b"],
      [c?.clientId, "c"],
    ]);
    // One timer for all the refusals: nothing more follows.
    vi.advanceTimersByTime(60_000);
    expect(sends(socket)).toHaveLength(5);
  });

  it("sends a file's id with its message, resends it, and drops a message whose file the room refused", () => {
    const conn = connection();
    const socket = FakeSocket.last;
    greet(socket);
    const withFile = conn.send("", "file-1");
    const refused = conn.send("see attached", "file-2");
    const fileSends = () =>
      socket.sent.flatMap((frame) => {
        const f = frame as { type: string; clientId?: string; attachmentId?: string };
        return f.type === "message.send" ? [[f.clientId, f.attachmentId]] : [];
      });
    expect(fileSends()).toEqual([
      [withFile?.clientId, "file-1"],
      [refused?.clientId, "file-2"],
    ]);
    socket.receive({ type: "error", code: "attachment_not_found", message: "not yours", clientId: refused!.clientId });
    expect(conn.pending.map((m) => m.clientId)).toEqual([withFile?.clientId]);
    // After a reconnect only the message still pending goes again, with its file.
    socket.drop();
    vi.advanceTimersToNextTimer();
    const next = FakeSocket.last;
    greet(next);
    expect(
      next.sent.flatMap((frame) => {
        const f = frame as { type: string; clientId?: string; attachmentId?: string };
        return f.type === "message.send" ? [[f.clientId, f.attachmentId]] : [];
      }),
    ).toEqual([[withFile?.clientId, "file-1"]]);
  });

  it("ignores frames it does not understand", () => {
    const conn = connection();
    const frames: unknown[] = [];
    conn.on("frame", (frame) => frames.push(frame));
    const socket = FakeSocket.last;
    socket.open();
    socket.receive("not json");
    socket.receive({ type: "error", message: "no code" });
    socket.receive({ type: "message.created", seq: 1 });
    socket.receive({ type: "hello" });
    expect(frames).toEqual([]);
    expect(conn.ready).toBe(false);
  });
});

describe("the conversation's end", () => {
  it("stops retrying and sending once the conversation is closed", () => {
    const conn = connection();
    greet(FakeSocket.last);
    FakeSocket.last.receive({ type: "conversation.closed" });
    expect(conn.ended).toBe(true);
    expect(conn.send("late")).toBeNull();
    FakeSocket.last.drop(1000);
    expect(conn.state).toBe("stopped");
    vi.advanceTimersByTime(10 * RECONNECT_MAX_MS);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it("takes a hello saying closed as the end, and resends nothing", () => {
    const conn = connection();
    FakeSocket.last.drop();
    conn.send("a");
    vi.advanceTimersToNextTimer();
    FakeSocket.last.open();
    FakeSocket.last.receive(hello(0, "closed"));
    expect(conn.ended).toBe(true);
    expect(sends(FakeSocket.last)).toEqual([]);
  });

  it("repeats a requested end after a reconnect until the conversation is closed", () => {
    const conn = connection();
    greet(FakeSocket.last);
    conn.requestEnd();
    expect(FakeSocket.last.sent).toEqual([{ type: "conversation.close" }]);
    FakeSocket.last.drop();
    vi.advanceTimersToNextTimer();
    greet(FakeSocket.last);
    expect(FakeSocket.last.sent).toEqual([{ type: "conversation.close" }]);
    FakeSocket.last.receive({ type: "conversation.closed" });
    expect(conn.ended).toBe(true);
  });

  it("lets its owner stop the retries (shouldReconnect)", () => {
    let keepGoing = true;
    const conn = connection({ shouldReconnect: () => keepGoing });
    const closes: unknown[] = [];
    conn.on("close", (close) => closes.push(close));
    FakeSocket.last.drop();
    vi.advanceTimersToNextTimer();
    keepGoing = false;
    FakeSocket.last.drop();
    expect(conn.state).toBe("stopped");
    expect(closes).toEqual([
      { code: 1006, greeted: false, willRetry: true },
      { code: 1006, greeted: false, willRetry: false },
    ]);
  });

  it("lets a close listener stop the connection without a retry", () => {
    const conn = connection();
    conn.on("close", () => conn.stop());
    FakeSocket.last.drop();
    expect(conn.state).toBe("stopped");
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("ReconnectingSocket", () => {
  it("reports the terminal code and hands every text frame to its owner", () => {
    const messages: string[] = [];
    const terminal: number[] = [];
    const socket = new ReconnectingSocket<never>({
      url: () => "wss://chat.example/inbox",
      WebSocket: FakeSocket,
      onMessage: (data) => messages.push(data),
      onTerminalClose: (code) => terminal.push(code),
    });
    socket.start();
    FakeSocket.last.open();
    FakeSocket.last.receive('{"type":"conversation.changed","conversationId":"c1"}');
    FakeSocket.last.drop(4401);
    expect(messages).toEqual(['{"type":"conversation.changed","conversationId":"c1"}']);
    expect(terminal).toEqual([4401]);
    expect(socket.state).toBe("stopped");
  });
});

describe("newClientId", () => {
  it("is a version 4 UUID, also where randomUUID is missing (plain http)", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(newClientId()).toMatch(uuid);
    const real = crypto;
    vi.stubGlobal("crypto", { getRandomValues: (array: Uint8Array) => real.getRandomValues(array) });
    expect(typeof crypto.randomUUID).toBe("undefined");
    const ids = new Set(Array.from({ length: 50 }, () => newClientId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(uuid);
  });
});
