import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { errorBody } from "../errors";

const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https://www.gravatar.com",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");

const DEMO_CSP = ["default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "connect-src 'self'", "base-uri 'none'"].join("; ");

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
  .get("/app", (c) => c.redirect("/app/"))
  // The operator app is a single-page app: any /app/ path without a file is the app's index.
  .get("/app/*", async (c) => {
    const headers = { "Content-Security-Policy": APP_CSP };
    const asset = await c.env.ASSETS.fetch(c.req.raw);
    if (asset.status !== 404) return withHeaders(asset, headers);
    const index = await c.env.ASSETS.fetch(new URL("/app/", c.req.url));
    return withHeaders(index, { ...headers, "Cache-Control": "no-store" });
  });
