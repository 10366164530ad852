// Retention at scale: 100,000 ended conversations (1,000,000 messages) older than the account's
// retention, then the real cron sweep run by wrangler dev (`--test-scheduled`, GET /__scheduled)
// until nothing is left: time per run, conversations per run, errors. The baseline deletes the same
// plaintext rows from SQLite in the same chunks (50) with nothing else to do: no key, room, ledger
// or audit entry.
// Usage: node --import tsx bench/retention.ts [--conversations 100000] [--messages 10]
import { rmSync } from "node:fs";
import { RETENTION_BUDGET_PER_RUN } from "../src/privacy/retention";
import { login, machine, numberArg, round, startConfide, table } from "./lib.mjs";
import { seededState, withD1 } from "./seed";

const CONVERSATIONS = numberArg("conversations", 100_000);
const MESSAGES = numberArg("messages", 10);
const CHUNK = 50;

// All of them ended 13 to 14 months ago; the account keeps chats 12 months.
const { persistDir, seedSeconds } = await seededState({
  conversations: CONVERSATIONS,
  messagesPerConversation: MESSAGES,
  spreadDays: 30,
  ageDays: 400,
});
try {
  const confide = await startConfide({ persistDir });
  const runs: { seconds: number; erased: number }[] = [];
  let errors = 0;
  let remainingAfter = -1;
  try {
    const cookie = await login(confide.url);
    const api = (path: string, body: unknown, method = "POST") =>
      fetch(`${confide.url}/api/v1${path}`, {
        method,
        headers: { "Content-Type": "application/json", Origin: confide.url, Cookie: cookie },
        body: JSON.stringify(body),
      });
    const remaining = async () =>
      ((await (await api("/conversations/delete", { filter: {}, all: true, dryRun: true })).json()) as { deleted: number }).deleted;
    if ((await api("/settings", { retentionMonths: 12 }, "PATCH")).status !== 200) throw new Error("could not set retention");
    let left = await remaining();
    if (left !== CONVERSATIONS) throw new Error(`expected ${CONVERSATIONS} conversations, found ${left}`);
    while (left > 0 && runs.length < 500) {
      const started = performance.now();
      const res = await fetch(`${confide.url}/__scheduled?cron=${encodeURIComponent("17 * * * *")}`);
      const seconds = (performance.now() - started) / 1000;
      if (!res.ok) errors++;
      const now = await remaining();
      runs.push({ seconds, erased: left - now });
      left = now;
    }
    remainingAfter = left;
    // Each run logs its chunks in the audit log: count what it says was erased.
    const audited = (
      (await (await fetch(`${confide.url}/api/v1/audit-log?action=retention.sweep&limit=100`, { headers: { Cookie: cookie } })).json()) as {
        items: unknown[];
      }
    ).items.length;
    if (audited === 0) errors++;
  } catch (error) {
    process.stderr.write(`wrangler dev said:\n${confide.output().slice(-4000)}\n`);
    throw error;
  } finally {
    await confide.stop({ keepState: true });
  }

  // Baseline: the same rows, plaintext, deleted in chunks of 50, oldest first.
  const baseline = await withD1(persistDir, async (d1) => {
    const started = performance.now();
    let statements = 0;
    for (;;) {
      const chunk = (
        await d1
          .prepare("SELECT id FROM baseline_conversations WHERE status = 'closed' AND last_message_at < ? LIMIT ?")
          .bind(Date.now() - 365 * 86_400_000, CHUNK)
          .all<{ id: string }>()
      ).results.map((r) => r.id);
      if (chunk.length === 0) break;
      const marks = chunk.map(() => "?").join(",");
      await d1.batch([
        d1.prepare(`DELETE FROM baseline_messages WHERE conversation_id IN (${marks})`).bind(...chunk),
        d1.prepare(`DELETE FROM baseline_conversations WHERE id IN (${marks})`).bind(...chunk),
      ]);
      statements += 3;
    }
    return { seconds: (performance.now() - started) / 1000, statements };
  });

  const total = runs.reduce((sum, r) => sum + r.seconds, 0);
  const perRun = runs.map((r) => r.seconds).sort((a, b) => a - b);
  console.log(
    `\nSeeded ${CONVERSATIONS} expired conversations with ${CONVERSATIONS * MESSAGES} messages in ${round(seedSeconds, 1)} s (bench/seed.ts)`,
  );
  console.log(
    `\nRetention sweep until nothing is left (each cron run erases at most ${RETENTION_BUDGET_PER_RUN} conversations, in chunks of ${CHUNK})`,
  );
  table([
    {
      system: "Confide (cron sweep)",
      runs: runs.length,
      "erased per run": runs.length ? Math.round(CONVERSATIONS / runs.length) : 0,
      "run p50 s": round(perRun[Math.floor(perRun.length / 2)] ?? 0, 2),
      "run max s": round(perRun.at(-1) ?? 0, 2),
      "total s": round(total, 1),
      left: remainingAfter,
      errors,
    },
    {
      system: "baseline (plaintext DELETE)",
      runs: 1,
      "erased per run": CONVERSATIONS,
      "run p50 s": round(baseline.seconds, 2),
      "run max s": round(baseline.seconds, 2),
      "total s": round(baseline.seconds, 1),
      left: 0,
      errors: 0,
    },
  ]);
  console.log(
    JSON.stringify({
      benchmark: "retention",
      date: new Date().toISOString(),
      machine: machine(),
      conversations: CONVERSATIONS,
      messages: CONVERSATIONS * MESSAGES,
      seedSeconds: round(seedSeconds, 1),
      runs,
      errors,
      left: remainingAfter,
      totalSeconds: round(total, 1),
      baseline,
    }),
  );
  process.exitCode = remainingAfter === 0 && errors === 0 ? 0 : 1;
} finally {
  rmSync(persistDir, { recursive: true, force: true });
}
