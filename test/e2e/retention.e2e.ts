import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper shared with `npm start`
import { firstRun, migrate, startWrangler } from "../../scripts/local.mjs";
import { sessionCookie } from "./session";

// The hourly sweep, run by hand against `wrangler dev` the way README tells an admin to: an ended
// chat past its widget's retention is erased, and the audit log says how many went. Its own worker
// and state: the chat is backdated with wrangler's D1 CLI while no worker has the database open.

const ADMIN = { email: "sweep-admin@confide.localhost", password: "sweep password, long enough" };
const randomPort = () => 20_000 + Math.floor(Math.random() * 12_000);

interface Worker {
  url: string;
  stop: () => Promise<void>;
}

async function startWorker(persistDir: string, port: number): Promise<Worker> {
  const server = await startWrangler({ port, persistDir });
  return {
    url: server.url,
    stop: async () => {
      server.child.kill("SIGTERM");
      await new Promise((resolve) => server.child.once("exit", resolve));
    },
  };
}

function d1(persistDir: string, sql: string): void {
  execFileSync("node_modules/.bin/wrangler", ["d1", "execute", "DB", "--local", "--persist-to", persistDir, "--command", sql], {
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
    stdio: "pipe",
  });
}

describe("GET /__scheduled on wrangler dev (as npm start runs it)", () => {
  it("runs the retention sweep now: an expired chat is erased and audited", { timeout: 300_000 }, async () => {
    const persistDir = mkdtempSync(join(tmpdir(), "confide-sweep-"));
    const port = randomPort();
    let worker: Worker | null = null;
    try {
      migrate(persistDir);
      firstRun(persistDir, [`http://127.0.0.1:${port}`], { CONFIDE_ADMIN_EMAIL: ADMIN.email, CONFIDE_ADMIN_PASSWORD: ADMIN.password });
      worker = await startWorker(persistDir, port);
      const started = await fetch(`${worker.url}/w/demo/conversations`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: worker.url },
        body: JSON.stringify({ consent: true }),
      });
      expect(started.status).toBe(201);
      const { conversationId } = (await started.json()) as { conversationId: string };
      await worker.stop();
      worker = null;
      // Ended two years ago, on a widget that keeps chats for a month.
      const longAgo = Date.now() - 2 * 365 * 86_400_000;
      d1(
        persistDir,
        `UPDATE conversations SET status = 'closed', created_at = ${longAgo}, last_message_at = ${longAgo}, closed_at = ${longAgo} WHERE id = '${conversationId}'; UPDATE widgets SET retention_months = 1 WHERE site_key = 'demo'`,
      );
      worker = await startWorker(persistDir, port);
      const cookie = await sessionCookie(ADMIN, worker.url);
      const get = (path: string) => fetch(`${worker!.url}/api/v1${path}`, { headers: { Cookie: cookie, Origin: worker!.url } });
      expect((await get(`/conversations/${conversationId}`)).status).toBe(200);
      const sweep = await fetch(`${worker.url}/__scheduled?cron=${encodeURIComponent("17 * * * *")}`);
      expect(sweep.status).toBe(200);
      expect((await get(`/conversations/${conversationId}`)).status).toBe(404);
      const audit = (await (await get("/audit-log?action=retention.sweep")).json()) as { items: { action: string; count: number }[] };
      expect(audit.items).toMatchObject([{ action: "retention.sweep", count: 1 }]);
    } finally {
      await worker?.stop();
      rmSync(persistDir, { recursive: true, force: true });
    }
  });
});
