import { createRoute } from "@hono/zod-openapi";
import { deleteCookie, getCookie } from "hono/cookie";
import { endOperatorSessions } from "../auth/end-sessions";
import { toMe } from "../auth/me";
import { checkPassword } from "../auth/password-sign-in";
import { afterFirstFactor } from "../auth/second-factor";
import { requireSignInOutsideSso } from "../auth/sso-policy";
import { sha256Hex } from "../crypto/encoding";
import { sessions } from "../db/schema";
import { findSessionOwner } from "../db/sessions";
import { enterAccountOf } from "../middleware/account-database";
import { requireOperator, SESSION_COOKIE } from "../middleware/auth";
import { loginAnswerSchema, loginSchema, meSchema } from "../shared/api";
import { apiRouter, errorSchema, errors, json, jsonBody, publicAccess } from "./openapi";

const tags = ["Authentication"];

export const authRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/login",
      operationId: "logIn",
      security: publicAccess,
      tags,
      summary:
        "Log in with email and password. Without a second factor: sets the HttpOnly session cookie and answers the operator. With one (or under the account's two-factor policy): no session yet; answers `secondFactor` with a pending token for POST /auth/login/second-factor (or enrolment). Failures are throttled per (operator, client address) and per client address.",
      request: { body: jsonBody(loginSchema) },
      responses: {
        200: json(loginAnswerSchema, "The operator, account and role; or the second step to take"),
        429: json(errorSchema, "Too many failed attempts from this address; wait as long as the Retry-After header says"),
        ...errors,
      },
    }),
    async (c) => {
      const { email, password } = c.req.valid("json");
      // Behind the sign-in throttle (src/auth/login-throttle.ts); unknown emails cost and answer the same.
      const operator = await checkPassword(c, email, password);
      // "SSO only" accounts refuse passwords, after the check so a wrong password learns nothing.
      await requireSignInOutsideSso(c.var.db, operator);
      return c.json(await afterFirstFactor(c, operator), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/logout",
      operationId: "logOut",
      security: publicAccess,
      tags,
      summary: "Log out: ends the session and closes its sockets",
      responses: { 204: { description: "Logged out" } },
    }),
    async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) {
        const sessionId = await sha256Hex(token);
        await enterAccountOf(c, sessions, sessions.id, sessionId);
        // Even a session that went idle is ended here, so its sockets close now rather than at their deadline.
        const owner = await findSessionOwner(c.var.db, sessionId);
        if (owner) {
          await endOperatorSessions(c.env, c.var.db, {
            ...owner,
            sessionIds: [sessionId],
            reason: "signed_out",
            actorId: owner.operatorId,
            now: Date.now(),
          });
        }
      }
      deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me",
      operationId: "getMe",
      tags,
      summary: "Who is calling",
      middleware: requireOperator,
      responses: { 200: json(meSchema, "The operator, account and role"), ...errors },
    }),
    (c) => c.json(toMe(c.var.principal), 200),
  );
