// A real SMTP server for `npm start` and the tests (the `smtp-server` package), on 127.0.0.1 only,
// with a small mailbox page listing what it caught. It accepts any sender, recipient and password
// and keeps mail in memory until it stops. No TLS: the worker talks to it with SMTP_SECURITY=none,
// which Confide allows only for 127.0.0.1 and localhost.
//   node scripts/local-mailbox.mjs   starts it alone and prints its ports.
// The page is at the printed URL; GET /messages answers the same as JSON ({ to, from, subject,
// text, links, date }, newest last); DELETE /messages empties it.
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { SMTPServer } from "smtp-server";

/** Unfolds and splits a raw message into headers (lower-case names) and body. */
function splitMessage(raw) {
  const at = raw.indexOf("\r\n\r\n");
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? "" : raw.slice(at + 4);
  const headers = {};
  for (const line of head.replace(/\r\n[ \t]/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

const utf8 = (bytes) => Buffer.from(bytes).toString("utf8");

/** RFC 2047 encoded words (B and Q), as the worker writes non-ASCII subjects. */
function decodeWords(value) {
  return value.replace(/\?=\s+=\?/g, "?==?").replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_, encoding, text) =>
    encoding.toUpperCase() === "B"
      ? utf8(Buffer.from(text, "base64"))
      : utf8(
          Buffer.from(
            text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, hex) => String.fromCharCode(Number.parseInt(hex, 16))),
            "latin1",
          ),
        ),
  );
}

function decodeBody(body, encoding) {
  if (/quoted-printable/i.test(encoding ?? "")) {
    const bytes = body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, hex) => String.fromCharCode(Number.parseInt(hex, 16)));
    return utf8(Buffer.from(bytes, "latin1"));
  }
  if (/base64/i.test(encoding ?? "")) return utf8(Buffer.from(body.replace(/\s+/g, ""), "base64"));
  return body;
}

const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function mailboxPage(messages) {
  const items = messages
    .slice()
    .reverse()
    .map(
      (m) => `<article><h2>${escapeHtml(m.subject)}</h2>
<p><b>To:</b> ${escapeHtml(m.to.join(", "))} · <b>From:</b> ${escapeHtml(m.from)} · ${escapeHtml(m.date)}</p>
<pre>${escapeHtml(m.text)}</pre>
${m.links.map((l) => `<p><a href="${escapeHtml(l)}">${escapeHtml(l)}</a></p>`).join("")}</article>`,
    )
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Confide local mailbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}article{border-top:1px solid #ccc;padding:.5rem 0}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}</style>
</head><body><h1>Local mailbox</h1><p>${messages.length} message(s) caught since start. Reload to see new ones.</p>${items}</body></html>`;
}

/**
 * Starts the SMTP server and the mailbox page, each on 127.0.0.1 (port 0: the system picks).
 * Resolves with their ports, the page's URL and `close()`.
 */
export async function startMailbox({ smtpPort = 0, httpPort = 0 } = {}) {
  const messages = [];
  const smtp = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    // Any password: this is a mailbox for local development, reachable only from this machine.
    authOptional: true,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks = [];
      stream.on("data", (chunk) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("latin1");
        const { headers, body } = splitMessage(raw);
        const text = decodeBody(body, headers["content-transfer-encoding"]);
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: decodeWords(headers.subject ?? ""),
          headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, k === "subject" ? v : decodeWords(v)])),
          text,
          links: text.match(/https?:\/\/[^\s<>"]+/g) ?? [],
          date: new Date().toISOString(),
          user: session.user ?? null,
        });
        callback();
      });
    },
    logger: false,
  });
  await new Promise((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(smtpPort, "127.0.0.1", resolve);
  });
  const http = createServer((req, res) => {
    if (req.url === "/messages" && req.method === "GET") {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(messages));
    } else if (req.url === "/messages" && req.method === "DELETE") {
      messages.length = 0;
      res.writeHead(204).end();
    } else if (req.url === "/" && req.method === "GET") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(mailboxPage(messages));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => http.listen(httpPort, "127.0.0.1", resolve));
  return {
    smtpPort: smtp.server.address().port,
    httpPort: http.address().port,
    url: `http://127.0.0.1:${http.address().port}/`,
    close: () => Promise.all([new Promise((resolve) => smtp.close(resolve)), new Promise((resolve) => http.close(resolve))]),
  };
}

/** The worker's SMTP variables for this mailbox. */
export const smtpVarsFor = (mailbox) => ({
  SMTP_HOST: "127.0.0.1",
  SMTP_PORT: String(mailbox.smtpPort),
  SMTP_SECURITY: "none",
  SMTP_USER: "confide",
  SMTP_PASSWORD: "local-mailbox",
  SMTP_FROM: "Confide <no-reply@confide.localhost>",
});

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const mailbox = await startMailbox({ smtpPort: Number(process.env.SMTP_PORT ?? 0), httpPort: Number(process.env.MAILBOX_PORT ?? 0) });
  console.log(`SMTP on 127.0.0.1:${mailbox.smtpPort}; caught mail at ${mailbox.url}`);
}
