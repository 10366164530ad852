import { describe, expect, it } from "vitest";
import { isTerminalCloseCode, parseInboxFrame, parseServerFrame } from "../src/shared/frames";

// The zod-free parser both clients use for the server's frames (src/shared/frames.ts).

const json = (value: unknown) => JSON.stringify(value);

const hello = { type: "hello", conversationId: "c1", role: "visitor", lastSeq: 3, livePreview: true, status: "open" };
const created = {
  type: "message.created",
  seq: 4,
  clientId: "k1",
  author: { kind: "operator", name: "Olga", avatarUrl: "https://gravatar.example/a" },
  body: "Hello",
  createdAt: 1_700_000_000_000,
};

describe("parseServerFrame", () => {
  it("accepts every frame the server sends, rebuilt field by field", () => {
    const frames = [
      hello,
      { ...hello, role: "operator", status: "closed", livePreview: false, lastSeq: 0 },
      created,
      { ...created, author: { kind: "visitor", name: "Vera" } },
      { ...created, author: { kind: "system", name: "Confide" } },
      { type: "typing.preview", text: "" },
      { type: "typing", role: "operator", active: true },
      { type: "presence", visitorOnline: true, operators: [{ name: "Olga" }] },
      { type: "presence", visitorOnline: false, operators: [{ id: "o1", name: "Olga" }] },
      { type: "presence", visitorOnline: false, operators: [] },
      { type: "conversation.closed" },
      { type: "conversation.erased" },
      { type: "error", code: "forbidden", message: "No." },
      { type: "error", code: "rate_limited", message: "Wait.", retryAfterMs: 1200, clientId: "k1" },
    ];
    for (const frame of frames) expect(parseServerFrame(json(frame))).toEqual(frame);
  });

  it("drops fields it does not know", () => {
    expect(parseServerFrame(json({ ...hello, extra: 1 }))).toEqual(hello);
    expect(parseServerFrame(json({ type: "conversation.closed", reason: "x" }))).toEqual({ type: "conversation.closed" });
    expect(parseServerFrame(json({ ...created, author: { kind: "visitor", name: "V", email: "v@example.org" } }))).toEqual({
      ...created,
      author: { kind: "visitor", name: "V" },
    });
  });

  it("rejects an error frame without a code", () => {
    expect(parseServerFrame(json({ type: "error", message: "Something went wrong" }))).toBeNull();
    expect(parseServerFrame(json({ type: "error", code: "", message: "Something went wrong" }))).toBeNull();
    expect(parseServerFrame(json({ type: "error", code: 429, message: "Wait" }))).toBeNull();
    expect(parseServerFrame(json({ type: "error", code: "rate_limited" }))).toBeNull();
    expect(parseServerFrame(json({ type: "error", code: "rate_limited", message: "Wait", retryAfterMs: "1000" }))).toBeNull();
    expect(parseServerFrame(json({ type: "error", code: "rate_limited", message: "Wait", clientId: 7 }))).toBeNull();
  });

  it("rejects a hello with a field missing or of the wrong type", () => {
    for (const field of ["conversationId", "role", "lastSeq", "livePreview", "status"]) {
      const { [field]: _, ...rest } = hello as Record<string, unknown>;
      expect(parseServerFrame(json(rest)), field).toBeNull();
    }
    expect(parseServerFrame(json({ ...hello, role: "admin" }))).toBeNull();
    expect(parseServerFrame(json({ ...hello, lastSeq: -1 }))).toBeNull();
    expect(parseServerFrame(json({ ...hello, lastSeq: 1.5 }))).toBeNull();
    expect(parseServerFrame(json({ ...hello, livePreview: "yes" }))).toBeNull();
    expect(parseServerFrame(json({ ...hello, status: "ended" }))).toBeNull();
  });

  it("rejects a message with a field missing or of the wrong type", () => {
    for (const field of ["seq", "clientId", "author", "body", "createdAt"]) {
      const { [field]: _, ...rest } = created as Record<string, unknown>;
      expect(parseServerFrame(json(rest)), field).toBeNull();
    }
    expect(parseServerFrame(json({ ...created, body: 42 }))).toBeNull();
    expect(parseServerFrame(json({ ...created, author: { kind: "robot", name: "R" } }))).toBeNull();
    expect(parseServerFrame(json({ ...created, author: { kind: "visitor" } }))).toBeNull();
    expect(parseServerFrame(json({ ...created, author: { kind: "operator", name: "O", avatarUrl: 1 } }))).toBeNull();
    expect(parseServerFrame(json({ ...created, author: "Olga" }))).toBeNull();
  });

  it("rejects malformed typing, preview and presence frames", () => {
    expect(parseServerFrame(json({ type: "typing", role: "visitor" }))).toBeNull();
    expect(parseServerFrame(json({ type: "typing", role: "bot", active: true }))).toBeNull();
    expect(parseServerFrame(json({ type: "typing.preview" }))).toBeNull();
    expect(parseServerFrame(json({ type: "presence", visitorOnline: true }))).toBeNull();
    expect(parseServerFrame(json({ type: "presence", operators: [] }))).toBeNull();
    expect(parseServerFrame(json({ type: "presence", visitorOnline: true, operators: [{ id: "o1" }] }))).toBeNull();
    expect(parseServerFrame(json({ type: "presence", visitorOnline: true, operators: [{ id: 1, name: "O" }] }))).toBeNull();
    expect(parseServerFrame(json({ type: "presence", visitorOnline: true, operators: ["Olga"] }))).toBeNull();
  });

  it("rejects what is not a frame", () => {
    for (const data of ["", "not json", "null", "[]", "42", '"hello"', json({}), json({ type: "pong" }), json({ type: 1 })]) {
      expect(parseServerFrame(data), data).toBeNull();
    }
    expect(parseServerFrame(new ArrayBuffer(4))).toBeNull();
    expect(parseServerFrame(undefined)).toBeNull();
  });
});

describe("parseInboxFrame", () => {
  it("accepts the inbox's two frames and nothing else", () => {
    expect(parseInboxFrame(json({ type: "conversation.changed", conversationId: "c1", x: 1 }))).toEqual({
      type: "conversation.changed",
      conversationId: "c1",
    });
    expect(parseInboxFrame(json({ type: "conversation.erased", conversationId: "c2" }))).toEqual({
      type: "conversation.erased",
      conversationId: "c2",
    });
    expect(parseInboxFrame(json({ type: "conversation.changed" }))).toBeNull();
    expect(parseInboxFrame(json({ type: "conversation.changed", conversationId: 5 }))).toBeNull();
    expect(parseInboxFrame(json({ type: "error", code: "session_expired", message: "x", conversationId: "c1" }))).toBeNull();
    expect(parseInboxFrame("{")).toBeNull();
  });

  it("takes a flush's activity field by field, and refuses the frame when one is wrong", () => {
    const activity = { status: "open", messageCount: 3, lastMessageAt: 1_700_000_000_000, waitingSince: null };
    expect(parseInboxFrame(json({ type: "conversation.changed", conversationId: "c1", activity: { ...activity, name: "Vera" } }))).toEqual({
      type: "conversation.changed",
      conversationId: "c1",
      activity,
    });
    for (const wrong of [
      null,
      "open",
      { ...activity, status: "deleted" },
      { ...activity, messageCount: -1 },
      { ...activity, messageCount: 1.5 },
      { ...activity, lastMessageAt: "yesterday" },
      { ...activity, waitingSince: undefined },
      { status: "open", messageCount: 3 },
    ]) {
      expect(
        parseInboxFrame(json({ type: "conversation.changed", conversationId: "c1", activity: wrong })),
        JSON.stringify(wrong),
      ).toBeNull();
    }
  });
});

describe("isTerminalCloseCode", () => {
  it("is true for 4000–4999 only", () => {
    expect([3999, 4000, 4401, 4410, 4429, 4999, 5000, 1000, 1006, 1008].filter(isTerminalCloseCode)).toEqual([
      4000, 4401, 4410, 4429, 4999,
    ]);
  });
});
