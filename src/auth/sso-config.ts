import { type Binding, envelopeKeyId, openText, sealText } from "../crypto/envelope";
import { KeyRingError, loadKeyRing } from "../crypto/key-ring";
import { resealWithActiveKey } from "../crypto/reseal";
import type { Db } from "../db/client";
import { countSsoSecretsNotSealedWith, replaceSsoSecret, ssoSecretsNotSealedWith } from "../db/sso";
import { findRole } from "../db/team";
import { permissionsSchema } from "../shared/permissions";
import type { SsoRoleMapping } from "../shared/sso";

// The SSO client secret is a credential of the account at its identity provider: stored only
// sealed with the key ring's active key, bound to the account, and never answered by the API.

/** Binds the sealed secret to its account: copied into another account's row, it does not open. */
const secretBinding = (accountId: string): Binding => ({ accountId, conversationId: "sso", field: "sso.client_secret" });

export async function sealClientSecret(env: Env, accountId: string, secret: string): Promise<string> {
  const ring = await loadKeyRing(env.KEY_RING);
  const key = ring.keys.get(ring.activeId);
  if (!key) throw new KeyRingError("the active key is not in the ring");
  return sealText(key, ring.activeId, secret, secretBinding(accountId));
}

export async function openClientSecret(env: Env, accountId: string, sealed: string): Promise<string> {
  const ring = await loadKeyRing(env.KEY_RING);
  const key = ring.keys.get(envelopeKeyId(sealed));
  if (!key) throw new KeyRingError("the key that sealed the SSO client secret is no longer in the ring");
  return openText(key, sealed, secretBinding(accountId));
}

/**
 * The role for a user in `groups`: the first mapping (in the administrator's order) whose group
 * the user is in and whose role still exists in the account. First match, not "highest": roles
 * are custom and have no total order, and an ordered list reads like the widget router's rules.
 */
export async function roleForGroups(
  db: Db,
  accountId: string,
  mappings: SsoRoleMapping[],
  groups: readonly string[],
): Promise<string | null> {
  for (const mapping of mappings) {
    if (!groups.includes(mapping.group)) continue;
    if (await findRole(db, accountId, mapping.roleId)) return mapping.roleId;
  }
  return null;
}

/**
 * Whether an operator of this role may change the account's SSO: settings manage over every
 * department. The same operators keep their password under "SSO only" (break-glass).
 */
export function canManageSso(role: { permissions: string | object; departmentIds: string | null | string[] }): boolean {
  const permissions = permissionsSchema.parse(typeof role.permissions === "string" ? JSON.parse(role.permissions) : role.permissions);
  return permissions.settings === "manage" && role.departmentIds === null;
}

/** SSO client secrets one sweep may re-seal; an account has at most one. */
export const SSO_RESEAL_PER_RUN = 1_000;

/**
 * Re-seals SSO client secrets with the ring's active key (the hourly sweep, during a key
 * rotation), so the old key can leave the ring without breaking any account's sign-in. Null when
 * the ring holds only its active key.
 */
export const resealSsoSecrets = (env: Env, db: Db, budget = SSO_RESEAL_PER_RUN) =>
  resealWithActiveKey(env.KEY_RING, {
    name: "an SSO client secret",
    pending: (prefix) => ssoSecretsNotSealedWith(db, prefix, budget),
    reseal: async (row) => {
      const secret = await openClientSecret(env, row.accountId, row.clientSecretEnc);
      await replaceSsoSecret(db, row.accountId, row.clientSecretEnc, await sealClientSecret(env, row.accountId, secret));
    },
    remaining: (prefix) => countSsoSecretsNotSealedWith(db, prefix),
  });
