// The API document as clients get it: starts `wrangler dev`, fetches GET /api/v1/openapi.json, lints
// it with Redocly's recommended rules (redocly.yaml; errors fail, warnings are shown) and generates
// the typed client's types from it (openapi-typescript) into test/e2e/generated/, which
// test/e2e/typed-client.e2e.ts and `tsc -p test/e2e` use. Run by `npm test` before the type checks;
// on its own: `node scripts/check-api-document.mjs`. Both tools run from node_modules, offline.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDevVars, ROOT, startWrangler } from "./local.mjs";

export const GENERATED = `${ROOT}test/e2e/generated/`;

function tool(name, args) {
  const result = spawnSync(`${ROOT}node_modules/.bin/${name}`, args, {
    cwd: ROOT,
    stdio: "inherit",
    // No telemetry and no update check: the lint must not reach for the network.
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", REDOCLY_SUPPRESS_NOTIFICATIONS: "true" },
  });
  return result.status === 0;
}

/** `wrangler dev` on a random port below Linux's ephemeral range; another try if it was taken meanwhile. */
async function startOnFreePort(persistDir) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startWrangler({ port: 20_000 + Math.floor(Math.random() * 12_000), persistDir });
    } catch (error) {
      if (attempt === 3 || !String(error).includes("Address already in use")) throw error;
    }
  }
}

/** Fetches the served document into test/e2e/generated/openapi.json and returns its text. */
async function fetchDocument() {
  ensureDevVars();
  // The document needs no data: a fresh state directory without migrations will do.
  const persistDir = mkdtempSync(join(tmpdir(), "confide-openapi-"));
  const { child, url } = await startOnFreePort(persistDir);
  try {
    const res = await fetch(`${url}/api/v1/openapi.json`);
    if (!res.ok) throw new Error(`GET /api/v1/openapi.json answered ${res.status}`);
    return await res.text();
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    rmSync(persistDir, { recursive: true, force: true });
  }
}

/** Lints the served document and generates the client types; one passed or failed check each. */
export async function checkApiDocument() {
  mkdirSync(GENERATED, { recursive: true });
  const documentPath = `${GENERATED}openapi.json`;
  try {
    writeFileSync(documentPath, await fetchDocument());
  } catch (error) {
    console.error(`api document: ${error.message}`);
    return { passed: 0, failed: 2 };
  }
  const linted = tool("redocly", ["lint", documentPath, "--config", `${ROOT}redocly.yaml`, "--format", "stylish"]);
  if (!linted) console.error("api document: redocly lint found errors (above)");
  const generated = tool("openapi-typescript", [documentPath, "--output", `${GENERATED}api.d.ts`]);
  if (!generated) console.error("api document: openapi-typescript could not generate the client types");
  const passed = Number(linted) + Number(generated);
  return { passed, failed: 2 - passed };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { failed } = await checkApiDocument();
  process.exit(failed === 0 ? 0 : 1);
}
