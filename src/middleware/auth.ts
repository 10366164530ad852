import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../app-env";
import { endOperatorSessions } from "../auth/end-sessions";
import { sha256Hex } from "../crypto/encoding";
import { locateSession, type Principal, resolveApiToken } from "../db/auth";
import { apiTokens } from "../db/schema";
import { HttpError } from "../errors";
import { auditAction } from "../privacy/audit";
import { permissionsGrant, scopePermissions } from "../shared/api-tokens";
import { type AccessLevel, type Area, allows, type Permissions } from "../shared/permissions";
import { enterAccountOf } from "./account-database";

/** `__Host-` pins the cookie to this exact host, path / and HTTPS (localhost counts as secure). */
export const SESSION_COOKIE = "__Host-confide_session";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The app sends this (value "1") on requests nobody asked for at that moment: polls, refreshes
 * after a live event. They do not keep a session alive; only a person's actions do.
 */
export const BACKGROUND_HEADER = "X-Confide-Background";

/** The request's own origin, as browsers send it in `Origin`. */
export const ownOrigin = (c: { req: { url: string } }): string => new URL(c.req.url).origin;

/**
 * Authenticates an operator by session cookie or `Authorization: Bearer <api token>`.
 * Cookie-authenticated requests that change something, and every cookie-authenticated WebSocket
 * upgrade, must come from our own origin: with SameSite=Strict this closes CSRF and cross-site
 * WebSocket hijacking.
 */
export const requireOperator: MiddlewareHandler<AppEnv> = async (c, next) => {
  const now = Date.now();
  const authorization = c.req.header("Authorization");
  let principal: Principal | null = null;
  if (authorization) {
    const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(authorization);
    if (!match?.[1]) throw new HttpError(401, "invalid_token", "The Authorization header must be `Bearer <api token>`.");
    const tokenHash = await sha256Hex(match[1]);
    await enterAccountOf(c, apiTokens, apiTokens.tokenHash, tokenHash);
    const resolved = await resolveApiToken(c.var.db, tokenHash, now);
    if (!resolved) throw new HttpError(401, "invalid_token", "This API token is unknown, revoked or expired.");
    principal = resolved.principal;
    if (resolved.firstUse) {
      await auditAction(c.var.db, principal, {
        action: "api_token.first_used",
        targetType: "api_token",
        targetId: principal.credential.id,
        now,
      });
    }
  } else {
    const token = getCookie(c, SESSION_COOKIE);
    if (!token) throw new HttpError(401, "unauthenticated", "Log in first.");
    const isUpgrade = c.req.header("Upgrade")?.toLowerCase() === "websocket";
    // Socket (re)connects happen by themselves too; what a person does on a socket counts there.
    const activity = !isUpgrade && c.req.header(BACKGROUND_HEADER) !== "1";
    const sessionId = await sha256Hex(token);
    // The session and its account's database in one round trip (src/db/databases.ts, locateRow).
    const { db, found } = await locateSession(c.env, sessionId, now, { activity });
    c.set("db", db);
    if (found.status === "expired") {
      await endOperatorSessions(c.env, c.var.db, {
        accountId: found.accountId,
        operatorId: found.operatorId,
        sessionIds: [sessionId],
        reason: found.reason,
        actorId: null,
        now,
      });
    }
    if (found.status !== "active") throw new HttpError(401, "session_expired", "Your session has expired. Log in again.");
    principal = found.principal;
    if ((isUpgrade || !SAFE_METHODS.has(c.req.method)) && c.req.header("Origin") !== ownOrigin(c)) {
      throw new HttpError(403, "origin_not_allowed", "This request must come from the Confide app's own origin.");
    }
  }
  c.set("principal", principal);
  await next();
};

/**
 * Refuses API tokens: what creates, changes or removes a credential (API tokens, passwords, second
 * factors, passkeys, sessions) needs a person signed in with a session. A leaked token must not be
 * able to turn itself into a lasting foothold, so every such endpoint goes through this one check.
 * Use after `requireOperator`.
 */
export const requireSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  refuseApiToken(c.var.principal);
  await next();
};

/** The check behind `requireSession`, for a route that refuses tokens only for part of its body (a password in a team change). */
export function refuseApiToken(principal: Principal): void {
  if (principal.kind !== "operator") {
    throw new HttpError(
      403,
      "session_required",
      "API tokens cannot manage credentials (tokens, passwords, second factors, sessions). Sign in to the app to do this.",
    );
  }
}

/**
 * The 403 for a right the caller lacks: `insufficient_scope` when the caller is an API token whose
 * scopes do not name it, else `forbidden` (the role lacks it). Saying which of the two is short
 * tells an integrator whether to ask for a new token or a new role.
 */
export function rightMissing(
  principal: Principal,
  area: keyof Permissions,
  level: AccessLevel | Permissions["analytics"],
  roleMessage: string,
): HttpError {
  if (principal.scopes && !permissionsGrant(scopePermissions(principal.scopes), area, level)) {
    return new HttpError(403, "insufficient_scope", `This API token needs a scope with ${level} access to ${area}.`);
  }
  return new HttpError(403, "forbidden", roleMessage);
}

/** Refuses with 403 unless the caller's role grants at least `level` in `area`. */
export function requirePermission(area: Area, level: AccessLevel): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!allows(c.var.principal.role.permissions[area], level))
      throw rightMissing(c.var.principal, area, level, `Your role needs ${level} access to ${area}.`);
    await next();
  };
}

/** True when the caller's role covers this department. */
export const seesDepartment = (principal: Principal, departmentId: string): boolean =>
  principal.role.departmentIds === null || principal.role.departmentIds.includes(departmentId);

/** Account-wide actions (account settings, data-subject requests) need a role covering every department. */
export function requireAllDepartments(principal: Principal): void {
  if (principal.role.departmentIds !== null) {
    throw new HttpError(403, "requires_all_departments", "This acts on the whole account; it needs a role that covers all departments.");
  }
}
