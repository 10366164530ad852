// First run on an empty local database: creates the demo account (site key "demo"), its widget
// and an admin. Runs in Node against the same local D1 state that `wrangler dev` uses.
//   node --import tsx scripts/first-run.ts <persist dir> <origin> [<origin> ...]
// Prints one JSON line: {"created":true,"email":...,"password":...|null} or {"created":false}.
import { randomBytes } from "node:crypto";
import { getPlatformProxy } from "wrangler";
import { hashPassword } from "../src/crypto/password";
import { createPlacedAccount, keyTakenAnywhere } from "../src/db/databases";
import { seedDemo } from "../src/db/demo-seed";
import { widgets } from "../src/db/schema";

const [persistDir, ...origins] = process.argv.slice(2);
if (!persistDir || origins.length === 0) {
  console.error("usage: first-run.ts <persist dir> <origin> [<origin> ...]");
  process.exit(2);
}

const proxy = await getPlatformProxy<Env>({ persist: { path: `${persistDir}/v3` }, remoteBindings: false });
try {
  // Any database may hold the demo account (docs/databases.md); a new one goes where the placement rule says.
  if (await keyTakenAnywhere(proxy.env, widgets, widgets.siteKey, "demo")) {
    console.log(JSON.stringify({ created: false }));
  } else {
    const email = (process.env.CONFIDE_ADMIN_EMAIL ?? "admin@confide.localhost").trim().toLowerCase();
    const given = process.env.CONFIDE_ADMIN_PASSWORD;
    const password = given ?? randomBytes(12).toString("base64url");
    const passwordHash = await hashPassword(password);
    const now = Date.now();
    await createPlacedAccount(proxy.env, (db) => seedDemo(db, { admin: { email, passwordHash }, origins, now }), now);
    // A password the user chose is never echoed; a generated one is shown this once.
    console.log(JSON.stringify({ created: true, email, password: given ? null : password }));
  }
} finally {
  await proxy.dispose();
}
