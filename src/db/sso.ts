import { and, count, eq, inArray, ne, sql } from "drizzle-orm";
import type { SsoRoleMapping } from "../shared/sso";
import type { Db } from "./client";
import { ssoConfigs, ssoDomains } from "./schema";

export type SsoConfigRow = typeof ssoConfigs.$inferSelect;

/** The account's SSO configuration and its domains, or null when it has none. */
export async function findSsoConfig(db: Db, accountId: string): Promise<{ config: SsoConfigRow; domains: string[] } | null> {
  const [config, domains] = await db.batch([
    db.select().from(ssoConfigs).where(eq(ssoConfigs.accountId, accountId)),
    db.select({ domain: ssoDomains.domain }).from(ssoDomains).where(eq(ssoDomains.accountId, accountId)).orderBy(ssoDomains.domain),
  ]);
  const row = config[0];
  return row ? { config: row, domains: domains.map((d) => d.domain) } : null;
}

/** The account that claimed this email domain for its SSO, if any. */
export async function findSsoAccountByDomain(db: Db, domain: string): Promise<string | null> {
  const row = await db.select({ accountId: ssoDomains.accountId }).from(ssoDomains).where(eq(ssoDomains.domain, domain)).get();
  return row?.accountId ?? null;
}

/** Of `domains`, those another account has claimed. */
export async function domainsOfOtherAccounts(db: Db, accountId: string, domains: string[]): Promise<string[]> {
  if (domains.length === 0) return [];
  const rows = await db
    .select({ domain: ssoDomains.domain })
    .from(ssoDomains)
    .where(and(inArray(ssoDomains.domain, domains), ne(ssoDomains.accountId, accountId)));
  return rows.map((r) => r.domain);
}

/** Replaces the account's configuration and domains in one batch: a failed insert (a domain taken meanwhile) changes nothing. */
export async function saveSsoConfig(
  db: Db,
  c: Omit<SsoConfigRow, "roleMappings" | "createdAt" | "updatedAt"> & { roleMappings: SsoRoleMapping[]; domains: string[]; now: number },
): Promise<void> {
  const values = {
    issuer: c.issuer,
    clientId: c.clientId,
    clientSecretEnc: c.clientSecretEnc,
    groupsClaim: c.groupsClaim,
    roleMappings: JSON.stringify(c.roleMappings),
    createOperators: c.createOperators,
    ssoOnly: c.ssoOnly,
    updatedAt: c.now,
  };
  await db.batch([
    db
      .insert(ssoConfigs)
      .values({ accountId: c.accountId, createdAt: c.now, ...values })
      .onConflictDoUpdate({ target: ssoConfigs.accountId, set: values }),
    db.delete(ssoDomains).where(eq(ssoDomains.accountId, c.accountId)),
    db.insert(ssoDomains).values(c.domains.map((domain) => ({ domain, accountId: c.accountId }))),
  ]);
}

/** Removes the account's SSO; true when there was one. */
export async function deleteSsoConfig(db: Db, accountId: string): Promise<boolean> {
  const [, deleted] = await db.batch([
    db.delete(ssoDomains).where(eq(ssoDomains.accountId, accountId)),
    db.delete(ssoConfigs).where(eq(ssoConfigs.accountId, accountId)).returning({ accountId: ssoConfigs.accountId }),
  ]);
  return deleted.length > 0;
}

/** Whether the account refuses password and passkey sign-in (SSO only). */
export async function isSsoOnly(db: Db, accountId: string): Promise<boolean> {
  const row = await db.select({ ssoOnly: ssoConfigs.ssoOnly }).from(ssoConfigs).where(eq(ssoConfigs.accountId, accountId)).get();
  return row?.ssoOnly ?? false;
}

export const parseRoleMappings = (json: string): SsoRoleMapping[] => JSON.parse(json) as SsoRoleMapping[];

/** Exact prefix comparison: LIKE would read `_` in a key id as a wildcard, and ignore case. */
const notSealedWith = (prefix: string) => sql`substr(${ssoConfigs.clientSecretEnc}, 1, ${prefix.length}) <> ${prefix}`;

/** SSO client secrets sealed with another key than the one `prefix` names (key rotation). */
export const ssoSecretsNotSealedWith = (db: Db, prefix: string, limit: number) =>
  db
    .select({ accountId: ssoConfigs.accountId, clientSecretEnc: ssoConfigs.clientSecretEnc })
    .from(ssoConfigs)
    .where(notSealedWith(prefix))
    .limit(limit);

/** Replaces a sealed secret only if it is still the one re-sealed: a secret saved meanwhile stays. */
export async function replaceSsoSecret(db: Db, accountId: string, from: string, to: string): Promise<void> {
  await db
    .update(ssoConfigs)
    .set({ clientSecretEnc: to })
    .where(and(eq(ssoConfigs.accountId, accountId), eq(ssoConfigs.clientSecretEnc, from)));
}

export async function countSsoSecretsNotSealedWith(db: Db, prefix: string): Promise<number> {
  const row = await db.select({ n: count() }).from(ssoConfigs).where(notSealedWith(prefix)).get();
  return row?.n ?? 0;
}
