import { createRoute } from "@hono/zod-openapi";
import { deleteCookie } from "hono/cookie";
import { z } from "zod";
import { endOperatorSessions } from "../auth/end-sessions";
import { findOwnSession, listOwnSessions } from "../db/sessions";
import { HttpError } from "../errors";
import { requireOperator, requireSession, SESSION_COOKIE } from "../middleware/auth";
import { operatorSessionSchema, sessionIdParamsSchema } from "../shared/api";
import { apiRouter, errors, json, sessionOnly } from "./openapi";

const tags = ["Authentication"];

/** The caller's own sessions: listed with a coarse device label, ended one by one or all but this one. */
export const sessionRoutes = apiRouter(requireOperator, requireSession)
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "listSessions",
      security: sessionOnly,
      tags,
      summary: "Your own active sessions (session cookie only; API tokens get 403 session_required)",
      responses: { 200: json(z.object({ items: z.array(operatorSessionSchema) }), "Your sessions, most recently active first"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const rows = await listOwnSessions(c.var.db, p.account.id, p.operator.id, Date.now());
      return c.json(
        {
          items: rows.map((row) => ({
            id: row.publicId,
            device: row.deviceLabel,
            createdAt: row.createdAt,
            lastActiveAt: row.lastSeenAt,
            current: row.id === p.credential.id,
          })),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/end-others",
      operationId: "endOtherSessions",
      security: sessionOnly,
      tags,
      summary: "End every session of yours but this one; their sockets close (session cookie only)",
      responses: { 200: json(z.object({ ended: z.number().int() }), "How many sessions ended"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const ended = await endOperatorSessions(c.env, c.var.db, {
        accountId: p.account.id,
        operatorId: p.operator.id,
        keepSessionId: p.credential.id,
        reason: "ended_by_operator",
        actorId: p.operator.id,
        now: Date.now(),
      });
      return c.json({ ended }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      operationId: "endSession",
      security: sessionOnly,
      tags,
      summary: "End one of your sessions; its sockets close (session cookie only). Another operator's session answers 404.",
      request: { params: sessionIdParamsSchema },
      responses: { 204: { description: "Ended" }, ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const session = await findOwnSession(c.var.db, p.account.id, p.operator.id, c.req.valid("param").id);
      if (!session) throw new HttpError(404, "not_found", "No such session.");
      await endOperatorSessions(c.env, c.var.db, {
        accountId: p.account.id,
        operatorId: p.operator.id,
        sessionIds: [session.id],
        reason: "ended_by_operator",
        actorId: p.operator.id,
        now: Date.now(),
      });
      // Ending this very session is signing out.
      if (session.id === p.credential.id) deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
      return c.body(null, 204);
    },
  );
