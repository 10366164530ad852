import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import * as oauth from "oauth4webapi";
import { z } from "zod";
import type { AppEnv } from "../app-env";
import { randomToken } from "../crypto/encoding";
import { hashPassword } from "../crypto/password";
import { readToken, signToken, type TokenKind } from "../crypto/signed-token";
import { createOperator } from "../db/accounts";
import { audit } from "../db/audit";
import { findOperatorByEmail } from "../db/auth";
import { spendChallenge } from "../db/challenges";
import { ssoDomains } from "../db/schema";
import { findSsoAccountByDomain, findSsoConfig, parseRoleMappings, type SsoConfigRow } from "../db/sso";
import { emailTaken, updateOperator } from "../db/team";
import { HttpError } from "../errors";
import { enterAccount, enterAccountOf } from "../middleware/account-database";
import type { ErrorCode } from "../shared/error-codes";
import { isLoopbackHost, SSO_CALLBACK_PATH } from "../shared/sso";
import { endOperatorSessions } from "./end-sessions";
import { beginSession } from "./sign-in";
import { openClientSecret, roleForGroups } from "./sso-config";

// OpenID Connect sign-in: authorization code with PKCE (S256), state and nonce, through
// oauth4webapi. Between the start and the callback the browser holds the flow in a signed,
// HttpOnly cookie that lives 10 minutes; the callback spends its state in D1, so it works once.

const FLOW_COOKIE = "__Host-confide_sso";
const FLOW_TTL_MS = 10 * 60 * 1000;
const FLOW_TOKEN: TokenKind = { version: "o1", purpose: "sso-flow" };
/** a: account, s: state, n: nonce, v: PKCE verifier, e: expiry. */
const flowSchema = z.object({ a: z.string(), s: z.string(), n: z.string(), v: z.string(), e: z.number() });

/** A sign-in that cannot go on; `code` is stable and is what the login screen shows. */
export class SsoError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly accountId: string | null = null,
    readonly operatorId: string | null = null,
  ) {
    super(code);
    this.name = "SsoError";
  }
}

export const ssoRedirectUri = (c: Context<AppEnv>): string => `${new URL(c.req.url).origin}${SSO_CALLBACK_PATH}`;

/** oauth4webapi refuses plain http unless told; we tell it only for an issuer on this machine. */
const httpOptions = (issuer: string) => ({
  [oauth.allowInsecureRequests]: isLoopbackHost(new URL(issuer).hostname) && new URL(issuer).protocol === "http:",
});

async function discover(issuer: string): Promise<oauth.AuthorizationServer> {
  const url = new URL(issuer);
  const response = await oauth.discoveryRequest(url, { algorithm: "oidc", ...httpOptions(issuer) });
  return oauth.processDiscoveryResponse(url, response);
}

async function discoverOrFail(config: SsoConfigRow): Promise<oauth.AuthorizationServer> {
  try {
    return await discover(config.issuer);
  } catch {
    throw new SsoError("sso_provider_unavailable", config.accountId);
  }
}

/**
 * Begins a sign-in for `email`: finds the account by the email's domain, sets the flow cookie and
 * returns the identity provider's authorization URL. An address of no configured domain gets the
 * same generic refusal whatever the reason.
 */
export async function startSso(c: Context<AppEnv>, email: string): Promise<string> {
  const domain = email.slice(email.lastIndexOf("@") + 1);
  await enterAccountOf(c, ssoDomains, ssoDomains.domain, domain);
  const db = c.var.db;
  const accountId = await findSsoAccountByDomain(db, domain);
  const found = accountId ? await findSsoConfig(db, accountId) : null;
  if (!found) throw new HttpError(404, "sso_not_available", "Single sign-on is not available for this address.");
  const { config } = found;
  let as: oauth.AuthorizationServer;
  try {
    as = await discoverOrFail(config);
  } catch (error) {
    if (error instanceof SsoError) await auditFailure(c, error);
    throw new HttpError(502, "sso_provider_unavailable", "The identity provider cannot be reached. Try again later.");
  }
  if (!as.authorization_endpoint)
    throw new HttpError(502, "sso_provider_unavailable", "The identity provider has no authorization endpoint.");
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const verifier = oauth.generateRandomCodeVerifier();
  const url = new URL(as.authorization_endpoint);
  const scopes = ["openid", "email", "profile", ...(as.scopes_supported?.includes("groups") ? ["groups"] : [])];
  url.search = new URLSearchParams({
    client_id: config.clientId,
    redirect_uri: ssoRedirectUri(c),
    response_type: "code",
    scope: scopes.join(" "),
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    login_hint: email,
  }).toString();
  const expiresAt = Date.now() + FLOW_TTL_MS;
  const token = await signToken(c.env.TOKEN_SIGNING_KEY, FLOW_TOKEN, {
    a: config.accountId,
    s: state,
    n: nonce,
    v: verifier,
    e: expiresAt,
  });
  // Lax, not Strict: the identity provider sends the browser back with a top-level navigation
  // from its own site, which a Strict cookie would not accompany.
  setCookie(c, FLOW_COOKIE, token, { httpOnly: true, secure: true, sameSite: "Lax", path: "/", maxAge: FLOW_TTL_MS / 1000 });
  return url.toString();
}

/** The user's groups from the configured claim: a list of strings, or one string. */
function groupsOf(claims: oauth.IDToken, claim: string): string[] {
  const value = claims[claim];
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === "string");
  return [];
}

/** Exchanges the code and validates the ID token (issuer, audience, nonce, expiry, signature via the JWKS). */
async function exchange(c: Context<AppEnv>, config: SsoConfigRow, flow: z.infer<typeof flowSchema>): Promise<oauth.IDToken> {
  const as = await discoverOrFail(config);
  const client: oauth.Client = { client_id: config.clientId };
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client, new URL(c.req.url), flow.s);
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) throw new SsoError("sso_denied", config.accountId);
    throw new SsoError("sso_state_mismatch", config.accountId);
  }
  const secret = await openClientSecret(c.env, config.accountId, config.clientSecretEnc);
  const methods = as.token_endpoint_auth_methods_supported;
  const clientAuth = !methods || methods.includes("client_secret_basic") ? oauth.ClientSecretBasic(secret) : oauth.ClientSecretPost(secret);
  try {
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth,
      params,
      ssoRedirectUri(c),
      flow.v,
      httpOptions(config.issuer),
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: flow.n, requireIdToken: true });
    await oauth.validateApplicationLevelSignature(as, response, httpOptions(config.issuer));
    const claims = oauth.getValidatedIdTokenClaims(result);
    if (!claims) throw new SsoError("sso_invalid_response", config.accountId);
    return claims;
  } catch (error) {
    if (error instanceof SsoError) throw error;
    throw new SsoError("sso_invalid_response", config.accountId);
  }
}

/**
 * Finishes a sign-in at the callback: the flow cookie (once), the code exchange, the ID token,
 * the verified email of one of the account's domains, the group mapping; then the operator
 * (created when the account allows it, its role brought in line with the mapping) gets a session.
 */
export async function finishSso(c: Context<AppEnv>): Promise<void> {
  const now = Date.now();
  const cookie = getCookie(c, FLOW_COOKIE);
  deleteCookie(c, FLOW_COOKIE, { path: "/", secure: true });
  const flow = cookie ? await readToken(c.env.TOKEN_SIGNING_KEY, FLOW_TOKEN, cookie, flowSchema) : null;
  if (!flow || flow.e <= now) throw new SsoError("sso_expired");
  // The signed flow names its account: the rest happens in that account's database.
  await enterAccount(c, flow.a);
  const db = c.var.db;
  // Spent before anything else: a replayed callback (same cookie, same URL) stops here.
  if (!(await spendChallenge(db, `sso:${flow.s}`, flow.e))) throw new SsoError("sso_replayed", flow.a);
  const found = await findSsoConfig(db, flow.a);
  if (!found) throw new SsoError("sso_not_available", flow.a);
  const { config, domains } = found;
  const claims = await exchange(c, config, flow);

  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  if (!email || claims.email_verified !== true) throw new SsoError("sso_email_unverified", config.accountId);
  if (!domains.includes(email.slice(email.lastIndexOf("@") + 1))) throw new SsoError("sso_email_domain", config.accountId);
  const roleId = await roleForGroups(db, config.accountId, parseRoleMappings(config.roleMappings), groupsOf(claims, config.groupsClaim));

  let operator = await findOperatorByEmail(db, email);
  // An address of another account is not this provider's to vouch for: the same answer as none.
  if (operator && operator.accountId !== config.accountId) throw new SsoError("sso_no_operator", config.accountId);
  if (!roleId) throw new SsoError("sso_no_mapped_group", config.accountId, operator?.id ?? null);
  if (!operator) {
    if (!config.createOperators) throw new SsoError("sso_no_operator", config.accountId);
    // An operator of an account in another database has the address: the same answer as above.
    if (await emailTaken(c.env, email)) throw new SsoError("sso_no_operator", config.accountId);
    const name =
      typeof claims.name === "string" && claims.name.trim() ? claims.name.trim().slice(0, 100) : email.slice(0, email.indexOf("@"));
    // Operators created by SSO get a random password nobody knows: SSO is their way in until an
    // administrator sets one.
    const id = await createOperator(db, {
      accountId: config.accountId,
      email,
      displayName: name,
      passwordHash: await hashPassword(randomToken()),
      roleId,
      now,
    });
    await audit(db, {
      accountId: config.accountId,
      actorKind: "system",
      actorId: null,
      action: "operator.created_by_sso",
      targetType: "operator",
      targetId: id,
      now,
    });
    operator = (await findOperatorByEmail(db, email))!;
  } else if (operator.disabled) {
    throw new SsoError("sso_operator_disabled", config.accountId, operator.id);
  } else if (operator.roleId !== roleId) {
    await updateOperator(db, config.accountId, operator.id, { roleId });
    await audit(db, {
      accountId: config.accountId,
      actorKind: "system",
      actorId: null,
      action: "operator.role_from_sso",
      targetType: "operator",
      targetId: operator.id,
      now,
    });
    // The old role's sessions and sockets must not outlive it.
    await endOperatorSessions(c.env, db, {
      accountId: config.accountId,
      operatorId: operator.id,
      reason: "role_changed",
      actorId: null,
      now,
    });
  }
  await beginSession(c, { id: operator.id, accountId: operator.accountId }, "sso");
}

/** Records a failed SSO sign-in in the account's audit log, when the account is known. */
export async function auditFailure(c: Context<AppEnv>, error: SsoError): Promise<void> {
  if (!error.accountId) return;
  await audit(c.var.db, {
    accountId: error.accountId,
    actorKind: error.operatorId ? "operator" : "system",
    actorId: error.operatorId,
    action: "sso.failed",
    targetType: "sso_error",
    targetId: error.code,
    now: Date.now(),
  });
}
