// A real OpenID Connect provider (the `oidc-provider` package) on 127.0.0.1, for `npm start` and the
// end-to-end tests: single sign-on runs against it exactly as against a company's identity provider
// (discovery, authorization code with PKCE, signed ID tokens, JWKS). Its built-in login page takes
// any of the users below by email, with any password: it is a local stand-in, never a real one.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";

/** The email domain of the demo users; the demo account claims it for its single sign-on. */
export const DEMO_SSO_DOMAIN = "sso.confide.localhost";

/** The provider's users: `groups` is what Confide's group mapping reads. */
export const DEMO_SSO_USERS = [
  { email: `ana@${DEMO_SSO_DOMAIN}`, name: "Ana Agent", groups: ["staff", "confide-agents"], emailVerified: true },
  { email: `sam@${DEMO_SSO_DOMAIN}`, name: "Sam Supervisor", groups: ["staff", "confide-supervisors"], emailVerified: true },
  { email: `carl@${DEMO_SSO_DOMAIN}`, name: "Carl Contractor", groups: ["contractors"], emailVerified: true },
  { email: `uma@${DEMO_SSO_DOMAIN}`, name: "Uma Unverified", groups: ["confide-agents"], emailVerified: false },
];

/** The demo mapping, by built-in role name: the first group a user is in decides. */
export const DEMO_SSO_MAPPINGS = [
  { group: "confide-supervisors", role: "Supervisor" },
  { group: "confide-agents", role: "Agent" },
];

/**
 * Starts the provider on 127.0.0.1 (a port the system picks unless `port` is given), with one
 * confidential client whose only redirect URIs are `redirectUris`. Resolves to the issuer, the
 * client's credentials and `close()`.
 */
export async function startOidcProvider({ redirectUris, users = DEMO_SSO_USERS, port = 0 }) {
  const byEmail = new Map(users.map((u) => [u.email, u]));
  const clientId = "confide-local";
  const clientSecret = randomBytes(24).toString("base64url");
  const scopes = "openid email profile groups";
  // The port is known only once listening, and the issuer must be known before: bind first.
  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const issuer = `http://127.0.0.1:${server.address().port}`;
  // Its start-up warnings say what this is by design (in-memory, development keys and login page;
  // and Node 20, which runs it but which its authors no longer list): kept out of the output.
  const warn = console.warn;
  console.warn = (...args) => {
    if (!String(args[0]).includes("oidc-provider WARNING")) warn(...args);
  };
  let provider;
  try {
    const { default: Provider } = await import("oidc-provider");
    provider = createProvider(Provider, issuer, { clientId, clientSecret, redirectUris, scopes, byEmail });
  } finally {
    console.warn = warn;
  }
  server.on("request", provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    users,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

function createProvider(Provider, issuer, { clientId, clientSecret, redirectUris, scopes, byEmail }) {
  return new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    scopes: ["openid", "email", "profile", "groups"],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    // Groups and email in the ID token itself, as most company providers put them there.
    conformIdTokenClaims: false,
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const user = byEmail.get(id);
      if (!user) return undefined;
      return {
        accountId: id,
        claims: async () => ({ sub: id, email: user.email, email_verified: user.emailVerified, name: user.name, groups: user.groups }),
      };
    },
    // A first-party client: no consent screen, as in a company's own identity provider.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(scopes);
      await grant.save();
      return grant;
    },
  });
}
