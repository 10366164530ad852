import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { errorBody } from "../errors";

const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // Operators' alias avatars may live on any https host; Gravatar is one of them.
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");

const DEMO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  // The widget shows images sent in the chat from blob: URLs (fetched with the visitor token).
  "img-src 'self' blob:",
  "base-uri 'none'",
].join("; ");

/** The demo page embeds the widget exactly as a customer's site would: one script tag. */
function demoPage(origin: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Confide demo shop</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}pre{white-space:pre-wrap;overflow-wrap:anywhere}</style>
</head>
<body>
<h1>Demo shop</h1>
<p>This page stands in for a customer's website. The chat button in the corner is the Confide widget, embedded with the one script tag below.</p>
<pre>&lt;script src="${origin}/widget/loader.js" data-site-key="demo" async&gt;&lt;/script&gt;</pre>
<script src="${origin}/widget/loader.js" data-site-key="demo" async></script>
</body>
</html>`;
}

const DEMO_PRIVACY_POLICY = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Privacy policy · Demo shop</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222;line-height:1.5}</style></head>
<body><h1>Privacy policy of the demo shop</h1>
<p>Our live chat is Confide. When you chat with us we process what you write and, if you give them, your name and email address, to answer you (Art. 6(1)(b) and (f) GDPR). Visitors from the EU chat in privacy mode: no IP address, browser details, referrer or page views are stored. All chat data is encrypted and kept in the EU.</p>
<p>We keep conversations as long as our retention setting says, then they are erased automatically. You can download your conversation or erase it yourself from the chat window at any time, or ask us for a copy or erasure of everything we hold about your email address.</p>
<p>Nothing is stored in your browser before you agree to the notice in the chat; afterwards only this tab remembers your open conversation.</p>
</body></html>`;

/** Asset responses are immutable; copy them to add our headers. */
function withHeaders(response: Response, headers: Record<string, string>): Response {
  const copy = new Response(response.body, response);
  for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
  return copy;
}

export const pageRoutes = new Hono<AppEnv>()
  .get("/", (c) => c.redirect("/app/"))
  .get("/demo", (c) => {
    c.header("Content-Security-Policy", DEMO_CSP);
    return c.html(demoPage(new URL(c.req.url).origin));
  })
  // The widget's scripts are loaded by customers' pages, from their origins: module scripts need CORS.
  // Their names carry no hash, so caches keep them only briefly.
  .get("/widget/*", async (c) => {
    const asset = await c.env.ASSETS.fetch(c.req.raw);
    if (asset.status === 404) return c.json(errorBody("not_found", "Nothing here."), 404);
    return withHeaders(asset, {
      "Access-Control-Allow-Origin": "*",
      "Cross-Origin-Resource-Policy": "cross-origin",
      "Cache-Control": "public, max-age=300",
    });
  })
  // The demo company's privacy policy, which the demo widgets link to.
  .get("/demo/privacy", (c) => {
    c.header("Content-Security-Policy", DEMO_CSP);
    return c.html(DEMO_PRIVACY_POLICY);
  })
  .get("/app", (c) => c.redirect("/app/"))
  // The operator app is a single-page app: any /app/ path without a file is the app's index.
  .get("/app/*", async (c) => {
    const headers = { "Content-Security-Policy": APP_CSP };
    const asset = await c.env.ASSETS.fetch(c.req.raw);
    if (asset.status !== 404) return withHeaders(asset, headers);
    const index = await c.env.ASSETS.fetch(new URL("/app/", c.req.url));
    return withHeaders(index, { ...headers, "Cache-Control": "no-store" });
  });
