import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
// @ts-expect-error plain ESM helper shared with `npm start`
import { firstRun, migrate, ROOT, startWrangler } from "../../scripts/local.mjs";

// No residue of an erased conversation in the raw database files. This suite runs its own
// `wrangler dev` on its own state directory, so it can read every byte wrangler keeps there and
// stop the worker to age a conversation for the retention sweep.
//
// What it looks for: every AES-GCM envelope ("e1.<key id>.<iv>.<ciphertext>") the conversation
// added to the files: its wrapped data key, message bodies, visitor name, email, IP, User-Agent,
// country and page views. Each is random, so finding its IV or the start of its ciphertext
// anywhere means a copy survived. Local D1 runs SQLite in WAL mode: page images go to the -wal
// file first and reach the database file at a checkpoint (automatic, once the log holds 1,000
// pages), after which the log is written again from its start. So after each erasure the test
// writes until the log has restarted twice (its header's checkpoint counter), then scans
// *.sqlite, -wal and -shm: the checkpoint has copied the erased pages into the database file and
// the log has overwritten the frames that held the values before the erasure.

const ADMIN = { email: "residue-admin@confide.localhost", password: "residue password, long enough" };
const ENVELOPE = /e1\.[A-Za-z0-9_-]+\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{24,})/g;
/** Each path writes megabytes to cycle the log, and the retention path restarts the worker. */
const SLOW = 300_000;
const randomPort = () => 20_000 + Math.floor(Math.random() * 12_000);

let persistDir: string;
let port: number;
let base: string;
let server: { child: import("node:child_process").ChildProcess } | null = null;

async function start() {
  for (let attempt = 1; ; attempt++) {
    try {
      // A high limit on new chats: the filler below starts hundreds from one address.
      server = await startWrangler({ port, persistDir, vars: { CONVERSATIONS_PER_HOUR: "1000000" } });
      return;
    } catch (error) {
      if (attempt === 3 || !String(error).includes("Address already in use")) throw error;
      port = randomPort();
      base = `http://127.0.0.1:${port}`;
    }
  }
}

async function stop() {
  if (!server) return;
  const child = server.child;
  server = null;
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
}

beforeAll(async () => {
  persistDir = mkdtempSync(join(tmpdir(), "confide-residue-"));
  port = randomPort();
  base = `http://127.0.0.1:${port}`;
  migrate(persistDir);
  // Origins are fixed at first run; a port changed by a retry is not among them, so keep it.
  firstRun(persistDir, [base], { CONFIDE_ADMIN_EMAIL: ADMIN.email, CONFIDE_ADMIN_PASSWORD: ADMIN.password });
  await start();
}, 300_000);

afterAll(async () => {
  await stop();
  rmSync(persistDir, { recursive: true, force: true });
});

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));

/** A file's bytes as text; empty when the worker removed it meanwhile (a room's files go at its erasure). */
function read(file: string): string {
  try {
    return readFileSync(file).toString("latin1");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw error;
  }
}

/** Every envelope in the raw files under `sub` (d1 or do), by IV. */
function envelopes(sub: "d1" | "do"): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files(join(persistDir, "v3", sub))) {
    for (const m of read(file).matchAll(ENVELOPE)) found.set(m[1]!, m[2]!);
  }
  return found;
}

/** Where any part of these envelopes still lies: file names (relative) per IV. */
function residue(markers: Map<string, string>): string[] {
  const hits: string[] = [];
  for (const file of files(join(persistDir, "v3"))) {
    const raw = read(file);
    for (const [iv, ciphertext] of markers) {
      if (raw.includes(iv) || raw.includes(ciphertext.slice(0, 24))) hits.push(`${file.slice(persistDir.length)}: ${iv}`);
    }
  }
  return hits;
}

/** The checkpoint sequence number in the D1 log's header: it grows each time the log restarts. */
function walRestarts(): number {
  const wal = files(join(persistDir, "v3", "d1")).find((f) => f.endsWith(".sqlite-wal") && !f.includes("metadata"));
  if (!wal) return 0;
  const header = readFileSync(wal).subarray(0, 32);
  return header.length < 32 ? 0 : header.readUInt32BE(12);
}

async function until<T>(probe: () => T | Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const startChat = async (body: Record<string, unknown>) => {
  const res = await fetch(`${base}/w/demo/conversations`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: base, "User-Agent": "ResidueBrowser/1.0", Referer: `${base}/landing` },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`start failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { conversationId: string; visitorToken: string };
};

/**
 * A chat with everything a visitor leaves (name, email, visit details, a page view, messages),
 * flushed to D1. Returns its ids and every envelope it added to the files.
 */
async function chat(options: { close: boolean }) {
  const before = new Set([...envelopes("d1").keys(), ...envelopes("do").keys()]);
  const started = await startChat({ consent: true, name: "Rita Residue", email: "rita.residue@example.org" });
  const auth = { Origin: base, Authorization: `Bearer ${started.visitorToken}` };
  const view = await fetch(`${base}/w/demo/conversations/${started.conversationId}/page-views`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...auth },
    body: JSON.stringify({ url: `${base}/pricing?plan=secret` }),
  });
  expect(view.status).toBe(204);
  const ws = new WebSocket(
    `${base.replace("http", "ws")}/w/demo/conversations/${started.conversationId}/socket`,
    ["confide.v1", `confide.token.${started.visitorToken}`],
    { origin: base },
  );
  const frames: { type: string }[] = [];
  ws.on("message", (data) => frames.push(JSON.parse(String(data)) as { type: string }));
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  for (let i = 0; i < 4; i++) ws.send(JSON.stringify({ type: "message.send", clientId: `residue-${i}`, body: `something private ${i}` }));
  await until(
    () => frames.filter((f) => f.type === "message.created").length,
    (n) => n === 4,
    "the acknowledgements",
  );
  if (options.close) {
    ws.send(JSON.stringify({ type: "conversation.close" }));
    await until(() => frames.some((f) => f.type === "conversation.closed"), Boolean, "the close");
  }
  ws.close();
  // The room flushes to D1 on its alarm: wait until every envelope it holds is in the D1 files too
  // (for a closed chat, until the room has erased itself after the final flush).
  const mine = await until(
    () => {
      const d1 = envelopes("d1");
      const room = [...envelopes("do")].filter(([iv]) => !before.has(iv));
      return { d1, room, flushed: room.every(([iv]) => d1.has(iv)) && (!options.close || room.length === 0) };
    },
    (s) => s.flushed,
    "the room's flush to D1",
  );
  const markers = new Map([...mine.d1].filter(([iv]) => !before.has(iv)));
  // At least the wrapped key, name, email, User-Agent, the page view and four messages.
  expect(markers.size).toBeGreaterThanOrEqual(9);
  return { ...started, markers };
}

async function login(): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: base },
    body: JSON.stringify(ADMIN),
  });
  expect(res.status).toBe(200);
  return (res.headers.get("Set-Cookie") ?? "").split(";")[0]!;
}

/** Writes to D1 (new chats) until its log has restarted twice since now. */
async function cycleTheLog(): Promise<void> {
  const from = walRestarts();
  for (let started = 0; walRestarts() < from + 2; started++) {
    if (started > 5_000) throw new Error("the D1 log never restarted");
    await Promise.all(Array.from({ length: 10 }, () => startChat({ consent: true })));
  }
}

describe("after an erasure, the raw database files hold nothing of the conversation", () => {
  it(
    "operator delete of a live chat",
    async () => {
      const erased = await chat({ close: false });
      expect(residue(erased.markers).length).toBeGreaterThan(0);
      const cookie = await login();
      const res = await fetch(`${base}/api/v1/conversations/${erased.conversationId}`, {
        method: "DELETE",
        headers: { Origin: base, Cookie: cookie },
      });
      expect(await res.json()).toEqual({ deleted: 1 });
      await cycleTheLog();
      expect(residue(erased.markers)).toEqual([]);
    },
    SLOW,
  );

  it(
    "visitor self-erase of an ended chat",
    async () => {
      const erased = await chat({ close: true });
      const res = await fetch(`${base}/w/demo/conversations/${erased.conversationId}`, {
        method: "DELETE",
        headers: { Origin: base, Authorization: `Bearer ${erased.visitorToken}` },
      });
      expect(res.status, await res.text()).toBe(204);
      await cycleTheLog();
      expect(residue(erased.markers)).toEqual([]);
    },
    SLOW,
  );

  it(
    "the retention sweep",
    async () => {
      const erased = await chat({ close: true });
      const cookie = await login();
      const settings = await fetch(`${base}/api/v1/settings`, {
        method: "PATCH",
        headers: { "Content-Type": "application/json", Origin: base, Cookie: cookie },
        body: JSON.stringify({ retentionMonths: 1 }),
      });
      expect(settings.status).toBe(200);
      // Age the chat by two months, with the worker stopped (one process on the files at a time).
      await stop();
      const old = Date.now() - 62 * 86_400_000;
      const aged = spawnSync(
        join(ROOT, "node_modules/.bin/wrangler"),
        [
          "d1",
          "execute",
          "DB",
          "--local",
          "--persist-to",
          persistDir,
          "--command",
          `UPDATE conversations SET created_at = ${old}, last_message_at = ${old}, closed_at = ${old} WHERE id = '${erased.conversationId}'`,
        ],
        { cwd: ROOT, encoding: "utf8", env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" } },
      );
      expect(aged.status, aged.stderr).toBe(0);
      await start();
      const res = await fetch(`${base}/__scheduled?cron=${encodeURIComponent("17 * * * *")}`);
      expect(res.status).toBe(200);
      const gone = await fetch(`${base}/api/v1/conversations/${erased.conversationId}`, { headers: { Cookie: await login() } });
      expect(gone.status).toBe(404);
      await cycleTheLog();
      expect(residue(erased.markers)).toEqual([]);
    },
    SLOW,
  );
});
