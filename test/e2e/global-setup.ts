import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM helper shared with `npm start`
import { build, ensureDevVars, firstRun, migrate, startWrangler } from "../../scripts/local.mjs";
// @ts-expect-error plain ESM helper shared with `npm start`
import { smtpVarsFor, startMailbox } from "../../scripts/local-mailbox.mjs";
// @ts-expect-error plain ESM helper shared with `npm start`
import { startWebhookReceiver } from "../../scripts/local-webhook-receiver.mjs";
// @ts-expect-error plain ESM helper shared with `npm start`
import { startOidcProvider } from "../../scripts/oidc-dev-provider.mjs";
import { keepOperatorOnDuty, ON_DUTY } from "./on-duty";

export const ADMIN = { email: "e2e-admin@confide.localhost", password: "e2e password, long enough" };

declare module "vitest" {
  export interface ProvidedContext {
    /** The worker, as seen from outside the EU (miniflare's placeholder request.cf). */
    baseUrl: string;
    /** A second worker on its own state whose every request carries a German request.cf. */
    germanUrl: string;
    /**
     * A customer's site on another origin: /page?worker=<worker url>[&hostile=1][&siteKey=k][&csp=strict]
     * [&userId=u&userHash=h][&consent=required][&queued=1] embeds the widget (default "demo"); userId and
     * userHash become data-user-id and data-user-hash, consent data-consent, and queued puts the
     * documented stub before the loader with Confide.consent(true) already called on it.
     */
    hostUrl: string;
    admin: { email: string; password: string };
    /** The main worker's state directory (D1 and Durable Object SQLite files). */
    persistDir: string;
    /** The local mailbox's page (scripts/local-mailbox.mjs): GET `${mailboxUrl}messages` lists caught mail as JSON. */
    mailboxUrl: string;
    /** A real OpenID Connect provider on 127.0.0.1 whose client sends users back to the main worker (scripts/oidc-dev-provider.mjs). */
    oidc: { issuer: string; clientId: string; clientSecret: string };
    /** An Agent kept online on both workers for the whole run (test/e2e/on-duty.ts). */
    onDuty: { email: string; password: string };
    /** The local webhook receiver (scripts/local-webhook-receiver.mjs), ending in "/"; the main worker may deliver to it. */
    webhookReceiverUrl: string;
  }
}

/** Below Linux's ephemeral range (32768+), where outgoing connections would take ports from under us. */
const randomPort = () => 20_000 + Math.floor(Math.random() * 12_000);

/** The embed tag's optional attributes a test asks for (each already checked against its pattern). */
interface Embed {
  userId: string | null;
  userHash: string | null;
  consent: string | null;
  queued: boolean;
}

/** The customer's page: one script tag, optionally under a stylesheet that tries to restyle everything. */
function hostPage(worker: string, hostile: boolean, siteKey: string, embed: Embed): string {
  const css = hostile
    ? "<style>*{font-family:'Comic Sans MS',cursive!important;color:#f0f!important;background:#0f0!important;border:5px dashed red!important;font-size:30px!important}button{display:none!important}</style>"
    : "";
  const attributes =
    (embed.userId ? ` data-user-id="${embed.userId}"` : "") +
    (embed.userHash ? ` data-user-hash="${embed.userHash}"` : "") +
    (embed.consent ? ` data-consent="${embed.consent}"` : "");
  // The README's stub for a consent platform that decides before the loader has run.
  const stub = embed.queued
    ? '<script>window.Confide = window.Confide || { q: [], consent: function (given) { this.q.push(["consent", given]); } }; Confide.consent(true);</script>'
    : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Customer shop</title>${css}</head><body><h1>Customer shop</h1>${stub}<script src="${worker}/widget/loader.js" data-site-key="${siteKey}"${attributes} async></script></body></html>`;
}

/** A query parameter matching `pattern` exactly, null when absent; undefined when present and malformed. */
function checked(url: URL, name: string, pattern: RegExp): string | null | undefined {
  const value = url.searchParams.get(name);
  if (value === null) return null;
  return pattern.test(value) ? value : undefined;
}

async function startHost(): Promise<{ server: Server; url: string }> {
  const port = randomPort();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
    const worker = url.searchParams.get("worker");
    if (url.pathname !== "/page" || !worker) {
      res.writeHead(404).end();
      return;
    }
    // Site keys are [A-Za-z0-9_-]; anything else would be markup injected into our own test page.
    const siteKey = url.searchParams.get("siteKey") ?? "demo";
    // The same for the embed's attributes: only characters that need no escaping in an attribute.
    const userId = checked(url, "userId", /^[\w@.-]{1,256}$/);
    const userHash = checked(url, "userHash", /^[0-9A-Za-z]{1,64}$/);
    const consent = checked(url, "consent", /^required$/);
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(siteKey) || userId === undefined || userHash === undefined || consent === undefined) {
      res.writeHead(400).end();
      return;
    }
    const headers: Record<string, string> = { "Content-Type": "text/html; charset=utf-8" };
    // A customer with the strictest policy the widget can live under: its own origin may load
    // Confide's script and talk to Confide, and nothing inline runs or styles anything.
    if (url.searchParams.get("csp") === "strict") {
      const confide = new URL(worker).origin;
      headers["Content-Security-Policy"] =
        `default-src 'none'; script-src ${confide}; connect-src ${confide} ${confide.replace(/^http/, "ws")}; img-src ${confide} https://www.gravatar.com; style-src 'none'; base-uri 'none'; form-action 'none'`;
    }
    res
      .writeHead(200, headers)
      .end(
        hostPage(worker, url.searchParams.has("hostile"), siteKey, { userId, userHash, consent, queued: url.searchParams.has("queued") }),
      );
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${port}` };
}

/** A fresh state directory with the demo account (known login) and `wrangler dev` on it. */
async function startWorker(origins: (port: number) => string[], env: Record<string, string> = {}, vars: Record<string, string> = {}) {
  const persistDir = mkdtempSync(join(tmpdir(), "confide-e2e-"));
  const port = randomPort();
  migrate(persistDir);
  firstRun(persistDir, origins(port), { CONFIDE_ADMIN_EMAIL: ADMIN.email, CONFIDE_ADMIN_PASSWORD: ADMIN.password });
  // A port (ours or one wrangler picks for itself) can be taken between choosing and binding: retry.
  for (let attempt = 1; ; attempt++) {
    try {
      // Links in emails point at this worker.
      const server = await startWrangler({ port, persistDir, env, vars: { PUBLIC_ORIGIN: `http://127.0.0.1:${port}`, ...vars } });
      return { server, persistDir, url: `http://127.0.0.1:${port}` };
    } catch (error) {
      if (attempt === 3 || !String(error).includes("Address already in use")) throw error;
    }
  }
}

export default async function setup(project: TestProject) {
  ensureDevVars();
  build();
  const host = await startHost();
  const cfDir = mkdtempSync(join(tmpdir(), "confide-cf-"));
  const germanCf = join(cfDir, "cf-de.json");
  writeFileSync(
    germanCf,
    JSON.stringify({ country: "DE", continent: "EU", isEUCountry: "1", city: "Berlin", timezone: "Europe/Berlin", colo: "FRA" }),
  );
  // One after the other: two wrangler processes starting at once can race for the same internal port.
  // The main worker takes the ordering test's bursts of 200 frames per socket; the German one keeps
  // the default send limits, which test/e2e/send-limits.e2e.ts proves.
  // Both ask privacy-mode starts for a lighter proof of work than production (2^12 hashes, not
  // 2^17): the same code path in Chromium, without seconds of hashing on a busy test machine.
  const proofOfWork = { PROOF_OF_WORK_BITS: "12" };
  // Both workers send email to one real SMTP server on 127.0.0.1.
  const mailbox = await startMailbox();
  const email = smtpVarsFor(mailbox) as Record<string, string>;
  // Webhook deliveries go to a real receiver on 127.0.0.1, which the main worker may reach (loopback allowed locally only).
  const receiver = await startWebhookReceiver();
  const main = await startWorker(
    (port) => [`http://127.0.0.1:${port}`, host.url],
    {},
    // Every chat of the run starts from 127.0.0.1: the per-address ceiling of new chats per widget
    // (20 an hour by default, src/privacy/start-limits.ts) would stop the run half-way.
    {
      SEND_LIMIT_BURST: "250",
      SEND_LIMIT_PER_SECOND: "50",
      CONVERSATIONS_PER_HOUR: "1000",
      WEBHOOKS_ALLOW_LOOPBACK: "1",
      ...proofOfWork,
      ...email,
    },
  );
  const german = await startWorker(
    (port) => [`http://127.0.0.1:${port}`, host.url],
    { CLOUDFLARE_CF_FETCH_PATH: germanCf, CLOUDFLARE_CF_FETCH_ENABLED: "true" },
    { ...proofOfWork, ...email },
  );
  const offDuty = [await keepOperatorOnDuty(main.url, ADMIN), await keepOperatorOnDuty(german.url, ADMIN)];
  project.provide("onDuty", { email: ON_DUTY.email, password: ON_DUTY.password });
  const oidc = await startOidcProvider({ redirectUris: [`${main.url}/api/v1/auth/sso/callback`] });
  project.provide("oidc", { issuer: oidc.issuer, clientId: oidc.clientId, clientSecret: oidc.clientSecret });
  project.provide("baseUrl", main.url);
  project.provide("germanUrl", german.url);
  project.provide("hostUrl", host.url);
  project.provide("admin", ADMIN);
  project.provide("persistDir", main.persistDir);
  project.provide("mailboxUrl", mailbox.url);
  project.provide("webhookReceiverUrl", receiver.url);
  return async () => {
    for (const stop of offDuty) stop();
    for (const worker of [main, german]) {
      worker.server.child.kill("SIGTERM");
      await new Promise((resolve) => worker.server.child.once("exit", resolve));
      rmSync(worker.persistDir, { recursive: true, force: true });
    }
    await oidc.close();
    await mailbox.close();
    await receiver.close();
    await new Promise((resolve) => host.server.close(resolve));
    rmSync(cfDir, { recursive: true, force: true });
  };
}
