// `npm run db:move-account -- --account <account id> --to DB_2 [--persist-to <dir>] [--json]`
// Moves one account whole to another D1 database (src/db/move-account.ts; docs/databases.md):
// copies every row, compares counts table by table, switches the directory in one statement, then
// deletes the rows from the source. Safe to run again after any interruption.
// Runs against the local state `npm start` uses (.wrangler/state, or --persist-to <dir>), through
// wrangler's platform proxy, as scripts/account-create.ts does. Stop `npm start` first: the
// proxy and wrangler dev must not write the same state at once.
import { parseArgs } from "node:util";
import { getPlatformProxy } from "wrangler";
import { DatabaseMappingError } from "../src/db/databases";
import { moveAccount } from "../src/db/move-account";

const usage = "usage: npm run db:move-account -- --account <account id> --to <binding, e.g. DB_2> [--persist-to <dir>] [--json]";

function fail(message: string): never {
  console.error(`db:move-account: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    account: { type: "string" },
    to: { type: "string" },
    "persist-to": { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
  strict: true,
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (!values.account || !values.to) fail(`--account and --to are required\n${usage}`);

const persistDir = values["persist-to"] ?? ".wrangler/state";
const proxy = await getPlatformProxy<Env>({ persist: { path: `${persistDir}/v3` }, remoteBindings: false });
try {
  const started = performance.now();
  const result = await moveAccount(proxy.env, values.account, values.to);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  if (values.json) console.log(JSON.stringify({ ...result, seconds }));
  else if (result.alreadyThere) console.log(`The account is in ${result.to} already; leftovers elsewhere cleared.`);
  else {
    const rows = Object.values(result.rows).reduce((a, b) => a + b, 0);
    console.log(`Moved the account from ${result.from} to ${result.to}: ${rows} rows in ${seconds} s.`);
  }
} catch (error) {
  if (error instanceof DatabaseMappingError) fail(error.message);
  throw error;
} finally {
  await proxy.dispose();
}
