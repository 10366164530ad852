import { execFileSync } from "node:child_process";
import { describe, expect, inject, it } from "vitest";

// The hourly sweep, run by hand against `wrangler dev` the way README tells an admin to: an ended
// chat past its widget's retention is erased, and the audit log says how many went.

/** Runs SQL on the running worker's local D1 (wrangler's own CLI, on the same state directory). */
function d1(sql: string): void {
  execFileSync("node_modules/.bin/wrangler", ["d1", "execute", "DB", "--local", "--persist-to", inject("persistDir"), "--command", sql], {
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
    stdio: "pipe",
  });
}

async function adminCookie(baseUrl: string): Promise<string> {
  const admin = inject("admin");
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: baseUrl },
    body: JSON.stringify({ email: admin.email, password: admin.password }),
  });
  expect(res.status).toBe(200);
  return res.headers.get("Set-Cookie")!.split(";")[0]!;
}

describe("GET /__scheduled on wrangler dev (npm start)", () => {
  it("runs the retention sweep now: an expired chat is erased and audited", async () => {
    const baseUrl = inject("baseUrl");
    const started = await fetch(`${baseUrl}/w/demo/conversations`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: baseUrl },
      body: JSON.stringify({ consent: true, disclaimerHash: (await (await fetch(`${baseUrl}/w/demo/config?own=1`, { headers: { Origin: baseUrl } })).json()).disclaimer.hash }),
    });
    expect(started.status).toBe(201);
    const { conversationId } = (await started.json()) as { conversationId: string };
    const cookie = await adminCookie(baseUrl);
    const get = () => fetch(`${baseUrl}/api/v1/conversations/${conversationId}`, { headers: { Cookie: cookie, Origin: baseUrl } });
    expect((await get()).status).toBe(200);
    // Ended two years ago, on a widget that keeps chats for a month.
    const longAgo = Date.now() - 2 * 365 * 86_400_000;
    d1(`UPDATE conversations SET status = 'closed', created_at = ${longAgo}, last_message_at = ${longAgo}, closed_at = ${longAgo} WHERE id = '${conversationId}'`);
    const retentionBefore = "(SELECT retention_months FROM widgets WHERE site_key = 'demo')";
    d1(`CREATE TABLE IF NOT EXISTS e2e_saved (value INTEGER); DELETE FROM e2e_saved; INSERT INTO e2e_saved SELECT ${retentionBefore}; UPDATE widgets SET retention_months = 1 WHERE site_key = 'demo'`);
    try {
      const sweep = await fetch(`${baseUrl}/__scheduled?cron=${encodeURIComponent("17 * * * *")}`);
      expect(sweep.status).toBe(200);
      expect((await get()).status).toBe(404);
      const audit = (await (await fetch(`${baseUrl}/api/v1/audit-log?action=retention.sweep`, { headers: { Cookie: cookie, Origin: baseUrl } })).json()) as { items: { action: string; count: number }[] };
      expect(audit.items.some((entry) => entry.action === "retention.sweep" && entry.count >= 1)).toBe(true);
    } finally {
      d1("UPDATE widgets SET retention_months = (SELECT value FROM e2e_saved) WHERE site_key = 'demo'; DROP TABLE e2e_saved");
    }
  });
});
