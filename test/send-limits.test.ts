import { describe, expect, it } from "vitest";
import { DEFAULT_SEND_LIMITS, HOLD_BACK_MS, SendGate, sendLimitsFrom, TokenBucket } from "../src/conversation/send-limits";
import { CLOSE_TOO_MANY_SOCKETS } from "../src/shared/frames";
import { ResendSchedule } from "../src/shared/resend-schedule";
import { login, operatorSocket, seedAccount, startChat, type TestSocket, visitorSocket } from "./helpers";

describe("token bucket", () => {
  it("allows the burst, then one token per refill interval", () => {
    const bucket = new TokenBucket(3, 2, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([0, 0, 0]);
    expect(bucket.take(0)).toBe(500);
    expect(bucket.take(499)).toBe(1);
    expect(bucket.take(500)).toBe(0);
    // Idle time refills no further than the burst.
    expect([bucket.take(60_000), bucket.take(60_000), bucket.take(60_000), bucket.take(60_000)]).toEqual([0, 0, 0, 500]);
  });

  it("takes its limits from the environment only when they are sensible numbers", () => {
    expect(sendLimitsFrom({})).toEqual(DEFAULT_SEND_LIMITS);
    expect(sendLimitsFrom({ SEND_LIMIT_PER_SECOND: "abc", SEND_LIMIT_BURST: "-4" })).toEqual(DEFAULT_SEND_LIMITS);
    expect(sendLimitsFrom({ SEND_LIMIT_PER_SECOND: "100" })).toEqual({
      messages: { perSecond: 100, burst: 20 },
      typing: { perSecond: 500, burst: 40 },
    });
  });
});

describe("send gate", () => {
  it("holds back every later message while a refused one is out, so none overtakes it", () => {
    const gate = new SendGate({ messages: { burst: 2, perSecond: 1 }, typing: { burst: 5, perSecond: 5 } }, 0);
    expect([gate.message("a", 0), gate.message("b", 0)]).toEqual([0, 0]);
    expect(gate.message("c", 0)).toBe(1000);
    // A token frees up, but "d" may not take it before "c".
    expect(gate.message("d", 1500)).toBeGreaterThan(0);
    expect(gate.message("c", 1500)).toBe(0);
    expect(gate.message("d", 2600)).toBe(0);
  });

  it("gives up on a refused message that never comes back", () => {
    const gate = new SendGate({ messages: { burst: 1, perSecond: 1 }, typing: { burst: 5, perSecond: 5 } }, 0);
    expect(gate.message("a", 0)).toBe(0);
    expect(gate.message("lost", 0)).toBeGreaterThan(0);
    expect(gate.message("b", 30_000)).toBeGreaterThan(0);
    expect(gate.message("b", HOLD_BACK_MS + 1)).toBe(0);
  });
});

describe("send limits in the room", () => {
  it("refuses messages beyond the burst with their clientId and a wait, stores none of them, and takes them on retry", {
    timeout: 90_000,
  }, async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey);
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    const operator = await operatorSocket(await login(account.adminEmail), chat.conversationId);
    await operator.until((s) => s.ofType("hello").length === 1);
    // The test pool allows a burst of 250 and 5 a second: 300 at once must overflow.
    const ids = Array.from({ length: 300 }, (_, i) => `m${i}`);
    for (const id of ids) visitor.send({ type: "message.send", clientId: id, body: `body ${id}` });
    await visitor.until((s) => s.messages().length + s.ofType("error").length >= 300, 30_000);
    const refused = visitor.ofType("error");
    expect(refused.length).toBeGreaterThan(0);
    for (const error of refused) {
      expect(error).toMatchObject({ code: "rate_limited", clientId: expect.stringMatching(/^m\d+$/) });
      expect(error.retryAfterMs).toBeGreaterThan(0);
    }
    const refusedIds = new Set(refused.map((e) => e.clientId!));
    const stored = new Set(operator.messages().map((m) => m.clientId));
    for (const id of refusedIds) expect(stored.has(id)).toBe(false);

    // After the wait, the refused ones go again, oldest first, as the widget and the app send them:
    // the room holds back every later message until the oldest refused one is back.
    let waiting = ids.filter((id) => refusedIds.has(id));
    for (let round = 0; waiting.length > 0 && round < 500; round++) {
      const errorsBefore = visitor.ofType("error").length;
      for (const id of waiting) visitor.send({ type: "message.send", clientId: id, body: `body ${id}` });
      const answered = (s: typeof visitor, id: string) =>
        s.messages().some((m) => m.clientId === id) ||
        s
          .ofType("error")
          .slice(errorsBefore)
          .some((e) => e.clientId === id);
      await visitor.until((s) => waiting.every((id) => answered(s, id)), 10_000);
      waiting = waiting.filter((id) => !visitor.messages().some((m) => m.clientId === id));
      const waits = visitor
        .ofType("error")
        .slice(errorsBefore)
        .map((e) => e.retryAfterMs ?? 0);
      if (waiting.length > 0) await new Promise((r) => setTimeout(r, Math.max(...waits)));
    }
    await operator.until((s) => s.messages().length === 300, 20_000);
    expect(new Set(operator.messages().map((m) => m.clientId))).toEqual(new Set(ids));
    expect(operator.messages().map((m) => m.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it("refuses typing floods with an error frame and relays nothing for them", async () => {
    const account = await seedAccount({ privacyMode: false });
    const chat = await startChat(account.siteKey);
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    const operator = await operatorSocket(await login(account.adminEmail), chat.conversationId);
    // Live frames reach a socket once its replay is done: a message through proves the operator is there.
    visitor.send({ type: "message.send", clientId: "ready", body: "ready?" });
    await operator.until((s) => s.messages().some((m) => m.clientId === "ready"));
    // Typing frames: a burst of twice the message burst (500 in the pool), 25 a second.
    for (let i = 0; i < 600; i++) visitor.send({ type: "typing.preview", text: `t${i}` });
    await visitor.until((s) => s.ofType("error").length > 0, 20_000);
    expect(visitor.ofType("error")[0]).toMatchObject({ code: "rate_limited" });
    visitor.send({ type: "message.send", clientId: "after", body: "still here" });
    await operator.until((s) => s.messages().some((m) => m.clientId === "after"), 10_000);
    // Every preview frame is either relayed (to the operator) or refused (to the visitor), none both.
    // Refusals and relays travel on two sockets, so wait until all 600 are accounted for on both:
    // counting the refusals when the operator heard "after" raced with the visitor's socket.
    const refused = () => visitor.ofType("error").filter((e) => e.code === "rate_limited").length;
    const relayed = () => operator.ofType("typing.preview").length;
    await operator.until(() => relayed() + refused() >= 600, 20_000, "every preview relayed or refused");
    expect(refused()).toBeGreaterThan(0);
    expect(relayed() + refused()).toBe(600);
  });
});

describe("send limits per person, not per socket", () => {
  it("gives a visitor's sockets one budget between them, so more sockets buy no more burst", { timeout: 90_000 }, async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey);
    const sockets = await Promise.all([0, 1, 2].map(() => visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken)));
    for (const socket of sockets) await socket.until((s) => s.ofType("hello").length === 1);
    // The pool's burst is 250: each socket alone stays well under it, the three together do not.
    sockets.forEach((socket, n) => {
      for (let i = 0; i < 150; i++) socket.send({ type: "message.send", clientId: `s${n}-${i}`, body: `body ${n}-${i}` });
    });
    const answered = (s: TestSocket, n: number) =>
      s.ofType("error").length + s.messages().filter((m) => m.clientId.startsWith(`s${n}-`)).length >= 150;
    await Promise.all(sockets.map((socket, n) => socket.until((s) => answered(s, n), 60_000, `socket ${n} answered`)));
    const refused = sockets.flatMap((socket) => socket.ofType("error")).filter((e) => e.code === "rate_limited");
    expect(refused.length).toBeGreaterThan(0);
  });

  it("does the same for an operator's sockets", { timeout: 90_000 }, async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey);
    const cookie = await login(account.adminEmail);
    const sockets = await Promise.all([0, 1].map(() => operatorSocket(cookie, chat.conversationId)));
    for (const socket of sockets) await socket.until((s) => s.ofType("hello").length === 1);
    sockets.forEach((socket, n) => {
      for (let i = 0; i < 200; i++) socket.send({ type: "message.send", clientId: `o${n}-${i}`, body: `body ${n}-${i}` });
    });
    const answered = (s: TestSocket, n: number) =>
      s.ofType("error").length + s.messages().filter((m) => m.clientId.startsWith(`o${n}-`)).length >= 200;
    await Promise.all(sockets.map((socket, n) => socket.until((s) => answered(s, n), 60_000, `socket ${n} answered`)));
    expect(sockets.flatMap((socket) => socket.ofType("error")).filter((e) => e.code === "rate_limited").length).toBeGreaterThan(0);
  });

  it("keeps at most five sockets per visitor and per operator, closing the oldest with a terminal code", async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey);
    const visitors: TestSocket[] = [];
    for (let i = 0; i < 6; i++) {
      const socket = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
      await socket.until((s) => s.ofType("hello").length === 1);
      visitors.push(socket);
    }
    await visitors[0]!.until((s) => s.closed !== null, 10_000, "the oldest visitor socket to close");
    expect(visitors[0]!.closed?.code).toBe(CLOSE_TOO_MANY_SOCKETS);
    expect(visitors[0]!.ofType("error")).toMatchObject([{ code: "too_many_connections" }]);
    expect(visitors.slice(1).map((s) => s.closed)).toEqual([null, null, null, null, null]);
    const cookie = await login(account.adminEmail);
    const operators: TestSocket[] = [];
    for (let i = 0; i < 7; i++) {
      const socket = await operatorSocket(cookie, chat.conversationId);
      await socket.until((s) => s.ofType("hello").length === 1);
      operators.push(socket);
    }
    for (const socket of operators.slice(0, 2)) {
      await socket.until((s) => s.closed !== null, 10_000, "an old operator socket to close");
      expect(socket.closed?.code).toBe(CLOSE_TOO_MANY_SOCKETS);
    }
    expect(operators.slice(2).map((s) => s.closed)).toEqual([null, null, null, null, null]);
    // The visitor's sockets are counted apart from the operator's: all five still open.
    expect(visitors.slice(1).map((s) => s.closed)).toEqual([null, null, null, null, null]);
    // And the newest still works.
    visitors[5]!.send({ type: "message.send", clientId: "last", body: "still here" });
    await operators[6]!.until((s) => s.messages().some((m) => m.clientId === "last"));
  });
});

describe("the clients' resend schedule", () => {
  it("resends once the replay reached hello's lastSeq, and holds new messages until then", () => {
    let resends = 0;
    const schedule = new ResendSchedule(() => resends++);
    schedule.hello(5, 3);
    expect([resends, schedule.open]).toEqual([0, false]);
    schedule.seen(4);
    expect(resends).toBe(0);
    schedule.seen(5);
    expect([resends, schedule.open]).toEqual([1, true]);
    schedule.seen(6);
    expect(resends).toBe(1);
    // Nothing to wait for: at once.
    schedule.hello(6, 6);
    expect([resends, schedule.open]).toEqual([2, true]);
  });

  it("waits out a send limit with one timer however many refusals come, and a hello cancels it", async () => {
    let resends = 0;
    const schedule = new ResendSchedule(() => resends++);
    schedule.refused(100);
    schedule.refused(100);
    schedule.refused(5_000);
    expect(schedule.open).toBe(false);
    await new Promise((r) => setTimeout(r, 250));
    expect([resends, schedule.open]).toEqual([1, true]);
    schedule.refused(100);
    schedule.hello(0, 0);
    await new Promise((r) => setTimeout(r, 250));
    expect(resends).toBe(2); // the hello's resend, not the cancelled timer's
    schedule.refused(100);
    schedule.stop();
    await new Promise((r) => setTimeout(r, 250));
    expect([resends, schedule.open]).toEqual([2, true]);
  });
});
