import { createRoute } from "@hono/zod-openapi";
import { beginSession } from "../auth/sign-in";
import { toMe } from "../auth/me";
import { requireSignInOutsideSso } from "../auth/sso-policy";
import { deleteCookie, getCookie } from "hono/cookie";
import { sha256Hex } from "../crypto/encoding";
import { DUMMY_PASSWORD_HASH, verifyPassword } from "../crypto/password";
import { hmacBase64Url } from "../crypto/blind-index";
import { hashClientAddress } from "../crypto/client-address";
import { revokeOperatorSockets } from "../conversation/service";
import { audit } from "../db/audit";
import { deleteSession, findOperatorByEmail, resolveSession } from "../db/auth";
import { daySalt } from "../db/address-salts";
import { clearHits, hit } from "../db/rate-limits";
import { HttpError } from "../errors";
import { requireOperator, SESSION_COOKIE } from "../middleware/auth";
import { recordSessionRevoked } from "../privacy/revocations";
import { loginSchema, meSchema } from "../shared/api";
import { apiRouter, errors, errorSchema, json, jsonBody } from "./openapi";

const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Login attempts allowed per 15 minutes, per operator (or unknown email) and per hashed client address. */
export const LOGIN_LIMIT_PER_OPERATOR = 10;
export const LOGIN_LIMIT_PER_ADDRESS = 50;

const tags = ["Authentication"];

export const authRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/login",
      tags,
      summary: "Log in; sets the HttpOnly session cookie. Rate-limited per operator and per client address.",
      request: { body: jsonBody(loginSchema) },
      responses: { 200: json(meSchema, "The operator, account and role"), 429: json(errorSchema, "Too many attempts; wait 15 minutes"), ...errors },
    }),
    async (c) => {
    const { email, password } = c.req.valid("json");
    const now = Date.now();
    const db = c.var.db;
    const operator = await findOperatorByEmail(db, email);
    // Under the day's random salt, like new chats, but one scope for the whole deployment: a login
    // names no account before it succeeds.
    const address = await hashClientAddress(await daySalt(db, now), "login", c.req.header("CF-Connecting-IP") ?? "local");
    // Per login, not per company: a stranger guessing one agent's password must not lock out the rest.
    const loginKey = `login:${operator ? `operator:${operator.id}` : `email:${await hmacBase64Url(c.env.TOKEN_SIGNING_KEY, `login-email:${email}`)}`}`;
    // Attempts are counted before the password is checked, so parallel guesses cannot slip past.
    const [perLogin, perAddress] = await Promise.all([
      hit(db, loginKey, LOGIN_WINDOW_MS, now),
      hit(db, `login:address:${address}`, LOGIN_WINDOW_MS, now),
    ]);
    if (perLogin > LOGIN_LIMIT_PER_OPERATOR || perAddress > LOGIN_LIMIT_PER_ADDRESS) {
      throw new HttpError(429, "too_many_attempts", "Too many login attempts. Wait 15 minutes and try again.");
    }
    // Verify against a dummy hash for unknown emails so response time does not reveal them.
    const passwordOk = await verifyPassword(password, operator?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!operator || !passwordOk || operator.disabled) {
      if (operator) await audit(db, { accountId: operator.accountId, actorKind: "operator", actorId: operator.id, action: "login.failed", now });
      throw new HttpError(401, "invalid_credentials", "The email or password is wrong.");
    }
    // The right password ends the guessing: an operator who signs in from several tabs or devices
    // in a quarter of an hour must not lock themselves out. (The per-address count stays.)
    await clearHits(db, loginKey);
    await requireSignInOutsideSso(db, operator, now);
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
