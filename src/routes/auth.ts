import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../app-env";
import { randomToken, sha256Hex } from "../crypto/encoding";
import { DUMMY_PASSWORD_HASH, verifyPassword } from "../crypto/password";
import { hashClientAddress } from "../crypto/visitor-token";
import { audit } from "../db/audit";
import { createSession, deleteSession, findOperatorByEmail, resolveSession, SESSION_ABSOLUTE_MS, type Principal } from "../db/auth";
import { hit, peek } from "../db/rate-limits";
import { HttpError } from "../errors";
import { requireOperator, SESSION_COOKIE } from "../middleware/auth";
import { loginSchema, type Me } from "../shared/api";
import { valid } from "./validate";

const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Failed logins allowed per window, per account (or unknown email) and per client address. */
export const LOGIN_LIMIT_PER_ACCOUNT = 20;
export const LOGIN_LIMIT_PER_ADDRESS = 10;

export const toMe = (p: Principal): Me => ({
  operator: { id: p.operator.id, email: p.operator.email, displayName: p.operator.displayName, aliasName: p.operator.aliasName },
  account: p.account,
  role: p.role,
});

export const authRoutes = new Hono<AppEnv>()
  .post("/auth/login", valid("json", loginSchema), async (c) => {
    const { email, password } = c.req.valid("json");
    const now = Date.now();
    const db = c.var.db;
    const operator = await findOperatorByEmail(db, email);
    const address = await hashClientAddress(c.env.TOKEN_SIGNING_KEY, c.req.header("CF-Connecting-IP") ?? "local", now);
    const accountKey = operator ? `login:account:${operator.accountId}` : `login:email:${await sha256Hex(email)}`;
    const addressKey = `login:address:${address}`;
    if (
      (await peek(db, accountKey, LOGIN_WINDOW_MS, now)) >= LOGIN_LIMIT_PER_ACCOUNT ||
      (await peek(db, addressKey, LOGIN_WINDOW_MS, now)) >= LOGIN_LIMIT_PER_ADDRESS
    ) {
      throw new HttpError(429, "too_many_attempts", "Too many failed logins. Wait 15 minutes and try again.");
    }
    // Verify against a dummy hash for unknown emails so response time does not reveal them.
    const passwordOk = await verifyPassword(password, operator?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!operator || !passwordOk || operator.disabled) {
      await hit(db, accountKey, LOGIN_WINDOW_MS, now);
      await hit(db, addressKey, LOGIN_WINDOW_MS, now);
      if (operator) await audit(db, { accountId: operator.accountId, actorKind: "operator", actorId: operator.id, action: "login.failed", now });
      throw new HttpError(401, "invalid_credentials", "The email or password is wrong.");
    }
    const token = randomToken();
    const sessionId = await sha256Hex(token);
    await createSession(db, { id: sessionId, accountId: operator.accountId, operatorId: operator.id, now });
    await audit(db, { accountId: operator.accountId, actorKind: "operator", actorId: operator.id, action: "login", now });
    const principal = await resolveSession(db, sessionId, now);
    if (!principal) throw new HttpError(401, "invalid_credentials", "The email or password is wrong.");
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      secure: true,
      sameSite: "Strict",
      path: "/",
      maxAge: SESSION_ABSOLUTE_MS / 1000,
    });
    return c.json(toMe(principal));
  })
  .post("/auth/logout", async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deleteSession(c.var.db, await sha256Hex(token));
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
    return c.body(null, 204);
  })
  .get("/me", requireOperator, (c) => c.json(toMe(c.var.principal)));
