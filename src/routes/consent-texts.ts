import { createRoute } from "@hono/zod-openapi";
import { listArchive } from "../db/consent-texts";
import { requireOperator, requirePermission } from "../middleware/auth";
import { consentTextSchema, consentTextsQuerySchema } from "../shared/consent-api";
import { apiRouter, errors, json, pageOf, scoped } from "./openapi";

// The consent text archive, read-only: every disclaimer text the account's widgets have shown,
// with the period it was in force. Texts go in with settings saves and receipts, and leave with
// the sweep (src/consent/archive.ts); nobody edits them.

export const consentTextRoutes = apiRouter(requireOperator).openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "listConsentTexts",
    security: scoped(["settings:read"]),
    tags: ["Consent text archive"],
    summary:
      "Every disclaimer text the widgets of the caller's departments have shown, with its hash, language, widget and the period it was in force; newest first (settings read).",
    middleware: requirePermission("settings", "read"),
    request: { query: consentTextsQuerySchema },
    responses: { 200: json(pageOf(consentTextSchema), "A page of archived texts"), ...errors },
  }),
  async (c) => {
    const p = c.var.principal;
    const { widgetId, cursor, limit } = c.req.valid("query");
    const offset = cursor ? Number(cursor) : 0;
    const rows = await listArchive(c.var.db, {
      accountId: p.account.id,
      departmentIds: p.role.departmentIds,
      ...(widgetId ? { widgetId } : {}),
      offset,
      limit,
    });
    const items = rows.slice(0, limit).map(({ accountId: _account, ...text }) => text);
    return c.json({ items, nextCursor: rows.length > limit ? String(offset + limit) : null }, 200);
  },
);
