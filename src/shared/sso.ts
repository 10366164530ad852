import { z } from "zod";

// Single sign-on (OpenID Connect): the settings an administrator edits and the sign-in's start,
// shared by the worker (validation, OpenAPI) and the operator app (types).

/** A lowercase DNS name such as `example.com` (no scheme, port, path or wildcard). */
const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    "must be a domain name such as example.com",
  );

/** One row of the group mapping: users in `group` get the role `roleId`. */
export const ssoRoleMappingSchema = z.strictObject({
  group: z.string().trim().min(1).max(200),
  roleId: z.string().min(1).max(64),
});
export type SsoRoleMapping = z.infer<typeof ssoRoleMappingSchema>;

/** PUT /settings/sso: the whole configuration. `clientSecret` may be left out to keep the stored one. */
export const updateSsoSettingsSchema = z.strictObject({
  issuer: z.string().trim().max(500).url(),
  clientId: z.string().trim().min(1).max(500),
  clientSecret: z.string().min(1).max(2000).optional(),
  domains: z.array(domainSchema).min(1).max(20),
  /** The ID token claim holding the user's groups: `groups` for most providers, a URL for some. */
  groupsClaim: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.:/-]{1,200}$/, "must be a claim name")
    .default("groups"),
  /** In order: the first group the user belongs to decides the role. */
  roleMappings: z.array(ssoRoleMappingSchema).max(50),
  /** Users of a mapped group who have no operator yet get one at their first sign-in. */
  createOperators: z.boolean(),
  /** Password and passkey sign-in refused for the account's operators (its SSO administrators keep the password). */
  ssoOnly: z.boolean(),
});
export type UpdateSsoSettings = z.infer<typeof updateSsoSettingsSchema>;

/** What GET answers: the configuration without its secret, which is only ever "set". */
export const ssoSettingsSchema = z
  .object({
    configured: z.boolean(),
    issuer: z.string().nullable(),
    clientId: z.string().nullable(),
    clientSecretSet: z.boolean(),
    domains: z.array(z.string()),
    groupsClaim: z.string(),
    roleMappings: z.array(z.object({ group: z.string(), roleId: z.string() })),
    createOperators: z.boolean(),
    ssoOnly: z.boolean(),
    /** Where the identity provider must send users back: register it as the client's redirect URI. */
    redirectUri: z.string(),
  })
  .meta({ id: "SsoSettings" });
export type SsoSettings = z.infer<typeof ssoSettingsSchema>;

export const ssoStartSchema = z.strictObject({ email: z.string().trim().toLowerCase().email().max(254) });
export type SsoStart = z.infer<typeof ssoStartSchema>;
export const ssoStartedSchema = z.object({ redirectUrl: z.string() });

/** Where the identity provider sends the browser back (`GET`, with `code` and `state`). */
export const SSO_CALLBACK_PATH = "/api/v1/auth/sso/callback";

/**
 * True when the issuer may be used: https, or plain http only on this machine (127.0.0.1,
 * localhost), where a local test provider runs. Anything else would send the client secret and
 * the user's identity over the network in the clear.
 */
export function isAllowedIssuer(issuer: string): boolean {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return false;
  }
  if (url.username || url.password || url.search || url.hash) return false;
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && isLoopbackHost(url.hostname);
}

/** 127.0.0.1 or localhost: the only hosts an issuer may be reached at over plain http. */
export const isLoopbackHost = (hostname: string): boolean => hostname === "127.0.0.1" || hostname === "localhost";
