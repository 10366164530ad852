// Cost model: what a realistic day of chats costs on Cloudflare's Workers Paid plan. A scaled-down
// sample of that day runs against wrangler dev, every billable operation is counted, the counts are
// scaled linearly to 10,000 conversations and multiplied by the price list below.
//   The day: 3 operators with the app open (inbox socket, the app's start-up calls, and the
//   refresh of announced conversations the app makes, one list by ids a second at most); per conversation a visitor who
//   opens the widget and starts a chat, one operator who takes it and answers, N messages taking
//   turns (each with the typing frames the widget and the app send, and the operator's "read"), the
//   operator ending it and the visitor rating it.
//   Counted at the load generator (exact, it makes them): Worker requests, WebSocket messages.
//   Counted by the server: D1 and Durable Object SQLite rows, Durable Object requests and handler
//   time, R2 / KV / Queues calls, through the usage meter (USAGE_METER=1, src/platform/usage-meter.ts),
//   one log line per operation, summed here from wrangler's output.
// Usage: node bench/cost.mjs [--conversations 120] [--messages 20] [--concurrency 30] [--gap-ms 2500]

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import {
  login,
  machine,
  next,
  numberArg,
  operatorSocket,
  pool,
  round,
  socket,
  startChat,
  startConfide,
  table,
  visitorSocket,
} from "./lib.mjs";

const CONVERSATIONS = numberArg("conversations", 120);
const MESSAGES = numberArg("messages", 20);
const CONCURRENCY = numberArg("concurrency", 30);
/**
 * Time between two messages of one chat. People take longer; what matters is that it is longer
 * than the room's batching of D1 writes (2 s when written), so every message is flushed on its own
 * as in a chat at a human pace. A shorter gap would count fewer D1 rows than a real day writes.
 */
const GAP_MS = numberArg("gap-ms", 2500);
const OPERATORS = 3;
const SCALE_TO = 10_000;
/** GB of memory a Durable Object is billed for, whatever it uses. */
const DO_GB = 0.128;

/**
 * Workers Paid plan, USD, as published on developers.cloudflare.com (pricing pages of Workers,
 * Durable Objects, D1, R2, KV, Queues; "last updated Apr 21, 2026"), read on 2026-12-04.
 * `included`: per month in the plan's $5; `perMillion`: beyond that.
 */
const PRICES = {
  source:
    "developers.cloudflare.com pricing pages (Workers, Durable Objects, D1, R2, KV, Queues), last updated 2026-04-21, read 2026-12-04",
  workerRequests: { perMillion: 0.3, included: 10_000_000 },
  doRequests: { perMillion: 0.15, included: 1_000_000 },
  doGbSeconds: { perMillion: 12.5, included: 400_000 },
  sqlRowsRead: { perMillion: 0.001, included: 25_000_000_000 },
  sqlRowsWritten: { perMillion: 1.0, included: 50_000_000 },
  r2ClassA: { perMillion: 4.5, included: 1_000_000 },
  r2ClassB: { perMillion: 0.36, included: 10_000_000 },
  kvReads: { perMillion: 0.5, included: 10_000_000 },
  kvWrites: { perMillion: 5.0, included: 1_000_000 },
  queueOperations: { perMillion: 0.4, included: 1_000_000 },
};
/** Incoming WebSocket messages to a Durable Object are billed as requests at 20:1. */
const WS_MESSAGES_PER_REQUEST = 20;
/** Cron invocations are Worker requests: hourly sweep + the outbox every 5 minutes (wrangler.toml). */
const CRON_RUNS_PER_DAY = 24 + 288;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Requests tried again after wrangler dev answered 503 (printed with the figures). */
let retries = 0;

/** What the load generator made: HTTP requests and WebSocket upgrades are Worker requests. */
const made = { httpRequests: 0, upgrades: 0, wsMessages: 0 };

async function http(url, init = {}) {
  for (let attempt = 1; ; attempt++) {
    made.httpRequests++;
    const res = await fetch(url, init);
    await res.arrayBuffer();
    // wrangler dev's "worker restarted mid-request" (see startWithRetry): tried again, counted; a
    // rating that got through before the restart is answered 409 already_rated the second time.
    if (res.status === 503 && attempt < 5) {
      retries++;
      await sleep(200 * attempt);
      continue;
    }
    if (!res.ok && !(res.status === 409 && attempt > 1)) throw new Error(`${init.method ?? "GET"} ${url}: ${res.status}`);
    return res;
  }
}
async function json(url, init = {}) {
  made.httpRequests++;
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

function send(client, frame) {
  made.wsMessages++;
  client.ws.send(JSON.stringify(frame));
}

/**
 * An operator's app: start-up calls, the inbox socket, and its refresh of announced conversations as
 * app/src/lib/inbox-store.ts makes it: a frame's activity updates a row the app lists, and the
 * conversations that are new to it or have new messages are fetched together in one list by ids, at
 * most one such request per REFRESH_INTERVAL_MS.
 */
const REFRESH_INTERVAL_MS = 1_000;
const IDS_PER_LIST = 50;
async function operatorApp(url, cookie) {
  const headers = { Cookie: cookie, Origin: url };
  const me = await json(`${url}/api/v1/me`, { headers });
  for (const query of ["status=open&assigned=false&limit=50", `status=open&assignedTo=${me.operator.id}&limit=50`, "status=open&limit=50"])
    await http(`${url}/api/v1/conversations?${query}`, { headers });
  await http(`${url}/api/v1/me/status`, { headers });
  await http(`${url}/api/v1/inbox/operators`, { headers });
  made.upgrades++;
  const inbox = await socket(`${url.replace("http", "ws")}/api/v1/inbox/socket`, { origin: url, headers: { Cookie: cookie } });
  const pending = new Set();
  /** Message counts of the conversations the app lists. */
  const listed = new Map();
  const queued = new Set();
  let timer = null;
  let lastRefreshAt = 0;
  const refresh = () => {
    timer = null;
    const ids = [...queued].slice(0, IDS_PER_LIST);
    for (const id of ids) queued.delete(id);
    lastRefreshAt = Date.now();
    if (queued.size > 0) schedule();
    const request = json(`${url}/api/v1/conversations?ids=${ids.join(",")}&limit=${ids.length}`, { headers })
      .then((page) => {
        for (const summary of page.items) listed.set(summary.id, Math.max(listed.get(summary.id) ?? 0, summary.messageCount));
      })
      .catch(() => undefined);
    pending.add(request);
    request.finally(() => pending.delete(request));
  };
  const schedule = () => {
    if (timer !== null) return;
    let resolve;
    const fired = new Promise((r) => (resolve = r));
    pending.add(fired);
    timer = setTimeout(
      () => {
        pending.delete(fired);
        refresh();
        resolve();
      },
      Math.max(0, lastRefreshAt + REFRESH_INTERVAL_MS - Date.now()),
    );
  };
  inbox.listeners.add((frame) => {
    if (frame.type !== "conversation.changed") return;
    const count = listed.get(frame.conversationId);
    if (count !== undefined && frame.activity) {
      listed.set(frame.conversationId, Math.max(count, frame.activity.messageCount));
      if (frame.activity.messageCount <= count) return;
    }
    if (count === undefined && frame.activity?.status === "closed") return;
    queued.add(frame.conversationId);
    schedule();
  });
  const settled = async () => {
    while (pending.size > 0) await Promise.all([...pending]);
  };
  return { cookie, headers, operatorId: me.operator.id, inbox, settled };
}

/**
 * A start, tried again on wrangler dev's "worker restarted mid-request" 503 (seen under load here,
 * as in the end-to-end tests' liveVisitor); each try is a request and is counted.
 */
async function startWithRetry(url) {
  for (let attempt = 1; ; attempt++) {
    made.httpRequests++;
    try {
      return await startChat(url);
    } catch (error) {
      if (attempt >= 5 || !String(error.message).includes(": 503")) throw error;
      retries++;
      await sleep(200 * attempt);
    }
  }
}

/** One conversation from the widget's first click to the visitor's rating. */
async function conversation(url, op, c) {
  await http(`${url}/w/demo/config?url=${encodeURIComponent(`${url}/shop/item-${c}`)}&lang=en`, { headers: { Origin: url } });
  const chat = await startWithRetry(url);
  made.upgrades++;
  const visitor = await visitorSocket(url, chat);
  const id = chat.conversationId;
  // The operator takes the chat and opens it: assignment, the composer's saved replies, its socket.
  await http(`${url}/api/v1/conversations/${id}/assign`, {
    method: "POST",
    headers: { ...op.headers, "Content-Type": "application/json" },
    body: JSON.stringify({ operatorId: op.operatorId }),
  });
  await http(`${url}/api/v1/conversations/${id}/saved-replies`, { headers: op.headers });
  made.upgrades++;
  const operator = await operatorSocket(url, op.cookie, id);
  for (let i = 0; i < MESSAGES; i++) {
    const fromVisitor = i % 2 === 0;
    const [author, reader] = fromVisitor ? [visitor, operator] : [operator, visitor];
    const clientId = `c${c}-${i}`;
    const arrived = next(reader, (f) => f.type === "message.created" && f.clientId === clientId, 60_000);
    const acked = next(author, (f) => f.type === "message.created" && f.clientId === clientId, 60_000);
    send(author, { type: "typing", active: true });
    send(author, { type: "typing", active: false });
    send(author, { type: "message.send", clientId, body: `message ${i} of conversation ${c}, about the order` });
    const frame = await arrived;
    await acked;
    // The app reports what the operator has seen.
    if (fromVisitor) send(operator, { type: "read", seq: frame.seq });
    await sleep(GAP_MS);
  }
  const ended = next(visitor, (f) => f.type === "conversation.closed", 60_000);
  send(operator, { type: "conversation.close" });
  await ended;
  await http(`${url}/w/demo/conversations/${id}/rating`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: url, Authorization: `Bearer ${chat.visitorToken}` },
    body: JSON.stringify({ rating: 5 }),
  });
  visitor.ws.close();
  operator.ws.close();
}

/** The meter's lines in wrangler's output from character `from` on. */
function meterRecords(output, from = 0) {
  const records = [];
  for (const line of output.slice(from).split("\n")) {
    const at = line.indexOf("usage-meter ");
    if (at >= 0) records.push(JSON.parse(line.slice(at + "usage-meter ".length)));
  }
  return records;
}

/** Waits until wrangler has printed no meter line for `quietMs` (flush alarms, room erasures done). */
async function quiet(confide, quietMs = 8_000, maxMs = 120_000) {
  const started = Date.now();
  let length = confide.output().length;
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() - started < maxMs) {
    await sleep(500);
    const now = confide.output().length;
    if (now !== length) {
      length = now;
      since = Date.now();
    }
  }
}

/** Sums the meter's records. */
function tally(records) {
  const t = {
    d1Read: 0,
    d1Written: 0,
    d1Reruns: 0,
    sqlRead: 0,
    sqlWritten: 0,
    doCalls: 0,
    doCallMs: 0,
    events: {},
    eventMs: 0,
    ops: {},
    d1ByStatement: new Map(),
    sqlByStatement: new Map(),
  };
  const add = (map, key, read, written) => {
    const entry = map.get(key) ?? { statement: key, runs: 0, read: 0, written: 0 };
    entry.runs++;
    entry.read += read;
    entry.written += written;
    map.set(key, entry);
  };
  for (const r of records) {
    if (r.k === "d1") {
      t.d1Read += r.read;
      t.d1Written += r.written;
      if (r.rerun) t.d1Reruns++;
      add(t.d1ByStatement, r.sql, r.read, r.written);
    } else if (r.k === "sql") {
      t.sqlRead += r.read;
      t.sqlWritten += r.written;
      add(t.sqlByStatement, `${r.object}: ${r.sql}`, r.read, r.written);
    } else if (r.k === "call") {
      t.doCalls++;
      // The object's own handler time is in its events; RPC methods have none, so their time is the caller's.
      if (r.method !== "fetch") t.doCallMs += r.ms;
    } else if (r.k === "event") {
      const key = `${r.object}.${r.handler}`;
      t.events[key] = (t.events[key] ?? 0) + 1;
      t.eventMs += r.ms;
    } else if (r.k === "op") {
      const key = `${r.binding}.${r.method}`;
      t.ops[key] = (t.ops[key] ?? 0) + 1;
    }
  }
  return t;
}

const R2_CLASS_A = new Set(["put", "createMultipartUpload", "uploadPart", "complete", "list"]);
const R2_CLASS_B = new Set(["get", "head"]);

/** Billable units of a tally plus the load generator's counts, over `conversations` conversations. */
function units(t, generated) {
  const count = (binding, methods) =>
    Object.entries(t.ops)
      .filter(([key]) => key.startsWith(`${binding}.`) && (!methods || methods.has(key.split(".")[1])))
      .reduce((sum, [, n]) => sum + n, 0);
  const alarms = Object.entries(t.events)
    .filter(([key]) => key.endsWith(".alarm"))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    workerRequests: generated.httpRequests + generated.upgrades,
    doRequests: t.doCalls + alarms + generated.wsMessages / WS_MESSAGES_PER_REQUEST,
    wsMessages: generated.wsMessages,
    doGbSeconds: ((t.eventMs + t.doCallMs) / 1000) * DO_GB,
    sqlRowsRead: t.d1Read + t.sqlRead,
    sqlRowsWritten: t.d1Written + t.sqlWritten,
    d1RowsRead: t.d1Read,
    d1RowsWritten: t.d1Written,
    doSqlRowsRead: t.sqlRead,
    doSqlRowsWritten: t.sqlWritten,
    r2ClassA: count("ATTACHMENTS", R2_CLASS_A),
    r2ClassB: count("ATTACHMENTS", R2_CLASS_B),
    kvReads: count("ERASURES", new Set(["get"])),
    kvWrites: count("ERASURES", new Set(["put", "delete", "list"])),
    // A message is written, read and deleted: 3 operations (under 64 KB each).
    queueOperations: 3 * count("WEBHOOKS"),
  };
}

const PRICED = [
  "workerRequests",
  "doRequests",
  "doGbSeconds",
  "sqlRowsRead",
  "sqlRowsWritten",
  "r2ClassA",
  "r2ClassB",
  "kvReads",
  "kvWrites",
  "queueOperations",
];
const usd = (quantity, key) => (quantity * PRICES[key].perMillion) / 1_000_000;

const loadavg = readFileSync("/proc/loadavg", "utf8").trim();
const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
const confide = await startConfide({ vars: { USAGE_METER: "1" } });
try {
  const { url } = confide;
  // Phase 1, once a day: three operators open the app (three sessions of the bench's admin, who
  // may answer every chat; the load is the same as three people's).
  const startOutput = confide.output().length;
  const startMade = { ...made };
  const operators = [];
  for (let i = 0; i < OPERATORS; i++) {
    made.httpRequests++;
    operators.push(await operatorApp(url, await login(url)));
  }
  await quiet(confide, 3_000);
  const dailyRecords = meterRecords(confide.output(), startOutput);
  const dailyMade = Object.fromEntries(Object.entries(made).map(([k, v]) => [k, v - startMade[k]]));

  // Phase 2: the conversations, each answered by one of the operators in turn.
  const chatsOutput = confide.output().length;
  const chatsMade = { ...made };
  const started = performance.now();
  await pool(
    Array.from({ length: CONVERSATIONS }, (_, c) => c),
    CONCURRENCY,
    (c) => conversation(url, operators[c % OPERATORS], c),
  );
  // The rooms' last flushes, their erasure after the end, and the apps' fetches they announce.
  await quiet(confide);
  for (const op of operators) await op.settled();
  const seconds = (performance.now() - started) / 1000;
  const records = meterRecords(confide.output(), chatsOutput);
  const generated = Object.fromEntries(Object.entries(made).map(([k, v]) => [k, v - chatsMade[k]]));
  for (const op of operators) op.inbox.ws.close();

  const t = tally(records);
  const perChats = units(t, generated);
  const daily = units(tally(dailyRecords), dailyMade);
  const scale = SCALE_TO / CONVERSATIONS;
  const messages = CONVERSATIONS * MESSAGES;
  // A day of SCALE_TO conversations: the sample's per-conversation counts × scale, plus the
  // operators' start-up once and the cron runs (their rows are not counted: see bench/README.md).
  const day = Object.fromEntries(Object.keys(perChats).map((key) => [key, perChats[key] * scale + daily[key]]));
  day.workerRequests += CRON_RUNS_PER_DAY;
  const rows = PRICED.map((key) => ({
    "billable unit": key,
    [`sample (${CONVERSATIONS} chats)`]: round(perChats[key], 2),
    "operators' start": round(daily[key], 2),
    [`per ${SCALE_TO.toLocaleString("en")} chats`]: round(day[key], 0),
    "USD / million": PRICES[key].perMillion,
    USD: round(usd(day[key], key), 4),
  }));
  const total = PRICED.reduce((sum, key) => sum + usd(day[key], key), 0);

  console.log(
    `\n${CONVERSATIONS} conversations × ${MESSAGES} messages (${messages} messages, ${GAP_MS} ms apart in a chat, ${CONCURRENCY} chats at once), ${OPERATORS} operators online; ${round(seconds, 0)} s; scaled ×${round(scale, 3)} to ${SCALE_TO.toLocaleString("en")} conversations`,
  );
  console.log(`load average at the start: ${loadavg}; commit ${commit}; requests tried again after a 503: ${retries}`);
  table(rows);
  console.log(
    `\ncost per ${SCALE_TO.toLocaleString("en")} conversations: USD ${round(total, 4)} (usage beyond the plan's monthly allowances; the plan itself is USD 5 a month)`,
  );
  console.log(`prices: ${PRICES.source}`);
  // The room's flush: the messages insert and the conversation's counter update (src/db/conversations.ts flushMessages).
  const flushWritten = [...t.d1ByStatement.values()]
    .filter((s) => /^insert into "messages"/.test(s.statement) || /^update "conversations" set "message_count"/.test(s.statement))
    .reduce((sum, s) => sum + s.written, 0);
  console.log(
    `\nD1 rows written per message: ${round(t.d1Written / messages, 3)} (every D1 row the conversations wrote ÷ messages; ${t.d1Written} rows, ${messages} messages), of which the rooms' flushes (messages insert + conversation counter update): ${round(flushWritten / messages, 3)}; D1 rows read per message: ${round(t.d1Read / messages, 3)}`,
  );
  console.log(
    `Durable Object SQLite rows written per message: ${round(t.sqlWritten / messages, 3)}; read: ${round(t.sqlRead / messages, 3)}`,
  );
  console.log(
    `WebSocket messages to Durable Objects: ${generated.wsMessages} (billed as ${generated.wsMessages / WS_MESSAGES_PER_REQUEST} requests); Durable Object calls (RPC, fetch) ${t.doCalls}; handlers ${JSON.stringify(t.events)}`,
  );
  console.log(
    `Durable Object time: handlers ${t.eventMs} ms + RPC calls ${t.doCallMs} ms in the sample (wall time across I/O; CPU time is not in it: see bench/README.md)`,
  );
  console.log(`R2, KV, Queues calls in the sample: ${JSON.stringify(t.ops)}; D1 selects run again for their meta: ${t.d1Reruns}`);
  console.log(`\nD1 statements in the sample, by rows written (per message = ÷ ${messages})`);
  const byWritten = (map) => [...map.values()].sort((a, b) => b.written - a.written || b.read - a.read);
  table(
    byWritten(t.d1ByStatement)
      .slice(0, 15)
      .map((s) => ({
        statement: s.statement.slice(0, 90),
        runs: s.runs,
        "rows written": s.written,
        "written/message": round(s.written / messages, 3),
        "rows read": s.read,
      })),
  );
  console.log("\nDurable Object SQLite statements in the sample, by rows written");
  table(
    byWritten(t.sqlByStatement)
      .slice(0, 12)
      .map((s) => ({ statement: s.statement.slice(0, 90), runs: s.runs, "rows written": s.written, "rows read": s.read })),
  );
  console.log(
    JSON.stringify({
      benchmark: "cost",
      date: new Date().toISOString(),
      commit,
      loadavg,
      machine: machine(),
      conversations: CONVERSATIONS,
      messages: MESSAGES,
      gapMs: GAP_MS,
      concurrency: CONCURRENCY,
      seconds: round(seconds, 1),
      sample: perChats,
      operatorsStart: daily,
      perTenThousand: day,
      usd: round(total, 4),
      d1RowsWrittenPerMessage: round(t.d1Written / messages, 3),
      d1FlushRowsWrittenPerMessage: round(flushWritten / messages, 3),
      d1RowsReadPerMessage: round(t.d1Read / messages, 3),
      prices: PRICES,
    }),
  );
} catch (error) {
  console.error(
    `wrangler dev's last output:\n${confide
      .output()
      .split("\n")
      .filter((line) => !line.includes("usage-meter "))
      .slice(-40)
      .join("\n")}`,
  );
  throw error;
} finally {
  await confide.stop();
}
