import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { toCriteria } from "../conversation/search";
import { summarise } from "../conversation/summaries";
import { REGISTER_IN_EXPORT, registerEntriesOf, requestAnsweredBy, updateDataRequest } from "../data-requests/register";
import { countConversations, searchConversations } from "../db/search";
import { requireAllDepartments, requireOperator, requirePermission } from "../middleware/auth";
import { auditAction } from "../privacy/audit";
import { eraseConversations } from "../privacy/erasure";
import { exportResponse } from "../privacy/export";
import { selectedConversations } from "../privacy/selection";
import { dataSubjectExportSchema, dataSubjectQuerySchema, dataSubjectSearchSchema } from "../shared/admin-api";
import { conversationSummarySchema } from "../shared/api";
import { apiRouter, errorSchema, errors, fileResponse, json, jsonBody, pageOf, scoped } from "./openapi";

// Data-subject requests (Art. 15, 17, 20 GDPR): everything held about one email address, across
// all widgets the caller's departments cover, found through the email's blind index.

const tags = ["Data-subject requests"];

export const dataSubjectRoutes = apiRouter(requireOperator)
  .openapi(
    createRoute({
      method: "post",
      path: "/search",
      operationId: "searchDataSubject",
      security: scoped(["transcripts:read"]),
      tags,
      summary: "Every conversation of this email address (transcripts read). POST so the email stays out of URLs and logs.",
      middleware: requirePermission("transcripts", "read"),
      request: { body: jsonBody(dataSubjectSearchSchema) },
      responses: {
        200: json(
          pageOf(conversationSummarySchema).extend({ count: z.number().int() }),
          "A page of the person's conversations, and how many there are in all",
        ),
        ...errors,
      },
    }),
    async (c) => {
      const p = c.var.principal;
      const { email, cursor, limit } = c.req.valid("json");
      const args = {
        accountId: p.account.id,
        departmentIds: p.role.departmentIds,
        criteria: await toCriteria(c.env, p.account.id, { email }),
      };
      const [count, page] = await Promise.all([
        countConversations(c.var.db, args),
        searchConversations(c.var.db, { ...args, limit, ...(cursor ? { cursor } : {}) }),
      ]);
      // Who looked up a person, when, and how many conversations it found; never the email itself.
      await auditAction(c.var.db, p, { action: "data_subject.searched", targetType: "conversation", count, now: Date.now() });
      return c.json({ count, items: await summarise(c.env, c.var.db, p, page.rows), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/export",
      operationId: "exportDataSubject",
      security: scoped(["transcripts:manage"]),
      tags,
      summary:
        "Everything about this email address: a ZIP of the export (JSON carries the visit too) and every file of the conversations (transcripts manage)",
      middleware: requirePermission("transcripts", "manage"),
      request: { body: jsonBody(dataSubjectExportSchema) },
      responses: { 200: fileResponse("A ZIP of the export and the files of the conversations, streamed", ["application/zip"]), ...errors },
    }),
    async (c) => {
      const { email, format, separator } = c.req.valid("json");
      const p = c.var.principal;
      requireAllDepartments(p);
      const now = Date.now();
      const selection = await selectedConversations(c.env, c.var.db, p, { filter: { email } });
      const fileCount = await selection.countFiles();
      await auditAction(c.var.db, p, {
        action: "data_subject.exported",
        targetType: "conversation",
        count: selection.count,
        fileCount,
        now,
      });
      // Art. 15: all that is held about the person, so the visit (JSON carries it) and the files
      // they sent or received: always a ZIP of the export and the files.
      // And the register's entries of this address: that they asked, and how it was answered.
      const register = await registerEntriesOf(c.env, c.var.db, p.account.id, email);
      return exportResponse(c.env, c.var.db, p.account.id, selection.pages, format, "confide-data-subject", now, {
        includeVisit: true,
        separator,
        files: true,
        texts: [{ path: REGISTER_IN_EXPORT, text: register }],
      });
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/erase",
      operationId: "eraseDataSubject",
      security: scoped(["transcripts:manage"]),
      tags,
      summary:
        "Erase everything about this email address in one call; with requestId, the register's pending erasure request from this address is marked answered once done (transcripts manage)",
      middleware: requirePermission("transcripts", "manage"),
      request: { body: jsonBody(dataSubjectQuerySchema) },
      responses: {
        200: json(z.object({ deleted: z.number().int() }), "How many conversations went"),
        ...errors,
        409: {
          description: "requestId is not a pending erasure request from this address.",
          content: { "application/json": { schema: errorSchema } },
        },
      },
    }),
    async (c) => {
      const p = c.var.principal;
      // A request about a person covers everything held about them: a partial erasure would look complete.
      requireAllDepartments(p);
      const now = Date.now();
      const { email, requestId } = c.req.valid("json");
      // Checked first: a request that does not fit leaves everything as it was.
      if (requestId) await requestAnsweredBy(c.env, c.var.db, p, requestId, email);
      const selection = await selectedConversations(c.env, c.var.db, p, { filter: { email } });
      let deleted = 0;
      // Keyset pages: erasing the rows already seen does not move the next page.
      for await (const page of selection.pages) {
        const { conversations: count, files } = await eraseConversations(
          c.env,
          c.var.db,
          p.account.id,
          page.map((r) => r.id),
          now,
        );
        deleted += count;
        if (count > 0)
          await auditAction(c.var.db, p, { action: "data_subject.erased", targetType: "conversation", count, fileCount: files, now });
      }
      if (requestId) await updateDataRequest(c.var.db, p, requestId, { status: "answered" }, Date.now());
      return c.json({ deleted }, 200);
    },
  );
