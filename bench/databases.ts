// How much of a D1 database an account takes, and how long a move takes (docs/databases.md):
//   node --import tsx bench/databases.ts [--conversations 10000] [--messages 10]
// Seeds ended, encrypted conversations into the demo account (bench/seed.ts) of a fresh local state,
// moves the account from DB to the empty DB_2 with the product's move (src/db/move-account.ts), and
// reports the rows moved, the seconds it took and the size of DB_2's SQLite file, which then holds
// that account and nothing else (the seed's plaintext baseline tables stay in DB). Per-table sizes:
// run SQLite's dbstat on the printed file, e.g. with python3's sqlite3 module:
//   SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { getPlatformProxy } from "wrangler";
import { moveAccount } from "../src/db/move-account";
import { numberArg } from "./lib.mjs";
import { demoAccount, seededState } from "./seed";

const conversations = numberArg("conversations", 10_000);
const messages = numberArg("messages", 10);

const sqliteFiles = (persistDir: string): Map<string, number> => {
  const dir = join(persistDir, "v3", "d1", "miniflare-D1DatabaseObject");
  return new Map(
    readdirSync(dir)
      .filter((name) => name.endsWith(".sqlite"))
      .map((name) => [join(dir, name), statSync(join(dir, name)).size]),
  );
};

const { persistDir, seedSeconds } = await seededState({ conversations, messagesPerConversation: messages, spreadDays: 365 });
const { accountId } = await demoAccount(persistDir);
const before = sqliteFiles(persistDir);
const proxy = await getPlatformProxy<Env>({ persist: { path: `${persistDir}/v3` }, remoteBindings: false });
let moved: Awaited<ReturnType<typeof moveAccount>>;
let moveSeconds: number;
try {
  const started = performance.now();
  moved = await moveAccount(proxy.env, accountId, "DB_2");
  moveSeconds = Math.round((performance.now() - started) / 100) / 10;
} finally {
  await proxy.dispose();
}
const after = sqliteFiles(persistDir);
// DB_2 is the file that grew: it held only the schema before the move.
const [db2File, db2Bytes] = [...after].find(([file, size]) => size > (before.get(file) ?? 0)) ?? ["?", 0];
const rows = Object.values(moved.rows).reduce((a, b) => a + b, 0);
console.log(
  `Seeded ${conversations} conversations with ${conversations * messages} messages in ${seedSeconds.toFixed(1)} s (bench/seed.ts)`,
);
console.log(`Moved ${rows} rows from DB to DB_2 in ${moveSeconds} s; DB_2's file: ${db2Bytes} bytes (${db2File})`);
console.log(
  JSON.stringify({
    benchmark: "databases",
    date: new Date().toISOString(),
    conversations,
    messages,
    seedSeconds,
    moveSeconds,
    rows: moved.rows,
    db2Bytes,
  }),
);
