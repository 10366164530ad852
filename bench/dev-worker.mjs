// The worker under wrangler's own API (`unstable_startWorker`) rather than the `wrangler dev`
// command, for benchmarks that must not measure wrangler: `wrangler dev` always keeps a DevTools
// session on the worker, with the Network domain on, and appends every event of it to a debug log
// (several per D1 query; bench/RESULTS.md, "Fan-out and latency"). Here there is no DevTools
// session, no file watching and no proxy in front: the same config, state and bindings otherwise.
// Usage (bench/lib.mjs startConfide({ devTools: false })): node bench/dev-worker.mjs <port> <persist dir> <vars as JSON>
import { unstable_startWorker } from "wrangler";
import { ROOT } from "../scripts/local.mjs";

const [port, persist, vars] = process.argv.slice(2);
const worker = await unstable_startWorker({
  config: `${ROOT}wrangler.toml`,
  bindings: Object.fromEntries(Object.entries(JSON.parse(vars)).map(([name, value]) => [name, { type: "plain_text", value }])),
  dev: {
    server: { hostname: "127.0.0.1", port: Number(port) },
    inspector: false,
    persist,
    watch: false,
    liveReload: false,
    testScheduled: true,
    logLevel: "warn",
  },
});
await worker.ready;
console.log(`ready ${(await worker.url).origin}`);
const stop = async () => {
  await worker.dispose();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
