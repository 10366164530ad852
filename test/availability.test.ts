import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { IDLE_CLOSE_MS } from "../src/conversation/conversation-room";
import { createDepartment, createRole } from "../src/db/accounts";
import { openDb } from "../src/db/client";
import { queueEmails } from "../src/email/outbox";
import type { InboxOperatorsFrame } from "../src/shared/frames";
import { builtInRoles } from "../src/shared/permissions";
import {
  accountsD1,
  addOperator,
  BASE,
  departmentAgentRole,
  login,
  noTraces,
  operatorSocket,
  patchWidget,
  roomStub,
  SITE_ORIGIN,
  seedAccount,
  startChat,
  type TestAccount,
  TestSocket,
  tracesOf,
  upgrade,
} from "./helpers";
import { createToken } from "./helpers/api-tokens";
import { exportInZip } from "./helpers/export";
import { caughtMail, mailTo } from "./helpers/mailbox";

// Issue 13: operators' availability (online, away, offline), what the widget may know of it, the
// leave-a-message start, the waiting line and the switch from waiting to leaving a message.

async function openInbox(cookie: string): Promise<TestSocket> {
  const res = await upgrade(`${BASE}/api/v1/inbox/socket`, { Origin: BASE, Cookie: cookie });
  if (!res.webSocket) throw new Error(`inbox upgrade failed: ${res.status}`);
  return new TestSocket(res.webSocket);
}

const lastStatuses = (s: TestSocket): InboxOperatorsFrame["operators"] | undefined =>
  (s.frames as unknown as InboxOperatorsFrame[]).filter((f) => f.type === "operators.status").at(-1)?.operators;

async function operatorId(account: TestAccount, email: string): Promise<string> {
  const row = await accountsD1
    .prepare("SELECT id FROM operators WHERE account_id = ? AND email = ?")
    .bind(account.accountId, email)
    .first<{ id: string }>();
  return row!.id;
}

async function config(siteKey: string): Promise<{ available: boolean; hours: unknown }> {
  const res = await SELF.fetch(`${BASE}/w/${siteKey}/config`, { headers: { Origin: SITE_ORIGIN } });
  expect(res.status).toBe(200);
  return res.json();
}

const ownStatus = async (cookie: string) =>
  (await SELF.fetch(`${BASE}/api/v1/me/status`, { headers: { Origin: BASE, Cookie: cookie } })).json() as Promise<{
    chosen: string;
    current: string;
  }>;

const chooseStatus = (cookie: string, status: unknown) =>
  SELF.fetch(`${BASE}/api/v1/me/status`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
    body: JSON.stringify({ status }),
  });

const visitorCall = (siteKey: string, chat: { conversationId: string; visitorToken: string }, path: string, body?: unknown) =>
  SELF.fetch(`${BASE}/w/${siteKey}/conversations/${chat.conversationId}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${chat.visitorToken}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const postStart = (siteKey: string, body: unknown) =>
  SELF.fetch(`${BASE}/w/${siteKey}/conversations`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: SITE_ORIGIN, "CF-Connecting-IP": "2001:db8:5::1" },
    body: JSON.stringify(body),
  });

/** Takes the conversation: assigns it to `operator` (the caller themself, as "Take" does). */
const take = (cookie: string, conversationId: string, operator: string) =>
  SELF.fetch(`${BASE}/api/v1/conversations/${conversationId}/assign`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
    body: JSON.stringify({ operatorId: operator }),
  });

const countConversations = async (account: TestAccount) =>
  (await accountsD1.prepare("SELECT COUNT(*) AS n FROM conversations WHERE account_id = ?").bind(account.accountId).first<{ n: number }>())!
    .n;

describe("operator availability", () => {
  it("is offline without an app, online with one, away when every tab is idle or by choice, offline by choice", async () => {
    const account = await seedAccount();
    const agentEmail = await addOperator(account, "Agent", "Anna Agent");
    const agentId = await operatorId(account, agentEmail);
    const [admin, agent] = await Promise.all([login(account.adminEmail), login(agentEmail)]);
    expect(await ownStatus(agent)).toEqual({ chosen: "online", current: "offline" });

    const watcher = await openInbox(admin);
    const tab1 = await openInbox(agent);
    const tab2 = await openInbox(agent);
    // Colleagues see each other's status on the inbox socket.
    await watcher.until(
      (s) => lastStatuses(s)?.some((o) => o.operatorId === agentId && o.status === "online") ?? false,
      10_000,
      "agent online",
    );
    expect(await ownStatus(agent)).toEqual({ chosen: "online", current: "online" });

    // One idle tab of two: still online. Both idle: away. Input in one: online again.
    tab1.send({ type: "activity", active: false });
    tab2.send({ type: "activity", active: false });
    await watcher.until(
      (s) => lastStatuses(s)?.some((o) => o.operatorId === agentId && o.status === "away") ?? false,
      10_000,
      "agent away",
    );
    tab2.send({ type: "activity", active: true });
    await watcher.until(
      (s) => lastStatuses(s)?.some((o) => o.operatorId === agentId && o.status === "online") ?? false,
      10_000,
      "agent back",
    );

    // Chosen by hand: away, then offline (hidden though the app is open), then online again.
    expect((await chooseStatus(agent, "away")).status).toBe(200);
    expect(await ownStatus(agent)).toEqual({ chosen: "away", current: "away" });
    await chooseStatus(agent, "offline");
    await watcher.until((s) => !(lastStatuses(s)?.some((o) => o.operatorId === agentId) ?? true), 10_000, "agent hidden");
    expect(await ownStatus(agent)).toEqual({ chosen: "offline", current: "offline" });
    await chooseStatus(agent, "online");

    // Every app closed: offline.
    tab1.close();
    tab2.close();
    await watcher.until((s) => !(lastStatuses(s)?.some((o) => o.operatorId === agentId) ?? true), 10_000, "agent offline");
    watcher.close();
  });

  it("refuses a status that is not one, and an inbox frame that is not activity, changing nothing", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const res = await chooseStatus(cookie, "busy");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_request" } });
    const inbox = await openInbox(cookie);
    await inbox.until((s) => lastStatuses(s) !== undefined, 10_000, "statuses");
    inbox.send({ type: "activity", active: "no" });
    await inbox.until((s) => s.ofType("error").length === 1, 10_000, "an error frame");
    expect(inbox.ofType("error")[0]).toMatchObject({ code: "invalid_frame" });
    expect(await ownStatus(cookie)).toEqual({ chosen: "online", current: "online" });
    inbox.close();
  });

  it("an API token's inbox socket does not make its operator present", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const { bearer } = await createToken(cookie);
    const res = await upgrade(`${BASE}/api/v1/inbox/socket`, bearer);
    const feed = new TestSocket(res.webSocket!);
    await feed.until((s) => lastStatuses(s) !== undefined, 10_000, "statuses");
    expect(lastStatuses(feed)).toEqual([]);
    expect((await config(account.siteKey)).available).toBe(false);
    feed.close();
  });
});

describe("what the widget knows: someone can answer", () => {
  it("is true only while an operator who may answer in the widget's department is online", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    const sales = await createDepartment(db, account.accountId, "Sales", Date.now());
    const salesOnly = await createRole(db, {
      accountId: account.accountId,
      name: "Sales agent",
      permissions: builtInRoles.Agent,
      departmentIds: [sales],
      now: Date.now(),
    });
    const readOnly = await login(await addOperator(account, "Read-only"));
    const salesAgent = await login(await addOperator(account, { roleId: salesOnly }));
    const agent = await login(await addOperator(account, "Agent"));

    expect(await config(account.siteKey)).toMatchObject({ available: false, hours: null });
    // A reader cannot answer, and a Sales agent does not answer the General widget.
    const readerInbox = await openInbox(readOnly);
    const salesInbox = await openInbox(salesAgent);
    await salesInbox.until((s) => (lastStatuses(s)?.length ?? 0) >= 2, 10_000, "both present");
    expect((await config(account.siteKey)).available).toBe(false);

    const agentInbox = await openInbox(agent);
    await agentInbox.until((s) => (lastStatuses(s)?.length ?? 0) === 3, 10_000, "three present");
    expect((await config(account.siteKey)).available).toBe(true);
    // Away is not available.
    agentInbox.send({ type: "activity", active: false });
    await salesInbox.until((s) => lastStatuses(s)?.some((o) => o.status === "away") ?? false, 10_000, "agent away");
    expect((await config(account.siteKey)).available).toBe(false);
    for (const s of [readerInbox, salesInbox, agentInbox]) s.close();
  });
});

describe("leaving a message", () => {
  it("stores the message as an offline conversation, sealed, with the choice about email replies on the receipt", async () => {
    const account = await seedAccount();
    const started = await postStart(account.siteKey, {
      consent: true,
      name: "Lea Leaving",
      email: "lea@example.com",
      leaveMessage: { clientId: "left-1", body: "Please call me back about my order 4711", emailReplies: true },
    });
    expect(started.status).toBe(201);
    const chat = (await started.json()) as { conversationId: string; visitorToken: string };
    const row = await accountsD1.prepare("SELECT origin, status FROM conversations WHERE id = ?").bind(chat.conversationId).first();
    expect(row).toEqual({ origin: "offline", status: "open" });
    const receipt = await accountsD1
      .prepare("SELECT email_replies FROM consent_receipts WHERE conversation_id = ?")
      .bind(chat.conversationId)
      .first<{ email_replies: number }>();
    expect(receipt?.email_replies).toBe(1);

    // The operator finds the message in the conversation, and the room never holds it in the clear.
    const cookie = await login(account.adminEmail);
    const operator = await operatorSocket(cookie, chat.conversationId);
    await operator.until((s) => s.messages().length === 1, 10_000, "the left message");
    expect(operator.messages()[0]).toMatchObject({ body: "Please call me back about my order 4711", author: { kind: "visitor" } });
    const roomText = await runInDurableObject(roomStub(chat.conversationId), (_i, state) =>
      JSON.stringify(state.storage.sql.exec("SELECT * FROM messages").toArray()),
    );
    expect(roomText).not.toContain("4711");
    // The summary says it is a left message.
    const summary = await SELF.fetch(`${BASE}/api/v1/conversations/${chat.conversationId}`, { headers: { Origin: BASE, Cookie: cookie } });
    expect(await summary.json()).toMatchObject({ origin: "offline" });

    // A left message waits for its answer: an hour and more without messages does not end it.
    const stub = roomStub(chat.conversationId);
    await runDurableObjectAlarm(stub); // flushes the message to D1
    await runInDurableObject(stub, async (_i, state) => {
      const saved = JSON.parse(state.storage.sql.exec("SELECT state FROM room_state").one().state as string) as { lastActivityAt: number };
      state.storage.sql.exec(
        "UPDATE room_state SET state = ?",
        JSON.stringify({ ...saved, lastActivityAt: saved.lastActivityAt - IDLE_CLOSE_MS - 1 }),
      );
      await state.storage.setAlarm(Date.now());
    });
    await abortAllDurableObjects(); // drop the in-memory copy of the state
    await runDurableObjectAlarm(roomStub(chat.conversationId));
    await runDurableObjectAlarm(roomStub(chat.conversationId));
    const roomStatus = await runInDurableObject(
      roomStub(chat.conversationId),
      (_i, state) =>
        (JSON.parse(state.storage.sql.exec("SELECT state FROM room_state").one().state as string) as { status: string }).status,
    );
    expect(roomStatus).toBe("open");
    expect(await accountsD1.prepare("SELECT status FROM conversations WHERE id = ?").bind(chat.conversationId).first()).toEqual({
      status: "open",
    });
    operator.close();
  });

  it("refuses email replies without an email, and a blank message, storing nothing", async () => {
    const account = await seedAccount();
    const before = await countConversations(account);
    const noEmail = await postStart(account.siteKey, { consent: true, leaveMessage: { clientId: "x", body: "Hello", emailReplies: true } });
    expect(noEmail.status).toBe(400);
    expect(await noEmail.json()).toMatchObject({ error: { code: "email_required" } });
    const blank = await postStart(account.siteKey, { consent: true, leaveMessage: { clientId: "x", body: "   " } });
    expect(blank.status).toBe(400);
    expect(await blank.json()).toMatchObject({ error: { code: "invalid_request" } });
    expect(await countConversations(account)).toBe(before);
  });
});

describe("business hours at the start", () => {
  it("refuses a live chat while closed and takes a left message", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    // Closed every day of the week.
    const closed = { timeZone: "Europe/Berlin", weekly: [[], [], [], [], [], [], []], exceptions: [] };
    expect((await patchWidget(cookie, account.widgetId, { businessHours: closed })).status).toBe(200);
    expect((await config(account.siteKey)).hours).toEqual({ open: false, changesAt: null });
    const before = await countConversations(account);
    const live = await postStart(account.siteKey, { consent: true });
    expect(live.status).toBe(409);
    expect(await live.json()).toMatchObject({ error: { code: "widget_closed" } });
    expect(await countConversations(account)).toBe(before);
    const left = await postStart(account.siteKey, { consent: true, leaveMessage: { clientId: "c", body: "We need an offer" } });
    expect(left.status).toBe(201);
  });
});

describe("the waiting line", () => {
  it("counts down as earlier chats are taken, and a taken chat is no longer waiting", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const first = await startChat(account.siteKey);
    const second = await startChat(account.siteKey);
    const third = await startChat(account.siteKey);
    const place = async (chat: typeof first) =>
      ((await (await visitorCall(account.siteKey, chat, "/queue")).json()) as { position: number | null }).position;
    expect([await place(first), await place(second), await place(third)]).toEqual([1, 2, 3]);

    expect((await take(cookie, first.conversationId, await operatorId(account, account.adminEmail))).status).toBe(200);
    expect([await place(first), await place(second), await place(third)]).toEqual([null, 1, 2]);

    // An operator's answer takes it off the line too, once it reaches D1.
    const operator = await operatorSocket(cookie, second.conversationId);
    operator.send({ type: "message.send", clientId: "hi", body: "Hello, how can I help?" });
    await operator.until((s) => s.messages().length === 1, 10_000, "the answer");
    await runDurableObjectAlarm(roomStub(second.conversationId));
    expect(await place(third)).toBe(1);
    operator.close();

    // Nobody else's token reads this line.
    const foreign = await visitorCall(
      account.siteKey,
      { conversationId: third.conversationId, visitorToken: first.visitorToken },
      "/queue",
    );
    expect(foreign.status).toBe(403);
  });

  it("lets a waiting visitor leave a message instead, with email replies, but not once an operator has the chat", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const waiting = await startChat(account.siteKey, { consent: true });
    const noEmail = await visitorCall(account.siteKey, waiting, "/leave-message", { emailReplies: true });
    expect(noEmail.status).toBe(400);
    expect(await noEmail.json()).toMatchObject({ error: { code: "email_required" } });
    expect((await accountsD1.prepare("SELECT origin FROM conversations WHERE id = ?").bind(waiting.conversationId).first())?.origin).toBe(
      "chat",
    );

    const switched = await visitorCall(account.siteKey, waiting, "/leave-message", { email: "wait@example.com", emailReplies: true });
    expect(switched.status).toBe(204);
    const row = await accountsD1
      .prepare(
        "SELECT c.origin, c.visitor_email_enc, r.email_replies FROM conversations c JOIN consent_receipts r ON r.conversation_id = c.id WHERE c.id = ?",
      )
      .bind(waiting.conversationId)
      .first<{ origin: string; visitor_email_enc: string; email_replies: number }>();
    expect(row).toMatchObject({ origin: "offline", email_replies: 1 });
    expect(row?.visitor_email_enc).not.toContain("wait@example.com");
    expect(((await (await visitorCall(account.siteKey, waiting, "/queue")).json()) as { position: unknown }).position).toBeNull();

    const taken = await startChat(account.siteKey, { consent: true });
    expect((await take(cookie, taken.conversationId, await operatorId(account, account.adminEmail))).status).toBe(200);
    const late = await visitorCall(account.siteKey, taken, "/leave-message", { emailReplies: false });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ error: { code: "not_waiting" } });
  });
});

describe("automatic assignment", () => {
  it("gives each new chat to the least busy online answerer and never beyond their slots, even when chats start at once", async () => {
    const account = await seedAccount();
    const admin = await login(account.adminEmail);
    expect((await patchWidget(admin, account.widgetId, { routing: "auto_assign" })).status).toBe(200);
    const [oneEmail, twoEmail] = [await addOperator(account, "Agent", "One Slot"), await addOperator(account, "Agent", "Two Slots")];
    const [one, two] = [await operatorId(account, oneEmail), await operatorId(account, twoEmail)];
    await accountsD1
      .prepare("UPDATE operators SET chat_slots = CASE id WHEN ? THEN 1 ELSE 2 END WHERE id IN (?, ?)")
      .bind(one, one, two)
      .run();
    // The admin stays offline (no app open): only the two agents are online.
    const inboxes = [await openInbox(await login(oneEmail)), await openInbox(await login(twoEmail))];
    await inboxes[0]!.until((s) => (lastStatuses(s)?.length ?? 0) === 2, 10_000, "both online");

    const chats = await Promise.all(Array.from({ length: 5 }, () => startChat(account.siteKey)));
    const rows = await accountsD1
      .prepare("SELECT id, assigned_operator_id AS assignee FROM conversations WHERE account_id = ?")
      .bind(account.accountId)
      .all<{ id: string; assignee: string | null }>();
    const load = (id: string) => rows.results.filter((r) => r.assignee === id).length;
    expect(load(one)).toBe(1);
    expect(load(two)).toBe(2);
    // The two beyond every slot wait in line, first come first served.
    const unassigned = chats.filter((c) => rows.results.find((r) => r.id === c.conversationId)?.assignee === null);
    expect(unassigned).toHaveLength(2);
    const places = await Promise.all(
      unassigned.map(async (c) => ((await (await visitorCall(account.siteKey, c, "/queue")).json()) as { position: number }).position),
    );
    expect(places.sort()).toEqual([1, 2]);
    for (const inbox of inboxes) inbox.close();
  });

  it("leaves the chat unassigned with routing offer_all", async () => {
    const account = await seedAccount();
    const inbox = await openInbox(await login(await addOperator(account, "Agent")));
    await inbox.until((s) => (lastStatuses(s)?.length ?? 0) === 1, 10_000, "online");
    const chat = await startChat(account.siteKey);
    const row = await accountsD1
      .prepare("SELECT assigned_operator_id AS assignee FROM conversations WHERE id = ?")
      .bind(chat.conversationId)
      .first();
    expect(row).toEqual({ assignee: null });
    inbox.close();
  });
});

describe("email alerts to operators without the app open", () => {
  it("tell those without an app open of a left message; those with one get the app's notifications", async () => {
    const account = await seedAccount();
    const away = await addOperator(account, "Agent", "Away Agent");
    const present = await addOperator(account, "Agent", "Present Agent");
    const inbox = await openInbox(await login(present));
    await inbox.until((s) => (lastStatuses(s)?.length ?? 0) === 1, 10_000, "present online");
    const started = await postStart(account.siteKey, { consent: true, leaveMessage: { clientId: "a", body: "Call me back" } });
    expect(started.status).toBe(201);
    const [mail] = await mailTo(away);
    expect(mail!.text).not.toContain("Call me back");
    expect(mail!.text).toContain("/app/");
    // The admin has no app open either: alerted too. The present agent is not.
    await mailTo(account.adminEmail);
    expect((await caughtMail()).some((m) => m.to.includes(present))).toBe(false);
    inbox.close();
  });

  it("tell them of a chat nobody answered within the widget's minutes, once, and not of an answered one", async () => {
    const account = await seedAccount();
    const admin = await login(account.adminEmail);
    expect((await patchWidget(admin, account.widgetId, { unansweredAlertMinutes: 1 })).status).toBe(200);
    const agent = await addOperator(account, "Agent", "Absent Agent");
    /** Moves the alert's time to now (on fresh instances: no in-memory copy of the state writes over it). */
    const dueNow = async (conversationId: string) => {
      await runInDurableObject(roomStub(conversationId), async (_i, state) => {
        const saved = JSON.parse(state.storage.sql.exec("SELECT state FROM room_state").one().state as string) as {
          unansweredAlertAt?: number;
        };
        expect(saved.unansweredAlertAt).toBeGreaterThan(Date.now() + 30_000);
        state.storage.sql.exec("UPDATE room_state SET state = ?", JSON.stringify({ ...saved, unansweredAlertAt: Date.now() - 1 }));
        await state.storage.setAlarm(Date.now());
      });
    };

    /** Runs the room's alarm (unless the runtime already did) until the alert is no longer pending. */
    const alertDealtWith = (conversationId: string) =>
      vi.waitFor(
        async () => {
          await runDurableObjectAlarm(roomStub(conversationId));
          const pending = await runInDurableObject(
            roomStub(conversationId),
            (_i, state) =>
              (JSON.parse(state.storage.sql.exec("SELECT state FROM room_state").one().state as string) as { unansweredAlertAt?: number })
                .unansweredAlertAt,
          );
          expect(pending).toBeUndefined();
        },
        { timeout: 10_000 },
      );

    const answered = await startChat(account.siteKey);
    const operator = await operatorSocket(admin, answered.conversationId);
    operator.send({ type: "message.send", clientId: "hello", body: "Hello!" });
    await operator.until((s) => s.messages().length === 1, 10_000, "the answer");
    operator.close();
    const unanswered = await startChat(account.siteKey);
    await abortAllDurableObjects();
    await dueNow(answered.conversationId);
    await dueNow(unanswered.conversationId);
    await alertDealtWith(answered.conversationId);
    await alertDealtWith(unanswered.conversationId);

    const mail = await mailTo(agent);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe("A chat is waiting for an answer");
    // Once: a later alarm sends nothing more.
    await runInDurableObject(roomStub(unanswered.conversationId), (_i, state) => state.storage.setAlarm(Date.now()));
    await runDurableObjectAlarm(roomStub(unanswered.conversationId));
    expect((await caughtMail()).filter((m) => m.to.includes(agent))).toHaveLength(1);
  });
});

describe("erasure", () => {
  it("takes everything issue 13 adds to a conversation with it: the left message, the email-replies choice, tags, rating and comment, pending emails", async () => {
    const account = await seedAccount();
    const started = await postStart(account.siteKey, {
      consent: true,
      email: "erase-me@example.com",
      leaveMessage: { clientId: "e1", body: "Please erase all of this", emailReplies: true },
    });
    const chat = (await started.json()) as { conversationId: string; visitorToken: string };
    const cookie = await login(account.adminEmail);
    const tagged = await SELF.fetch(`${BASE}/api/v1/conversations/${chat.conversationId}`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
      body: JSON.stringify({ tags: ["Billing"] }),
    });
    expect(tagged.status).toBe(200);
    // An email that has not gone out yet (queued, not delivered).
    const queued = await queueEmails(
      env,
      openDb(accountsD1),
      [
        {
          accountId: account.accountId,
          conversationId: chat.conversationId,
          kind: "visitor_reply",
          to: "erase-me@example.com",
          subject: "Re",
          text: "Reply",
        },
      ],
      Date.now(),
    );
    expect(queued).toHaveLength(1);
    const operator = await operatorSocket(cookie, chat.conversationId);
    await operator.until((s) => s.ofType("hello").length === 1, 10_000, "hello");
    operator.send({ type: "conversation.close" });
    await operator.until((s) => s.ofType("conversation.closed").length === 1, 10_000, "the end");
    const rated = await visitorCall(account.siteKey, chat, "/rating", { rating: 2, comment: "Too slow" });
    expect(rated.status).toBe(204);
    const before = await tracesOf(chat.conversationId);
    expect(before.d1.email_outbox).toHaveLength(1);
    expect(before.d1.conversation_tags).toHaveLength(1);
    expect(before.d1.consent_receipts).toMatchObject([{ email_replies: 1 }]);
    expect(before.d1.conversations).toMatchObject([{ origin: "offline", rating: 2 }]);
    // The data-subject export shows them: the left message's origin, the rating comment, the email not sent yet.
    const exported = await SELF.fetch(`${BASE}/api/v1/data-subject/export`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
      body: JSON.stringify({ email: "erase-me@example.com", format: "json" }),
    });
    expect(exported.status).toBe(200);
    const subject = JSON.stringify(await (await exportInZip(exported)).json());
    for (const expected of [
      '"origin":"offline"',
      '"ratingComment":"Too slow"',
      '"to":"erase-me@example.com"',
      '"text":"Reply"',
      '"emailReplies":true',
    ]) {
      expect(subject).toContain(expected);
    }

    const erased = await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations/${chat.conversationId}`, {
      method: "DELETE",
      headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${chat.visitorToken}` },
    });
    expect(erased.status).toBe(204);
    expect(await tracesOf(chat.conversationId)).toEqual(noTraces);
  });
});

describe("colleagues' availability", () => {
  it("shows an operator the colleagues of their departments with their status, and nobody else's", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    const sales = await createDepartment(db, account.accountId, "Sales", Date.now());
    const role = (departmentIds: string[]) => departmentAgentRole(account, departmentIds);
    const salesEmail = await addOperator(account, { roleId: await role([sales]) }, "Sam Sales");
    await addOperator(account, { roleId: await role([account.departmentId]) }, "Gina General");
    const salesCookie = await login(salesEmail);
    const inbox = await openInbox(salesCookie);
    await inbox.until((s) => (lastStatuses(s)?.length ?? 0) === 1, 10_000, "online");
    const res = await SELF.fetch(`${BASE}/api/v1/inbox/operators`, { headers: { Origin: BASE, Cookie: salesCookie } });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { displayName: string; status: string }[] };
    // The admin covers every department; Gina works only in General, which Sam does not see.
    expect(items.map((c) => [c.displayName, c.status]).sort()).toEqual([
      ["Ada Admin", "offline"],
      ["Sam Sales", "online"],
    ]);
    inbox.close();
  });
});
