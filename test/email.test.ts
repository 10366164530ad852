import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signContinueToken } from "../src/crypto/continue-token";
import { openDb } from "../src/db/client";
import { alertOperators, emailTranscript, emailVisitorReply } from "../src/email/emails";
import { deliverOutboxEntry, queueEmails, RETRY_DELAYS_MS } from "../src/email/outbox";
import { dotStuffed, encodeHeaderWord } from "../src/email/smtp";
import type { EmailSettings } from "../src/shared/email-settings";
import {
  accountsD1,
  addOperator,
  BASE,
  login,
  noTraces,
  operatorSocket,
  SITE_ORIGIN,
  seedAccount,
  startChat,
  tracesOf,
  visitorSocket,
} from "./helpers";
import { mailTo } from "./helpers/mailbox";

const db = openDb(accountsD1);
const visitorAddress = () => `visitor-${crypto.randomUUID().slice(0, 8)}@example.org`;

/** A chat with the visitor's email; `offline` and `emailReplies` as the leave-a-message form would set them. */
async function chatWithEmail(options: { emailReplies?: boolean; offline?: boolean; language?: string } = {}) {
  const account = await seedAccount();
  const email = visitorAddress();
  const chat = await startChat(account.siteKey, { consent: true, email, name: "Zoë", language: options.language ?? "en" });
  await accountsD1
    .prepare("UPDATE consent_receipts SET email_replies = ? WHERE conversation_id = ?")
    .bind(options.emailReplies ? 1 : 0, chat.conversationId)
    .run();
  if (options.offline) await accountsD1.prepare("UPDATE conversations SET origin = 'offline' WHERE id = ?").bind(chat.conversationId).run();
  return { account, email, ...chat };
}

const outboxRows = async (conversationId: string) =>
  (await accountsD1.prepare("SELECT * FROM email_outbox WHERE conversation_id = ?").bind(conversationId).all()).results;

/** The worker's env with the SMTP server somewhere nothing listens. */
const unreachable = { ...env, SMTP_PORT: "9" } as Env;
const emailOff = { ...env, SMTP_HOST: undefined } as Env;

describe("emailVisitorReply", () => {
  it("delivers the reply to the local SMTP server with UTF-8 subject and body, a continue link, and leaves nothing in the outbox", async () => {
    const chat = await chatWithEmail({ emailReplies: true, language: "de" });
    const reply = "Grüße aus Köln ✓\n.a line that starts with a dot\n..and two";
    const result = await emailVisitorReply(env, chat.account.accountId, chat.conversationId, reply);
    if (!result.queued) throw new Error(`not queued: ${result.reason}`);
    expect(await result.delivery).toEqual(["sent"]);
    const [mail] = await mailTo(chat.email);
    expect(mail!.subject).toBe("Sie haben eine Antwort auf Ihre Nachricht");
    expect(mail!.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(mail!.headers.from).toBe("Confide <no-reply@confide.localhost>");
    expect(mail!.headers.to).toBe(chat.email);
    expect(mail!.headers["message-id"]).toMatch(/^<[0-9a-f-]+@confide\.localhost>$/);
    expect(mail!.text).toContain(reply.replace(/\n/g, "\r\n"));
    expect(mail!.links).toHaveLength(1);
    expect(mail!.links[0]).toMatch(/^https:\/\/confide\.test\/chat\/continue\?t=c1\./);
    // The reply only: nothing else of the conversation.
    expect(mail!.text).not.toContain("Zoë");
    expect(await outboxRows(chat.conversationId)).toEqual([]);
  });

  it("sends nothing without the visitor's separate opt-in to email replies", async () => {
    const chat = await chatWithEmail({ emailReplies: false });
    expect(await emailVisitorReply(env, chat.account.accountId, chat.conversationId, "Hello")).toEqual({
      queued: false,
      reason: "no_consent",
    });
    expect(await outboxRows(chat.conversationId)).toEqual([]);
  });

  it("sends nothing to a visitor who gave no email", async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey, { consent: true });
    await accountsD1.prepare("UPDATE consent_receipts SET email_replies = 1 WHERE conversation_id = ?").bind(chat.conversationId).run();
    expect(await emailVisitorReply(env, account.accountId, chat.conversationId, "Hello")).toEqual({ queued: false, reason: "no_email" });
  });

  it("queues nothing and says so when SMTP is not configured", async () => {
    const chat = await chatWithEmail({ emailReplies: true });
    expect(await emailVisitorReply(emailOff, chat.account.accountId, chat.conversationId, "Hello")).toEqual({
      queued: false,
      reason: "email_off",
    });
    expect(await outboxRows(chat.conversationId)).toEqual([]);
  });
});

describe("the room", () => {
  it("emails an operator's reply in an offline conversation only while the visitor is away", async () => {
    const chat = await chatWithEmail({ emailReplies: true, offline: true });
    const operator = await operatorSocket(await login(chat.account.adminEmail), chat.conversationId);
    const visitor = await visitorSocket(chat.account.siteKey, chat.conversationId, chat.visitorToken);
    await visitor.until((s) => s.ofType("presence").length > 0, 10_000, "presence");
    operator.send({ type: "message.send", clientId: "while-here", body: "You are here" });
    await visitor.until((s) => s.messages().some((m) => m.body === "You are here"), 10_000, "the first reply");
    visitor.close();
    await operator.until((s) => s.ofType("presence").some((p) => !p.visitorOnline), 10_000, "the visitor leaving");
    operator.send({ type: "message.send", clientId: "while-away", body: "You have gone" });
    const mail = await mailTo(chat.email);
    // Mail goes out in order, so the second reply's arrival shows the first was never sent.
    expect(mail.map((m) => m.text.includes("You have gone"))).toEqual([true]);
    expect(mail[0]!.text).not.toContain("You are here");
    operator.close();
  });
});

describe("emailTranscript", () => {
  it("sends the whole transcript at the visitor's request through the widget's route", async () => {
    const chat = await chatWithEmail();
    const visitor = await visitorSocket(chat.account.siteKey, chat.conversationId, chat.visitorToken);
    visitor.send({ type: "message.send", clientId: "m1", body: "Where is my parcel?" });
    await visitor.until((s) => s.messages().length > 0, 10_000, "the message");
    visitor.close();
    const url = `${BASE}/w/${chat.account.siteKey}/conversations/${chat.conversationId}/transcript/email`;
    const res = await SELF.fetch(url, { method: "POST", headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${chat.visitorToken}` } });
    expect(res.status).toBe(202);
    const [mail] = await mailTo(chat.email);
    expect(mail!.subject).toBe("Your chat transcript");
    expect(mail!.text).toContain("Where is my parcel?");
  });

  it("refuses without the visitor's token, and without an email in the chat", async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey, { consent: true });
    const url = `${BASE}/w/${account.siteKey}/conversations/${chat.conversationId}/transcript/email`;
    const anonymous = await SELF.fetch(url, { method: "POST", headers: { Origin: SITE_ORIGIN } });
    expect(anonymous.status).toBe(401);
    const res = await SELF.fetch(url, { method: "POST", headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${chat.visitorToken}` } });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: "no_visitor_email" } });
    expect(await emailTranscript(emailOff, account.accountId, chat.conversationId)).toEqual({ queued: false, reason: "email_off" });
  });
});

describe("alertOperators", () => {
  it("emails each active operator who may read the department, without content or visitor data", async () => {
    const chat = await chatWithEmail();
    const agent = await addOperator(chat.account, "Agent");
    const disabled = await addOperator(chat.account, "Agent");
    await accountsD1.prepare("UPDATE operators SET disabled = 1 WHERE email = ?").bind(disabled).run();
    const conversation = await accountsD1
      .prepare("SELECT department_id FROM conversations WHERE id = ?")
      .bind(chat.conversationId)
      .first<{ department_id: string }>();
    const result = await alertOperators(env, {
      accountId: chat.account.accountId,
      departmentId: conversation!.department_id,
      conversationId: chat.conversationId,
      kind: "offline_message",
    });
    if (!result.queued) throw new Error(`not queued: ${result.reason}`);
    expect(result.ids).toHaveLength(2);
    // Account-level: sealed with the ring, tied to no conversation.
    const rows = await accountsD1
      .prepare(`SELECT conversation_id FROM email_outbox WHERE id IN (${result.ids.map(() => "?").join()})`)
      .bind(...result.ids)
      .all();
    expect(rows.results.every((r) => r.conversation_id === null)).toBe(true);
    expect(await result.delivery).toEqual(["sent", "sent"]);
    for (const address of [chat.account.adminEmail, agent]) {
      const [mail] = await mailTo(address);
      expect(mail!.subject).toBe("A new message is waiting");
      expect(mail!.text).toContain("https://confide.test/app/");
      expect(mail!.text).not.toContain(chat.email);
      expect(mail!.text).not.toContain(chat.conversationId);
    }
    // The disabled operator's mail would have gone out with the others.
    await expect(mailTo(disabled, 1, 0)).rejects.toThrow();
  });
});

describe("the outbox", () => {
  it("holds recipient, subject and body only sealed", async () => {
    const chat = await chatWithEmail();
    await queueEmails(
      env,
      db,
      [
        {
          accountId: chat.account.accountId,
          conversationId: chat.conversationId,
          kind: "visitor_reply",
          to: chat.email,
          subject: "Secret subject",
          text: "Secret body",
        },
      ],
      Date.now(),
    );
    const [row] = await outboxRows(chat.conversationId);
    const raw = JSON.stringify(row);
    for (const plain of [chat.email, "Secret subject", "Secret body"]) expect(raw).not.toContain(plain);
    expect(row).toMatchObject({ kind: "visitor_reply", status: "pending", attempts: 0 });
  });

  it("retries an unreachable server with backoff, then fails, and GET /settings/email shows it without recipient or content", async () => {
    const chat = await chatWithEmail();
    const [id] = await queueEmails(
      env,
      db,
      [
        {
          accountId: chat.account.accountId,
          conversationId: chat.conversationId,
          kind: "transcript",
          to: chat.email,
          subject: "S",
          text: "T",
        },
      ],
      1_000,
    );
    let now = 1_000;
    for (const delay of RETRY_DELAYS_MS) {
      expect(await deliverOutboxEntry(unreachable, db, id!, now)).toBe("retry");
      const row = (await outboxRows(chat.conversationId))[0]!;
      expect(row.next_attempt_at).toBe(now + delay);
      // Not due a moment earlier.
      expect(await deliverOutboxEntry(unreachable, db, id!, now + delay - 1)).toBe("skipped");
      now += delay;
    }
    expect(await deliverOutboxEntry(unreachable, db, id!, now)).toBe("failed");
    expect((await outboxRows(chat.conversationId))[0]).toMatchObject({ status: "failed", attempts: 6, next_attempt_at: null });

    const cookie = await login(chat.account.adminEmail);
    const res = await SELF.fetch(`${BASE}/api/v1/settings/email`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    const text = await res.text();
    const settings = JSON.parse(text) as EmailSettings;
    expect(settings).toMatchObject({ configured: true, failed: 1, pending: 0 });
    expect(settings.smtp).toMatchObject({ host: "127.0.0.1", security: "none", authenticated: true });
    expect(settings.recent[0]).toMatchObject({ id, kind: "transcript", status: "failed", attempts: 6 });
    expect(settings.recent[0]!.lastError).toBeTruthy();
    for (const secret of [chat.email, "local-mailbox"]) expect(text).not.toContain(secret);

    // Retry now: queued again, audited, and delivered to the working server.
    const retry = await SELF.fetch(`${BASE}/api/v1/settings/email/retry`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: BASE, "Content-Type": "application/json" },
      body: JSON.stringify({ ids: [id] }),
    });
    expect(await retry.json()).toEqual({ retried: 1 });
    await mailTo(chat.email);
    const audit = await accountsD1
      .prepare("SELECT count FROM audit_log WHERE account_id = ? AND action = 'email.retried'")
      .bind(chat.account.accountId)
      .first<{ count: number }>();
    expect(audit?.count).toBe(1);
  });

  it("refuses a retry body that is not valid, changing nothing", async () => {
    const account = await seedAccount();
    const res = await SELF.fetch(`${BASE}/api/v1/settings/email/retry`, {
      method: "POST",
      headers: { Cookie: await login(account.adminEmail), Origin: BASE, "Content-Type": "application/json" },
      body: JSON.stringify({ ids: ["not-an-id"] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_request" } });
  });

  it("goes with its conversation when the visitor erases it", async () => {
    const chat = await chatWithEmail();
    await queueEmails(
      env,
      db,
      [
        {
          accountId: chat.account.accountId,
          conversationId: chat.conversationId,
          kind: "transcript",
          to: chat.email,
          subject: "S",
          text: "T",
        },
      ],
      Date.now(),
    );
    expect(await outboxRows(chat.conversationId)).toHaveLength(1);
    const res = await SELF.fetch(`${BASE}/w/${chat.account.siteKey}/conversations/${chat.conversationId}`, {
      method: "DELETE",
      headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${chat.visitorToken}` },
    });
    expect(res.status).toBe(204);
    expect(await tracesOf(chat.conversationId)).toEqual(noTraces);
  });
});

describe("GET /chat/continue", () => {
  const claimsOf = async (chat: Awaited<ReturnType<typeof chatWithEmail>>) => {
    const row = await accountsD1
      .prepare("SELECT widget_id FROM conversations WHERE id = ?")
      .bind(chat.conversationId)
      .first<{ widget_id: string }>();
    return { conversationId: chat.conversationId, accountId: chat.account.accountId, widgetId: row!.widget_id };
  };

  it("opens the widget on that conversation with a visitor token that works", async () => {
    const chat = await chatWithEmail();
    const token = await signContinueToken(env.TOKEN_SIGNING_KEY, await claimsOf(chat));
    const res = await SELF.fetch(`${BASE}/chat/continue?t=${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const html = await res.text();
    const session = JSON.parse(/data-session="([^"]+)"/.exec(html)![1]!.replace(/&#34;/g, '"')) as {
      conversationId: string;
      visitorToken: string;
    };
    expect(session.conversationId).toBe(chat.conversationId);
    expect(html).toContain(`data-site-key="${chat.account.siteKey}"`);
    // The page's own origin may use the widget, and the token opens the conversation.
    const transcript = await SELF.fetch(`${BASE}/w/${chat.account.siteKey}/conversations/${chat.conversationId}/transcript`, {
      headers: { Origin: BASE, Authorization: `Bearer ${session.visitorToken}` },
    });
    expect(transcript.status).toBe(200);
  });

  it("gives no access for a tampered, an expired or an erased conversation's link", async () => {
    const chat = await chatWithEmail();
    const claims = await claimsOf(chat);
    const good = await signContinueToken(env.TOKEN_SIGNING_KEY, claims);
    const [version, payload, signature] = good.split(".");
    const other = btoa(JSON.stringify({ c: "0".repeat(64), a: claims.accountId, w: claims.widgetId, exp: Date.now() + 1e9 }))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
    const tampered = `${version}.${other}.${signature}`;
    const expired = await signContinueToken(env.TOKEN_SIGNING_KEY, claims, Date.now() - 8 * 24 * 60 * 60 * 1000);
    for (const token of [tampered, expired, `${version}.${payload}`, ""]) {
      const res = await SELF.fetch(`${BASE}/chat/continue?t=${token}`);
      expect(res.status).toBe(403);
      const html = await res.text();
      expect(html).toContain("This link has expired or is no longer valid");
      expect(html).not.toContain("data-session");
    }
    await SELF.fetch(`${BASE}/w/${chat.account.siteKey}/conversations/${chat.conversationId}`, {
      method: "DELETE",
      headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${chat.visitorToken}` },
    });
    const erased = await SELF.fetch(`${BASE}/chat/continue?t=${good}`);
    expect(erased.status).toBe(410);
    expect(await erased.text()).not.toContain("data-session");
  });
});

describe("message format", () => {
  it("encodes non-ASCII subjects as UTF-8 words of whole characters and dot-stuffs lines", () => {
    const words = encodeHeaderWord("Ihre Antwort – 😀".repeat(4)).split("\r\n ");
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
    expect(encodeHeaderWord("plain")).toBe("plain");
    expect(dotStuffed(".one\r\ntwo\r\n.three")).toBe("..one\r\ntwo\r\n..three");
  });
});
