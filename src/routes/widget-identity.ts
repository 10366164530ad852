import { createRoute } from "@hono/zod-openapi";
import { identitySecretOf, renewIdentitySecret } from "../conversation/verified-visitor";
import type { Principal } from "../db/auth";
import type { Db } from "../db/client";
import { findWidgetById } from "../db/settings";
import { HttpError } from "../errors";
import { requireOperator, requirePermission, seesDepartment } from "../middleware/auth";
import { auditAction } from "../privacy/audit";
import { idParamsSchema, widgetIdentitySecretSchema } from "../shared/admin-api";
import type { AuditAction } from "../shared/audit-actions";
import { apiRouter, errors, json, scoped } from "./openapi";

// A widget's identity-verification secret (verified visitors, src/conversation/verified-visitor.ts):
// shown to admins so their server can sign user ids, and replaced when it may have leaked. Each
// showing and each replacement is audited; the secret itself never is.

const tags = ["Settings"];

/** The caller's widget of the route's id (another department's is a 404, as in settings.ts). */
async function ownWidget(db: Db, p: Principal, id: string) {
  const widget = await findWidgetById(db, p.account.id, id);
  if (!widget || !seesDepartment(p, widget.departmentId)) throw new HttpError(404, "not_found", "No such widget.");
  return widget;
}

const audited = (db: Db, p: Principal, action: AuditAction, widget: { id: string; departmentId: string }) =>
  auditAction(db, p, { action, targetType: "widget", targetId: widget.id, count: 1, departmentId: widget.departmentId, now: Date.now() });

export const widgetIdentityRoutes = apiRouter(requireOperator)
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/identity-secret",
      operationId: "getWidgetIdentitySecret",
      security: scoped(["settings:manage"]),
      tags,
      summary:
        "The widget's identity-verification secret, for the customer's server to compute data-user-hash = HMAC-SHA256(secret, userId) in hex; audited. 404 until verification was first turned on (settings manage)",
      middleware: requirePermission("settings", "manage"),
      request: { params: idParamsSchema },
      responses: { 200: json(widgetIdentitySecretSchema, "The secret"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const widget = await ownWidget(c.var.db, p, c.req.valid("param").id);
      const secret = await identitySecretOf(c.env, widget);
      if (!secret) throw new HttpError(404, "not_found", "This widget has no identity secret: turn identity verification on first.");
      await audited(c.var.db, p, "widget.identity_secret_revealed", widget);
      c.header("Cache-Control", "no-store");
      return c.json({ secret }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/identity-secret",
      operationId: "rotateWidgetIdentitySecret",
      security: scoped(["settings:manage"]),
      tags,
      summary:
        "Replace the widget's identity-verification secret with a new one: every hash made with the old one stops verifying at once (those visitors chat unverified until the customer's server uses the new one); audited (settings manage)",
      middleware: requirePermission("settings", "manage"),
      request: { params: idParamsSchema },
      responses: { 200: json(widgetIdentitySecretSchema, "The new secret"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const widget = await ownWidget(c.var.db, p, c.req.valid("param").id);
      const secret = await renewIdentitySecret(c.env, c.var.db, widget);
      await audited(c.var.db, p, "widget.identity_secret_rotated", widget);
      c.header("Cache-Control", "no-store");
      return c.json({ secret }, 200);
    },
  );
