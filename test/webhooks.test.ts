import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { fromBase64 } from "../src/crypto/encoding";
import { sealText } from "../src/crypto/envelope";
import { createDepartment, createRole } from "../src/db/accounts";
import { openDb } from "../src/db/client";
import { builtInRoles } from "../src/shared/permissions";
import type { WebhookDelivery, WebhookEndpoint } from "../src/shared/webhooks-api";
import { retryDelaySeconds } from "../src/webhooks/delivery";
import type { WebhookPayload } from "../src/webhooks/payload";
import {
  generateWebhookSecret,
  openWebhookSecret,
  resealWebhookSecrets,
  sealWebhookSecret,
  signatureHeader,
  verifySignature,
} from "../src/webhooks/signing";
import { webhookUrlProblem } from "../src/webhooks/url-policy";
import { accountsD1, addOperator, BASE, login, operatorSocket, SITE_ORIGIN, seedAccount, startChat } from "./helpers";

// Webhooks end to end inside workerd: the worker's queue producer and consumers (miniflare's
// Queues, configured in vitest.config.ts with 3 retries and a 1-second backoff base) deliver to a
// real HTTP receiver on 127.0.0.1 (scripts/local-webhook-receiver.mjs), which verifies signatures
// the way README.md tells receivers to.

const RECEIVER = env.WEBHOOK_RECEIVER_URL;

interface Received {
  deliveryId: string | null;
  event: string | null;
  signature: string | null;
  body: string;
  receivedAt: number;
  verified: boolean | null;
  answered: number;
}

async function call(method: string, url: string, cookie: string, body?: unknown): Promise<Response> {
  return SELF.fetch(`${BASE}/api/v1${url}`, {
    method,
    headers: { Origin: BASE, Cookie: cookie, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function expectError(res: Response, status: number, code: string): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe(code);
}

/** A receiver path of its own, told the secret to verify with and how many deliveries to fail. */
async function hook(control: { secret?: string; failTimes?: number } = {}): Promise<{ name: string; url: string }> {
  const name = crypto.randomUUID();
  await fetch(`${RECEIVER}control/${name}`, { method: "PUT", body: JSON.stringify(control) });
  return { name, url: `${RECEIVER}hooks/${name}` };
}

const controlHook = (name: string, control: { secret?: string; failTimes?: number }) =>
  fetch(`${RECEIVER}control/${name}`, { method: "PUT", body: JSON.stringify(control) });

const receivedAt = async (name: string): Promise<Received[]> => (await fetch(`${RECEIVER}received/${name}`)).json();

/** Waits until the receiver got `count` requests on `name` (deliveries run in the background). */
async function received(name: string, count: number, timeoutMs = 20_000): Promise<Received[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await receivedAt(name);
    if (list.length >= count) return list;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} request(s) on ${name}; got ${list.length}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function createEndpoint(
  cookie: string,
  body: { url: string; events: string[]; includePersonalData?: boolean },
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const res = await call("POST", "/webhooks", cookie, body);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return res.json();
}

/** An endpoint at a fresh receiver path that verifies with the endpoint's secret. */
async function endpointAtReceiver(cookie: string, events: string[], options: { includePersonalData?: boolean; failTimes?: number } = {}) {
  const target = await hook();
  const created = await createEndpoint(cookie, { url: target.url, events, includePersonalData: options.includePersonalData ?? false });
  await controlHook(target.name, { secret: created.secret, failTimes: options.failTimes ?? 0 });
  return { ...created, name: target.name };
}

async function deliveries(cookie: string, endpointId: string): Promise<WebhookDelivery[]> {
  const res = await call("GET", `/webhooks/${endpointId}/deliveries`, cookie);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: WebhookDelivery[] }).items;
}

/** Waits until the admin API shows the delivery with `status`. */
async function deliveryWithStatus(cookie: string, endpointId: string, status: WebhookDelivery["status"], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await deliveries(cookie, endpointId)).find((d) => d.status === status);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for a ${status} delivery`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const payloadOf = (r: Received) => JSON.parse(r.body) as WebhookPayload;

describe("which URLs may receive webhooks", () => {
  const production = { allowLoopback: false };
  const local = { allowLoopback: true };

  it("takes public HTTPS URLs", () => {
    for (const url of [
      "https://hooks.example.com/confide",
      "https://93.184.216.34/x",
      "https://[2606:4700::1111]/x",
      "https://example.com:8443/x",
    ])
      expect(webhookUrlProblem(url, production), url).toBeNull();
  });

  it("refuses plain http, credentials, and private, loopback, link-local, CGNAT and unique-local addresses in production", () => {
    for (const url of [
      "http://hooks.example.com/x",
      "https://user:pass@hooks.example.com/x",
      "https://127.0.0.1/x",
      "https://2130706433/x",
      "https://0x7f.0.0.1/x",
      "https://10.1.2.3/x",
      "https://172.16.0.1/x",
      "https://172.31.255.255/x",
      "https://192.168.1.1/x",
      "https://169.254.169.254/latest/meta-data",
      "https://100.64.0.1/x",
      "https://0.0.0.0/x",
      "https://[::1]/x",
      "https://[::]/x",
      "https://[fd00::1]/x",
      "https://[fe80::1]/x",
      "https://[::ffff:10.0.0.1]/x",
      "https://[::ffff:127.0.0.1]/x",
      "https://localhost/x",
      "https://api.localhost/x",
      "https://printer.local/x",
      "https://db.internal/x",
      "https://intranet/x",
      "ftp://hooks.example.com/x",
      "not a url",
    ])
      expect(webhookUrlProblem(url, production), url).not.toBeNull();
  });

  it("allows loopback over http only when the deployment says so, and still no other private range", () => {
    for (const url of ["http://127.0.0.1:8787/hooks/a", "http://localhost:9000/x", "http://[::1]:9000/x"]) {
      expect(webhookUrlProblem(url, production), url).not.toBeNull();
      expect(webhookUrlProblem(url, local), url).toBeNull();
    }
    for (const url of ["http://10.0.0.1/x", "https://192.168.0.10/x", "http://hooks.example.com/x"])
      expect(webhookUrlProblem(url, local), url).not.toBeNull();
  });
});

describe("webhook signatures", () => {
  it("verifies a signed body, and refuses a changed body, a changed timestamp, another secret and an old signature", async () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const body = JSON.stringify({ id: "evt_1", type: "conversation.started" });
    const now = 1_800_000_000;
    const header = await signatureHeader(secret, body, now);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(await verifySignature(secret, header, body, now + 10)).toBe(true);
    expect(await verifySignature(secret, header, body.replace("started", "ended"), now)).toBe(false);
    expect(await verifySignature(secret, header.replace("t=1800000000", "t=1800000001"), body, now)).toBe(false);
    expect(await verifySignature(generateWebhookSecret(), header, body, now)).toBe(false);
    expect(await verifySignature(secret, header, body, now + 301)).toBe(false);
  });

  it("stores the secret sealed, bound to its endpoint", async () => {
    const secret = generateWebhookSecret();
    const sealed = await sealWebhookSecret(env, "account-a", "endpoint-1", secret);
    expect(sealed).not.toContain(secret.slice(6));
    expect(await openWebhookSecret(env, "account-a", "endpoint-1", sealed)).toBe(secret);
    await expect(openWebhookSecret(env, "account-a", "endpoint-2", sealed)).rejects.toThrow();
  });

  it("re-seals endpoint secrets with the ring's active key during a rotation", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const { endpoint, secret } = await createEndpoint(cookie, {
      url: "https://hooks.example.com/rotate",
      events: ["conversation.started"],
    });
    // As if sealed before k2 became active: the same secret under k1, bound to the same endpoint.
    const k1 = await crypto.subtle.importKey("raw", fromBase64(JSON.parse(env.KEY_RING).keys.k1), { name: "AES-GCM" }, false, ["encrypt"]);
    const old = await sealText(k1, "k1", secret, {
      accountId: account.accountId,
      conversationId: `webhook:${endpoint.id}`,
      field: "webhook.secret",
    });
    await accountsD1.prepare("UPDATE webhook_endpoints SET secret_enc = ? WHERE id = ?").bind(old, endpoint.id).run();
    const report = await resealWebhookSecrets(env, openDb(accountsD1));
    expect(report).toMatchObject({ failed: 0, remaining: 0 });
    expect(report!.resealed).toBeGreaterThanOrEqual(1);
    const row = await accountsD1
      .prepare("SELECT secret_enc FROM webhook_endpoints WHERE id = ?")
      .bind(endpoint.id)
      .first<{ secret_enc: string }>();
    expect(row!.secret_enc).toMatch(/^e1\.k2\./);
    expect(await openWebhookSecret(env, account.accountId, endpoint.id, row!.secret_enc)).toBe(secret);
  });

  it("backs off exponentially from the configured base, at most 12 hours", () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds({ WEBHOOK_RETRY_BASE_SECONDS: "30" }, n))).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds({}, 1)).toBe(30);
    expect(retryDelaySeconds({ WEBHOOK_RETRY_BASE_SECONDS: "30" }, 20)).toBe(12 * 3600);
  });
});

describe("webhook delivery through the queue", () => {
  it("delivers a signed conversation.started with ids and metadata only; a tampered copy is rejected by the receiver", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const { endpoint, name } = await endpointAtReceiver(cookie, ["conversation.started"]);
    const chat = await startChat(account.siteKey, { consent: true, name: "Vera Visitor", email: "vera@example.com" });

    const [got] = await received(name, 1);
    expect(got!.verified).toBe(true);
    expect(got!.answered).toBe(200);
    expect(got!.event).toBe("conversation.started");
    const payload = payloadOf(got!);
    expect(payload).toMatchObject({
      type: "conversation.started",
      data: { conversationId: chat.conversationId, widgetId: expect.any(String) },
    });
    expect(payload.id).toMatch(/^evt_/);
    expect(payload).not.toHaveProperty("personalData");
    expect(got!.body).not.toContain("Vera");
    expect(got!.body).not.toContain("vera@example.com");

    // The admin sees the delivery and its attempt; the delivery id is the header receivers dedupe by.
    const delivered = await deliveryWithStatus(cookie, endpoint.id, "delivered");
    expect(delivered.id).toBe(got!.deliveryId);
    expect(delivered.lastAttempts[0]).toMatchObject({ statusCode: 200, errorClass: null });

    // The same signature on a changed body, or with a changed timestamp, does not verify.
    const tampered = [
      { body: got!.body.replace(chat.conversationId, "0".repeat(64)), signature: got!.signature! },
      { body: got!.body, signature: got!.signature!.replace(/t=(\d+)/, (_, t: string) => `t=${Number(t) - 1}`) },
    ];
    for (const t of tampered) {
      const res = await fetch(`${RECEIVER}hooks/${name}`, { method: "POST", body: t.body, headers: { "Confide-Signature": t.signature } });
      expect(res.status).toBe(400);
    }
    const all = await receivedAt(name);
    expect(all.map((r) => r.verified)).toEqual([true, false, false]);
  });

  it("tells of a request logged in the data-request register: its id and kind, never the address", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const { name } = await endpointAtReceiver(cookie, ["data_request.received"]);
    const logged = await call("POST", "/data-requests", cookie, { kind: "erasure", email: "wanda@example.com" });
    expect(logged.status).toBe(201);
    const request = (await logged.json()) as { id: string };
    const [got] = await received(name, 1);
    expect(got!.verified).toBe(true);
    expect(payloadOf(got!)).toMatchObject({ type: "data_request.received", data: { requestId: request.id, kind: "erasure" } });
    expect(got!.body).not.toContain("wanda");
  });

  it("retries a failing endpoint with growing delays until it answers 2xx", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const { endpoint, name } = await endpointAtReceiver(cookie, ["conversation.started"], { failTimes: 2 });
    await startChat(account.siteKey);

    const got = await received(name, 3);
    expect(got.map((r) => r.answered)).toEqual([500, 500, 200]);
    expect(new Set(got.map((r) => r.deliveryId)).size).toBe(1);
    expect(got.every((r) => r.verified)).toBe(true);
    // Backoff base 1 s (vitest.config.ts): at least 1 s, then at least 2 s between attempts.
    const gaps = [got[1]!.receivedAt - got[0]!.receivedAt, got[2]!.receivedAt - got[1]!.receivedAt];
    expect(gaps[0]).toBeGreaterThanOrEqual(1000);
    expect(gaps[1]).toBeGreaterThanOrEqual(2000);

    const delivered = await deliveryWithStatus(cookie, endpoint.id, "delivered");
    expect(delivered.attempts).toBe(3);
    expect(delivered.lastAttempts.map((a) => a.statusCode)).toEqual([200, 500, 500]);
    expect(delivered.lastAttempts.map((a) => a.errorClass)).toEqual([null, "http_status", "http_status"]);
  });

  it("moves a delivery that never succeeds to the dead-letter queue, which marks it failed; send again delivers it", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const { endpoint, name, secret } = await endpointAtReceiver(cookie, ["conversation.started"], { failTimes: 100 });
    await startChat(account.siteKey);

    // 1 attempt and 3 retries (max_retries in vitest.config.ts), 1, 2 and 4 seconds apart at least.
    const got = await received(name, 4);
    const gaps = got.slice(1).map((r, i) => r.receivedAt - got[i]!.receivedAt);
    expect(gaps[0]).toBeGreaterThanOrEqual(1000);
    expect(gaps[1]).toBeGreaterThanOrEqual(2000);
    expect(gaps[2]).toBeGreaterThanOrEqual(4000);
    const failed = await deliveryWithStatus(cookie, endpoint.id, "failed");
    expect(failed.attempts).toBe(4);
    expect(failed.id).toBe(got[0]!.deliveryId);
    // No fifth attempt came: the queue gave up.
    expect(await receivedAt(name)).toHaveLength(4);

    await controlHook(name, { secret, failTimes: 0 });
    const resent = await call("POST", `/webhooks/${endpoint.id}/deliveries/${failed.id}/resend`, cookie);
    expect(resent.status).toBe(202);
    const again = await received(name, 5);
    expect(again[4]).toMatchObject({ deliveryId: failed.id, answered: 200, verified: true });
    expect((await deliveryWithStatus(cookie, endpoint.id, "delivered")).attempts).toBe(5);
    const audit = await accountsD1
      .prepare("SELECT action FROM audit_log WHERE account_id = ? AND target_id = ? ORDER BY created_at")
      .bind(account.accountId, endpoint.id)
      .all<{ action: string }>();
    expect(audit.results.map((r) => r.action)).toEqual(["webhook.created", "webhook.resent"]);
  }, 40_000);

  it("carries the visitor's fields and messages only to an endpoint opted in, and audits the opt-in", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const events = ["offline_message.received"];
    const plain = await endpointAtReceiver(cookie, events);
    const personal = await endpointAtReceiver(cookie, events, { includePersonalData: true });
    const started = await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: SITE_ORIGIN, "CF-Connecting-IP": "2001:db8::77" },
      body: JSON.stringify({
        consent: true,
        name: "Lea Leaving",
        email: "lea@example.com",
        leaveMessage: { clientId: "left-1", body: "Please call me back about order 4711" },
      }),
    });
    expect(started.status).toBe(201);
    const { conversationId } = (await started.json()) as { conversationId: string };

    const [withData] = await received(personal.name, 1);
    expect(payloadOf(withData!).personalData).toMatchObject({
      visitor: { name: "Lea Leaving", email: "lea@example.com" },
      messages: [{ author: "visitor", text: "Please call me back about order 4711" }],
    });
    const [without] = await received(plain.name, 1);
    expect(payloadOf(without!)).toMatchObject({ type: "offline_message.received", data: { conversationId } });
    expect(without!.body).not.toContain("Lea");
    expect(without!.body).not.toContain("4711");

    const audit = await accountsD1
      .prepare("SELECT action FROM audit_log WHERE account_id = ? AND target_id = ? ORDER BY created_at")
      .bind(account.accountId, personal.endpoint.id)
      .all<{ action: string }>();
    expect(audit.results.map((r) => r.action)).toEqual(["webhook.created", "webhook.personal_data_enabled"]);
    // Opting out again is audited too.
    expect((await call("PATCH", `/webhooks/${personal.endpoint.id}`, cookie, { includePersonalData: false })).status).toBe(200);
    const after = await accountsD1
      .prepare("SELECT action FROM audit_log WHERE account_id = ? AND target_id = ? ORDER BY created_at")
      .bind(account.accountId, personal.endpoint.id)
      .all<{ action: string }>();
    expect(after.results.map((r) => r.action)).toContain("webhook.personal_data_disabled");
  });

  it("reports ended, rated and erased conversations; a payload built after the erasure has no personal data", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const { name } = await endpointAtReceiver(cookie, ["conversation.ended", "conversation.rated", "conversation.erased"], {
      includePersonalData: true,
    });
    const chat = await startChat(account.siteKey, { consent: true, name: "Eve Ending" });
    const operator = await operatorSocket(cookie, chat.conversationId);
    await operator.until((s) => s.ofType("hello").length > 0, 10_000, "hello");
    operator.send({ type: "conversation.close" });
    const [ended] = await received(name, 1);
    const endedPayload = payloadOf(ended!);
    expect(endedPayload).toMatchObject({ type: "conversation.ended", data: { conversationId: chat.conversationId, endedBy: "operator" } });
    expect(endedPayload.personalData?.visitor.name).toBe("Eve Ending");

    const rated = await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations/${chat.conversationId}/rating`, {
      method: "POST",
      headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${chat.visitorToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ rating: 4, comment: "Quick and kind" }),
    });
    expect(rated.status).toBe(204);
    const ratedPayload = payloadOf((await received(name, 2))[1]!);
    expect(ratedPayload).toMatchObject({ type: "conversation.rated", data: { conversationId: chat.conversationId, rating: 4 } });
    expect(ratedPayload.personalData?.ratingComment).toBe("Quick and kind");

    const erased = await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations/${chat.conversationId}`, {
      method: "DELETE",
      headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${chat.visitorToken}` },
    });
    expect(erased.status).toBe(204);
    const got = await received(name, 3);
    const erasedPayload = payloadOf(got[2]!);
    expect(erasedPayload).toMatchObject({ type: "conversation.erased", data: { conversationIds: [chat.conversationId] } });
    expect(erasedPayload).not.toHaveProperty("personalData");

    // Sent again now, the ended event still goes, without what was erased.
    const endedDelivery = (await deliveries(cookie, (await endpointsOf(cookie))[0]!.id)).find((d) => d.eventType === "conversation.ended")!;
    await call("POST", `/webhooks/${(await endpointsOf(cookie))[0]!.id}/deliveries/${endedDelivery.id}/resend`, cookie);
    const third = (await received(name, 4))[3]!;
    expect(payloadOf(third)).toMatchObject({ type: "conversation.ended", personalData: null });
    expect(third.body).not.toContain("Eve");
  });

  it("sends a test delivery, and a rotated secret signs from then on", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const { endpoint, name, secret } = await endpointAtReceiver(cookie, ["conversation.started"]);
    const rotated = await call("POST", `/webhooks/${endpoint.id}/secret`, cookie);
    expect(rotated.status).toBe(200);
    const { secret: next } = (await rotated.json()) as { secret: string };
    expect(next).not.toBe(secret);
    // The receiver still checks the old secret: the test delivery fails to verify.
    expect((await call("POST", `/webhooks/${endpoint.id}/test`, cookie)).status).toBe(202);
    expect((await received(name, 1))[0]).toMatchObject({ event: "webhook.test", verified: false, answered: 400 });
    await controlHook(name, { secret: next });
    expect((await call("POST", `/webhooks/${endpoint.id}/test`, cookie)).status).toBe(202);
    expect((await received(name, 2))[1]).toMatchObject({ event: "webhook.test", verified: true, answered: 200 });
    // The secret is never listed.
    const listed = await call("GET", "/webhooks", cookie);
    const text = await listed.text();
    expect(text).not.toContain(secret);
    expect(text).not.toContain(next);
  });
});

describe("a paused endpoint", () => {
  it("gets no events, and a delivery queued before the pause is marked failed, not sent", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const { endpoint, name } = await endpointAtReceiver(cookie, ["conversation.started"]);
    expect((await call("PATCH", `/webhooks/${endpoint.id}`, cookie, { enabled: false })).status).toBe(200);
    await startChat(account.siteKey);
    // A test delivery is queued whatever the endpoint subscribes to; the consumer finds it paused.
    expect((await call("POST", `/webhooks/${endpoint.id}/test`, cookie)).status).toBe(202);
    const failed = await deliveryWithStatus(cookie, endpoint.id, "failed");
    expect(failed).toMatchObject({ eventType: "webhook.test", attempts: 0 });
    // The chat's start made no delivery at all, and nothing reached the receiver.
    expect(await deliveries(cookie, endpoint.id)).toHaveLength(1);
    expect(await receivedAt(name)).toEqual([]);
  });
});

const endpointsOf = async (cookie: string): Promise<WebhookEndpoint[]> =>
  ((await (await call("GET", "/webhooks", cookie)).json()) as { items: WebhookEndpoint[] }).items;

describe("/api/v1/webhooks", () => {
  it("refuses URLs this deployment may not deliver to, and bad input, changing nothing", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    await expectError(
      await call("POST", "/webhooks", cookie, { url: "https://10.0.0.5/hook", events: ["conversation.started"] }),
      400,
      "webhook_url_refused",
    );
    await expectError(await call("POST", "/webhooks", cookie, { url: "https://hooks.example.com/x", events: [] }), 400, "invalid_request");
    await expectError(
      await call("POST", "/webhooks", cookie, { url: "https://hooks.example.com/x", events: ["chat.exploded"] }),
      400,
      "invalid_request",
    );
    await expectError(
      await call("POST", "/webhooks", cookie, { url: "https://hooks.example.com/x", events: ["conversation.started"], secret: "mine" }),
      400,
      "invalid_request",
    );
    expect(await endpointsOf(cookie)).toEqual([]);
    const { endpoint } = await createEndpoint(cookie, { url: "https://hooks.example.com/x", events: ["conversation.started"] });
    await expectError(
      await call("PATCH", `/webhooks/${endpoint.id}`, cookie, { url: "https://192.168.1.1/x" }),
      400,
      "webhook_url_refused",
    );
    expect((await endpointsOf(cookie))[0]!.url).toBe("https://hooks.example.com/x");
  });

  it("is for settings managers over all departments; other accounts' endpoints do not exist", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const { endpoint } = await createEndpoint(cookie, { url: "https://hooks.example.com/x", events: ["conversation.started"] });

    const agent = await login(await addOperator(account, "Agent"));
    await expectError(await call("GET", "/webhooks", agent), 403, "forbidden");
    await expectError(await call("POST", `/webhooks/${endpoint.id}/test`, agent), 403, "forbidden");

    const db = openDb(accountsD1);
    const sales = await createDepartment(db, account.accountId, "Sales", Date.now());
    const salesAdmin = await createRole(db, {
      accountId: account.accountId,
      name: "Sales admin",
      permissions: builtInRoles.Admin,
      departmentIds: [sales],
      now: Date.now(),
    });
    const limited = await login(await addOperator(account, { roleId: salesAdmin }));
    await expectError(await call("GET", "/webhooks", limited), 403, "requires_all_departments");

    const other = await seedAccount();
    const otherCookie = await login(other.adminEmail);
    expect(await endpointsOf(otherCookie)).toEqual([]);
    for (const [method, path] of [
      ["PATCH", `/webhooks/${endpoint.id}`],
      ["DELETE", `/webhooks/${endpoint.id}`],
      ["POST", `/webhooks/${endpoint.id}/secret`],
      ["POST", `/webhooks/${endpoint.id}/test`],
      ["GET", `/webhooks/${endpoint.id}/deliveries`],
    ] as const)
      await expectError(await call(method, path, otherCookie, method === "PATCH" ? { enabled: false } : undefined), 404, "not_found");
    expect((await endpointsOf(cookie))[0]).toMatchObject({ id: endpoint.id, enabled: true });

    expect((await call("DELETE", `/webhooks/${endpoint.id}`, cookie)).status).toBe(204);
    expect(await endpointsOf(cookie)).toEqual([]);
  });
});
