// `npm start`: everything a fresh clone needs to run Confide locally, then `wrangler dev`.
import { build, configureDevSso, ensureDevVars, firstRun, migrate, startWrangler } from "./local.mjs";
import { smtpVarsFor, startMailbox } from "./local-mailbox.mjs";
import { startWebhookReceiver } from "./local-webhook-receiver.mjs";
import { DEMO_SSO_DOMAIN, DEMO_SSO_MAPPINGS, DEMO_SSO_USERS, startOidcProvider } from "./oidc-dev-provider.mjs";

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
step("starting the local OpenID Connect provider (single sign-on)");
const oidc = await startOidcProvider({ redirectUris: origins.map((origin) => `${origin}/api/v1/auth/sso/callback`) });
const ssoConfigured = configureDevSso(persistDir, {
  issuer: oidc.issuer,
  clientId: oidc.clientId,
  clientSecret: oidc.clientSecret,
  domain: DEMO_SSO_DOMAIN,
  mappings: DEMO_SSO_MAPPINGS,
});
step("starting the local mailbox (SMTP on 127.0.0.1)");
const mailbox = await startMailbox();
step("starting the local webhook receiver (HTTP on 127.0.0.1)");
const receiver = await startWebhookReceiver();
step("starting wrangler dev");
// Email goes to the local mailbox; links in emails point at this server. A value in .dev.vars of the
// same name is overridden by these (--var), so local runs never mail the outside world by accident.
const server = await startWrangler({
  port,
  persistDir,
  inherit: true,
  // Webhook endpoints may be http://127.0.0.1 locally (the receiver below); production never allows it.
  vars: { ...smtpVarsFor(mailbox), PUBLIC_ORIGIN: `http://127.0.0.1:${port}`, WEBHOOKS_ALLOW_LOOPBACK: "1" },
});

const lines = [
  "",
  "Confide is running.",
  `  Demo page (a customer's site with the widget): ${server.url}/demo`,
  `  Operator app:                                  ${server.url}/app/`,
  `  Run the hourly sweep (retention) now:          curl ${server.url}/__scheduled`,
  `  Email caught by the local mailbox:             ${mailbox.url}`,
  `  Webhook receiver (Settings → Webhooks, URL ${receiver.url}hooks/<any name>): ${receiver.url}`,
];
if (seeded.created) {
  lines.push(`  Admin login: ${seeded.email}`);
  lines.push(
    seeded.password
      ? `  Password:    ${seeded.password}   (generated now and shown only this once)`
      : "  Password:    the one in CONFIDE_ADMIN_PASSWORD",
  );
} else {
  lines.push("  Admin login: the one created on first run (delete .wrangler/state to start over)");
}
lines.push(
  "",
  `  Single sign-on: a local OpenID Connect provider runs at ${oidc.issuer} (client ${oidc.clientId}, secret ${oidc.clientSecret}).`,
  ssoConfigured
    ? `  The demo account signs in through it for @${DEMO_SSO_DOMAIN}: on the login screen choose "Sign in with single sign-on",`
    : "  The demo account's single sign-on points elsewhere and was left alone; Settings → Single sign-on takes the values above.",
  ...(ssoConfigured ? ["  then any password on the provider's page:"] : ["  Its users (any password on the provider's page):"]),
  ...DEMO_SSO_USERS.map(
    (u) => `    ${u.email.padEnd(30)} groups ${u.groups.join(", ")}${u.emailVerified ? "" : " (email not verified: refused)"}`,
  ),
  `  Mapping: ${DEMO_SSO_MAPPINGS.map((m) => `${m.group} → ${m.role}`).join(", ")}; other groups are refused.`,
  "",
  "Stop with Ctrl+C.",
  "",
);
console.log(lines.join("\n"));

const stop = () => {
  server.child.kill("SIGTERM");
  void oidc.close();
  void mailbox.close();
  void receiver.close();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
server.child.on("exit", (code) => process.exit(code ?? 0));
