import { audit } from "../db/audit";
import type { Db } from "../db/client";
import { isSsoOnly } from "../db/sso";
import { findRole } from "../db/team";
import { HttpError } from "../errors";
import { canManageSso } from "./sso-config";

/**
 * Enforces the account's "SSO only" policy on a sign-in that does not go through the identity
 * provider (password, passkey). Call it only once the credential was verified, so the answer
 * reveals nothing to someone who does not hold it. Operators who can manage the account's SSO
 * keep signing in (break-glass: a broken or unreachable identity provider must not lock everyone
 * out, including the only people who could fix its configuration); each such sign-in is audited
 * as `sso.bypassed`.
 */
export async function requireSignInOutsideSso(
  db: Db,
  operator: { id: string; accountId: string; roleId: string },
  now = Date.now(),
): Promise<void> {
  if (!(await isSsoOnly(db, operator.accountId))) return;
  const role = await findRole(db, operator.accountId, operator.roleId);
  if (role && canManageSso(role)) {
    await audit(db, {
      accountId: operator.accountId,
      actorKind: "operator",
      actorId: operator.id,
      action: "sso.bypassed",
      targetType: "operator",
      targetId: operator.id,
      now,
    });
    return;
  }
  await audit(db, {
    accountId: operator.accountId,
    actorKind: "operator",
    actorId: operator.id,
    action: "sso.failed",
    targetType: "sso_error",
    targetId: "sso_required",
    now,
  });
  throw new HttpError(403, "sso_required", "Your account signs in through single sign-on only. Use “Sign in with single sign-on”.");
}
