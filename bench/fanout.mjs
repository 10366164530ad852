// Fan-out and latency: Confide (wrangler dev) against a minimal Node `ws` broadcast server, same
// load generator, same machine, same run.
//   1. One conversation, 1 visitor and 3 operators: the visitor sends with a window of in-flight
//      messages; every operator receives every message.
//   2. 1,000 conversations at once (2,000 sockets: a visitor and an operator each): each visitor
//      sends one message at a time; throughput, latency, and memory per socket.
// Usage: node bench/fanout.mjs [--messages 3000] [--conversations 1000] [--per-conversation 10]
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  freePort,
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
  summarise,
  table,
  treeRss,
  visitorSocket,
} from "./lib.mjs";

const MESSAGES = numberArg("messages", 3000);
const WINDOW = 16;
const CONVERSATIONS = numberArg("conversations", 1000);
const PER_CONVERSATION = numberArg("per-conversation", 10);

/** The baseline in its own process, as Confide runs in its own. */
async function startBaselineProcess() {
  const port = await freePort();
  const child = spawn(process.execPath, [fileURLToPath(new URL("./baseline-ws-server.mjs", import.meta.url)), String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve) => child.stdout.once("data", resolve));
  return {
    url: `ws://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () =>
      new Promise((r) => {
        child.kill("SIGTERM");
        child.once("exit", r);
      }),
  };
}

/** The two systems behind one interface: open a conversation with one visitor and n operators. */
function confideTarget(confide, cookie) {
  return {
    name: "Confide",
    pid: confide.pid,
    async open(operators) {
      const chat = await startChat(confide.url);
      const visitor = await visitorSocket(confide.url, chat);
      const ops = [];
      for (let i = 0; i < operators; i++) ops.push(await operatorSocket(confide.url, cookie, chat.conversationId));
      return { visitor, operators: ops };
    },
  };
}

function baselineTarget(baseline) {
  let rooms = 0;
  return {
    name: "ws baseline",
    pid: baseline.pid,
    async open(operators) {
      const room = `${baseline.url}/room/${++rooms}`;
      const visitor = await socket(room);
      const ops = [];
      for (let i = 0; i < operators; i++) ops.push(await socket(room));
      return { visitor, operators: ops };
    },
  };
}

const close = (conversation) => {
  for (const s of [conversation.visitor, ...conversation.operators]) s.ws.close();
};

/** Scenario 1: one conversation, a window of WINDOW messages in flight, every operator timed. */
async function oneConversation(target) {
  const conversation = await target.open(3);
  const sentAt = new Map();
  const latencies = [];
  let received = 0;
  for (const op of conversation.operators) {
    op.listeners.add((frame, at) => {
      if (frame.type !== "message.created" || !sentAt.has(frame.clientId)) return;
      latencies.push(at - sentAt.get(frame.clientId));
      received++;
    });
  }
  const run = async (count, prefix, measure) => {
    let acked = 0;
    let sent = 0;
    await new Promise((resolve) => {
      const sendOne = () => {
        const clientId = `${prefix}${sent++}`;
        if (measure) sentAt.set(clientId, performance.now());
        conversation.visitor.ws.send(JSON.stringify({ type: "message.send", clientId, body: `message ${clientId}` }));
      };
      conversation.visitor.listeners.add((frame) => {
        if (frame.type !== "message.created" || !String(frame.clientId).startsWith(prefix)) return;
        acked++;
        if (acked === count) resolve();
        else if (sent < count) sendOne();
      });
      for (let i = 0; i < Math.min(WINDOW, count); i++) sendOne();
    });
  };
  await run(200, "warm-", false);
  const started = performance.now();
  await run(MESSAGES, "m-", true);
  while (received < MESSAGES * 3) await new Promise((r) => setTimeout(r, 5));
  const seconds = (performance.now() - started) / 1000;
  close(conversation);
  return {
    messagesPerSecond: round(MESSAGES / seconds, 0),
    deliveriesPerSecond: round((MESSAGES * 3) / seconds, 0),
    ...summarise(latencies),
  };
}

/** Scenario 2: many conversations at once, each visitor sending one message at a time. */
async function manyConversations(target) {
  const rssBefore = treeRss(target.pid);
  const conversations = await pool(Array.from({ length: CONVERSATIONS }), 16, () => target.open(1));
  await new Promise((r) => setTimeout(r, 1000));
  const rssOpen = treeRss(target.pid);
  const latencies = [];
  const started = performance.now();
  await Promise.all(
    conversations.map(async (conversation, c) => {
      for (let i = 0; i < PER_CONVERSATION; i++) {
        const clientId = `c${c}-${i}`;
        const arrived = next(conversation.operators[0], (f) => f.type === "message.created" && f.clientId === clientId, 120_000);
        const acked = next(conversation.visitor, (f) => f.type === "message.created" && f.clientId === clientId, 120_000);
        const at = performance.now();
        conversation.visitor.ws.send(JSON.stringify({ type: "message.send", clientId, body: `message ${clientId}` }));
        await arrived;
        latencies.push(performance.now() - at);
        await acked;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const rssAfter = treeRss(target.pid);
  for (const conversation of conversations) close(conversation);
  const total = CONVERSATIONS * PER_CONVERSATION;
  return {
    sockets: CONVERSATIONS * 2,
    messagesPerSecond: round(total / seconds, 0),
    ...summarise(latencies),
    rssBeforeMiB: round(rssBefore / 2 ** 20, 1),
    rssAfterMiB: round(rssAfter / 2 ** 20, 1),
    kibPerSocket: round((rssOpen - rssBefore) / 1024 / (CONVERSATIONS * 2), 1),
  };
}

const baseline = await startBaselineProcess();
const confide = await startConfide();
try {
  const cookie = await login(confide.url);
  const targets = [baselineTarget(baseline), confideTarget(confide, cookie)];
  const single = {};
  for (const target of targets) single[target.name] = await oneConversation(target);
  const many = {};
  for (const target of targets) many[target.name] = await manyConversations(target);

  console.log(`\n1 conversation, 1 visitor + 3 operators, ${MESSAGES} messages, window ${WINDOW} (latency in ms, send → each operator)`);
  table(
    Object.entries(single).map(([name, r]) => ({
      system: name,
      "msg/s": r.messagesPerSecond,
      "deliveries/s": r.deliveriesPerSecond,
      p50: r.p50,
      p99: r.p99,
      max: r.max,
    })),
  );
  console.log(
    `\n${CONVERSATIONS} conversations at once (${CONVERSATIONS * 2} sockets), ${PER_CONVERSATION} messages each, one at a time (latency in ms, send → operator)`,
  );
  table(
    Object.entries(many).map(([name, r]) => ({
      system: name,
      "msg/s": r.messagesPerSecond,
      p50: r.p50,
      p99: r.p99,
      max: r.max,
      "RSS before MiB": r.rssBeforeMiB,
      "RSS after MiB": r.rssAfterMiB,
      "KiB/socket": r.kibPerSocket,
    })),
  );
  const ratios = {
    single: {
      throughput: round(single.Confide.messagesPerSecond / single["ws baseline"].messagesPerSecond, 3),
      p50: round(single.Confide.p50 / single["ws baseline"].p50, 2),
      p99: round(single.Confide.p99 / single["ws baseline"].p99, 2),
    },
    many: {
      throughput: round(many.Confide.messagesPerSecond / many["ws baseline"].messagesPerSecond, 3),
      p50: round(many.Confide.p50 / many["ws baseline"].p50, 2),
      p99: round(many.Confide.p99 / many["ws baseline"].p99, 2),
    },
  };
  console.log(
    `\nConfide ÷ baseline: one conversation throughput ${ratios.single.throughput}, p50 ${ratios.single.p50}, p99 ${ratios.single.p99}; many conversations throughput ${ratios.many.throughput}, p50 ${ratios.many.p50}, p99 ${ratios.many.p99}`,
  );
  console.log(
    JSON.stringify({
      benchmark: "fanout",
      date: new Date().toISOString(),
      machine: machine(),
      messages: MESSAGES,
      window: WINDOW,
      conversations: CONVERSATIONS,
      perConversation: PER_CONVERSATION,
      single,
      many,
      ratios,
    }),
  );
} finally {
  await confide.stop();
  await baseline.stop();
}
