import { runDurableObjectAlarm, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  accountsD1,
  BASE,
  login,
  operatorSocket,
  roomStub,
  SITE_ORIGIN,
  seedAccount,
  solvedProof,
  tracesOf,
  visitorSocket,
} from "./helpers";
import { exportInZip } from "./helpers/export";

const VISIT = {
  ip: "198.51.100.23",
  userAgent: "PrivacyCanary/1.0 (X11; Linux)",
  referrer: "https://search.example/?q=referrer-canary",
  pageUrl: "https://shop.example/page-canary",
  later: "https://shop.example/second-page-canary",
  country: "NL",
};

async function chatOn(widget: { privacyMode: boolean; livePreview?: boolean; identityLookup?: boolean }) {
  const account = await seedAccount();
  await accountsD1
    .prepare("UPDATE widgets SET privacy_mode = ?, live_preview = ?, identity_lookup = ? WHERE id = ?")
    .bind(widget.privacyMode ? 1 : 0, widget.livePreview === false ? 0 : 1, widget.identityLookup ? 1 : 0, account.widgetId)
    .run();
  const res = await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: SITE_ORIGIN, "CF-Connecting-IP": VISIT.ip, "User-Agent": VISIT.userAgent },
    body: JSON.stringify({
      consent: true,
      email: "Ida@Example.org",
      pageUrl: VISIT.pageUrl,
      referrer: VISIT.referrer,
      proof: await solvedProof(account.siteKey),
    }),
    // Where Cloudflare located the visitor: kept (sealed) outside privacy mode only.
    cf: { country: VISIT.country, continent: "EU", isEUCountry: "1" },
  });
  const chat = (await res.json()) as { conversationId: string; visitorToken: string };
  const view = await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations/${chat.conversationId}/page-views`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: SITE_ORIGIN, Authorization: `Bearer ${chat.visitorToken}` },
    body: JSON.stringify({ url: VISIT.later }),
  });
  expect(view.status).toBe(204);
  const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
  visitor.send({ type: "message.send", clientId: "m", body: "hello" });
  await visitor.until((s) => s.messages().length === 1);
  await runDurableObjectAlarm(roomStub(chat.conversationId));
  return { account, chat, visitor, cookie: await login(account.adminEmail) };
}

const everything = async (conversationId: string) => {
  const tables = (
    await accountsD1
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'",
      )
      .all<{ name: string }>()
  ).results;
  const d1 = JSON.stringify(
    await Promise.all(tables.map(async (t) => (await accountsD1.prepare(`SELECT * FROM "${t.name}"`).all()).results)),
  );
  return d1 + JSON.stringify(await tracesOf(conversationId));
};

describe("privacy mode", () => {
  it("keeps no IP, User-Agent, referrer or page view anywhere, and forces live preview off", async () => {
    const { chat, cookie } = await chatOn({ privacyMode: true, livePreview: true, identityLookup: true });
    const stored = await everything(chat.conversationId);
    // (The two letters of the country could occur by chance in ciphertext; its column is checked below.)
    for (const value of Object.values(VISIT).filter((v) => v !== VISIT.country)) expect(stored).not.toContain(value);
    const row = await accountsD1
      .prepare("SELECT visitor_ip_enc, visitor_user_agent_enc, visitor_referrer_enc, visitor_country_enc FROM conversations WHERE id = ?")
      .bind(chat.conversationId)
      .first();
    expect(row).toEqual({ visitor_ip_enc: null, visitor_user_agent_enc: null, visitor_referrer_enc: null, visitor_country_enc: null });
    for (const fragment of ["198.51.100", "PrivacyCanary", "referrer-canary", "page-canary"]) expect(stored).not.toContain(fragment);
    const details = await (
      await SELF.fetch(`${BASE}/api/v1/conversations/${chat.conversationId}/visitor`, { headers: { Cookie: cookie } })
    ).json();
    expect(details).toEqual({ privacyMode: true, ip: null, userAgent: null, referrer: null, country: null, pageViews: [] });
    const op = await operatorSocket(cookie, chat.conversationId);
    await op.until((s) => s.ofType("hello").length === 1);
    expect(op.ofType("hello")[0]!.livePreview).toBe(false);
    const summary = (await (
      await SELF.fetch(`${BASE}/api/v1/conversations/${chat.conversationId}`, { headers: { Cookie: cookie } })
    ).json()) as { avatarUrl: string | null };
    expect(summary.avatarUrl).toBeNull(); // identity lookup is off in privacy mode, whatever its switch says
  });
});

describe("the data-subject export", () => {
  const post = (cookie: string, path: string, body: unknown) =>
    SELF.fetch(`${BASE}/api/v1${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
      body: JSON.stringify(body),
    });

  it("holds the visit too (Art. 15: everything kept), while a transcript export does not", async () => {
    const { chat, cookie } = await chatOn({ privacyMode: false });
    const subject = (await (
      await exportInZip(await post(cookie, "/data-subject/export", { email: "ida@example.org", format: "json" }))
    ).json()) as {
      conversations: { id: string; visit: Record<string, unknown> & { pageViews: { url: string }[] } }[];
    };
    const visit = subject.conversations.find((c) => c.id === chat.conversationId)!.visit;
    expect(visit).toMatchObject({
      privacyMode: false,
      ip: VISIT.ip,
      userAgent: VISIT.userAgent,
      referrer: VISIT.referrer,
      country: VISIT.country,
    });
    expect(visit.pageViews.map((v) => v.url)).toEqual([VISIT.pageUrl, VISIT.later]);
    const transcripts = (await (
      await post(cookie, "/conversations/export", { format: "json", conversationIds: [chat.conversationId] })
    ).json()) as { conversations: Record<string, unknown>[] };
    expect(transcripts.conversations[0]).not.toHaveProperty("visit");
    expect(JSON.stringify(transcripts)).not.toContain(VISIT.ip);
  });

  it("says so when privacy mode kept nothing of the visit", async () => {
    const { chat, cookie } = await chatOn({ privacyMode: true });
    const subject = (await (
      await exportInZip(await post(cookie, "/data-subject/export", { email: "ida@example.org", format: "json" }))
    ).json()) as {
      conversations: { id: string; visit: unknown }[];
    };
    expect(subject.conversations.find((c) => c.id === chat.conversationId)!.visit).toEqual({
      privacyMode: true,
      ip: null,
      userAgent: null,
      referrer: null,
      country: null,
      pageViews: [],
    });
  });
});

describe("outside privacy mode", () => {
  it("stores the visit encrypted and shows it to operators", async () => {
    const { chat, cookie } = await chatOn({ privacyMode: false, identityLookup: true });
    const stored = await everything(chat.conversationId);
    for (const fragment of ["198.51.100", "PrivacyCanary", "referrer-canary", "page-canary"]) expect(stored).not.toContain(fragment);
    const details = (await (
      await SELF.fetch(`${BASE}/api/v1/conversations/${chat.conversationId}/visitor`, { headers: { Cookie: cookie } })
    ).json()) as {
      ip: string;
      userAgent: string;
      referrer: string;
      pageViews: { url: string }[];
    };
    expect(details).toMatchObject({
      privacyMode: false,
      ip: VISIT.ip,
      userAgent: VISIT.userAgent,
      referrer: VISIT.referrer,
      country: VISIT.country,
    });
    const sealed = await accountsD1
      .prepare("SELECT visitor_country_enc FROM conversations WHERE id = ?")
      .bind(chat.conversationId)
      .first<{ visitor_country_enc: string }>();
    expect(sealed!.visitor_country_enc).not.toBe(VISIT.country);
    expect(details.pageViews.map((v) => v.url)).toEqual([VISIT.pageUrl, VISIT.later]);
    // Identity lookup: a Gravatar URL from the SHA-256 of the normalised email; no request is made by the server.
    const summary = (await (
      await SELF.fetch(`${BASE}/api/v1/conversations/${chat.conversationId}`, { headers: { Cookie: cookie } })
    ).json()) as { avatarUrl: string };
    const hash = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode("ida@example.org"))), (b) =>
      b.toString(16).padStart(2, "0"),
    ).join("");
    expect(summary.avatarUrl).toBe(`https://www.gravatar.com/avatar/${hash}?s=80&d=mp`);
  });

  it("refuses page views without the visitor's own token", async () => {
    const { account, chat } = await chatOn({ privacyMode: false });
    for (const authorization of [undefined, "Bearer v1.forged.token", "Bearer nope"]) {
      const res = await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations/${chat.conversationId}/page-views`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: SITE_ORIGIN, ...(authorization ? { Authorization: authorization } : {}) },
        body: JSON.stringify({ url: "https://shop.example/x" }),
      });
      expect([401, 403]).toContain(res.status);
    }
  });
});

describe("visit URLs", () => {
  it("must be http or https; anything else is refused with 400", async () => {
    const account = await seedAccount({ privacyMode: false });
    for (const bad of ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>"]) {
      for (const field of ["pageUrl", "referrer"]) {
        const res = await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Origin: SITE_ORIGIN },
          body: JSON.stringify({ consent: true, [field]: bad }),
        });
        expect(res.status, `${field}=${bad}`).toBe(400);
        expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(new RegExp(`^${field}:`));
      }
    }
  });
});
