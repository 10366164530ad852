import { createRoute } from "@hono/zod-openapi";
import { outboxOverview, requeueFailed } from "../db/outbox";
import { deliverNow, emailSetup } from "../email/outbox";
import { SmtpError } from "../email/smtp";
import { requireAllDepartments, requireOperator, requirePermission } from "../middleware/auth";
import { auditAction } from "../privacy/audit";
import { emailSettingsSchema, retriedEmailsSchema, retryEmailsSchema } from "../shared/email-settings";
import { apiRouter, errors, json, jsonBody, scoped } from "./openapi";

/** How many of the latest attempts the overview lists. */
const RECENT_ATTEMPTS = 20;

/** Email: whether it is configured, the outbox's state, and sending failed emails again. */
export const emailSettingsRoutes = apiRouter(requireOperator)
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "getEmailSettings",
      security: scoped(["settings:read"]),
      tags: ["Settings"],
      summary:
        "Email: whether SMTP is configured (host, port, security and sender; never credentials), how many emails wait or failed, and the latest attempts with kind, time, attempts and error, never recipient or content (settings read)",
      middleware: requirePermission("settings", "read"),
      responses: { 200: json(emailSettingsSchema, "Email's state"), ...errors },
    }),
    async (c) => {
      let setup: ReturnType<typeof emailSetup> = null;
      let problem: string | null = null;
      try {
        setup = emailSetup(c.env);
      } catch (error) {
        problem = error instanceof SmtpError ? error.message : "The email configuration cannot be used.";
      }
      const overview = await outboxOverview(c.var.db, c.var.principal.account.id, RECENT_ATTEMPTS);
      const smtp = setup?.smtp;
      return c.json(
        {
          configured: setup !== null,
          problem,
          smtp: smtp
            ? { host: smtp.host, port: smtp.port, security: smtp.security, from: smtp.from, authenticated: smtp.user !== null }
            : null,
          ...overview,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/retry",
      operationId: "retryEmailDelivery",
      security: scoped(["settings:manage"]),
      tags: ["Settings"],
      summary:
        "Send failed emails again now, with a fresh series of retries: those of `ids`, or all; audited (settings manage, all departments)",
      middleware: requirePermission("settings", "manage"),
      request: { body: jsonBody(retryEmailsSchema) },
      responses: { 200: json(retriedEmailsSchema, "How many were queued again"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      // Failed emails belong to conversations of every department.
      requireAllDepartments(p);
      const now = Date.now();
      const ids = await requeueFailed(c.var.db, p.account.id, now, c.req.valid("json").ids);
      if (ids.length > 0) {
        await auditAction(c.var.db, p, { action: "email.retried", targetType: "email", count: ids.length, now });
        c.executionCtx.waitUntil(deliverNow(c.env, c.var.db, ids));
      }
      return c.json({ retried: ids.length }, 200);
    },
  );
