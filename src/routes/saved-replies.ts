import { createRoute } from "@hono/zod-openapi";
import type { Principal } from "../db/auth";
import type { Db } from "../db/client";
import { pageById } from "../db/client";
import {
  createSavedReply,
  deleteSavedReply,
  findSavedReply,
  listSavedReplies,
  shortcutTaken,
  toSavedReply,
  updateSavedReply,
} from "../db/saved-replies";
import { existingDepartments } from "../db/team";
import { HttpError } from "../errors";
import { requireOperator, requirePermission, seesDepartment } from "../middleware/auth";
import { auditAction } from "../privacy/audit";
import { idParamsSchema } from "../shared/admin-api";
import { idCursorQuerySchema } from "../shared/api";
import { createSavedReplySchema, savedReplySchema, updateSavedReplySchema } from "../shared/saved-replies-api";
import { apiRouter, errorSchema, errors, json, jsonBody, pageOf, scoped } from "./openapi";

const tags = ["Saved replies"];
const conflict = { 409: json(errorSchema, "Another reply the same operators get has this shortcut") };

/**
 * May the caller manage replies of `departmentId` (null: account-wide)? Account-wide replies reach
 * every department, so only a role over all of them changes those.
 */
function requireReplyScope(p: Principal, departmentId: string | null): void {
  if (departmentId === null && p.role.departmentIds !== null)
    throw new HttpError(403, "requires_all_departments", "Replies for the whole account need a role that covers all departments.");
  if (departmentId !== null && !seesDepartment(p, departmentId))
    throw new HttpError(403, "forbidden", "You can only manage saved replies of your own departments.");
}

/** A reply of the caller's account and departments (account-wide ones included), else 404. */
async function visibleReply(db: Db, p: Principal, id: string) {
  const row = await findSavedReply(db, p.account.id, id);
  if (!row || (row.departmentId !== null && !seesDepartment(p, row.departmentId)))
    throw new HttpError(404, "not_found", "No such saved reply.");
  return row;
}

async function requireDepartmentOfAccount(db: Db, p: Principal, departmentId: string | null): Promise<void> {
  if (departmentId !== null && !(await existingDepartments(db, p.account.id, [departmentId])).has(departmentId))
    throw new HttpError(400, "invalid_request", "departmentId: not a department of this account");
}

async function requireFreeShortcut(db: Db, p: Principal, reply: { shortcut: string; departmentId: string | null; exceptId?: string }) {
  if (await shortcutTaken(db, p.account.id, reply))
    throw new HttpError(409, "shortcut_taken", `shortcut: /${reply.shortcut} is already a saved reply the same operators get.`);
}

/** Saved replies as account configuration: settings read lists them, settings manage changes them (audited). */
export const savedReplySettingsRoutes = apiRouter(requireOperator)
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "listSavedReplies",
      security: scoped(["settings:read"]),
      tags,
      summary: "Saved replies: the account-wide ones and those of the caller's departments (settings read)",
      middleware: requirePermission("settings", "read"),
      request: { query: idCursorQuerySchema },
      responses: { 200: json(pageOf(savedReplySchema), "A page of saved replies"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const { cursor, limit } = c.req.valid("query");
      const page = pageById(await listSavedReplies(c.var.db, p.account.id, p.role.departmentIds, cursor, limit), limit);
      return c.json({ items: page.items.map(toSavedReply), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      operationId: "createSavedReply",
      security: scoped(["settings:manage"]),
      tags,
      summary:
        "Add a saved reply: title, shortcut (letters, digits, - and _; unique among the replies the same operators get), texts per language with the placeholders {visitor_name} and {operator_name}; departmentId null for the whole account (needs a role over all departments) (settings manage)",
      middleware: requirePermission("settings", "manage"),
      request: { body: jsonBody(createSavedReplySchema) },
      responses: { 201: json(savedReplySchema, "The saved reply"), ...errors, ...conflict },
    }),
    async (c) => {
      const p = c.var.principal;
      const body = c.req.valid("json");
      await requireDepartmentOfAccount(c.var.db, p, body.departmentId);
      requireReplyScope(p, body.departmentId);
      await requireFreeShortcut(c.var.db, p, body);
      const now = Date.now();
      const id = await createSavedReply(c.var.db, { accountId: p.account.id, ...body, now });
      await auditAction(c.var.db, p, {
        action: "saved_reply.created",
        targetType: "saved_reply",
        targetId: id,
        count: 1,
        departmentId: body.departmentId,
        now,
      });
      return c.json(toSavedReply((await findSavedReply(c.var.db, p.account.id, id))!), 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      operationId: "updateSavedReply",
      security: scoped(["settings:manage"]),
      tags,
      summary: "Change a saved reply: title, shortcut, department, or the whole set of texts (settings manage, over its department)",
      middleware: requirePermission("settings", "manage"),
      request: { params: idParamsSchema, body: jsonBody(updateSavedReplySchema) },
      responses: { 200: json(savedReplySchema, "The saved reply"), ...errors, ...conflict },
    }),
    async (c) => {
      const p = c.var.principal;
      const { id } = c.req.valid("param");
      const changes = c.req.valid("json");
      const before = await visibleReply(c.var.db, p, id);
      requireReplyScope(p, before.departmentId);
      const departmentId = changes.departmentId === undefined ? before.departmentId : changes.departmentId;
      if (changes.departmentId !== undefined) {
        await requireDepartmentOfAccount(c.var.db, p, changes.departmentId);
        requireReplyScope(p, changes.departmentId);
      }
      await requireFreeShortcut(c.var.db, p, { shortcut: changes.shortcut ?? before.shortcut, departmentId, exceptId: id });
      const now = Date.now();
      await updateSavedReply(c.var.db, p.account.id, id, changes, now);
      await auditAction(c.var.db, p, {
        action: "saved_reply.updated",
        targetType: "saved_reply",
        targetId: id,
        count: 1,
        departmentId,
        now,
      });
      return c.json(toSavedReply((await findSavedReply(c.var.db, p.account.id, id))!), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      operationId: "deleteSavedReply",
      security: scoped(["settings:manage"]),
      tags,
      summary: "Delete a saved reply (settings manage, over its department)",
      middleware: requirePermission("settings", "manage"),
      request: { params: idParamsSchema },
      responses: { 204: { description: "Deleted" }, ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const { id } = c.req.valid("param");
      const reply = await visibleReply(c.var.db, p, id);
      requireReplyScope(p, reply.departmentId);
      await deleteSavedReply(c.var.db, p.account.id, id);
      await auditAction(c.var.db, p, {
        action: "saved_reply.deleted",
        targetType: "saved_reply",
        targetId: id,
        count: 1,
        departmentId: reply.departmentId,
        now: Date.now(),
      });
      return c.body(null, 204);
    },
  );
