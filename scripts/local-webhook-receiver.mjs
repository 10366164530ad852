// A webhook receiver for `npm start` and the tests (node:http), on 127.0.0.1 only. It verifies every
// delivery's Confide-Signature exactly as README.md ("Webhooks") tells receivers to, records what it
// got, and can be told to fail. Everything stays in memory until it stops.
//   node scripts/local-webhook-receiver.mjs [port]   starts it alone and prints its URL.
// Endpoints are paths: point a webhook at <url>hooks/<name> (any name; a local run allows
// http://127.0.0.1 through WEBHOOKS_ALLOW_LOOPBACK=1). Then:
//   PUT  /control/<name>  { "secret"?: "whsec_…", "failTimes"?: n }  the secret to verify with (without
//        one, deliveries are recorded unverified and answered 200), and how many deliveries to answer 500
//   GET  /received/<name>  what came: [{ deliveryId, event, signature, body, receivedAt, verified, answered }]
//   GET  /                 a page listing everything received
// A delivery whose signature does not verify is answered 400; a failing one 500; else 200.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

/**
 * The verification README.md documents: the header's t and v1, an HMAC-SHA256 of "<t>.<raw body>"
 * keyed with the endpoint's secret, compared in constant time, and t within `toleranceSeconds`.
 */
export function verifyConfideSignature(secret, header, rawBody, nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = 300) {
  const pairs = (header ?? "").split(",").map((part) => part.trim().split("="));
  const t = Number(pairs.find(([key]) => key === "t")?.[1]);
  const signatures = pairs.filter(([key]) => key === "v1").map(([, value]) => value ?? "");
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${rawBody}`).digest();
  return signatures.some((s) => {
    const given = Buffer.from(s, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(received) {
  const rows = [...received.entries()]
    .flatMap(([name, list]) => list.map((r) => ({ name, ...r })))
    .sort((a, b) => b.receivedAt - a.receivedAt)
    .map(
      (r) =>
        `<tr><td>${escapeHtml(new Date(r.receivedAt).toISOString())}</td><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.event)}</td><td>${r.verified === null ? "not checked" : r.verified ? "valid" : "INVALID"}</td><td>${r.answered}</td><td><pre>${escapeHtml(r.body)}</pre></td></tr>`,
    )
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Confide local webhook receiver</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}td{border-top:1px solid #ccc;padding:.25rem .5rem;vertical-align:top}pre{white-space:pre-wrap;margin:0;max-width:40rem}</style>
</head><body><h1>Local webhook receiver</h1><p>Point an endpoint at <code>/hooks/&lt;name&gt;</code>. Reload to see new deliveries.</p>
<table><thead><tr><th>Received</th><th>Endpoint</th><th>Event</th><th>Signature</th><th>Answered</th><th>Body</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Starts the receiver on 127.0.0.1 (port 0: the system picks); resolves with its URL and `close()`. */
export async function startWebhookReceiver({ port = 0 } = {}) {
  /** name → { secret, failTimes } */
  const controls = new Map();
  /** name → deliveries received */
  const received = new Map();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const [, area, name] = url.pathname.split("/");
    const body = await readBody(req);
    if (area === "hooks" && name && req.method === "POST") {
      const control = controls.get(name) ?? { secret: null, failTimes: 0 };
      const signature = req.headers["confide-signature"] ?? null;
      const verified = control.secret ? verifyConfideSignature(control.secret, signature, body) : null;
      const answered = verified === false ? 400 : control.failTimes > 0 ? 500 : 200;
      if (answered === 500) control.failTimes--;
      controls.set(name, control);
      const list = received.get(name) ?? [];
      list.push({
        deliveryId: req.headers["confide-delivery"] ?? null,
        event: req.headers["confide-event"] ?? null,
        signature,
        body,
        receivedAt: Date.now(),
        verified,
        answered,
      });
      received.set(name, list);
      res.writeHead(answered, { "Content-Type": "text/plain" }).end(answered === 200 ? "ok" : "no");
    } else if (area === "control" && name && req.method === "PUT") {
      const { secret = null, failTimes = 0 } = JSON.parse(body || "{}");
      controls.set(name, { secret, failTimes });
      res.writeHead(204).end();
    } else if (area === "received" && name && req.method === "GET") {
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(received.get(name) ?? []));
    } else if (url.pathname === "/" && req.method === "GET") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(page(received));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const receiver = await startWebhookReceiver({ port: Number(process.argv[2] ?? 0) });
  console.log(`Webhook receiver: ${receiver.url} (endpoints: ${receiver.url}hooks/<name>)`);
}
