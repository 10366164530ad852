// Faults: 4 conversations exchange messages (a visitor and an operator each) while sockets are
// dropped at random and wrangler dev is killed (SIGKILL, wrangler and workerd at once) and started
// again on its persisted state, twice. Clients do what the widget and the app do: reconnect with
// ?after=<highest seq seen> and resend unacknowledged messages with the same clientId.
// Afterwards every client, resumed, must hold every acknowledged message exactly once, in the same
// order, with each sender's own order kept; and a fresh replay from 0 must say the same.
// Usage: node bench/faults.mjs [--seconds 40] [--crashes 2]
import { rmSync } from "node:fs";
import WebSocket from "ws";
import { login, machine, numberArg, startChat, startConfide, table } from "./lib.mjs";

const SECONDS = numberArg("seconds", 40);
const CRASHES = numberArg("crashes", 2);
const CONVERSATIONS = 4;
const SEND_EVERY_MS = 60;
const DROP_EVERY_MS = 400;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A client that survives anything: reconnects, resumes after its highest seq, resends what was not acknowledged. */
class ResilientClient {
  constructor(name, address, options) {
    this.name = name;
    this.address = address;
    this.options = options;
    /** seq → message, and the order seqs arrived in (must be increasing, without repeats). */
    this.bySeq = new Map();
    this.arrival = [];
    this.duplicates = 0;
    this.outOfOrder = 0;
    /** clientId → body: sent, not yet acknowledged. */
    this.pending = new Map();
    /** Own clientIds in the order they were first sent. */
    this.sentOrder = [];
    this.acked = new Set();
    this.connects = 0;
    this.ws = null;
    this.ready = false;
    this.resendAtSeq = null;
    this.stopped = false;
    this.counter = 0;
  }

  get lastSeq() {
    return this.arrival.length === 0 ? 0 : this.arrival[this.arrival.length - 1];
  }

  connect() {
    if (this.stopped) return;
    this.ready = false;
    this.resendAtSeq = null;
    const ws = new WebSocket(`${this.address}?after=${this.lastSeq}`, this.options.protocols, {
      origin: this.options.origin,
      headers: this.options.headers ?? {},
    });
    this.ws = ws;
    this.connects++;
    ws.on("message", (data) => this.onFrame(JSON.parse(String(data))));
    const retry = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.ready = false;
      if (!this.stopped) setTimeout(() => this.connect(), 100 + Math.random() * 400);
    };
    ws.on("close", retry);
    ws.on("error", () => undefined); // "close" follows
    ws.on("unexpected-response", () => retry());
  }

  onFrame(frame) {
    if (frame.type === "hello") {
      this.ready = true;
      // As the widget and the app: resend in first-sent order once the replay reached hello's
      // lastSeq; what got through before the drop comes in the replay and leaves `pending`.
      this.resendAtSeq = frame.lastSeq;
      this.resendWhenCaughtUp();
      return;
    }
    if (frame.type !== "message.created") return;
    if (this.bySeq.has(frame.seq)) {
      this.duplicates++;
      return;
    }
    if (frame.seq <= this.lastSeq) this.outOfOrder++;
    this.bySeq.set(frame.seq, { clientId: frame.clientId, body: frame.body });
    this.arrival.push(frame.seq);
    if (this.pending.has(frame.clientId)) {
      this.pending.delete(frame.clientId);
      this.acked.add(frame.clientId);
    }
    this.resendWhenCaughtUp();
  }

  resendWhenCaughtUp() {
    if (this.resendAtSeq === null || this.lastSeq < this.resendAtSeq) return;
    this.resendAtSeq = null;
    for (const clientId of this.sentOrder) if (this.pending.has(clientId)) this.sendFrame(clientId);
  }

  sendFrame(clientId) {
    try {
      this.ws?.send(JSON.stringify({ type: "message.send", clientId, body: `${this.name} ${clientId}` }));
    } catch {
      // The socket is going; the next hello resends it.
    }
  }

  sendNew() {
    const clientId = `${this.name}-${++this.counter}`;
    this.pending.set(clientId, true);
    this.sentOrder.push(clientId);
    if (this.ready && this.resendAtSeq === null) this.sendFrame(clientId);
  }

  drop() {
    this.ws?.terminate();
  }

  stop() {
    this.stopped = true;
    this.ws?.close();
  }
}

/** A fresh socket from 0: the room's (or the archive's) full replay. */
async function replay(address, options) {
  const ws = new WebSocket(`${address}?after=0`, options.protocols, { origin: options.origin, headers: options.headers ?? {} });
  const seqs = [];
  const bySeq = new Map();
  let lastSeq = null;
  await new Promise((resolve, reject) => {
    ws.on("message", (data) => {
      const frame = JSON.parse(String(data));
      if (frame.type === "hello") lastSeq = frame.lastSeq;
      if (frame.type === "message.created") {
        seqs.push(frame.seq);
        bySeq.set(frame.seq, frame.clientId);
      }
      if (lastSeq !== null && seqs.length >= lastSeq) resolve();
    });
    ws.on("error", reject);
  });
  ws.close();
  return { seqs, bySeq };
}

let confide = await startConfide();
const { url, persistDir, port } = confide;
const crashes = [];
try {
  const cookie = await login(url);
  const ws = url.replace("http", "ws");
  const conversations = [];
  for (let c = 0; c < CONVERSATIONS; c++) {
    const chat = await startChat(url);
    const visitorOptions = { protocols: ["confide.v1", `confide.token.${chat.visitorToken}`], origin: url };
    const operatorOptions = { protocols: ["confide.v1"], origin: url, headers: { Cookie: cookie } };
    const visitor = new ResilientClient(`v${c}`, `${ws}/w/demo/conversations/${chat.conversationId}/socket`, visitorOptions);
    const operator = new ResilientClient(`o${c}`, `${ws}/api/v1/conversations/${chat.conversationId}/socket`, operatorOptions);
    conversations.push({ id: chat.conversationId, visitor, operator, visitorOptions, operatorOptions });
  }
  const clients = conversations.flatMap((c) => [c.visitor, c.operator]);
  for (const client of clients) client.connect();

  // Load and faults for SECONDS: every client sends; sockets drop at random; the server crashes.
  const started = Date.now();
  const crashAt = Array.from({ length: CRASHES }, (_, i) => ((i + 1) * SECONDS * 1000) / (CRASHES + 1));
  let drops = 0;
  const sender = setInterval(() => clients[Math.floor(Math.random() * clients.length)].sendNew(), SEND_EVERY_MS / 2);
  const dropper = setInterval(() => {
    clients[Math.floor(Math.random() * clients.length)].drop();
    drops++;
  }, DROP_EVERY_MS);
  while (Date.now() - started < SECONDS * 1000) {
    if (crashAt.length > 0 && Date.now() - started >= crashAt[0]) {
      crashAt.shift();
      const at = Date.now();
      await confide.crash();
      await sleep(500);
      confide = await startConfide({ persistDir, port });
      crashes.push({ afterSeconds: Math.round((at - started) / 100) / 10, downMs: Date.now() - at });
    }
    await sleep(50);
  }
  clearInterval(sender);
  clearInterval(dropper);

  // Quiet period: every client reconnects and has its pending messages acknowledged.
  const settleDeadline = Date.now() + 60_000;
  while (clients.some((c) => c.pending.size > 0 || !c.ready) && Date.now() < settleDeadline) await sleep(100);
  await sleep(2_000);
  const unsettled = clients.filter((c) => c.pending.size > 0).map((c) => `${c.name}: ${c.pending.size} unacknowledged`);

  // The checks, per conversation.
  const rows = [];
  const failures = [...unsettled];
  for (const conversation of conversations) {
    const { visitor, operator } = conversation;
    const sameLog = (a, b) =>
      a.arrival.length === b.arrival.length &&
      a.arrival.every((seq, i) => seq === b.arrival[i] && a.bySeq.get(seq).clientId === b.bySeq.get(seq).clientId);
    const log = visitor.arrival;
    const gapFree = log.every((seq, i) => seq === i + 1);
    const clientIds = log.map((seq) => visitor.bySeq.get(seq).clientId);
    const exactlyOnce = new Set(clientIds).size === clientIds.length;
    const acked = [...visitor.acked, ...operator.acked];
    const allAckedPresent = acked.every((id) => clientIds.includes(id));
    const ownOrder = [visitor, operator].every((sender) => {
      const positions = sender.sentOrder.filter((id) => sender.acked.has(id)).map((id) => clientIds.indexOf(id));
      return positions.every((p, i) => i === 0 || p > positions[i - 1]);
    });
    const fresh = await replay(`${ws}/api/v1/conversations/${conversation.id}/socket`, conversation.operatorOptions);
    const replayMatches =
      fresh.seqs.length === log.length && fresh.seqs.every((seq, i) => seq === log[i] && fresh.bySeq.get(seq) === clientIds[i]);
    const row = {
      conversation: conversation.id.slice(0, 8),
      messages: log.length,
      acknowledged: acked.length,
      "reconnects v/o": `${visitor.connects - 1}/${operator.connects - 1}`,
      "same in both": sameLog(visitor, operator),
      "gap-free": gapFree,
      // Stored once each; and no client was sent a message it already had (a seq twice).
      "exactly once": exactlyOnce,
      "no repeats": visitor.duplicates === 0 && operator.duplicates === 0,
      "in order": visitor.outOfOrder === 0 && operator.outOfOrder === 0 && ownOrder,
      "all acked kept": allAckedPresent,
      "fresh replay same": replayMatches,
    };
    rows.push(row);
    for (const [check, ok] of Object.entries(row)) if (ok === false) failures.push(`${row.conversation}: ${check}`);
  }
  for (const client of clients) client.stop();

  console.log(
    `\n${CONVERSATIONS} conversations, ${SECONDS} s, a message every ${SEND_EVERY_MS / 2} ms from a random client, a socket dropped every ${DROP_EVERY_MS} ms (${drops} drops), ${crashes.length} crashes of wrangler dev`,
  );
  table(rows);
  console.log(`\ncrashes: ${crashes.map((c) => `at ${c.afterSeconds} s, down ${c.downMs} ms`).join("; ")}`);
  console.log(failures.length === 0 ? "result: no message lost, doubled or reordered" : `result: FAILED\n${failures.join("\n")}`);
  console.log(
    JSON.stringify({
      benchmark: "faults",
      date: new Date().toISOString(),
      machine: machine(),
      seconds: SECONDS,
      conversations: CONVERSATIONS,
      drops,
      crashes,
      rows,
      failures,
    }),
  );
  process.exitCode = failures.length === 0 ? 0 : 1;
} finally {
  await confide.stop();
  rmSync(persistDir, { recursive: true, force: true });
}
