import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper shared with `npm start`
import { migrate, ROOT, startWrangler } from "../../scripts/local.mjs";

// `npm run account:create` as an agency runs it: against a fresh local state (what `npm start`
// serves), then with --remote against a running worker through the platform API.

const SECRET = "e2e-platform-secret-0123456789-abcdefghij";

interface Created {
  accountId: string;
  adminEmail: string;
  adminPassword: string | null;
  widget: { id: string; siteKey: string };
}

/** Runs the npm script as a user would; env replaces nothing but what it names. */
function accountCreate(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync("npm", ["run", "-s", "account:create", "--", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      CONFIDE_ADMIN_PASSWORD: "",
      PLATFORM_API_URL: "",
      PLATFORM_ADMIN_SECRET: "",
      ...env,
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const created = (stdout: string): Created => JSON.parse(stdout.trim().split("\n").at(-1)!) as Created;

/**
 * Logs in on a connection of its own: minutes pass between the tests' requests, and a kept-alive
 * connection that wrangler dev closed meanwhile failed a POST with EPIPE.
 */
function loginAs(url: string, email: string, password: string): Promise<{ status: number; account: { id: string; name: string } | null }> {
  const body = JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/v1/auth/login`,
      {
        method: "POST",
        agent: false,
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), Origin: url },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          // The account as the login names it (its settings, such as awayAfterIdleMinutes, are not the point here).
          const account = status === 200 ? (JSON.parse(text) as { account: { id: string; name: string } }).account : null;
          resolve({ status, account: account && { id: account.id, name: account.name } });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("npm run account:create", () => {
  let persistDir: string;
  let server: { child: import("node:child_process").ChildProcess; url: string };
  let local: Created;
  let localRun: ReturnType<typeof accountCreate>;

  beforeAll(async () => {
    persistDir = mkdtempSync(join(tmpdir(), "confide-accounts-"));
    migrate(persistDir);
    // Before the worker runs, as on a fresh clone: the script opens the state itself.
    localRun = accountCreate(["--name", "Client One", "--admin-email", "one@client.example", "--persist-to", persistDir, "--json"]);
    local = created(localRun.stdout);
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    server = await startWrangler({ port, persistDir, vars: { PLATFORM_ADMIN_SECRET: SECRET } });
  });

  afterAll(async () => {
    if (server) {
      server.child.kill("SIGTERM");
      await new Promise((resolve) => server.child.once("exit", resolve));
    }
    rmSync(persistDir, { recursive: true, force: true });
  });

  it("creates an account in the local state, printing its id and a one-time password that logs in", async () => {
    expect(localRun.status, localRun.stderr).toBe(0);
    expect(local.adminPassword).toEqual(expect.any(String));
    expect(await loginAs(server.url, "one@client.example", local.adminPassword!)).toEqual({
      status: 200,
      account: { id: local.accountId, name: "Client One" },
    });
  });

  it("prints the account id and password for a person without --json", () => {
    const run = accountCreate(["--name", "Client Two", "--admin-email", "two@client.example", "--persist-to", persistDir]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Account created: [0-9a-f-]{36}/);
    expect(run.stdout).toMatch(/Password: +\S{16,}/);
  });

  it("with --remote, creates the account through the platform API; the admin logs in with the password from the environment", async () => {
    const password = "a password the agency chose";
    const run = accountCreate(
      ["--remote", "--name", "Client Three", "--admin-email", "three@client.example", "--origin", "https://three.example", "--json"],
      {
        PLATFORM_API_URL: server.url,
        PLATFORM_ADMIN_SECRET: SECRET,
        CONFIDE_ADMIN_PASSWORD: password,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    const remote = created(run.stdout);
    expect(remote.adminPassword).toBeNull();
    expect(run.stdout).not.toContain(password);
    expect(await loginAs(server.url, "three@client.example", password)).toEqual({
      status: 200,
      account: { id: remote.accountId, name: "Client Three" },
    });
    expect(remote.accountId).not.toBe(local.accountId);
  });

  it("with --remote and a wrong secret, fails with the API's error and creates nothing", async () => {
    const run = accountCreate(["--remote", "--name", "Intruder", "--admin-email", "intruder@client.example"], {
      PLATFORM_API_URL: server.url,
      PLATFORM_ADMIN_SECRET: `${SECRET}-wrong`,
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("invalid_platform_secret");
    expect((await loginAs(server.url, "intruder@client.example", "anything at all")).status).toBe(401);
  });

  it("refuses a taken email and bad input with a message, creating nothing", () => {
    const taken = accountCreate(["--name", "Again", "--admin-email", "one@client.example", "--persist-to", persistDir]);
    expect(taken.status).toBe(2);
    expect(taken.stderr).toContain("email_taken");
    const missing = accountCreate(["--name", "No email"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("--admin-email");
  });
});
