import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { allows, type Permissions, permissionsSchema } from "../shared/permissions";
import type { Db } from "./client";
import { keyTakenAnywhere } from "./databases";
import { deleteOperatorPasskeys } from "./passkeys";
import { deleteDepartmentReplies } from "./saved-replies";
import {
  apiTokens,
  conversations,
  departments,
  operators,
  operatorTotp,
  passkeys,
  pendingSignIns,
  recoveryCodes,
  roles,
  sessions,
  widgets,
} from "./schema";

// Operators, departments and roles of one account. Every function takes the account id and
// touches nothing outside it.

export type OperatorRow = typeof operators.$inferSelect;
export type RoleRow = typeof roles.$inferSelect;
export type DepartmentRow = typeof departments.$inferSelect;

const operatorColumns = {
  id: operators.id,
  email: operators.email,
  displayName: operators.displayName,
  aliasName: operators.aliasName,
  aliasAvatarUrl: operators.aliasAvatarUrl,
  roleId: operators.roleId,
  disabled: operators.disabled,
  createdAt: operators.createdAt,
  chatSlots: operators.chatSlots,
  /** A confirmed authenticator or a passkey. Never the factor itself. */
  secondFactor:
    sql<boolean>`(EXISTS (SELECT 1 FROM ${operatorTotp} WHERE ${operatorTotp.operatorId} = ${operators.id} AND ${operatorTotp.confirmedAt} IS NOT NULL) OR EXISTS (SELECT 1 FROM ${passkeys} WHERE ${passkeys.operatorId} = ${operators.id}))`.mapWith(
      Boolean,
    ),
};

/** A page of operators by id (a stable cursor). Never the password hash. */
export const listOperators = (db: Db, accountId: string, after: string | undefined, limit: number) =>
  db
    .select(operatorColumns)
    .from(operators)
    .where(and(eq(operators.accountId, accountId), after ? gt(operators.id, after) : undefined))
    .orderBy(asc(operators.id))
    .limit(limit + 1);

export const findOperator = (db: Db, accountId: string, id: string) =>
  db
    .select(operatorColumns)
    .from(operators)
    .where(and(eq(operators.accountId, accountId), eq(operators.id, id)))
    .get();

export async function updateOperator(
  db: Db,
  accountId: string,
  id: string,
  changes: Partial<
    Pick<OperatorRow, "displayName" | "aliasName" | "aliasAvatarUrl" | "roleId" | "disabled" | "passwordHash" | "chatSlots">
  >,
): Promise<boolean> {
  if (Object.keys(changes).length === 0) return (await findOperator(db, accountId, id)) !== undefined;
  const updated = await db
    .update(operators)
    .set(changes)
    .where(and(eq(operators.accountId, accountId), eq(operators.id, id)))
    .returning({ id: operators.id });
  return updated.length > 0;
}

/** Removes an operator. Messages keep the name they were sent under; assignments are cleared. */
export async function deleteOperator(db: Db, accountId: string, id: string): Promise<boolean> {
  const [, , , , , , , deleted] = await db.batch([
    // Their second factors go with them (the rows point at the operator).
    db.delete(operatorTotp).where(and(eq(operatorTotp.accountId, accountId), eq(operatorTotp.operatorId, id))),
    db.delete(recoveryCodes).where(and(eq(recoveryCodes.accountId, accountId), eq(recoveryCodes.operatorId, id))),
    db.delete(pendingSignIns).where(and(eq(pendingSignIns.accountId, accountId), eq(pendingSignIns.operatorId, id))),
    db.delete(sessions).where(and(eq(sessions.accountId, accountId), eq(sessions.operatorId, id))),
    db.delete(apiTokens).where(and(eq(apiTokens.accountId, accountId), eq(apiTokens.operatorId, id))),
    deleteOperatorPasskeys(db, accountId, id),
    db
      .update(conversations)
      .set({ assignedOperatorId: null })
      .where(and(eq(conversations.accountId, accountId), eq(conversations.assignedOperatorId, id))),
    db
      .delete(operators)
      .where(and(eq(operators.accountId, accountId), eq(operators.id, id)))
      .returning({ id: operators.id }),
  ]);
  return deleted.length > 0;
}

/** Emails sign in without an account, so they are unique across every database, not only the account's (src/db/databases.ts). */
export const emailTaken = (env: Env, email: string): Promise<boolean> => keyTakenAnywhere(env, operators, operators.email, email);

export const listDepartments = (db: Db, accountId: string, after: string | undefined, limit: number) =>
  db
    .select()
    .from(departments)
    .where(and(eq(departments.accountId, accountId), after ? gt(departments.id, after) : undefined))
    .orderBy(asc(departments.id))
    .limit(limit + 1);

/** Every department of the account, by name (accounts have a handful). */
export const listAllDepartments = (db: Db, accountId: string) =>
  db.select().from(departments).where(eq(departments.accountId, accountId)).orderBy(asc(departments.name));

export const findDepartment = (db: Db, accountId: string, id: string) =>
  db
    .select()
    .from(departments)
    .where(and(eq(departments.accountId, accountId), eq(departments.id, id)))
    .get();

export async function renameDepartment(db: Db, accountId: string, id: string, name: string): Promise<boolean> {
  const updated = await db
    .update(departments)
    .set({ name })
    .where(and(eq(departments.accountId, accountId), eq(departments.id, id)))
    .returning({ id: departments.id });
  return updated.length > 0;
}

/** Deletes a department nothing points to, with its saved replies; "in_use" when a widget, conversation or role still does. */
export async function deleteDepartment(db: Db, accountId: string, id: string): Promise<"deleted" | "not_found" | "in_use"> {
  const inUse = await db
    // Roles name their departments in a JSON array of ids; an id (a UUID) cannot occur there by accident.
    .select({
      n: sql<number>`(SELECT COUNT(*) FROM ${widgets} WHERE ${widgets.departmentId} = ${id}) + (SELECT COUNT(*) FROM ${conversations} WHERE ${conversations.departmentId} = ${id}) + (SELECT COUNT(*) FROM ${roles} WHERE ${roles.accountId} = ${accountId} AND instr(${roles.departmentIds}, ${`"${id}"`}) > 0)`,
    })
    .from(departments)
    .where(and(eq(departments.accountId, accountId), eq(departments.id, id)))
    .get();
  if (!inUse) return "not_found";
  if (inUse.n > 0) return "in_use";
  // Its saved replies are its configuration, not something that holds it: they go with it, in one batch.
  await db.batch([
    deleteDepartmentReplies(db, accountId, id),
    db.delete(departments).where(and(eq(departments.accountId, accountId), eq(departments.id, id))),
  ]);
  return "deleted";
}

/** Which of these ids are departments of the account. */
export async function existingDepartments(db: Db, accountId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.accountId, accountId), inArray(departments.id, ids)));
  return new Set(rows.map((r) => r.id));
}

export const listRoles = (db: Db, accountId: string, after: string | undefined, limit: number) =>
  db
    .select()
    .from(roles)
    .where(and(eq(roles.accountId, accountId), after ? gt(roles.id, after) : undefined))
    .orderBy(asc(roles.id))
    .limit(limit + 1);

export const findRole = (db: Db, accountId: string, id: string) =>
  db
    .select()
    .from(roles)
    .where(and(eq(roles.accountId, accountId), eq(roles.id, id)))
    .get();

export async function updateRole(
  db: Db,
  accountId: string,
  id: string,
  changes: Partial<Pick<RoleRow, "name" | "permissions" | "departmentIds">>,
): Promise<void> {
  if (Object.keys(changes).length > 0)
    await db
      .update(roles)
      .set(changes)
      .where(and(eq(roles.accountId, accountId), eq(roles.id, id)));
}

export const roleInUse = async (db: Db, accountId: string, id: string): Promise<boolean> =>
  (
    await db
      .select({ id: operators.id })
      .from(operators)
      .where(and(eq(operators.accountId, accountId), eq(operators.roleId, id)))
      .limit(1)
  ).length > 0;

export const operatorsWithRole = (db: Db, accountId: string, roleId: string) =>
  db
    .select({ id: operators.id })
    .from(operators)
    .where(and(eq(operators.accountId, accountId), eq(operators.roleId, roleId)));

export const deleteRole = (db: Db, accountId: string, id: string) =>
  db.delete(roles).where(and(eq(roles.accountId, accountId), eq(roles.id, id)));

/** An operator's state and rights, to check it may take a conversation. */
/** What decides whether an operator may answer a conversation. */
export interface Answerer {
  disabled: boolean;
  permissions: Permissions;
  /** null = all departments. */
  departmentIds: string[] | null;
}

/** An active operator with chats manage in the conversation's department. */
export const mayAnswer = (o: Answerer, departmentId: string): boolean =>
  !o.disabled && allows(o.permissions.chats, "manage") && (o.departmentIds === null || o.departmentIds.includes(departmentId));

const answererColumns = {
  id: operators.id,
  displayName: operators.displayName,
  chatSlots: operators.chatSlots,
  disabled: operators.disabled,
  permissions: roles.permissions,
  departmentIds: roles.departmentIds,
};
const toAnswerer = (row: {
  id: string;
  displayName: string;
  chatSlots: number;
  disabled: boolean;
  permissions: string;
  departmentIds: string | null;
}) => ({
  id: row.id,
  displayName: row.displayName,
  chatSlots: row.chatSlots,
  disabled: row.disabled,
  permissions: permissionsSchema.parse(JSON.parse(row.permissions)),
  departmentIds: row.departmentIds ? (JSON.parse(row.departmentIds) as string[]) : null,
});

export async function findPrincipalForAssignment(db: Db, accountId: string, operatorId: string): Promise<Answerer | null> {
  const row = await db
    .select(answererColumns)
    .from(operators)
    .innerJoin(roles, eq(roles.id, operators.roleId))
    .where(and(eq(operators.accountId, accountId), eq(operators.id, operatorId)))
    .get();
  return row ? toAnswerer(row) : null;
}

/** Every operator of the account with their role's permissions and departments, by name. */
async function operatorsWithRoles(db: Db, accountId: string) {
  const rows = await db
    .select(answererColumns)
    .from(operators)
    .innerJoin(roles, eq(roles.id, operators.roleId))
    .where(eq(operators.accountId, accountId))
    .orderBy(asc(operators.displayName));
  return rows.map(toAnswerer);
}

/** The operators a conversation of `departmentId` can be assigned to, by name, with their chat slots. */
export async function operatorsWhoMayAnswer(
  db: Db,
  accountId: string,
  departmentId: string,
): Promise<{ id: string; displayName: string; chatSlots: number }[]> {
  return (await operatorsWithRoles(db, accountId))
    .filter((o) => mayAnswer(o, departmentId))
    .map(({ id, displayName, chatSlots }) => ({ id, displayName, chatSlots }));
}

/**
 * Replaces an operator's password hash with `next` only while it is still `current`, so a password
 * an admin set meanwhile is not overwritten by a re-hash of the old one. True when it replaced it.
 */
export async function replacePasswordHash(db: Db, operatorId: string, current: string, next: string): Promise<boolean> {
  const rows = await db
    .update(operators)
    .set({ passwordHash: next })
    .where(and(eq(operators.id, operatorId), eq(operators.passwordHash, current)))
    .returning({ id: operators.id });
  return rows.length > 0;
}

/**
 * Active operators with chats read or more in any of `departmentIds` (null: any department), by
 * name: whose availability a colleague of those departments sees.
 */
export async function operatorsWhoMayReadAny(
  db: Db,
  accountId: string,
  departmentIds: readonly string[] | null,
): Promise<{ id: string; displayName: string }[]> {
  return (await operatorsWithRoles(db, accountId))
    .filter(
      (o) =>
        !o.disabled &&
        allows(o.permissions.chats, "read") &&
        (departmentIds === null || o.departmentIds === null || o.departmentIds.some((d) => departmentIds.includes(d))),
    )
    .map(({ id, displayName }) => ({ id, displayName }));
}

/** The display names of these operators (at most D1's bound parameters less one). */
export const displayNamesQuery = (db: Db, accountId: string, ids: string[]) =>
  db
    .select({ id: operators.id, displayName: operators.displayName })
    .from(operators)
    .where(and(eq(operators.accountId, accountId), inArray(operators.id, ids)));
