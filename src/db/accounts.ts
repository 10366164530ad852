import { builtInRoles, type Permissions } from "../shared/permissions";
import type { Db } from "./client";
import { newId } from "./client";
import { accounts, departments, operators, roles, widgets } from "./schema";

/** Privacy by default: chats of a new account are erased a year after their last message unless someone chooses otherwise. */
export const DEFAULT_RETENTION_MONTHS = 12;

export interface NewAccount {
  name: string;
  /** Months after the last message; DEFAULT_RETENTION_MONTHS unless given. */
  retentionMonths?: number;
  admin: { email: string; displayName: string; passwordHash: string };
  widget: {
    siteKey: string;
    name: string;
    allowedOrigins: string[];
    privacyMode?: boolean;
    privacyPolicyUrl?: string;
    livePreview?: boolean;
    consentRequired?: boolean;
  };
  now: number;
}

export interface CreatedAccount {
  accountId: string;
  departmentId: string;
  widgetId: string;
  adminId: string;
  roleIds: Record<keyof typeof builtInRoles, string>;
}

/** Creates an account with its built-in roles, a first department, a widget and an admin, in one batch. */
export async function createAccount(db: Db, a: NewAccount): Promise<CreatedAccount> {
  const accountId = newId();
  const departmentId = newId();
  const widgetId = newId();
  const adminId = newId();
  const roleIds = Object.fromEntries(Object.keys(builtInRoles).map((name) => [name, newId()])) as CreatedAccount["roleIds"];
  await db.batch([
    db
      .insert(accounts)
      .values({ id: accountId, name: a.name, retentionMonths: a.retentionMonths ?? DEFAULT_RETENTION_MONTHS, createdAt: a.now }),
    db.insert(departments).values({ id: departmentId, accountId, name: "General", createdAt: a.now }),
    ...Object.entries(builtInRoles).map(([name, permissions]) =>
      db.insert(roles).values({
        id: roleIds[name as keyof typeof builtInRoles],
        accountId,
        name,
        builtIn: true,
        permissions: JSON.stringify(permissions),
        departmentIds: null,
        createdAt: a.now,
      }),
    ),
    db.insert(operators).values({
      id: adminId,
      accountId,
      email: a.admin.email.trim().toLowerCase(),
      displayName: a.admin.displayName,
      passwordHash: a.admin.passwordHash,
      roleId: roleIds.Admin,
      createdAt: a.now,
    }),
    widgetInsert(db, { id: widgetId, accountId, departmentId, ...a.widget, now: a.now }),
  ]);
  return { accountId, departmentId, widgetId, adminId, roleIds };
}

export interface NewWidget {
  accountId: string;
  departmentId: string;
  siteKey: string;
  name: string;
  allowedOrigins: string[];
  /** On unless said otherwise: privacy first. */
  privacyMode?: boolean;
  privacyPolicyUrl?: string;
  livePreview?: boolean;
  consentRequired?: boolean;
  /** The widget column (null = the account's); see newWidgetRetention. */
  retentionMonths?: number | null;
  now: number;
}

/**
 * A new widget follows the account's retention when that is finite; under an account that keeps
 * chats forever it gets DEFAULT_RETENTION_MONTHS of its own, so "forever" is never inherited
 * by a widget nobody chose it for.
 */
export const newWidgetRetention = (accountRetentionMonths: number | null): number | null =>
  accountRetentionMonths === null ? DEFAULT_RETENTION_MONTHS : null;

const widgetInsert = (db: Db, w: NewWidget & { id: string }) =>
  db.insert(widgets).values({
    id: w.id,
    accountId: w.accountId,
    departmentId: w.departmentId,
    siteKey: w.siteKey,
    name: w.name,
    privacyMode: w.privacyMode ?? true,
    livePreview: w.livePreview ?? true,
    consentRequired: w.consentRequired ?? true,
    allowedOrigins: JSON.stringify(w.allowedOrigins),
    greeting: "Hi! How can we help?",
    privacyPolicyUrl: w.privacyPolicyUrl ?? null,
    retentionMonths: w.retentionMonths ?? null,
    createdAt: w.now,
  });

export async function createWidget(db: Db, w: NewWidget): Promise<string> {
  const id = newId();
  await widgetInsert(db, { ...w, id });
  return id;
}

export async function createDepartment(db: Db, accountId: string, name: string, now: number): Promise<string> {
  const id = newId();
  await db.insert(departments).values({ id, accountId, name, createdAt: now });
  return id;
}

export async function createRole(
  db: Db,
  args: { accountId: string; name: string; permissions: Permissions; departmentIds: string[] | null; now: number },
): Promise<string> {
  const id = newId();
  await db.insert(roles).values({
    id,
    accountId: args.accountId,
    name: args.name,
    permissions: JSON.stringify(args.permissions),
    departmentIds: args.departmentIds ? JSON.stringify(args.departmentIds) : null,
    createdAt: args.now,
  });
  return id;
}

export async function createOperator(
  db: Db,
  args: {
    accountId: string;
    email: string;
    displayName: string;
    aliasName?: string;
    passwordHash: string;
    roleId: string;
    /** The column's default when left out. */
    chatSlots?: number;
    now: number;
  },
): Promise<string> {
  const id = newId();
  await db.insert(operators).values({
    id,
    accountId: args.accountId,
    email: args.email.trim().toLowerCase(),
    displayName: args.displayName,
    aliasName: args.aliasName ?? null,
    passwordHash: args.passwordHash,
    roleId: args.roleId,
    ...(args.chatSlots !== undefined ? { chatSlots: args.chatSlots } : {}),
    createdAt: args.now,
  });
  return id;
}
