import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { logDataRequest, removeDataRequest, requestsOf, toDataRequest, updateDataRequest } from "../data-requests/register";
import type { Db } from "../db/client";
import { listDataRequests, namedRequest, registerCounts } from "../db/data-requests";
import { HttpError } from "../errors";
import { requireAllDepartments, requireOperator, requirePermission } from "../middleware/auth";
import { idParamsSchema } from "../shared/admin-api";
import {
  createDataRequestSchema,
  dataRequestCountsSchema,
  dataRequestLookupSchema,
  dataRequestSchema,
  dataRequestsQuerySchema,
  updateDataRequestSchema,
} from "../shared/data-requests-api";
import { apiRouter, errorSchema, errors, json, jsonBody, pageOf, scoped } from "./openapi";

// The register of data-subject requests: read with the rights the data-subject search needs
// (transcripts read); changed with those its export and erasure need (transcripts manage, over all
// departments, as a request covers everything held about the person).

const tags = ["Data-request register"];
const conflict = {
  409: {
    description: "The request was already answered or refused, or cannot be extended now.",
    content: { "application/json": { schema: errorSchema } },
  },
};

/** The entry as the API shows it, names of who logged and handled it included. */
async function shown(db: Db, accountId: string, id: string, now: number) {
  const named = await namedRequest(db, accountId, id);
  if (!named) throw new HttpError(404, "not_found", "No such data request.");
  return toDataRequest(named, now);
}

export const dataRequestRoutes = apiRouter(requireOperator)
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "listDataRequests",
      security: scoped(["transcripts:read"]),
      tags,
      summary:
        "The register: requests waiting for an answer by deadline (filter pending, overdue or due_soon: due within 7 days), or all of them newest first (transcripts read)",
      middleware: requirePermission("transcripts", "read"),
      request: { query: dataRequestsQuerySchema },
      responses: { 200: json(pageOf(dataRequestSchema), "A page of the register"), ...errors },
    }),
    async (c) => {
      const { filter, cursor, limit } = c.req.valid("query");
      const now = Date.now();
      const offset = cursor ? Number(cursor) : 0;
      const rows = await listDataRequests(c.var.db, { accountId: c.var.principal.account.id, filter, now, offset, limit });
      return c.json(
        {
          items: rows.slice(0, limit).map((r) => toDataRequest(r, now)),
          nextCursor: rows.length > limit ? String(offset + limit) : null,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/counts",
      operationId: "getDataRequestCounts",
      security: scoped(["transcripts:read"]),
      tags,
      summary:
        "How many requests wait for an answer, how many are due within 7 days and how many are overdue: the app's reminders (transcripts read)",
      middleware: requirePermission("transcripts", "read"),
      responses: { 200: json(dataRequestCountsSchema, "The counts"), ...errors },
    }),
    async (c) => c.json(await registerCounts(c.var.db, c.var.principal.account.id, Date.now()), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/lookup",
      operationId: "lookUpDataRequests",
      security: scoped(["transcripts:read"]),
      tags,
      summary:
        "The requests of one email address, newest first, matched by its blind index. POST so the email stays out of URLs and logs (transcripts read).",
      middleware: requirePermission("transcripts", "read"),
      request: { body: jsonBody(dataRequestLookupSchema) },
      responses: { 200: json(z.object({ items: z.array(dataRequestSchema) }), "The address's requests"), ...errors },
    }),
    async (c) => {
      const now = Date.now();
      const rows = await requestsOf(c.env, c.var.db, c.var.principal, c.req.valid("json").email, now);
      return c.json({ items: rows.map((r) => toDataRequest(r, now)) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      operationId: "createDataRequest",
      security: scoped(["transcripts:manage"]),
      tags,
      summary:
        "Log a request as received (now, or receivedAt up to 90 days ago for one that came by letter or email); due one calendar month after receipt. Only the email's blind index is kept (transcripts manage, all departments).",
      middleware: requirePermission("transcripts", "manage"),
      request: { body: jsonBody(createDataRequestSchema) },
      responses: { 201: json(dataRequestSchema, "The logged request"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      requireAllDepartments(p);
      const now = Date.now();
      const row = await logDataRequest(c.env, c.var.db, p, c.req.valid("json"), now);
      return c.json(await shown(c.var.db, p.account.id, row.id, now), 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      operationId: "updateDataRequest",
      security: scoped(["transcripts:manage"]),
      tags,
      summary:
        "Answer it, refuse it (with the ground), or extend its deadline once by 1 or 2 months (with the ground, within the first month); answered and refused are final (transcripts manage, all departments)",
      middleware: requirePermission("transcripts", "manage"),
      request: { params: idParamsSchema, body: jsonBody(updateDataRequestSchema) },
      responses: { 200: json(dataRequestSchema, "The request"), ...errors, ...conflict },
    }),
    async (c) => {
      const p = c.var.principal;
      requireAllDepartments(p);
      const now = Date.now();
      const { id } = c.req.valid("param");
      await updateDataRequest(c.var.db, p, id, c.req.valid("json"), now);
      return c.json(await shown(c.var.db, p.account.id, id, now), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      operationId: "deleteDataRequest",
      security: scoped(["transcripts:manage"]),
      tags,
      summary: "Remove an entry logged by mistake; audited (transcripts manage, all departments)",
      middleware: requirePermission("transcripts", "manage"),
      request: { params: idParamsSchema },
      responses: { 204: { description: "Removed" }, ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      requireAllDepartments(p);
      await removeDataRequest(c.var.db, p, c.req.valid("param").id, Date.now());
      return c.body(null, 204);
    },
  );
