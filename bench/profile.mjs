// CPU profiles of the worker under load, through wrangler dev's inspector (Chrome DevTools protocol):
// where a message's time goes, step by step. Used by fanout.mjs --profile.
//
// The profile covers the worker's isolate only: the Worker and its Durable Objects (rooms, inboxes)
// run there. Local D1 and the room's SQLite run elsewhere in workerd (miniflare's D1 is a worker of
// its own; SQLite calls are native), so the process's CPU time (cpuMs below, from /proc) is the
// figure that includes them.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import WebSocket from "ws";
import { processTree } from "./lib.mjs";

/**
 * Steps of a message's life, each named by the repository functions that do it. A sample counts for
 * the innermost such function on its stack: a broadcast inside a flush is the flush's inbox
 * notification only if notifyInbox is on the stack below it.
 */
const STEPS = [
  ["parse", ["parseFrame"]],
  ["gate", ["admit", "gateOf", "credentialStands", "personActed", "mayHear"]],
  ["encrypt", ["encryptMessage", "cipher", "openVault"]],
  ["SQLite write", ["append", "findByClientId", "save", "nextSeq", "state"]],
  ["broadcast", ["broadcast", "frameWithBody", "sendText", "send", "broadcastPresence"]],
  ["alarm scheduling", ["scheduleFlush"]],
  ["flush to D1", ["flushToD1", "flushToAccountDatabase", "flushMessages", "flushFirstMessage"]],
  ["inbox notification", ["notifyInbox", "notify"]],
  ["connect and replay", ["greet", "acceptSocket", "makeRoomFor", "toFrame"]],
];
/** Repository modules whose functions name the steps (other files' functions of the same name do not count). */
const STEP_MODULES = /^src\/(conversation|crypto|db)\//;

/** The inspector of a wrangler dev started with `--inspector-port`. */
export async function connectInspector(port) {
  const [target] = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  let id = 0;
  const pending = new Map();
  ws.on("message", (data) => {
    const message = JSON.parse(String(data));
    if (message.id && pending.has(message.id)) {
      pending.get(message.id)(message);
      pending.delete(message.id);
    }
  });
  const call = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const callId = ++id;
      pending.set(callId, (message) =>
        message.error ? reject(new Error(`${method}: ${message.error.message}`)) : resolve(message.result),
      );
      ws.send(JSON.stringify({ id: callId, method, params }));
    });
  return { call, close: () => ws.close() };
}

/** Starts profiling the isolate (sampled every millisecond: at 200 µs, workerd spent far more CPU on sampling than on messages). */
export async function startProfile(inspector) {
  await inspector.call("Profiler.enable");
  await inspector.call("Profiler.setSamplingInterval", { interval: 1000 });
  await inspector.call("Profiler.start");
}

/**
 * The isolate's used JavaScript heap, in bytes: what the Worker and every Durable Object in memory
 * hold (rooms evicted by hibernation hold nothing here), plus garbage not yet collected, as
 * workerd's inspector does not answer HeapProfiler.collectGarbage (measured: no reply in 5 s).
 */
export async function heapUsed(inspector) {
  const { usedSize } = await inspector.call("Runtime.getHeapUsage");
  return usedSize;
}

/** CPU time (user + system, ms) of `pid` and its descendants (wrangler's node and workerd), in all and by program. */
export function treeCpu(pid) {
  const byProgram = {};
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const program = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ms = (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime in ticks of USER_HZ (100 on Linux)
      byProgram[program] = (byProgram[program] ?? 0) + ms;
      total += ms;
    } catch {
      // exited
    }
  }
  return { total, byProgram };
}

/** What `treeCpu` counted between two readings. */
export function cpuBetween(before, after) {
  const byProgram = {};
  for (const [program, ms] of Object.entries(after.byProgram)) byProgram[program] = ms - (before.byProgram[program] ?? 0);
  return { total: after.total - before.total, byProgram };
}

/**
 * The repository file or npm package of a frame, through the bundle's source map: wrangler dev
 * bundles the worker minified (wrangler.toml's `minify`), with the map beside the bundle while it runs.
 */
async function moduleResolver(inspector, profile) {
  // Only now: with the debugger on, V8 runs the worker far slower (measured: 30 times the CPU per message).
  await inspector.call("Debugger.enable");
  const maps = new Map();
  for (const node of profile.nodes) {
    const { scriptId, url } = node.callFrame;
    if (maps.has(scriptId) || !url.endsWith("index.js")) continue;
    const { scriptSource } = await inspector.call("Debugger.getScriptSource", { scriptId });
    const bundle = /\/\/# sourceURL=file:\/\/(\S+)\s*$/.exec(scriptSource)?.[1];
    maps.set(scriptId, bundle ? new TraceMap(readFileSync(`${bundle}.map`, "utf8")) : null);
  }
  await inspector.call("Debugger.disable");
  return ({ scriptId, url, lineNumber, columnNumber }) => {
    const map = maps.get(scriptId);
    if (!map) return url || "(runtime)";
    const source = originalPositionFor(map, { line: lineNumber + 1, column: columnNumber }).source ?? "(bundle)";
    const path = source.replace(/^(\.\.\/)+/, "").replace(/^.*?\b(node_modules|src)\//, "$1/");
    return /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path;
  };
}

/** Milliseconds of a profile per step; the rest by what it was (idle, garbage collection, other code). */
export async function profileSteps(inspector, profile) {
  const moduleOf = await moduleResolver(inspector, profile);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stepOfNode = new Map();
  const stepOf = (id) => {
    if (stepOfNode.has(id)) return stepOfNode.get(id);
    const { callFrame } = byId.get(id);
    let step = null;
    if (["(idle)", "(garbage collector)", "(program)"].includes(callFrame.functionName)) step = callFrame.functionName;
    // The inbox runs in its own event (an RPC from the room), so its whole stack is the notification's.
    else if (moduleOf(callFrame) === "src/conversation/account-inbox.ts") step = "inbox notification";
    else if (STEP_MODULES.test(moduleOf(callFrame))) {
      const name = callFrame.functionName.split(".").at(-1);
      step = STEPS.find(([, names]) => names.includes(name))?.[0] ?? null;
    }
    if (step === null) step = parent.has(id) ? stepOf(parent.get(id)) : "other (HTTP, routing, runtime)";
    stepOfNode.set(id, step);
    return step;
  };
  // A sample stands for the time until the next one, but no longer than four typical intervals:
  // workerd does not always tell V8 when the thread goes idle (it waits on I/O, or runs local D1's
  // worker), and such a gap, up to seconds, would otherwise count for whatever ran just before it.
  const deltas = [...profile.timeDeltas].sort((a, b) => a - b);
  const cap = 4 * (deltas[Math.floor(deltas.length / 2)] ?? 0);
  const totals = new Map();
  for (const [i, id] of profile.samples.entries()) {
    const step = stepOf(id);
    totals.set(step, (totals.get(step) ?? 0) + Math.min(profile.timeDeltas[i + 1] ?? 0, cap) / 1000);
  }
  return Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]));
}

/** The steps in a fixed order, as µs per message (idle left out: it is time not spent). */
export function perMessage(steps, messages) {
  const row = {};
  for (const [step] of STEPS) row[step] = Math.round(((steps[step] ?? 0) * 1000) / messages);
  for (const step of ["other (HTTP, routing, runtime)", "(garbage collector)", "(program)"])
    row[step] = Math.round(((steps[step] ?? 0) * 1000) / messages);
  return row;
}

/** workerd's native symbols by what they are part of (first match wins; unresolved addresses are JIT-compiled JavaScript). */
const NATIVE_PARTS = [
  ["isolate locks", /takeAsyncLock|AsyncWaiter|AsyncLock/],
  ["SQLite", /^(sqlite3|vdbe|wal|btree|pager)/],
  ["memory allocator (tcmalloc)", /tcmalloc/i],
  ["V8: JavaScript and garbage collection", /^(Builtins_|v8::|cppgc::|Runtime_)|^0x[0-9a-f]+$/],
  ["KJ event loop and promises", /^kj::/],
  ["workerd runtime (APIs, sockets, actors)", /^(workerd::|capnp::|edgeworker::)/],
  ["C library", /^(__|_IO_|malloc|free|mem|str|pthread)/],
];

/**
 * Native samples of workerd's whole process with Linux `perf` (fanout.mjs --perf), for what the
 * isolate's profile cannot see: time in the runtime itself (its event loop, the isolate locks that
 * the Worker's isolate and local D1's isolate take in turn on one thread, SQLite). Returns `stop`,
 * which ends the recording and resolves with the symbols that took the most samples.
 */
export function startNativeProfile(rootPid, file) {
  // wrangler dev runs two: one for the worker and local D1, one for its proxy in front.
  const workerds = processTree(rootPid).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/comm`, "utf8").trim() === "workerd";
    } catch {
      return false;
    }
  });
  if (workerds.length === 0) throw new Error("no workerd process under wrangler dev");
  const perf = spawn("perf", ["record", "-F", "99", "-g", "-p", workerds.join(","), "-o", file], { stdio: "ignore" });
  const exited = new Promise((resolve) => perf.once("exit", resolve));
  return {
    async stop(top = 12) {
      perf.kill("SIGINT");
      await exited;
      let report = "";
      try {
        report = execFileSync("perf", ["report", "-i", file, "--stdio", "--no-children", "--sort", "sym", "-g", "none"], {
          encoding: "utf8",
          maxBuffer: 64 * 2 ** 20,
          stdio: ["ignore", "pipe", "ignore"],
        });
      } catch {
        // No samples (a phase shorter than perf's start): reported as none.
      }
      const symbols = report
        .split("\n")
        .map((line) => /^\s+([\d.]+)%\s+\[(.)\]\s+(.*)$/.exec(line))
        .filter(Boolean)
        .map(([, percent, space, symbol]) => ({ percent: Number(percent), kernel: space === "k", symbol }));
      const byPart = {};
      for (const { percent, kernel, symbol } of symbols) {
        const part = kernel ? "kernel (sockets, memory)" : (NATIVE_PARTS.find(([, test]) => test.test(symbol))?.[0] ?? "other");
        byPart[part] = Math.round(((byPart[part] ?? 0) + percent) * 100) / 100;
      }
      return {
        byPart: Object.fromEntries(Object.entries(byPart).sort((a, b) => b[1] - a[1])),
        top: symbols.slice(0, top).map(({ percent, symbol }) => ({ percent, symbol: symbol.replace(/\(.*$/, "").slice(0, 90) })),
      };
    },
  };
}
