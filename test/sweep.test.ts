import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SESSION_IDLE_MS } from "../src/db/auth";
import worker from "../src/index";
import { accountsD1, login, seedAccount } from "./helpers";

// Sessions are the account's rows (in accountsD1); rate limits belong to no account (always DB).
describe("scheduled sweep", () => {
  it("deletes expired sessions and finished rate-limit windows, and keeps live ones", async () => {
    const account = await seedAccount();
    await login(account.adminEmail);
    await login(account.adminEmail);
    const now = Date.now();
    const [stale] = (await accountsD1.prepare("SELECT id FROM sessions WHERE operator_id = ?").bind(account.adminId).all<{ id: string }>())
      .results;
    await accountsD1
      .prepare("UPDATE sessions SET last_seen_at = ? WHERE id = ?")
      .bind(now - SESSION_IDLE_MS - 1, stale!.id)
      .run();
    await env.DB.batch([
      env.DB.prepare("INSERT INTO rate_limits (key, window_start, count) VALUES ('test:old', ?, 3)").bind(now - 2 * 3_600_000),
      env.DB.prepare("INSERT INTO rate_limits (key, window_start, count) VALUES ('test:new', ?, 3)").bind(now - 60_000),
    ]);
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "17 3 * * *" }), env);
    const sessions = (await accountsD1.prepare("SELECT id FROM sessions WHERE operator_id = ?").bind(account.adminId).all<{ id: string }>())
      .results;
    expect(sessions.map((s) => s.id)).not.toContain(stale!.id);
    expect(sessions).toHaveLength(1);
    const keys = (await env.DB.prepare("SELECT key FROM rate_limits WHERE key LIKE 'test:%'").all<{ key: string }>()).results.map(
      (r) => r.key,
    );
    expect(keys).toEqual(["test:new"]);
  });
});
