import type { Context } from "hono";
import { setCookie } from "hono/cookie";
import type { AppEnv } from "../app-env";
import { randomBytes, randomToken, sha256Hex, toBase64Url } from "../crypto/encoding";
import { audit } from "../db/audit";
import { createSession, resolveSession, SESSION_ABSOLUTE_MS } from "../db/auth";
import { HttpError } from "../errors";
import { SESSION_COOKIE } from "../middleware/auth";
import type { Me } from "../shared/api";
import { deviceLabel } from "./device-label";
import { toMe } from "./me";

/** How an operator proved who they are; recorded in the audit entry of the sign-in. */
export type SignInMethod = "password" | "password+totp" | "password+recovery_code" | "password+passkey" | "passkey" | "sso";

/** The operator as the sign-in paths hold it once every factor is checked. */
export interface VerifiedOperator {
  id: string;
  accountId: string;
}

/**
 * The one way a session begins, whatever the sign-in method: creates the session, audits the
 * sign-in with its method and sets the HttpOnly cookie. Every check (password, factors, policy)
 * must already have passed.
 */
export async function beginSession(c: Context<AppEnv>, operator: VerifiedOperator, method: SignInMethod): Promise<Me> {
  const db = c.var.db;
  const now = Date.now();
  const token = randomToken();
  const sessionId = await sha256Hex(token);
  await createSession(db, {
    id: sessionId,
    accountId: operator.accountId,
    operatorId: operator.id,
    now,
    // The sessions screen names and ends sessions by these; the User-Agent itself is not kept.
    publicId: toBase64Url(randomBytes(16)),
    deviceLabel: deviceLabel(c.req.header("User-Agent")),
  });
  await audit(db, {
    accountId: operator.accountId,
    actorKind: "operator",
    actorId: operator.id,
    action: "login",
    targetType: "sign_in_method",
    targetId: method,
    now,
  });
  const principal = await resolveSession(db, sessionId, now);
  // Disabled between the check and now: no session.
  if (!principal) throw new HttpError(401, "invalid_credentials", "The email or password is wrong.");
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: "Strict", path: "/", maxAge: SESSION_ABSOLUTE_MS / 1000 });
  return toMe(principal);
}
