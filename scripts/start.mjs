// `npm start`: everything a fresh clone needs to run Confide locally, then `wrangler dev`.
import { build, ensureDevVars, firstRun, migrate, startWrangler } from "./local.mjs";

const port = Number(process.env.PORT ?? 8787);
const persistDir = ".wrangler/state";
const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];

const step = (text) => console.log(`confide: ${text}`);

if (ensureDevVars()) step("generated local secrets in .dev.vars (git-ignored)");
step("building the widget and the operator app");
build();
step("applying D1 migrations");
migrate(persistDir);
const seeded = firstRun(persistDir, origins);
step("starting wrangler dev");
const server = await startWrangler({ port, persistDir, inherit: true });

const lines = [
  "",
  "Confide is running.",
  `  Demo page (a customer's site with the widget): ${server.url}/demo`,
  `  Operator app:                                  ${server.url}/app/`,
  `  Run the hourly sweep (retention) now:          curl ${server.url}/__scheduled`,
];
if (seeded.created) {
  lines.push(`  Admin login: ${seeded.email}`);
  lines.push(seeded.password ? `  Password:    ${seeded.password}   (generated now and shown only this once)` : "  Password:    the one in CONFIDE_ADMIN_PASSWORD");
} else {
  lines.push("  Admin login: the one created on first run (delete .wrangler/state to start over)");
}
lines.push("Stop with Ctrl+C.", "");
console.log(lines.join("\n"));

const stop = () => server.child.kill("SIGTERM");
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
server.child.on("exit", (code) => process.exit(code ?? 0));
