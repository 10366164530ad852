// Memory of attachments: uploads and downloads of files up to the largest a widget may allow
// (25 MB), through wrangler dev on 127.0.0.1, while the resident memory of wrangler and workerd is
// sampled every 10 ms. If the worker held whole files, the peak would grow with the file; streamed
// (a chunk for the seal, a 5 MiB part for R2), it stays flat. Prints a table and one JSON line.
//
//   node bench/attachments-memory.mjs [--sizes 1,5,25] [--runs 2]
import { readFileSync } from "node:fs";
import { ADMIN, login, machine, processTree, round, startChat, startConfide, table } from "./lib.mjs";

const sizesArg = process.argv.indexOf("--sizes");
const SIZES_MB = sizesArg > 0 ? process.argv[sizesArg + 1].split(",").map(Number) : [1, 5, 25];
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const MB = 1_000_000;

/** A text file of `bytes` bytes, made as it is sent: the benchmark itself holds 64 KB of it. */
function textFile(bytes) {
  const line = new TextEncoder().encode(`${"the quick brown fox jumps over the lazy dog ".repeat(20)}\n`);
  const block = new Uint8Array(64 * 1024).map((_, i) => line[i % line.length]);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const piece = block.subarray(0, Math.min(block.length, bytes - sent));
      sent += piece.length;
      controller.enqueue(piece.slice());
    },
  });
}

/**
 * Resident memory of these processes, from /proc alone: the process tree is listed once, before the
 * transfers, because listing it (ps) blocks this process long enough to slow the download it measures.
 */
function rss(pids) {
  let total = 0;
  for (const p of pids) {
    try {
      total += Number(readFileSync(`/proc/${p}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) * 1024;
    } catch {
      // exited
    }
  }
  return total;
}

/** Runs `task` while sampling the processes' RSS; the peak above the RSS just before. */
async function peakDuring(pids, task) {
  const before = rss(pids);
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, rss(pids));
  }, 10);
  const started = performance.now();
  try {
    await task();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, rss(pids));
  return { growthMiB: round((peak - before) / 2 ** 20, 1), peakMiB: round(peak / 2 ** 20, 1), ms: round(performance.now() - started, 0) };
}

const confide = await startConfide();
try {
  const { url, pid } = confide;
  // wrangler (node) and workerd, which runs the worker and the local R2 alike.
  const pids = processTree(pid);
  const cookie = await login(url, ADMIN);
  const widgets = await (await fetch(`${url}/api/v1/settings/widgets`, { headers: { Cookie: cookie } })).json();
  const demo = widgets.items.find((w) => w.siteKey === "demo");
  const patched = await fetch(`${url}/api/v1/settings/widgets/${demo.id}`, {
    method: "PATCH",
    headers: { Cookie: cookie, Origin: url, "Content-Type": "application/json" },
    body: JSON.stringify({ attachments: { enabled: true, maxMegabytes: 25, types: ["text", "image", "pdf", "office"] } }),
  });
  if (!patched.ok) throw new Error(`widget settings: ${patched.status} ${await patched.text()}`);
  const rows = [];
  for (let run = 1; run <= RUNS; run++) {
    for (const mb of SIZES_MB) {
      const chat = await startChat(url, "demo");
      let attachment;
      const upload = await peakDuring(pids, async () => {
        const res = await fetch(`${url}/w/demo/conversations/${chat.conversationId}/attachments?name=log-${mb}mb.txt`, {
          method: "POST",
          headers: { Origin: url, Authorization: `Bearer ${chat.visitorToken}`, "Content-Type": "text/plain" },
          body: textFile(mb * MB),
          duplex: "half",
        });
        if (res.status !== 201) throw new Error(`upload ${mb} MB: ${res.status} ${await res.text()}`);
        ({ attachment } = await res.json());
      });
      let received = 0;
      const download = await peakDuring(pids, async () => {
        const res = await fetch(`${url}/w/demo/conversations/${chat.conversationId}/attachments/${attachment.id}`, {
          headers: { Origin: url, Authorization: `Bearer ${chat.visitorToken}` },
        });
        if (res.status !== 200) throw new Error(`download ${mb} MB: ${res.status}`);
        for await (const chunk of res.body) received += chunk.length;
      });
      if (received !== mb * MB) throw new Error(`download ${mb} MB: got ${received} bytes`);
      rows.push({
        run,
        file: `${mb} MB`,
        uploadPeakGrowthMiB: upload.growthMiB,
        uploadMs: upload.ms,
        downloadPeakGrowthMiB: download.growthMiB,
        downloadMs: download.ms,
        peakRssMiB: Math.max(upload.peakMiB, download.peakMiB),
      });
    }
  }
  table(rows);
  console.log(JSON.stringify({ bench: "attachments-memory", machine: machine(), rows }));
} finally {
  await confide.stop();
}
