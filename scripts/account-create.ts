// `npm run account:create -- --name "Client GmbH" --admin-email admin@client.example [options]`
// Creates an account (built-in roles, a department, a widget in privacy mode, an admin) for an
// agency that hosts several clients in one deployment.
//   locally (default): in the state `npm start` uses (.wrangler/state, or --persist-to <dir>),
//     through wrangler's platform proxy, as scripts/first-run.ts seeds the demo account;
//   --remote: through the deployment's platform API, PLATFORM_API_URL (e.g. https://chat.example.eu)
//     with PLATFORM_ADMIN_SECRET from the environment.
// Options: --admin-name <name>, --origin <https://site.example> (repeatable), --json.
// The admin's password is CONFIDE_ADMIN_PASSWORD when set (never echoed), else generated and
// printed this once.
import { parseArgs } from "node:util";
import { getPlatformProxy } from "wrangler";
import { HttpError } from "../src/errors";
import {
  type NewAccountRequest,
  newAccountSchema,
  type ProvisionedAccount,
  provisionAccount,
  provisionedAccountSchema,
} from "../src/platform/accounts";
import { describeIssue } from "../src/routes/validate";

const usage =
  "usage: npm run account:create -- --name <account name> --admin-email <email> [--admin-name <name>] [--origin <origin>]... [--remote | --persist-to <dir>] [--json]";

function fail(message: string): never {
  console.error(`account:create: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    name: { type: "string" },
    "admin-email": { type: "string" },
    "admin-name": { type: "string" },
    origin: { type: "string", multiple: true },
    remote: { type: "boolean", default: false },
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
if (!values.name || !values["admin-email"]) fail(`--name and --admin-email are required\n${usage}`);
if (values.remote && values["persist-to"]) fail("--remote and --persist-to exclude each other");

const request: NewAccountRequest = {
  name: values.name,
  adminEmail: values["admin-email"],
  ...(values["admin-name"] ? { adminName: values["admin-name"] } : {}),
  ...(process.env.CONFIDE_ADMIN_PASSWORD ? { adminPassword: process.env.CONFIDE_ADMIN_PASSWORD } : {}),
  allowedOrigins: values.origin ?? [],
};
// Checked here too, so a typo is named before anything is sent or opened.
const checked = newAccountSchema.safeParse(request);
if (!checked.success) fail(describeIssue(checked.error));

async function createLocally(persistDir: string): Promise<ProvisionedAccount> {
  const proxy = await getPlatformProxy<Env>({ persist: { path: `${persistDir}/v3` }, remoteBindings: false });
  try {
    return await provisionAccount(proxy.env, request, Date.now());
  } catch (error) {
    if (error instanceof HttpError) fail(`${error.code}: ${error.message}`);
    if (String(error).includes("no such table"))
      fail(`no Confide database in ${persistDir}: run \`npm start\` once (or apply the migrations) first`);
    throw error;
  } finally {
    await proxy.dispose();
  }
}

async function createRemotely(): Promise<ProvisionedAccount> {
  const base = process.env.PLATFORM_API_URL;
  const secret = process.env.PLATFORM_ADMIN_SECRET;
  if (!base || !secret) fail("--remote needs PLATFORM_API_URL (the deployment's URL) and PLATFORM_ADMIN_SECRET in the environment");
  const res = await fetch(new URL("/api/platform/accounts", base), {
    method: "POST",
    headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" },
    body: JSON.stringify(request),
  });
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (res.status !== 201)
    fail(body?.error ? `${res.status} ${body.error.code}: ${body.error.message}` : `the platform API answered ${res.status}`);
  return provisionedAccountSchema.parse(body);
}

const created = values.remote ? await createRemotely() : await createLocally(values["persist-to"] ?? ".wrangler/state");
if (values.json) {
  console.log(JSON.stringify(created));
} else {
  console.log(
    [
      `Account created: ${created.accountId}`,
      `  Admin login: ${created.adminEmail}`,
      created.adminPassword
        ? `  Password:    ${created.adminPassword}   (generated now and shown only this once)`
        : "  Password:    the one in CONFIDE_ADMIN_PASSWORD",
      `  Widget site key: ${created.widget.siteKey} (privacy mode on; add allowed origins in Settings → Widgets)`,
    ].join("\n"),
  );
}
