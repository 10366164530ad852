import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { summarise } from "../conversation/service";
import { requireOperator, requirePermission } from "../middleware/auth";
import { auditAction } from "../privacy/audit";
import { eraseConversations } from "../privacy/erasure";
import { EXPORT_TYPES, exportStream } from "../privacy/export";
import { exportContext, selectedConversations } from "../privacy/selection";
import { dataSubjectExportSchema, dataSubjectQuerySchema } from "../shared/admin-api";
import { conversationSummarySchema } from "../shared/api";
import { apiRouter, errors, json, jsonBody } from "./openapi";

// Data-subject requests (Art. 15, 17, 20 GDPR): everything held about one email address, across
// all widgets the caller's departments cover, found through the email's blind index.

const tags = ["Data-subject requests"];
const MAX_LISTED = 500;

export const dataSubjectRoutes = apiRouter(requireOperator)
  .openapi(
    createRoute({
      method: "post",
      path: "/search",
      tags,
      summary: "Every conversation of this email address (transcripts read). POST so the email stays out of URLs and logs.",
      middleware: requirePermission("transcripts", "read"),
      request: { body: jsonBody(dataSubjectQuerySchema) },
      responses: { 200: json(z.object({ count: z.number().int(), items: z.array(conversationSummarySchema) }), "The person's conversations (at most 500 listed; count is all)"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const selection = await selectedConversations(c.env, c.var.db, p, { filter: { email: c.req.valid("json").email } });
      const rows = [];
      for await (const page of selection.pages) {
        rows.push(...page);
        if (rows.length >= MAX_LISTED) break;
      }
      return c.json({ count: selection.count, items: await summarise(c.env, c.var.db, p.account.id, rows.slice(0, MAX_LISTED)) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/export",
      tags,
      summary: "Everything about this email address in one file (transcripts manage)",
      middleware: requirePermission("transcripts", "manage"),
      request: { body: jsonBody(dataSubjectExportSchema) },
      responses: { 200: { description: "The export file, streamed" }, ...errors },
    }),
    async (c) => {
      const { email, format } = c.req.valid("json");
      const p = c.var.principal;
      const now = Date.now();
      const selection = await selectedConversations(c.env, c.var.db, p, { filter: { email } });
      await auditAction(c.var.db, p, { action: "data_subject.exported", targetType: "conversation", count: selection.count, now });
      const type = EXPORT_TYPES[format];
      return new Response(exportStream(c.env, c.var.db, await exportContext(c.var.db, p.account.id), selection.pages, format, now), {
        headers: {
          "Content-Type": type.contentType,
          "Content-Disposition": `attachment; filename="confide-data-subject-${new Date(now).toISOString().slice(0, 10)}.${type.extension}"`,
          "Cache-Control": "no-store",
        },
      });
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/erase",
      tags,
      summary: "Erase everything about this email address in one call (transcripts manage)",
      middleware: requirePermission("transcripts", "manage"),
      request: { body: jsonBody(dataSubjectQuerySchema) },
      responses: { 200: json(z.object({ deleted: z.number().int() }), "How many conversations went"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const now = Date.now();
      const selection = await selectedConversations(c.env, c.var.db, p, { filter: { email: c.req.valid("json").email } });
      let deleted = 0;
      // Keyset pages: erasing the rows already seen does not move the next page.
      for await (const page of selection.pages) deleted += await eraseConversations(c.env, c.var.db, p.account.id, page.map((r) => r.id), now);
      await auditAction(c.var.db, p, { action: "data_subject.erased", targetType: "conversation", count: deleted, now });
      return c.json({ deleted }, 200);
    },
  );
