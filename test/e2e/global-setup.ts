import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM helper shared with `npm start`
import { build, ensureDevVars, firstRun, migrate, startWrangler } from "../../scripts/local.mjs";

export const ADMIN = { email: "e2e-admin@confide.localhost", password: "e2e password, long enough" };

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    hostUrl: string;
    admin: { email: string; password: string };
  }
}

/** A fresh state directory, the demo account with a known login, and `wrangler dev` on it. */
export default async function setup(project: TestProject) {
  const persistDir = mkdtempSync(join(tmpdir(), "confide-e2e-"));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const baseUrl = `http://127.0.0.1:${port}`;
  // The "customer site" of later tests lives on another origin: localhost vs 127.0.0.1.
  const hostUrl = `http://localhost:${port}`;
  ensureDevVars();
  build();
  migrate(persistDir);
  firstRun(persistDir, [baseUrl, hostUrl], { CONFIDE_ADMIN_EMAIL: ADMIN.email, CONFIDE_ADMIN_PASSWORD: ADMIN.password });
  const server = await startWrangler({ port, persistDir });
  project.provide("baseUrl", baseUrl);
  project.provide("hostUrl", hostUrl);
  project.provide("admin", ADMIN);
  return async () => {
    server.child.kill("SIGTERM");
    await new Promise((resolve) => server.child.once("exit", resolve));
    rmSync(persistDir, { recursive: true, force: true });
  };
}
