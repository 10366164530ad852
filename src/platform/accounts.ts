import { z } from "zod";
import { randomToken } from "../crypto/encoding";
import { hashPassword } from "../crypto/password";
import { createAccount } from "../db/accounts";
import { auditInsert } from "../db/audit";
import { createPlacedAccount } from "../db/databases";
import { emailTaken } from "../db/team";
import { HttpError } from "../errors";
import { originSchema } from "../shared/admin-api";

// New accounts for agencies that host several clients in one deployment. One code path for the
// platform API (POST /api/platform/accounts) and `npm run account:create` (local state).

export const newAccountSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  adminEmail: z.string().trim().toLowerCase().email().max(254),
  adminName: z.string().trim().min(1).max(100).default("Administrator"),
  /** The admin's first password; generated (and answered once) when left out. */
  adminPassword: z.string().min(12).max(512).optional(),
  /** Origins the first widget may be embedded on; more can be added in the app. */
  allowedOrigins: z.array(originSchema).max(50).default([]),
});
export type NewAccountRequest = z.input<typeof newAccountSchema>;

export const provisionedAccountSchema = z.object({
  accountId: z.string(),
  adminId: z.string(),
  adminEmail: z.string(),
  /** The generated one-time password, or null when the caller chose it (never echoed). */
  adminPassword: z.string().nullable(),
  widget: z.object({ id: z.string(), siteKey: z.string() }),
});
export type ProvisionedAccount = z.infer<typeof provisionedAccountSchema>;

/**
 * Creates an account with its built-in roles, a department, a widget in privacy mode and an admin,
 * and records it in the new account's own audit log (the system did it; no operator existed yet).
 */
export async function provisionAccount(env: Env, request: NewAccountRequest, now: number): Promise<ProvisionedAccount> {
  const input = newAccountSchema.parse(request);
  if (await emailTaken(env, input.adminEmail)) throw new HttpError(409, "email_taken", "An operator with this email exists.");
  const password = input.adminPassword ?? randomToken().slice(0, 20);
  // Public (it is in every page's HTML) but unguessable, as for widgets added in the app.
  const siteKey = randomToken().slice(0, 20);
  const passwordHash = await hashPassword(password);
  // In the database the placement rule picks (src/db/databases.ts), its audit entry with it.
  const created = await createPlacedAccount(
    env,
    async (db) => {
      const account = await createAccount(db, {
        name: input.name,
        admin: { email: input.adminEmail, displayName: input.adminName, passwordHash },
        widget: { siteKey, name: "Website", allowedOrigins: input.allowedOrigins, privacyMode: true },
        now,
      });
      await auditInsert(db, {
        accountId: account.accountId,
        actorKind: "system",
        actorId: null,
        action: "account.created",
        targetType: "account",
        targetId: account.accountId,
        count: 1,
        now,
      });
      return account;
    },
    now,
  );
  return {
    accountId: created.accountId,
    adminId: created.adminId,
    adminEmail: input.adminEmail,
    adminPassword: input.adminPassword ? null : password,
    widget: { id: created.widgetId, siteKey },
  };
}
