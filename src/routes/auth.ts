import { createRoute } from "@hono/zod-openapi";
import { checkPassword, LoginThrottled, type PasswordOperator } from "../auth/password-sign-in";
import { beginSession } from "../auth/sign-in";
import { toMe } from "../auth/me";
import { deleteCookie, getCookie } from "hono/cookie";
import { sha256Hex } from "../crypto/encoding";
import { revokeOperatorSockets } from "../conversation/service";
import { deleteSession, resolveSession } from "../db/auth";
import { errorBody } from "../errors";
import { requireOperator, SESSION_COOKIE } from "../middleware/auth";
import { recordSessionRevoked } from "../privacy/revocations";
import { loginSchema, meSchema } from "../shared/api";
import { apiRouter, errors, errorSchema, json, jsonBody } from "./openapi";

const tags = ["Authentication"];

export const authRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/login",
      tags,
      summary: "Log in; sets the HttpOnly session cookie. Failures are throttled per (operator, client address) and per client address.",
      request: { body: jsonBody(loginSchema) },
      responses: { 200: json(meSchema, "The operator, account and role"), 429: json(errorSchema, "Too many failed attempts from this address; wait as long as the Retry-After header says"), ...errors },
    }),
    async (c) => {
    const { email, password } = c.req.valid("json");
    let operator: PasswordOperator;
    try {
      // Behind the sign-in throttle (src/auth/login-throttle.ts); unknown emails cost and answer the same.
      operator = await checkPassword(c, email, password);
    } catch (error) {
      if (error instanceof LoginThrottled) return c.json(errorBody(error.code, error.message), 429, { "Retry-After": String(error.retryAfterSeconds) });
      throw error;
    }
    return c.json(await beginSession(c, operator, "password"), 200);
  })
  .openapi(createRoute({ method: "post", path: "/auth/logout", tags, summary: "Log out: ends the session and closes its sockets", responses: { 204: { description: "Logged out" } } }), async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const sessionId = await sha256Hex(token);
      const principal = await resolveSession(c.var.db, sessionId, Date.now());
      await deleteSession(c.var.db, sessionId);
      // A D1 restore must not sign it back in: the ledger deletes it again.
      if (principal) await recordSessionRevoked(c.env, principal.account.id, sessionId, Date.now());
      // Sockets opened with this session close too; otherwise they would outlive the sign-out.
      if (principal) await revokeOperatorSockets(c.env, c.var.db, principal.account.id, principal.operator.id, sessionId);
    }
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
    return c.body(null, 204);
  })
  .openapi(
    createRoute({ method: "get", path: "/me", tags, summary: "Who is calling", middleware: requireOperator, responses: { 200: json(meSchema, "The operator, account and role"), ...errors } }),
    (c) => c.json(toMe(c.var.principal), 200),
  );
