import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { countSignInStart } from "../auth/login-throttle";
import { auditFailure, finishSso, SsoError, ssoRedirectUri, startSso } from "../auth/sso";
import { sealClientSecret } from "../auth/sso-config";
import { deleteSsoConfig, domainsOfOtherAccounts, findSsoConfig, parseRoleMappings, saveSsoConfig } from "../db/sso";
import { findRole } from "../db/team";
import { HttpError } from "../errors";
import { requireAllDepartments, requireOperator, requirePermission, requireSession } from "../middleware/auth";
import { auditAction } from "../privacy/audit";
import type { ErrorCode } from "../shared/error-codes";
import { departmentsWithin, permissionsSchema, permissionsWithin } from "../shared/permissions";
import {
  isAllowedIssuer,
  type SsoSettings,
  ssoSettingsSchema,
  ssoStartedSchema,
  ssoStartSchema,
  updateSsoSettingsSchema,
} from "../shared/sso";
import { apiRouter, errorSchema, errors, json, jsonBody, publicAccess, sessionOnly } from "./openapi";

const tags = ["Single sign-on"];

async function currentSettings(c: Context<AppEnv>): Promise<SsoSettings> {
  const found = await findSsoConfig(c.var.db, c.var.principal.account.id);
  const redirectUri = ssoRedirectUri(c);
  if (!found) {
    return {
      configured: false,
      issuer: null,
      clientId: null,
      clientSecretSet: false,
      domains: [],
      groupsClaim: "groups",
      roleMappings: [],
      createOperators: false,
      ssoOnly: false,
      redirectUri,
    };
  }
  const { config, domains } = found;
  return {
    configured: true,
    issuer: config.issuer,
    clientId: config.clientId,
    clientSecretSet: true,
    domains,
    groupsClaim: config.groupsClaim,
    roleMappings: parseRoleMappings(config.roleMappings),
    createOperators: config.createOperators,
    ssoOnly: config.ssoOnly,
    redirectUri,
  };
}

/**
 * The account's single sign-on. Only a person signed in to the app (no API token) whose role
 * manages settings over every department may see or change it: it decides who gets into the
 * account and with which role.
 */
export const ssoSettingsRoutes = apiRouter(requireOperator, requireSession)
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "getSsoSettings",
      security: sessionOnly,
      tags,
      summary: "The account's OpenID Connect settings, without the client secret (settings manage over all departments; session only)",
      middleware: requirePermission("settings", "manage"),
      responses: { 200: json(ssoSettingsSchema, "The settings; `configured: false` when there are none"), ...errors },
    }),
    async (c) => {
      requireAllDepartments(c.var.principal);
      return c.json(await currentSettings(c), 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/",
      operationId: "setSsoSettings",
      security: sessionOnly,
      tags,
      summary:
        "Configure single sign-on: issuer (https; http only for 127.0.0.1 or localhost), client, the account's email domains, the groups claim, group-to-role mappings (first match wins), creating operators at first sign-in, and the SSO-only policy. The client secret is stored encrypted and never answered; leave it out to keep the stored one (settings manage over all departments; session only)",
      middleware: requirePermission("settings", "manage"),
      request: { body: jsonBody(updateSsoSettingsSchema) },
      responses: {
        200: json(ssoSettingsSchema, "The settings"),
        409: json(errorSchema, "A domain belongs to another account (`sso_domain_taken`)"),
        ...errors,
      },
    }),
    async (c) => {
      const p = c.var.principal;
      requireAllDepartments(p);
      const body = c.req.valid("json");
      const db = c.var.db;
      if (!isAllowedIssuer(body.issuer)) {
        throw new HttpError(
          400,
          "insecure_issuer",
          "issuer: must be an https URL without query or fragment (plain http only for 127.0.0.1 or localhost).",
        );
      }
      for (const mapping of body.roleMappings) {
        const role = await findRole(db, p.account.id, mapping.roleId);
        if (!role) throw new HttpError(400, "unknown_role", `roleMappings: no role ${mapping.roleId} in this account`);
        // Mapping a group to a role hands that role out: nobody hands out more than they hold.
        const permissions = permissionsSchema.parse(JSON.parse(role.permissions));
        const departmentIds = role.departmentIds ? (JSON.parse(role.departmentIds) as string[]) : null;
        if (!permissionsWithin(permissions, p.role.permissions) || !departmentsWithin(departmentIds, p.role.departmentIds)) {
          throw new HttpError(403, "exceeds_own_rights", "You cannot map a group to a role with more rights than your own.");
        }
      }
      const domains = [...new Set(body.domains)];
      const taken = await domainsOfOtherAccounts(db, p.account.id, domains);
      if (taken.length > 0)
        throw new HttpError(409, "sso_domain_taken", `These domains sign in through another account: ${taken.join(", ")}`);
      const before = await findSsoConfig(db, p.account.id);
      if (!body.clientSecret && !before)
        throw new HttpError(400, "client_secret_required", "clientSecret: required when single sign-on is first configured.");
      const clientSecretEnc = body.clientSecret
        ? await sealClientSecret(c.env, p.account.id, body.clientSecret)
        : before!.config.clientSecretEnc;
      const now = Date.now();
      try {
        await saveSsoConfig(db, {
          accountId: p.account.id,
          issuer: body.issuer,
          clientId: body.clientId,
          clientSecretEnc,
          groupsClaim: body.groupsClaim,
          roleMappings: body.roleMappings,
          createOperators: body.createOperators,
          ssoOnly: body.ssoOnly,
          domains,
          now,
        });
      } catch (error) {
        // Another account claimed one of the domains between the check and the write.
        if (String(error).includes("UNIQUE")) throw new HttpError(409, "sso_domain_taken", "A domain was just claimed by another account.");
        throw error;
      }
      await auditAction(db, p, { action: before ? "sso.updated" : "sso.configured", targetType: "account", targetId: p.account.id, now });
      if (body.ssoOnly !== (before?.config.ssoOnly ?? false)) {
        await auditAction(db, p, {
          action: body.ssoOnly ? "sso.only_enabled" : "sso.only_disabled",
          targetType: "account",
          targetId: p.account.id,
          now,
        });
      }
      if (body.clientSecret && before)
        await auditAction(db, p, { action: "sso.secret_changed", targetType: "account", targetId: p.account.id, now });
      return c.json(await currentSettings(c), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/",
      operationId: "deleteSsoSettings",
      security: sessionOnly,
      tags,
      summary:
        "Remove single sign-on (and with it the SSO-only policy); operators keep their accounts (settings manage over all departments; session only)",
      middleware: requirePermission("settings", "manage"),
      responses: { 204: { description: "Removed" }, ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      requireAllDepartments(p);
      if (!(await deleteSsoConfig(c.var.db, p.account.id))) throw new HttpError(404, "not_found", "Single sign-on is not configured.");
      await auditAction(c.var.db, p, { action: "sso.removed", targetType: "account", targetId: p.account.id, now: Date.now() });
      return c.body(null, 204);
    },
  );

/** Where the login screen shows a failed sign-in: the app, with the error's code. */
const loginWithError = (code: ErrorCode) => `/app/?sso_error=${encodeURIComponent(code)}`;

/** Signing in through the account's identity provider; both need no session. */
export const ssoAuthRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/start",
      operationId: "startSsoSignIn",
      security: publicAccess,
      tags,
      summary:
        "Begin an SSO sign-in for an email address: sets a short-lived flow cookie and answers the identity provider's URL to send the browser to",
      request: { body: jsonBody(ssoStartSchema) },
      responses: {
        200: json(ssoStartedSchema, "Where to send the browser"),
        404: json(errorSchema, "No single sign-on for this address (`sso_not_available`), whatever the reason"),
        502: json(errorSchema, "The identity provider cannot be reached (`sso_provider_unavailable`)"),
        429: json(errorSchema, "Too many sign-in starts from this address (at most 60 a quarter hour); wait as long as Retry-After says"),
        400: errors[400],
      },
    }),
    async (c) => {
      await countSignInStart(c.var.db, c.req.header("CF-Connecting-IP") ?? "local", Date.now());
      return c.json({ redirectUrl: await startSso(c, c.req.valid("json").email) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/callback",
      operationId: "finishSsoSignIn",
      security: publicAccess,
      tags,
      summary:
        "Where the identity provider sends the browser back (code, state). Redirects to the app, signed in, or to the login screen with `?sso_error=<code>`",
      responses: { 303: { description: "To /app/ (signed in: session cookie set) or /app/?sso_error=<code>" } },
    }),
    async (c) => {
      try {
        await finishSso(c);
        return c.redirect("/app/", 303);
      } catch (error) {
        if (error instanceof SsoError) {
          await auditFailure(c, error);
          return c.redirect(loginWithError(error.code), 303);
        }
        // Unknown failures: logged by name only, and the user sees a generic message.
        console.error("sso callback failed", error instanceof Error ? error.name : "unknown");
        return c.redirect(loginWithError("sso_failed"), 303);
      }
    },
  );
