import { createRoute } from "@hono/zod-openapi";
import { endOperatorSessions, type SessionEndReason } from "../auth/end-sessions";
import { resetSecondFactor } from "../auth/totp-factor";
import { hashPassword } from "../crypto/password";
import { createDepartment, createOperator, createRole } from "../db/accounts";
import { type Principal, revokeOperatorApiTokens } from "../db/auth";
import { type Db, pageById } from "../db/client";
import {
  deleteDepartment,
  deleteOperator,
  deleteRole,
  emailTaken,
  existingDepartments,
  findDepartment,
  findOperator,
  findRole,
  listDepartments,
  listOperators,
  listRoles,
  operatorsWithRole,
  type RoleRow,
  renameDepartment,
  roleInUse,
  updateOperator,
  updateRole,
} from "../db/team";
import { HttpError } from "../errors";
import { refuseApiToken, requireAllDepartments, requireOperator, requirePermission, requireSession } from "../middleware/auth";
import { auditAction } from "../privacy/audit";
import { recordOperatorChange } from "../privacy/revocations";
import {
  createOperatorSchema,
  createRoleSchema,
  departmentBodySchema,
  departmentSchema,
  idParamsSchema,
  operatorSchema,
  roleSchema,
  updateOperatorSchema,
  updateRoleSchema,
} from "../shared/admin-api";
import { idCursorQuerySchema } from "../shared/api";
import { departmentsWithin, type Permissions, permissionsSchema, permissionsWithin } from "../shared/permissions";
import { apiRouter, errorSchema, errors, json, jsonBody, pageOf, scoped, sessionOnly } from "./openapi";

const read = requirePermission("team", "read");
const manage = requirePermission("team", "manage");
const conflict = (description: string) => ({
  409: json(errorSchema, description),
});

const toRole = (r: RoleRow) => ({
  id: r.id,
  name: r.name,
  builtIn: r.builtIn,
  permissions: permissionsSchema.parse(JSON.parse(r.permissions)),
  departmentIds: r.departmentIds ? (JSON.parse(r.departmentIds) as string[]) : null,
  createdAt: r.createdAt,
});

async function requireRole(db: Db, accountId: string, roleId: string): Promise<RoleRow> {
  const role = await findRole(db, accountId, roleId);
  if (!role) throw new HttpError(400, "invalid_request", "roleId: no such role in this account");
  return role;
}

/**
 * Team managers hand out no more than they hold: a role they create, edit, assign or whose
 * operators they change must lie within their own rights and departments.
 */
function requireWithinCaller(p: Principal, role: { permissions: Permissions; departmentIds: string[] | null }): void {
  if (!permissionsWithin(role.permissions, p.role.permissions) || !departmentsWithin(role.departmentIds, p.role.departmentIds)) {
    throw new HttpError(403, "exceeds_own_rights", "You cannot grant or manage rights beyond your own role's.");
  }
}

async function requireManageableOperator(db: Db, p: Principal, operatorId: string): Promise<void> {
  const target = await findOperator(db, p.account.id, operatorId);
  if (!target) throw new HttpError(404, "not_found", "No such operator.");
  requireWithinCaller(p, toRole((await findRole(db, p.account.id, target.roleId))!));
}

async function requireDepartments(db: Db, accountId: string, ids: string[] | null): Promise<void> {
  if (!ids) return;
  const found = await existingDepartments(db, accountId, ids);
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw new HttpError(400, "invalid_request", `departmentIds: ${missing} is not a department of this account`);
}

/**
 * After a role change, a disabling, a new password or a removal, the operators' sessions end and
 * their open sockets close (token sockets reconnect only if the token stands), so nothing keeps the
 * old rights or the old password's reach.
 */
const endSessionsOf = (env: Env, db: Db, p: Principal, operatorIds: string[], reason: SessionEndReason, now: number) =>
  Promise.all(
    operatorIds.map((id) => endOperatorSessions(env, db, { accountId: p.account.id, operatorId: id, reason, actorId: p.operator.id, now })),
  );

export const teamRoutes = apiRouter(requireOperator)
  .openapi(
    createRoute({
      method: "get",
      path: "/operators",
      operationId: "listOperators",
      security: scoped(["team:read"]),
      tags: ["Team"],
      summary: "Operators (team read)",
      middleware: read,
      request: { query: idCursorQuerySchema },
      responses: { 200: json(pageOf(operatorSchema), "A page of operators"), ...errors },
    }),
    async (c) => {
      const { cursor, limit } = c.req.valid("query");
      return c.json(pageById(await listOperators(c.var.db, c.var.principal.account.id, cursor, limit), limit), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/operators",
      operationId: "createOperator",
      security: scoped(["team:manage"]),
      tags: ["Team"],
      summary:
        "Add an operator with a first password, optionally with an alias name and avatar shown to visitors (team manage, signed-in session only)",
      middleware: manage,
      request: { body: jsonBody(createOperatorSchema) },
      responses: { 201: json(operatorSchema, "The new operator"), ...errors, ...conflict("The email is taken") },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const p = c.var.principal;
      const now = Date.now();
      // A new operator comes with a password the caller chose: a token that could do this could
      // sign in as someone, then mint tokens.
      refuseApiToken(p);
      requireWithinCaller(p, toRole(await requireRole(c.var.db, p.account.id, body.roleId)));
      if (await emailTaken(c.env, body.email)) throw new HttpError(409, "email_taken", "An operator with this email exists.");
      const id = await createOperator(c.var.db, {
        accountId: p.account.id,
        email: body.email,
        displayName: body.displayName,
        ...(body.aliasName ? { aliasName: body.aliasName } : {}),
        passwordHash: await hashPassword(body.password),
        roleId: body.roleId,
        ...(body.chatSlots !== undefined ? { chatSlots: body.chatSlots } : {}),
        now,
      });
      if (body.aliasAvatarUrl) await updateOperator(c.var.db, p.account.id, id, { aliasAvatarUrl: body.aliasAvatarUrl });
      await auditAction(c.var.db, p, { action: "operator.created", targetType: "operator", targetId: id, count: 1, now });
      return c.json((await findOperator(c.var.db, p.account.id, id))!, 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/operators/{id}",
      operationId: "updateOperator",
      security: scoped(["team:manage"]),
      tags: ["Team"],
      summary:
        "Change an operator (team manage), their chat slots included (1 to 50 open chats assigned at once); a password only from a signed-in session, and never your own (POST /me/password)",
      middleware: manage,
      request: { params: idParamsSchema, body: jsonBody(updateOperatorSchema) },
      responses: { 200: json(operatorSchema, "The operator"), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { password, ...body } = c.req.valid("json");
      const p = c.var.principal;
      const now = Date.now();
      if (password !== undefined) {
        refuseApiToken(p);
        // Your own password changes only with your current one (POST /me/password): a session
        // left open on a shared screen must not be enough to take the account over.
        if (id === p.operator.id)
          throw new HttpError(
            400,
            "current_password_required",
            "Change your own password with POST /api/v1/me/password, which asks for the current one.",
          );
      }
      if (id === p.operator.id && (body.disabled || (body.roleId && body.roleId !== p.role.id))) {
        throw new HttpError(400, "cannot_change_self", "You cannot disable yourself or change your own role.");
      }
      if (id !== p.operator.id) await requireManageableOperator(c.var.db, p, id);
      if (body.roleId) requireWithinCaller(p, toRole(await requireRole(c.var.db, p.account.id, body.roleId)));
      const changes = { ...body, ...(password ? { passwordHash: await hashPassword(password) } : {}) };
      // Sessions end for a role that really changes, not for a form that sent the same one again.
      const roleChanged = body.roleId !== undefined && (await findOperator(c.var.db, p.account.id, id))?.roleId !== body.roleId;
      if (!(await updateOperator(c.var.db, p.account.id, id, changes))) throw new HttpError(404, "not_found", "No such operator.");
      if (body.disabled !== undefined || changes.passwordHash) {
        await recordOperatorChange(c.env, {
          accountId: p.account.id,
          operatorId: id,
          now,
          disabled: body.disabled,
          passwordHash: changes.passwordHash,
        });
      }
      const reason: SessionEndReason | null = body.disabled
        ? "disabled"
        : password
          ? "password_changed"
          : roleChanged
            ? "role_changed"
            : null;
      if (reason) await endSessionsOf(c.env, c.var.db, p, [id], reason, now);
      // Tokens die with a disabling or a new password; their sockets closed with the sessions above.
      if (body.disabled || password) await revokeOperatorApiTokens(c.var.db, p.account.id, id, now);
      await auditAction(c.var.db, p, { action: "operator.updated", targetType: "operator", targetId: id, count: 1, now });
      return c.json((await findOperator(c.var.db, p.account.id, id))!, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/operators/{id}",
      operationId: "deleteOperator",
      security: scoped(["team:manage"]),
      tags: ["Team"],
      summary: "Remove an operator (team manage)",
      middleware: manage,
      request: { params: idParamsSchema },
      responses: { 204: { description: "Removed" }, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const p = c.var.principal;
      if (id === p.operator.id) throw new HttpError(400, "cannot_change_self", "You cannot remove yourself.");
      await requireManageableOperator(c.var.db, p, id);
      await endSessionsOf(c.env, c.var.db, p, [id], "removed", Date.now());
      await deleteOperator(c.var.db, p.account.id, id);
      await recordOperatorChange(c.env, { accountId: p.account.id, operatorId: id, now: Date.now(), removed: true });
      await auditAction(c.var.db, p, { action: "operator.removed", targetType: "operator", targetId: id, count: 1, now: Date.now() });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/operators/{id}/second-factor/reset",
      operationId: "resetOperatorSecondFactor",
      security: sessionOnly,
      tags: ["Team"],
      summary:
        "Reset another operator's second factor (a lost phone): removes their authenticator and recovery codes and ends all their sessions; audited (team manage, session only)",
      middleware: [manage, requireSession] as const,
      request: { params: idParamsSchema },
      responses: { 204: { description: "Reset" }, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const p = c.var.principal;
      // Your own goes through the Security screen, which asks for your password or a code.
      if (id === p.operator.id) throw new HttpError(400, "cannot_change_self", "Remove your own second factor on the Security screen.");
      await requireManageableOperator(c.var.db, p, id);
      await resetSecondFactor(c.env, c.var.db, p, id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/departments",
      operationId: "listDepartments",
      security: scoped(["team:read"]),
      tags: ["Team"],
      summary: "Departments (team read)",
      middleware: read,
      request: { query: idCursorQuerySchema },
      responses: { 200: json(pageOf(departmentSchema), "A page of departments"), ...errors },
    }),
    async (c) => {
      const { cursor, limit } = c.req.valid("query");
      return c.json(pageById(await listDepartments(c.var.db, c.var.principal.account.id, cursor, limit), limit), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/departments",
      operationId: "createDepartment",
      security: scoped(["team:manage"]),
      tags: ["Team"],
      summary: "Add a department (team manage)",
      middleware: manage,
      request: { body: jsonBody(departmentBodySchema) },
      responses: { 201: json(departmentSchema, "The department"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const now = Date.now();
      // Departments bound every role's reach: only a role over all of them may change the set.
      requireAllDepartments(p);
      const id = await createDepartment(c.var.db, p.account.id, c.req.valid("json").name, now);
      await auditAction(c.var.db, p, { action: "department.created", targetType: "department", targetId: id, count: 1, now });
      return c.json({ id, name: c.req.valid("json").name, createdAt: now }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/departments/{id}",
      operationId: "updateDepartment",
      security: scoped(["team:manage"]),
      tags: ["Team"],
      summary: "Rename a department (team manage)",
      middleware: manage,
      request: { params: idParamsSchema, body: jsonBody(departmentBodySchema) },
      responses: { 200: json(departmentSchema, "The department"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const { id } = c.req.valid("param");
      requireAllDepartments(p);
      if (!(await renameDepartment(c.var.db, p.account.id, id, c.req.valid("json").name)))
        throw new HttpError(404, "not_found", "No such department.");
      await auditAction(c.var.db, p, { action: "department.updated", targetType: "department", targetId: id, count: 1, now: Date.now() });
      const department = (await findDepartment(c.var.db, p.account.id, id))!;
      return c.json({ id: department.id, name: department.name, createdAt: department.createdAt }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/departments/{id}",
      operationId: "deleteDepartment",
      security: scoped(["team:manage"]),
      tags: ["Team"],
      summary: "Delete an unused department (team manage)",
      middleware: manage,
      request: { params: idParamsSchema },
      responses: { 204: { description: "Deleted" }, ...errors, ...conflict("Widgets, conversations or roles still refer to it") },
    }),
    async (c) => {
      const p = c.var.principal;
      const { id } = c.req.valid("param");
      requireAllDepartments(p);
      const outcome = await deleteDepartment(c.var.db, p.account.id, id);
      if (outcome === "not_found") throw new HttpError(404, "not_found", "No such department.");
      if (outcome === "in_use")
        throw new HttpError(409, "department_in_use", "Widgets, conversations or roles still refer to this department.");
      await auditAction(c.var.db, p, { action: "department.deleted", targetType: "department", targetId: id, count: 1, now: Date.now() });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/roles",
      operationId: "listRoles",
      security: scoped(["team:read"]),
      tags: ["Team"],
      summary: "Roles, built-in and custom (team read)",
      middleware: read,
      request: { query: idCursorQuerySchema },
      responses: { 200: json(pageOf(roleSchema), "A page of roles"), ...errors },
    }),
    async (c) => {
      const { cursor, limit } = c.req.valid("query");
      const page = pageById(await listRoles(c.var.db, c.var.principal.account.id, cursor, limit), limit);
      return c.json({ items: page.items.map(toRole), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/roles",
      operationId: "createRole",
      security: scoped(["team:manage"]),
      tags: ["Team"],
      summary: "Add a custom role (team manage)",
      middleware: manage,
      request: { body: jsonBody(createRoleSchema) },
      responses: { 201: json(roleSchema, "The role"), ...errors },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const p = c.var.principal;
      const now = Date.now();
      await requireDepartments(c.var.db, p.account.id, body.departmentIds);
      requireWithinCaller(p, body);
      const id = await createRole(c.var.db, {
        accountId: p.account.id,
        name: body.name,
        permissions: body.permissions,
        departmentIds: body.departmentIds,
        now,
      });
      await auditAction(c.var.db, p, { action: "role.created", targetType: "role", targetId: id, count: 1, now });
      return c.json(toRole((await findRole(c.var.db, p.account.id, id))!), 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/roles/{id}",
      operationId: "updateRole",
      security: scoped(["team:manage"]),
      tags: ["Team"],
      summary: "Change a custom role (team manage); its operators' open sockets close",
      middleware: manage,
      request: { params: idParamsSchema, body: jsonBody(updateRoleSchema) },
      responses: { 200: json(roleSchema, "The role"), ...errors, ...conflict("Built-in roles cannot change") },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const p = c.var.principal;
      const { id } = c.req.valid("param");
      const role = await findRole(c.var.db, p.account.id, id);
      if (!role) throw new HttpError(404, "not_found", "No such role.");
      if (role.builtIn) throw new HttpError(409, "built_in_role", "Built-in roles cannot change; create a custom role instead.");
      if (id === p.role.id) throw new HttpError(400, "cannot_change_self", "You cannot change the role you hold.");
      if (body.departmentIds !== undefined) await requireDepartments(c.var.db, p.account.id, body.departmentIds);
      const current = toRole(role);
      requireWithinCaller(p, current);
      requireWithinCaller(p, {
        permissions: body.permissions ?? current.permissions,
        departmentIds: body.departmentIds !== undefined ? body.departmentIds : current.departmentIds,
      });
      await updateRole(c.var.db, p.account.id, id, {
        ...(body.name ? { name: body.name } : {}),
        ...(body.permissions ? { permissions: JSON.stringify(body.permissions) } : {}),
        ...(body.departmentIds !== undefined ? { departmentIds: body.departmentIds ? JSON.stringify(body.departmentIds) : null } : {}),
      });
      // What the role grants changed: its operators sign in again under it (a rename changes nothing).
      if (body.permissions || body.departmentIds !== undefined) {
        await endSessionsOf(
          c.env,
          c.var.db,
          p,
          (await operatorsWithRole(c.var.db, p.account.id, id)).map((o) => o.id),
          "role_changed",
          Date.now(),
        );
      }
      await auditAction(c.var.db, p, { action: "role.updated", targetType: "role", targetId: id, count: 1, now: Date.now() });
      return c.json(toRole((await findRole(c.var.db, p.account.id, id))!), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/roles/{id}",
      operationId: "deleteRole",
      security: scoped(["team:manage"]),
      tags: ["Team"],
      summary: "Delete an unused custom role (team manage)",
      middleware: manage,
      request: { params: idParamsSchema },
      responses: { 204: { description: "Deleted" }, ...errors, ...conflict("Built-in, or operators still have it") },
    }),
    async (c) => {
      const p = c.var.principal;
      const { id } = c.req.valid("param");
      const role = await findRole(c.var.db, p.account.id, id);
      if (!role) throw new HttpError(404, "not_found", "No such role.");
      if (role.builtIn) throw new HttpError(409, "built_in_role", "Built-in roles cannot be deleted.");
      requireWithinCaller(p, toRole(role));
      if (await roleInUse(c.var.db, p.account.id, id)) throw new HttpError(409, "role_in_use", "Operators still have this role.");
      await deleteRole(c.var.db, p.account.id, id);
      await auditAction(c.var.db, p, { action: "role.deleted", targetType: "role", targetId: id, count: 1, now: Date.now() });
      return c.body(null, 204);
    },
  );
