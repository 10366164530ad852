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
