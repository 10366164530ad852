import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE, login, operatorSocket, seedAccount, startChat } from "./helpers";

// These read the built bundles in dist/public: `npm test` builds them first.

describe("GET /demo", () => {
  it("embeds the widget with exactly one script tag and no inline script", async () => {
    const res = await SELF.fetch(`${BASE}/demo`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts).toEqual([`<script src="${BASE}/widget/loader.js" data-site-key="demo" async>`]);
    expect(res.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
  });
});

describe("GET /app/*", () => {
  it("serves the operator app with a strict CSP, and its index for client-side routes", async () => {
    for (const path of ["/app/", "/app/conversations/123"]) {
      const res = await SELF.fetch(`${BASE}${path}`);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
      const csp = res.headers.get("Content-Security-Policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    }
  });
});

describe("GET /widget/*", () => {
  it("serves the bundles to any origin (customers' pages load them)", async () => {
    const res = await SELF.fetch(`${BASE}/widget/chat.js`, { headers: { Origin: "https://shop.example" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Content-Type")).toContain("javascript");
    expect((await SELF.fetch(`${BASE}/widget/nope.js`)).status).toBe(404);
  });
});

describe("unknown routes", () => {
  it("answer 404 in the error shape", async () => {
    const res = await SELF.fetch(`${BASE}/api/v1/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "Nothing here." } });
  });
});

describe("heartbeats", () => {
  it("answers a ping with a pong", async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey);
    const op = await operatorSocket(await login(account.adminEmail), chat.conversationId);
    await op.until((s) => s.ofType("hello").length === 1);
    op.send({ type: "ping" });
    await op.until((s) => s.frames.some((f) => (f as { type: string }).type === "pong"));
  });
});

describe("security headers", () => {
  it("are on every kind of response: app, API, widget endpoints, bundles, errors", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const responses: [string, Response][] = [
      ["app", await SELF.fetch(`${BASE}/app/`)],
      ["api", await SELF.fetch(`${BASE}/api/v1/me`, { headers: { Cookie: cookie } })],
      ["api error", await SELF.fetch(`${BASE}/api/v1/me`)],
      ["widget config", await SELF.fetch(`${BASE}/w/${account.siteKey}/config`, { headers: { Origin: "https://shop.example" } })],
      ["bundle", await SELF.fetch(`${BASE}/widget/loader.js`)],
      ["not found", await SELF.fetch(`${BASE}/nothing-here`)],
    ];
    for (const [name, res] of responses) {
      expect(res.headers.get("X-Content-Type-Options"), name).toBe("nosniff");
      expect(res.headers.get("Strict-Transport-Security"), name).toMatch(/max-age=\d+/);
      expect(res.headers.get("Referrer-Policy"), name).toBe("no-referrer");
      expect(res.headers.get("X-Frame-Options"), name).toBe("DENY");
    }
  });

  it("give the app a CSP without inline script or style, framing, or foreign connections, and an index with no inline script", async () => {
    const res = await SELF.fetch(`${BASE}/app/`);
    const csp = Object.fromEntries(
      (res.headers.get("Content-Security-Policy") ?? "")
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(csp["default-src"]).toEqual(["'self'"]);
    expect(csp["script-src"]).toEqual(["'self'"]);
    expect(csp["style-src"]).toEqual(["'self'"]);
    expect(csp["connect-src"]).toEqual(["'self'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["base-uri"]).toEqual(["'none'"]);
    const html = await res.text();
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\ssrc="/);
    expect(html).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it("keep the widget bundles free of eval, so they run under a customer's strict CSP", async () => {
    for (const file of ["loader.js", "chat.js"]) {
      const code = await (await SELF.fetch(`${BASE}/widget/${file}`)).text();
      expect(code, file).not.toMatch(/\beval\(|new Function\(|setTimeout\(\s*["'`]/);
      expect(code, file).not.toMatch(/\.innerHTML\s*=|insertAdjacentHTML|document\.write/);
    }
  });
});
