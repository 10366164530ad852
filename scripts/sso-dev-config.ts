// Points the demo account's single sign-on at the local OpenID Connect provider that `npm start`
// runs (scripts/oidc-dev-provider.mjs). Its port and client secret are new at every start, so this
// runs at every start; it leaves alone a configuration someone pointed at any other provider.
//   node --import tsx scripts/sso-dev-config.ts <persist dir>   with OIDC_DEV='{"issuer","clientId","clientSecret","domain","mappings":[{"group","role"}]}'
// Prints one JSON line: {"configured":true|false}.
import { and, eq } from "drizzle-orm";
import { getPlatformProxy } from "wrangler";
import { sealClientSecret } from "../src/auth/sso-config";
import { directoryDb, locateAccount } from "../src/db/databases";
import { roles, widgets } from "../src/db/schema";
import { domainsOfOtherAccounts, findSsoConfig, saveSsoConfig } from "../src/db/sso";
import { isLoopbackHost } from "../src/shared/sso";

const [persistDir] = process.argv.slice(2);
const dev = JSON.parse(process.env.OIDC_DEV ?? "null") as {
  issuer: string;
  clientId: string;
  clientSecret: string;
  domain: string;
  mappings: { group: string; role: string }[];
} | null;
if (!persistDir || !dev) {
  console.error("usage: OIDC_DEV='{...}' sso-dev-config.ts <persist dir>");
  process.exit(2);
}

const proxy = await getPlatformProxy<Env>({ persist: { path: `${persistDir}/v3` }, remoteBindings: false });
try {
  // The demo account's own database (src/db/databases.ts).
  const located = await locateAccount(proxy.env, widgets, widgets.siteKey, "demo");
  const db = located?.db ?? directoryDb(proxy.env);
  const demo = located ? { accountId: located.accountId } : undefined;
  const current = demo ? await findSsoConfig(db, demo.accountId) : null;
  const ours = !current || (new URL(current.config.issuer).protocol === "http:" && isLoopbackHost(new URL(current.config.issuer).hostname));
  if (!demo || !ours || (await domainsOfOtherAccounts(db, demo.accountId, [dev.domain])).length > 0) {
    console.log(JSON.stringify({ configured: false }));
  } else {
    const roleMappings = [];
    for (const mapping of dev.mappings) {
      const role = await db
        .select({ id: roles.id })
        .from(roles)
        .where(and(eq(roles.accountId, demo.accountId), eq(roles.name, mapping.role)))
        .get();
      if (role) roleMappings.push({ group: mapping.group, roleId: role.id });
    }
    await saveSsoConfig(db, {
      accountId: demo.accountId,
      issuer: dev.issuer,
      clientId: dev.clientId,
      clientSecretEnc: await sealClientSecret(proxy.env, demo.accountId, dev.clientSecret),
      groupsClaim: "groups",
      roleMappings,
      createOperators: true,
      // Whatever the developer chose on the settings screen stays.
      ssoOnly: current?.config.ssoOnly ?? false,
      domains: current ? [...new Set([...current.domains, dev.domain])] : [dev.domain],
      now: Date.now(),
    });
    console.log(JSON.stringify({ configured: true }));
  }
} finally {
  await proxy.dispose();
}
