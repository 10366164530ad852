// Storage at scale: 100,000 ended conversations with 1,000,000 messages (bench/seed.ts: the same
// encryption as the product), then, against wrangler dev:
//   - search by email, by name and by filters: p50/p95 of the first page (POST /conversations/search)
//   - export of 10,000 chats as CSV and as XLSX: time and the worker's peak memory
// each next to a plaintext SQLite baseline (the same data in `baseline_*` tables of the same local
// D1) doing the same work: the same lookups, and the same files written by Node from plain rows.
// Search has a second baseline: the same lookups over the same HTTP path (wrangler dev serving
// bench/plain-search-worker.ts on the same state), so HTTP's share is not counted against Confide.
// Usage: node --import tsx bench/storage.ts [--conversations 100000] [--messages 10] [--samples 40]
import { rmSync } from "node:fs";
import * as XLSX from "xlsx";
import { startWrangler } from "../scripts/local.mjs";
import { toCriteria } from "../src/conversation/search";
import { openDb } from "../src/db/client";
import { searchSummaryPage } from "../src/db/search";
import { conversationFilterSchema } from "../src/shared/api";
import { freePort, login, machine, numberArg, round, startConfide, table, treeRss } from "./lib.mjs";
import { demoAccount, devVars, SURNAMES, seededState, visitorOf, withD1 } from "./seed";

const CONVERSATIONS = numberArg("conversations", 100_000);
const MESSAGES = numberArg("messages", 10);
const SAMPLES = numberArg("samples", 40);
const EXPORT_CHATS = Math.min(10_000, CONVERSATIONS);
const SPREAD_DAYS = 300;
const DAY = 86_400_000;

const percentiles = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: round(sorted[Math.floor(sorted.length * 0.5)]!, 1),
    p95: round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!, 1),
  };
};
const time = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};
/** Peak resident memory of `pid`'s process tree while `work` runs, sampled every 50 ms. */
async function peakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peak: number; before: number }> {
  const before = treeRss(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, treeRss(pid))), 50);
  try {
    const result = await work();
    peak = Math.max(peak, treeRss(pid));
    return { result, peak, before };
  } finally {
    clearInterval(timer);
  }
}

type Search = (body: Record<string, unknown>) => Promise<{ items: unknown[] }>;

const { persistDir, seedSeconds } = await seededState({
  conversations: CONVERSATIONS,
  messagesPerConversation: MESSAGES,
  spreadDays: SPREAD_DAYS,
});
try {
  // The queries: the same people and periods for both systems.
  const now = Date.now();
  const emailTargets = Array.from({ length: SAMPLES }, (_, s) => visitorOf(Math.floor(((s + 0.5) / SAMPLES) * CONVERSATIONS)));
  const nameTargets = Array.from({ length: SAMPLES }, (_, s) => SURNAMES[(s * 37) % SURNAMES.length]!);
  const windows = Array.from({ length: SAMPLES }, (_, s) => {
    const from = now - ((s % 10) + 1) * 25 * DAY;
    return { from, to: from + 30 * DAY, language: ["de", "en", "fr", "it"][s % 4]!, rating: (s % 5) + 1 };
  });
  // The 10,000 newest chats: a period holding exactly that many.
  const exportFrom = now - Math.ceil((EXPORT_CHATS / CONVERSATIONS) * SPREAD_DAYS * DAY) + DAY / 2;

  /** p50/p95 of the three searches over HTTP (Confide's API, or the plaintext worker with the same shape). */
  const searches = async (search: Search) => {
    // Warm-up: the first queries compile statements and fill caches.
    for (const target of emailTargets.slice(0, 5)) await search({ email: target.email });
    const byEmail: number[] = [];
    for (const target of emailTargets) {
      let found = 0;
      byEmail.push(await time(async () => (found = (await search({ email: target.email })).items.length)));
      if (found !== 1) throw new Error(`search by email found ${found}, not 1`);
    }
    const byName: number[] = [];
    for (const surname of nameTargets) byName.push(await time(() => search({ name: surname })));
    const byFilters: number[] = [];
    for (const w of windows)
      byFilters.push(
        await time(() =>
          search({
            from: new Date(w.from).toISOString(),
            to: new Date(w.to).toISOString(),
            language: w.language,
            rating: w.rating,
            status: "closed",
          }),
        ),
      );
    return { email: percentiles(byEmail), name: percentiles(byName), filters: percentiles(byFilters) };
  };
  const httpSearch =
    (url: string, headers: Record<string, string> = {}): Search =>
    async (body) => {
      const res = await fetch(`${url}/api/v1/conversations/search`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`search ${res.status}: ${await res.text()}`);
      return (await res.json()) as { items: unknown[] };
    };

  /**
   * What decrypting one summary costs inside workerd (bench/plain-search-worker.ts: Confide's own
   * code unwraps the data key and decrypts a name and an email), in µs: the median time of a request
   * opening SMALL summaries and of one opening SMALL + 2,000, from outside, as workerd's clock
   * stands still while a request computes. Also what a page of 50 costs.
   */
  const decryptionCost = async (url: string) => {
    const SMALL = 50;
    const median = async (n: number) => {
      const times: number[] = [];
      for (let i = 0; i < 25; i++) times.push(await time(async () => await (await fetch(`${url}/bench/open-summaries?n=${n}`)).text()));
      return percentiles(times).p50;
    };
    await median(SMALL);
    const small = await median(SMALL);
    const large = await median(SMALL + 2_000);
    const perSummaryUs = round(((large - small) / 2_000) * 1000, 1);
    return { perSummaryUs, pageOf50Ms: round((perSummaryUs * 50) / 1000, 2) };
  };

  // Confide, over its REST API.
  const confide = await startConfide({ persistDir });
  const measured: Record<string, Record<string, unknown>> = {};
  try {
    const cookie = await login(confide.url);
    const search = httpSearch(confide.url, { Origin: confide.url, Cookie: cookie });
    measured.confideSearch = await searches(search);

    for (const format of ["csv", "xlsx"] as const) {
      const { result, peak, before } = await peakRss(confide.pid, async () => {
        const started = performance.now();
        const res = await fetch(`${confide.url}/api/v1/conversations/export`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Origin: confide.url, Cookie: cookie },
          body: JSON.stringify({ format, filter: { from: new Date(exportFrom).toISOString() } }),
        });
        if (!res.ok) throw new Error(`export ${res.status}: ${await res.text()}`);
        let bytes = 0;
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
        return { seconds: (performance.now() - started) / 1000, bytes };
      });
      measured[`confideExport_${format}`] = {
        seconds: round(result.seconds, 2),
        mib: round(result.bytes / 2 ** 20, 1),
        peakRssMiB: round(peak / 2 ** 20, 1),
        rssBeforeMiB: round(before / 2 ** 20, 1),
      };
    }
  } finally {
    await confide.stop({ keepState: true });
  }

  // The plaintext baseline over the same HTTP path: a bench worker under wrangler dev on the same
  // state answers the same searches from the plaintext tables, with the same page size and JSON.
  const plainPort = await freePort();
  const plain = await startWrangler({
    port: plainPort,
    persistDir,
    args: ["--config", "bench/plain-search.wrangler.toml"],
  });
  try {
    measured.plainHttpSearch = await searches(httpSearch(`http://127.0.0.1:${plainPort}`));
    measured.summaryDecryption = await decryptionCost(`http://127.0.0.1:${plainPort}`);
  } finally {
    plain.child.kill("SIGTERM");
    await new Promise((resolve) => (plain.child.exitCode !== null ? resolve(null) : plain.child.once("exit", resolve)));
  }

  // The plaintext SQL baseline: the same lookups and files from plain rows in the same SQLite.
  const { accountId } = await demoAccount(persistDir);
  const blindIndexKey = devVars().BLIND_INDEX_KEY;
  await withD1(persistDir, async (d1) => {
    // Confide's own search statement through the platform proxy, as the route runs it after the
    // session check (the request's filter validated, email and name as blind indexes, one
    // statement for the page and its facts), without HTTP, the session or decryption.
    const db = openDb(d1);
    measured.confideSqlSearch = await searches(async (body) => {
      const criteria = await toCriteria({ BLIND_INDEX_KEY: blindIndexKey } as Env, accountId, conversationFilterSchema.parse(body));
      const page = await searchSummaryPage(db, { accountId, departmentIds: null, criteria, limit: 50 });
      return { items: page.rows };
    });

    const conversationColumns =
      "id, visitor_name, visitor_email, language, status, message_count, rating, created_at, last_message_at, closed_at";
    for (const target of emailTargets.slice(0, 5))
      await d1
        .prepare(`SELECT ${conversationColumns} FROM baseline_conversations WHERE visitor_email = ? ORDER BY created_at DESC LIMIT 50`)
        .bind(target.email)
        .all();
    const byEmail: number[] = [];
    for (const target of emailTargets)
      byEmail.push(
        await time(() =>
          d1
            .prepare(`SELECT ${conversationColumns} FROM baseline_conversations WHERE visitor_email = ? ORDER BY created_at DESC LIMIT 50`)
            .bind(target.email)
            .all(),
        ),
      );
    const byName: number[] = [];
    for (const surname of nameTargets)
      byName.push(
        await time(() =>
          d1
            .prepare(
              `SELECT ${conversationColumns} FROM baseline_conversations WHERE visitor_name LIKE ? ORDER BY created_at DESC LIMIT 50`,
            )
            .bind(`%${surname}%`)
            .all(),
        ),
      );
    const byFilters: number[] = [];
    for (const w of windows)
      byFilters.push(
        await time(() =>
          d1
            .prepare(
              `SELECT ${conversationColumns} FROM baseline_conversations WHERE status = 'closed' AND created_at >= ? AND created_at < ? AND language = ? AND rating = ? ORDER BY created_at DESC LIMIT 50`,
            )
            .bind(w.from, w.to, w.language, w.rating)
            .all(),
        ),
      );
    measured.baselineSearch = { email: percentiles(byEmail), name: percentiles(byName), filters: percentiles(byFilters) };

    // Export: the conversations and their messages, 50 at a time as Confide reads them, into a file.
    const rowsForExport = async (each: (conversation: Record<string, unknown>, messages: Record<string, unknown>[]) => void) => {
      let cursor = Number.MAX_SAFE_INTEGER;
      for (;;) {
        const page = (
          await d1
            .prepare(
              `SELECT ${conversationColumns} FROM baseline_conversations WHERE created_at >= ? AND created_at < ? ORDER BY created_at DESC LIMIT 50`,
            )
            .bind(exportFrom, cursor)
            .all<Record<string, unknown>>()
        ).results;
        if (page.length === 0) break;
        const idsInPage = page.map((c) => c.id as string);
        const messages = (
          await d1
            .prepare(
              `SELECT * FROM baseline_messages WHERE conversation_id IN (${idsInPage.map(() => "?").join(",")}) ORDER BY conversation_id, seq`,
            )
            .bind(...idsInPage)
            .all<Record<string, unknown>>()
        ).results;
        const byConversation = new Map<string, Record<string, unknown>[]>();
        for (const m of messages)
          byConversation.set(m.conversation_id as string, [...(byConversation.get(m.conversation_id as string) ?? []), m]);
        for (const c of page) each(c, byConversation.get(c.id as string) ?? []);
        cursor = page.at(-1)!.created_at as number;
      }
    };
    const csvCell = (value: unknown) => `"${String(value ?? "").replaceAll('"', '""')}"`;
    const memoryBefore = process.memoryUsage().rss;
    let peak = memoryBefore;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    let started = performance.now();
    let csvBytes = 0;
    await rowsForExport((c, messages) => {
      for (const m of messages)
        csvBytes += Buffer.byteLength(
          `${[c.id, c.visitor_name, c.visitor_email, c.language, m.seq, m.author_kind, m.author_name, m.body, new Date(m.created_at as number).toISOString()].map(csvCell).join(",")}\r\n`,
        );
    });
    measured.baselineExport_csv = {
      seconds: round((performance.now() - started) / 1000, 2),
      mib: round(csvBytes / 2 ** 20, 1),
      peakRssMiB: round(peak / 2 ** 20, 1),
      rssBeforeMiB: round(memoryBefore / 2 ** 20, 1),
    };
    peak = process.memoryUsage().rss;
    const xlsxBefore = peak;
    started = performance.now();
    const sheet: unknown[][] = [["conversation", "visitor", "email", "language", "seq", "author", "name", "message", "time"]];
    await rowsForExport((c, messages) => {
      for (const m of messages)
        sheet.push([
          c.id,
          c.visitor_name,
          c.visitor_email,
          c.language,
          m.seq,
          m.author_kind,
          m.author_name,
          m.body,
          new Date(m.created_at as number).toISOString(),
        ]);
    });
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(sheet), "Messages");
    const file = XLSX.write(book, { type: "buffer", bookType: "xlsx", compression: true }) as Buffer;
    clearInterval(sample);
    measured.baselineExport_xlsx = {
      seconds: round((performance.now() - started) / 1000, 2),
      mib: round(file.length / 2 ** 20, 1),
      peakRssMiB: round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20, 1),
      rssBeforeMiB: round(xlsxBefore / 2 ** 20, 1),
    };
  });

  const c = measured.confideSearch as Record<string, { p50: number; p95: number }>;
  const h = measured.plainHttpSearch as Record<string, { p50: number; p95: number }>;
  const b = measured.baselineSearch as Record<string, { p50: number; p95: number }>;
  const q = measured.confideSqlSearch as Record<string, { p50: number; p95: number }>;
  const d = measured.summaryDecryption as { perSummaryUs: number; pageOf50Ms: number };
  console.log(
    `\nSeeded ${CONVERSATIONS} conversations with ${CONVERSATIONS * MESSAGES} messages in ${round(seedSeconds, 1)} s (bench/seed.ts)`,
  );
  console.log(
    `\nSearch, first page of up to 50 (ms): Confide over HTTP (session, blind indexes, decrypting each summary); plaintext over the same HTTP path (bench/plain-search-worker.ts); plaintext as SQL through the platform proxy; Confide's own page statement as SQL through the platform proxy (no HTTP, session or decryption)`,
  );
  table(
    (["email", "name", "filters"] as const).map((kind) => ({
      search: kind,
      "Confide p50": c[kind]!.p50,
      "Confide p95": c[kind]!.p95,
      "plain HTTP p50": h[kind]!.p50,
      "plain HTTP p95": h[kind]!.p95,
      "plain SQL p50": b[kind]!.p50,
      "plain SQL p95": b[kind]!.p95,
      "ratio p50 HTTP": round(c[kind]!.p50 / h[kind]!.p50, 1),
      "ratio p95 HTTP": round(c[kind]!.p95 / h[kind]!.p95, 1),
      "ratio p50 SQL": round(c[kind]!.p50 / b[kind]!.p50, 1),
      "Confide SQL p50": q[kind]!.p50,
      "Confide SQL p95": q[kind]!.p95,
    })),
  );
  console.log(
    `Decrypting one summary in workerd (data key unwrapped and imported, name and email decrypted): ${d.perSummaryUs} µs; a page of 50: ${d.pageOf50Ms} ms`,
  );
  console.log(
    `\nExport of the ${EXPORT_CHATS} newest chats (${EXPORT_CHATS * MESSAGES} messages); memory: Confide's wrangler+workerd process tree, the baseline's Node process`,
  );
  table(
    (["csv", "xlsx"] as const).flatMap((format) => [
      { export: format, system: "Confide", ...(measured[`confideExport_${format}`] as object) },
      { export: format, system: "baseline", ...(measured[`baselineExport_${format}`] as object) },
    ]),
  );
  console.log(
    JSON.stringify({
      benchmark: "storage",
      date: new Date().toISOString(),
      machine: machine(),
      conversations: CONVERSATIONS,
      messages: CONVERSATIONS * MESSAGES,
      seedSeconds: round(seedSeconds, 1),
      exportChats: EXPORT_CHATS,
      ...measured,
    }),
  );
} finally {
  rmSync(persistDir, { recursive: true, force: true });
}
