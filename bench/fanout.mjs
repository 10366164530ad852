// Fan-out and latency: Confide (wrangler dev) against a minimal Node `ws` broadcast server, same
// load generator, same machine, same run.
//   1. One conversation, 1 visitor and 3 operators: the visitor sends with a window of in-flight
//      messages; every operator receives every message.
//   2. 1,000 conversations at once (2,000 sockets: a visitor and an operator each): each visitor
//      sends one message at a time; throughput, latency, and memory per socket.
// Usage: node bench/fanout.mjs [--messages 3000] [--conversations 1000] [--per-conversation 10]
//   [--idle-seconds 90] [--perf] [--inspector] [--profile] [--direct] [--bare]
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import {
  freePort,
  login,
  machine,
  next,
  numberArg,
  openConversation,
  pool,
  round,
  socket,
  startConfide,
  summarise,
  table,
  treeRss,
  workerEntry,
} from "./lib.mjs";
import { connectInspector, cpuBetween, heapUsed, perMessage, profileSteps, startNativeProfile, startProfile, treeCpu } from "./profile.mjs";

const MESSAGES = numberArg("messages", 3000);
const WINDOW = 16;
const CONVERSATIONS = numberArg("conversations", 1000);
const PER_CONVERSATION = numberArg("per-conversation", 10);
/** --profile: CPU profiles of the worker's isolate during Confide's runs (slower; a separate run from the figures). */
const PROFILE = process.argv.includes("--profile");
/** --perf: native samples of the workerd process with Linux perf during Confide's runs (bench/profile.mjs). */
const PERF = process.argv.includes("--perf");
/**
 * --inspector: attach a DevTools session for the isolate's heap figures (always with --profile).
 * Off by default: with one attached, 1,000 conversations stalled workerd (bench/RESULTS.md).
 */
const INSPECTOR = process.argv.includes("--inspector") || PROFILE;
/**
 * --direct: sockets and chat starts go straight to the worker's workerd, not through wrangler dev's
 * proxy (a second workerd) and its node process, which production does not have (bench/lib.mjs workerEntry).
 */
const DIRECT = process.argv.includes("--direct");
/**
 * --bare: the worker started through wrangler's API (bench/dev-worker.mjs), without the DevTools
 * session and debug log that `wrangler dev` always keeps; no --inspector or --profile then.
 */
const BARE = process.argv.includes("--bare");
if (BARE && INSPECTOR) throw new Error("--bare has no DevTools session: leave out --inspector and --profile");
/** How long the many conversations stay open and idle after their messages, for the idle memory. */
const IDLE_SECONDS = numberArg("idle-seconds", 90);

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
function confideTarget(confide, cookie, inspector, entry) {
  return {
    name: "Confide",
    pid: confide.pid,
    /** The worker isolate's used heap (rooms in memory; hibernated ones are not). */
    heap: () => (inspector ? heapUsed(inspector) : undefined),
    open: (operators) => openConversation(confide.url, cookie, { operators, entry }),
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
async function oneConversation(target, around = (phase) => phase()) {
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
  let seconds = 0;
  await around(async () => {
    const started = performance.now();
    await run(MESSAGES, "m-", true);
    while (received < MESSAGES * 3) await new Promise((r) => setTimeout(r, 5));
    seconds = (performance.now() - started) / 1000;
  });
  close(conversation);
  return {
    messagesPerSecond: round(MESSAGES / seconds, 0),
    deliveriesPerSecond: round((MESSAGES * 3) / seconds, 0),
    ...summarise(latencies),
  };
}

/** Scenario 2: many conversations at once, each visitor sending one message at a time. */
async function manyConversations(target, around = (phase) => phase()) {
  const rssBefore = treeRss(target.pid);
  const heapBefore = await target.heap?.();
  const conversations = await pool(Array.from({ length: CONVERSATIONS }), 16, () => target.open(1));
  await new Promise((r) => setTimeout(r, 1000));
  const rssOpen = treeRss(target.pid);
  const heapOpen = await target.heap?.();
  const latencies = [];
  const missed = [];
  let seconds = 0;
  await around(async () => {
    const started = performance.now();
    await Promise.all(
      conversations.map(async (conversation, c) => {
        for (let i = 0; i < PER_CONVERSATION; i++) {
          const clientId = `c${c}-${i}`;
          const arrived = next(
            conversation.operators[0],
            (f) => f.type === "message.created" && f.clientId === clientId,
            120_000,
            `${clientId} at the operator`,
          );
          const acked = next(
            conversation.visitor,
            (f) => f.type === "message.created" && f.clientId === clientId,
            120_000,
            `${clientId}'s acknowledgement`,
          );
          // Reported below if it never comes, not an unhandled rejection while `arrived` is awaited.
          acked.catch(() => {});
          const at = performance.now();
          conversation.visitor.ws.send(JSON.stringify({ type: "message.send", clientId, body: `message ${clientId}` }));
          try {
            await arrived;
            latencies.push(performance.now() - at);
            await acked;
          } catch (error) {
            // Reported with the figures, with what each socket saw, rather than ending the run.
            missed.push(missedReport(clientId, error, conversation));
            return;
          }
        }
      }),
    );
    seconds = (performance.now() - started) / 1000;
  });
  const rssAfter = treeRss(target.pid);
  const heapAfter = await target.heap?.();
  // Idle with every socket open: rooms that hibernate give their memory back (workerd evicts an
  // object idle for 10 s; its hibernatable sockets stay connected in the runtime).
  const idle = await idleMemory(target.pid, rssAfter);
  const heapIdle = await target.heap?.();
  // Still connected after hibernation: one more message per conversation wakes each room. Counted,
  // not required, so that a loss here is reported with the figures rather than ending the run.
  let woken = 0;
  await Promise.all(
    conversations.map(async (conversation, c) => {
      const clientId = `c${c}-woken`;
      const arrived = next(
        conversation.operators[0],
        (f) => f.type === "message.created" && f.clientId === clientId,
        120_000,
        `${clientId} at the operator`,
      );
      conversation.visitor.ws.send(JSON.stringify({ type: "message.send", clientId, body: "after a pause" }));
      try {
        await arrived;
        woken++;
      } catch (error) {
        missed.push(missedReport(clientId, error, conversation));
      }
    }),
  );
  const socketsClosed = conversations.filter((c) => c.visitor.ws.readyState !== 1 || c.operators[0].ws.readyState !== 1).length;
  for (const conversation of conversations) close(conversation);
  const total = CONVERSATIONS * PER_CONVERSATION;
  return {
    sockets: CONVERSATIONS * 2,
    messagesPerSecond: round(total / seconds, 0),
    ...summarise(latencies),
    rssBeforeMiB: round(rssBefore / 2 ** 20, 1),
    rssAfterMiB: round(rssAfter / 2 ** 20, 1),
    kibPerSocket: round((rssOpen - rssBefore) / 1024 / (CONVERSATIONS * 2), 1),
    kibPerActiveConversation: round((rssAfter - rssBefore) / 1024 / CONVERSATIONS, 1),
    kibPerIdleConversation: round((idle.rss - rssBefore) / 1024 / CONVERSATIONS, 1),
    idleSeconds: idle.seconds,
    deliveredAfterIdle: woken,
    missed,
    socketsClosedByThen: socketsClosed,
    ...(heapBefore === undefined
      ? {}
      : {
          heapKibPerOpenConversation: round((heapOpen - heapBefore) / 1024 / CONVERSATIONS, 1),
          heapKibPerActiveConversation: round((heapAfter - heapBefore) / 1024 / CONVERSATIONS, 1),
          heapKibPerIdleConversation: round((heapIdle - heapBefore) / 1024 / CONVERSATIONS, 1),
        }),
  };
}

/** What the two sockets of a conversation had seen when a frame did not come. */
function missedReport(clientId, error, conversation) {
  const side = (client) => ({
    readyState: client.ws.readyState,
    closed: client.closed,
    lastFrames: client.lastFrames.map((f) => f.type + (f.clientId ? ` ${f.clientId}` : "")),
  });
  return { clientId, error: error.message, visitor: side(conversation.visitor), operator: side(conversation.operators[0]) };
}

/** Samples the tree's memory for up to IDLE_SECONDS of quiet; returns the lowest seen, and when. */
async function idleMemory(pid, from) {
  let lowest = { rss: from, seconds: 0 };
  const started = performance.now();
  while (performance.now() - started < IDLE_SECONDS * 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    const rss = treeRss(pid);
    if (rss < lowest.rss) lowest = { rss, seconds: round((performance.now() - started) / 1000, 0) };
  }
  return lowest;
}

/**
 * Runs one scenario; for Confide also the CPU time of its process tree per message and, with
 * --profile, where the isolate's time went by step (bench/profile.mjs).
 */
async function measured(target, scenario, messages, inspector) {
  if (target.name !== "Confide") return scenario(target);
  let cpu = null;
  let steps = null;
  let native = null;
  // The messages' phase, and after it the rooms' flushes to D1 and the inbox notifications they send.
  const around = async (phase) => {
    const cpuBefore = treeCpu(target.pid);
    if (PROFILE) await startProfile(inspector);
    const perf = PERF ? startNativeProfile(target.pid, `${tmpdir()}/confide-fanout-${scenario.name}.perf`) : null;
    await phase();
    await settled(target.pid);
    if (perf) native = await perf.stop();
    if (PROFILE) steps = await profileSteps(inspector, (await inspector.call("Profiler.stop")).profile);
    cpu = cpuBetween(cpuBefore, treeCpu(target.pid));
  };
  const result = await scenario(target, around);
  return {
    ...result,
    cpuUsPerMessage: Math.round((cpu.total * 1000) / messages),
    cpuUsPerMessageByProgram: Object.fromEntries(
      Object.entries(cpu.byProgram).map(([program, ms]) => [program, Math.round((ms * 1000) / messages)]),
    ),
    ...(steps ? { stepsUsPerMessage: perMessage(steps, messages) } : {}),
    ...(native ? { workerdNative: native } : {}),
  };
}

/** Waits until the tree's CPU use falls under 5 % of a core over a second (the flushes are done), for at most 30 s. */
async function settled(pid) {
  for (let i = 0; i < 30; i++) {
    const before = treeCpu(pid).total;
    await new Promise((r) => setTimeout(r, 1000));
    if (treeCpu(pid).total - before < 50) return;
  }
}

const baseline = await startBaselineProcess();
// The inspector: the isolate's heap always, its CPU profile with --profile.
const inspectorPort = await freePort();
const confide = await startConfide({ args: INSPECTOR ? ["--inspector-port", String(inspectorPort)] : [], devTools: !BARE });
const inspector = INSPECTOR ? await connectInspector(inspectorPort) : null;
try {
  const cookie = await login(confide.url);
  const entry = DIRECT ? await workerEntry(confide) : confide.url;
  const targets = [baselineTarget(baseline), confideTarget(confide, cookie, inspector, entry)];
  const single = {};
  for (const target of targets) single[target.name] = await measured(target, oneConversation, MESSAGES, inspector);
  const many = {};
  for (const target of targets) many[target.name] = await measured(target, manyConversations, CONVERSATIONS * PER_CONVERSATION, inspector);

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
  const m = many.Confide;
  console.log(
    `\nConfide's memory per conversation (KiB; 1 visitor + 1 operator socket each): process tree RSS ${m.kibPerActiveConversation} after the messages, ${m.kibPerIdleConversation} at the lowest of ${IDLE_SECONDS} s idle (after ${m.idleSeconds} s); worker isolate's used heap ${m.heapKibPerOpenConversation} connected, ${m.heapKibPerActiveConversation} after the messages, ${m.heapKibPerIdleConversation} after ${IDLE_SECONDS} s idle; after the idle spell, ${m.deliveredAfterIdle} of ${CONVERSATIONS} rooms delivered one more message in time (${m.socketsClosedByThen} with a socket closed by then)`,
  );
  if (m.missed.length > 0) {
    console.log(`\nNot delivered in time (${m.missed.length}):\n${m.missed.map((x) => JSON.stringify(x)).join("\n")}`);
    console.log(`\nwrangler dev's output, last 60 lines:\n${confide.output().split("\n").slice(-60).join("\n")}`);
  }
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
    `\nConfide's process tree (wrangler + workerd, local D1 included), CPU per message: one conversation ${single.Confide.cpuUsPerMessage} µs ${JSON.stringify(single.Confide.cpuUsPerMessageByProgram)}, ${CONVERSATIONS} conversations ${many.Confide.cpuUsPerMessage} µs ${JSON.stringify(many.Confide.cpuUsPerMessageByProgram)}`,
  );
  if (PERF) {
    for (const [label, r] of [
      ["1 conversation", single.Confide],
      [`${CONVERSATIONS} conversations`, many.Confide],
    ]) {
      console.log(`\nworkerd's own CPU samples (perf), ${label}: by part, and the symbols with the most samples`);
      if (r.workerdNative.top.length === 0) console.log("(no samples)");
      else {
        table(Object.entries(r.workerdNative.byPart).map(([part, percent]) => ({ part, "% of samples": percent })));
        table(r.workerdNative.top.map(({ percent, symbol }) => ({ "%": percent, symbol })));
      }
    }
  }
  if (PROFILE) {
    console.log("\nWhere the worker isolate's time goes, µs per message (CPU profile; idle left out)");
    table(
      Object.keys(single.Confide.stepsUsPerMessage).map((step) => ({
        step,
        "1 conversation": single.Confide.stepsUsPerMessage[step],
        [`${CONVERSATIONS} conversations`]: many.Confide.stepsUsPerMessage[step],
      })),
    );
  }
  console.log(
    JSON.stringify({
      benchmark: "fanout",
      profiled: PROFILE,
      inspector: INSPECTOR,
      direct: DIRECT,
      bare: BARE,
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
  inspector?.close();
  await confide.stop();
  await baseline.stop();
}
