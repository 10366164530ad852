import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { attachmentDownload, mayFetch } from "../attachments/download";
import { storeAttachment, uploadedFile } from "../attachments/upload";
import { attachmentSettingsOf } from "../attachments/widget-settings";
import { colleagueStatuses } from "../availability/answerers";
import { conversationConsent } from "../consent/archive";
import { INBOX_SUBSCRIBER_HEADER, type InboxSubscriber } from "../conversation/account-inbox";
import { messageFrame, visitorDisplayName } from "../conversation/message-frame";
import { accountInboxes } from "../conversation/namespaces";
import { operatorAvatarPath } from "../conversation/operator-avatar";
import { nameShownToVisitors, savedRepliesFor } from "../conversation/saved-replies";
import { toCriteria } from "../conversation/search";
import { summarise } from "../conversation/summaries";
import { transferConversation } from "../conversation/transfer";
import { requireConversationVault } from "../conversation/vault";
import { visitorDetails } from "../conversation/visitor-details";
import { findAttachment } from "../db/attachments";
import type { Principal } from "../db/auth";
import type { Db } from "../db/client";
import { assignConversation, type ConversationRow, findConversation, messagesAfter } from "../db/conversations";
import { searchConversations, searchSummaryPage } from "../db/search";
import { setTags, tagSuggestions } from "../db/tags";
import { findPrincipalForAssignment, listAllDepartments, mayAnswer, operatorsWhoMayAnswer } from "../db/team";
import { findWidget } from "../db/widgets";
import { HttpError } from "../errors";
import { requireOperator, requirePermission, rightMissing, seesDepartment } from "../middleware/auth";
import { auditAction, auditRead } from "../privacy/audit";
import { eraseConversations } from "../privacy/erasure";
import { exportMediaTypes, exportResponse } from "../privacy/export";
import { selectedConversations } from "../privacy/selection";
import {
  assignConversationSchema,
  assigneeSchema,
  attachmentDownloadQuerySchema,
  attachmentInfoSchema,
  type ConversationFilter,
  colleagueStatusSchema,
  conversationIdSchema,
  conversationSummarySchema,
  deleteRequestSchema,
  exportRequestSchema,
  listConversationsQuerySchema,
  searchConversationsSchema,
  seqCursorQuerySchema,
  socketQuerySchema,
  tagSuggestionsQuerySchema,
  tagSuggestionsSchema,
  timeCursorQuerySchema,
  transcriptMessageSchema,
  transferConversationSchema,
  transferTargetSchema,
  updateConversationSchema,
  uploadQuerySchema,
  visitorDetailsSchema,
} from "../shared/api";
import { conversationConsentSchema } from "../shared/consent-api";
import { allows, mayReadContent } from "../shared/permissions";
import { usableSavedRepliesSchema } from "../shared/saved-replies-api";
import { connectToConversation, erasedConversationSocket, foundOrNull, requireUpgrade, withMutableHeaders } from "./conversation-socket";
import { apiRouter, errorSchema, errors, fileResponse, json, jsonBody, notAnUpgrade, pageOf, scoped } from "./openapi";

const idParams = z.object({ id: conversationIdSchema });
const tags = ["Conversations"];

/**
 * Live conversations are the inbox's (chats read); stored ones are transcripts (transcripts read).
 * 404 rather than 403 for conversations outside the caller's departments, so their ids stay invisible.
 */
function requireConversationAccess(p: Principal, status: "open" | "closed" | undefined): void {
  // A list of every status includes ended conversations.
  if (!mayReadContent(p.role.permissions, status ?? "closed")) {
    throw rightMissing(
      p,
      status === "open" ? "chats" : "transcripts",
      "read",
      status === "open" ? "Your role needs read access to chats." : "Your role needs read access to transcripts.",
    );
  }
}

/**
 * The status a list of every status keeps to for a role that reads only live chats (or only
 * transcripts); undefined when it reads both. Lists of named conversations and of a visitor's
 * others leave out what the role may not read rather than refuse.
 */
function readableStatus(p: Principal): "open" | "closed" | undefined {
  const readsOpen = mayReadContent(p.role.permissions, "open");
  const readsEnded = mayReadContent(p.role.permissions, "closed");
  if (readsOpen && readsEnded) return undefined;
  if (readsOpen || readsEnded) return readsOpen ? "open" : "closed";
  throw rightMissing(p, "chats", "read", "Your role needs read access to chats or transcripts.");
}

async function searchPage(
  env: Env,
  db: Db,
  p: Principal,
  filter: ConversationFilter,
  cursor: string | undefined,
  limit: number,
  ids?: string[],
) {
  // Named ids without a status: each one the role may read as it is.
  const status = ids && filter.status === undefined ? readableStatus(p) : filter.status;
  requireConversationAccess(p, status);
  const criteria = await toCriteria(env, p.account.id, status ? { ...filter, status } : filter);
  if (ids) criteria.ids = ids;
  const page = await searchSummaryPage(db, {
    accountId: p.account.id,
    departmentIds: p.role.departmentIds,
    criteria,
    limit,
    ...(cursor ? { cursor } : {}),
  });
  return { items: await summarise(env, db, p, page.rows, page.facts), nextCursor: page.nextCursor };
}

async function visibleConversation(db: Db, p: Principal, id: string): Promise<ConversationRow> {
  const row = await findConversation(db, p.account.id, id);
  if (!row || !seesDepartment(p, row.departmentId)) throw new HttpError(404, "not_found", "No such conversation.");
  return row;
}

export const conversationRoutes = apiRouter(requireOperator)
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "listConversations",
      security: scoped(["transcripts:read"], ["chats:read"]),
      tags,
      summary:
        "List conversations (newest first) by filters without personal data. Open ones need chats read; any other list transcripts read, except a list of `ids`, which leaves out those the role may not read.",
      request: { query: listConversationsQuerySchema },
      responses: { 200: json(pageOf(conversationSummarySchema), "A page of conversations"), ...errors },
    }),
    async (c) => {
      const { cursor, limit, ids, ...filter } = c.req.valid("query");
      return c.json(await searchPage(c.env, c.var.db, c.var.principal, filter, cursor, limit, ids), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/search",
      operationId: "searchConversations",
      security: scoped(["transcripts:read"], ["chats:read"]),
      tags,
      summary: "Search conversations with every filter, email and name included (in the body, so they stay out of URLs and logs).",
      request: { body: jsonBody(searchConversationsSchema) },
      responses: { 200: json(pageOf(conversationSummarySchema), "A page of conversations"), ...errors },
    }),
    async (c) => {
      const { cursor, limit, ...filter } = c.req.valid("json");
      return c.json(await searchPage(c.env, c.var.db, c.var.principal, filter, cursor, limit), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/export",
      operationId: "exportConversations",
      security: scoped(["transcripts:manage"]),
      tags,
      summary:
        'Export conversations as CSV (separator "," or ";"), XLSX or JSON (streamed); with files: true, a ZIP of that file and every file sent in the conversations. Requires transcripts manage.',
      middleware: [requirePermission("transcripts", "manage")] as const,
      request: { body: jsonBody(exportRequestSchema) },
      responses: { 200: fileResponse("The export file (a ZIP with `files: true`), streamed", exportMediaTypes), ...errors },
    }),
    async (c) => {
      const request = c.req.valid("json");
      const p = c.var.principal;
      const now = Date.now();
      const selection = await selectedConversations(c.env, c.var.db, p, request);
      const fileCount = request.files ? await selection.countFiles() : undefined;
      await auditAction(c.var.db, p, {
        action: "transcripts.exported",
        targetType: "conversation",
        count: selection.count,
        fileCount,
        now,
      });
      return exportResponse(c.env, c.var.db, p.account.id, selection.pages, request.format, "confide-transcripts", now, {
        separator: request.separator,
        files: request.files ?? false,
      });
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/delete",
      operationId: "deleteConversations",
      security: scoped(["transcripts:manage"]),
      tags,
      summary: "Erase conversations (ids or a filter), in chunks; dryRun only counts. Requires transcripts manage.",
      middleware: [requirePermission("transcripts", "manage")] as const,
      request: { body: jsonBody(deleteRequestSchema) },
      responses: {
        200: json(z.object({ deleted: z.number().int(), dryRun: z.boolean() }), "How many conversations went (or would go)"),
        ...errors,
      },
    }),
    async (c) => {
      const request = c.req.valid("json");
      const p = c.var.principal;
      const now = Date.now();
      const selection = await selectedConversations(c.env, c.var.db, p, request);
      if (request.dryRun) return c.json({ deleted: selection.count, dryRun: true }, 200);
      let deleted = 0;
      for await (const page of selection.pages) {
        const { conversations: count, files } = await eraseConversations(
          c.env,
          c.var.db,
          p.account.id,
          page.map((r) => r.id),
          now,
        );
        deleted += count;
        // Page by page, so an erasure that fails later still leaves what it did in the log.
        if (count > 0)
          await auditAction(c.var.db, p, { action: "transcripts.deleted", targetType: "conversation", count, fileCount: files, now });
      }
      return c.json({ deleted, dryRun: false }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/tags",
      operationId: "listConversationTags",
      security: scoped(["chats:manage"]),
      tags,
      summary:
        "Tags in use on conversations of the caller's departments, most used first (at most 20), for suggestions; prefix narrows them, case-insensitively. Requires chats manage.",
      middleware: [requirePermission("chats", "manage")] as const,
      request: { query: tagSuggestionsQuerySchema },
      responses: { 200: json(tagSuggestionsSchema, "The tags as first spelled"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const { prefix } = c.req.valid("query");
      const items = await tagSuggestions(c.var.db, {
        accountId: p.account.id,
        departmentIds: p.role.departmentIds,
        ...(prefix ? { prefix } : {}),
      });
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      operationId: "getConversation",
      security: scoped(["transcripts:read"], ["chats:read"]),
      tags,
      summary: "One conversation",
      request: { params: idParams },
      responses: { 200: json(conversationSummarySchema, "The conversation"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const row = await visibleConversation(c.var.db, p, c.req.valid("param").id);
      requireConversationAccess(p, row.status);
      await auditRead(c.var.db, p, "conversation.viewed", row, Date.now());
      return c.json((await summarise(c.env, c.var.db, p, [row]))[0]!, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/related",
      operationId: "listRelatedConversations",
      security: scoped(["transcripts:read"], ["chats:read"]),
      tags,
      summary:
        "The verified visitor's other conversations (same verified user id, matched through its blind index), newest first: only those the caller may read (its departments; open ones with chats read, ended ones with transcripts read). Empty for an unverified visitor.",
      request: { params: idParams, query: timeCursorQuerySchema },
      responses: { 200: json(pageOf(conversationSummarySchema), "A page of conversations"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const row = await visibleConversation(c.var.db, p, c.req.valid("param").id);
      requireConversationAccess(p, row.status);
      const { cursor, limit } = c.req.valid("query");
      const status = readableStatus(p);
      if (!row.verifiedUserBidx) return c.json({ items: [], nextCursor: null }, 200);
      const page = await searchConversations(c.var.db, {
        accountId: p.account.id,
        departmentIds: p.role.departmentIds,
        criteria: {
          verifiedUserBidx: row.verifiedUserBidx,
          exceptId: row.id,
          // A role that reads only live chats (or only transcripts) sees only those of the visitor's others.
          ...(status ? { status } : {}),
        },
        limit,
        ...(cursor ? { cursor } : {}),
      });
      return c.json({ items: await summarise(c.env, c.var.db, p, page.rows), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      operationId: "updateConversation",
      security: scoped(["chats:manage"]),
      tags,
      summary:
        "Set a conversation's tags (the whole set; matched case-insensitively, a tag it has keeps its spelling). Requires chats manage in its department: who may answer it may tag it.",
      middleware: [requirePermission("chats", "manage")] as const,
      request: { params: idParams, body: jsonBody(updateConversationSchema) },
      responses: { 200: json(conversationSummarySchema, "The conversation"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const row = await visibleConversation(c.var.db, p, c.req.valid("param").id);
      requireConversationAccess(p, row.status);
      const now = Date.now();
      const tagged = await setTags(c.var.db, p.account.id, row.id, c.req.valid("json").tags);
      // How many tags it now has, never which: a tag can say something about the visitor.
      await auditAction(c.var.db, p, {
        action: "conversation.tagged",
        targetType: "conversation",
        targetId: row.id,
        count: tagged.length,
        departmentId: row.departmentId,
        now,
      });
      // Colleagues' inbox lists show the new tags without a reload.
      if (row.status === "open") {
        const inboxes = accountInboxes(c.env);
        await inboxes.get(inboxes.idFromName(p.account.id)).notify(row.departmentId, row.id);
      }
      return c.json((await summarise(c.env, c.var.db, p, [row]))[0]!, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/transfer",
      operationId: "transferConversation",
      security: scoped(["chats:manage"]),
      tags,
      summary:
        "Hand an open conversation to another department of the account: it waits there, unassigned, for that department's operators. Requires chats manage; audited.",
      middleware: [requirePermission("chats", "manage")] as const,
      request: { params: idParams, body: jsonBody(transferConversationSchema) },
      responses: {
        200: json(conversationSummarySchema, "The conversation, in its new department"),
        409: json(errorSchema, "The conversation has ended"),
        ...errors,
      },
    }),
    async (c) => {
      const p = c.var.principal;
      const row = await visibleConversation(c.var.db, p, c.req.valid("param").id);
      const moved = await transferConversation(c.env, c.var.db, p, row, c.req.valid("json").departmentId, Date.now());
      return c.json((await summarise(c.env, c.var.db, p, [moved]))[0]!, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/assign",
      operationId: "assignConversation",
      security: scoped(["chats:manage"]),
      tags,
      summary: "Take an open conversation, assign it to a colleague, or hand it back (operatorId null). Requires chats manage.",
      middleware: [requirePermission("chats", "manage")] as const,
      request: { params: idParams, body: jsonBody(assignConversationSchema) },
      responses: {
        200: json(conversationSummarySchema, "The conversation"),
        409: json(errorSchema, "The conversation has ended"),
        ...errors,
      },
    }),
    async (c) => {
      const p = c.var.principal;
      const row = await visibleConversation(c.var.db, p, c.req.valid("param").id);
      const { operatorId } = c.req.valid("json");
      if (operatorId) {
        const target = await findPrincipalForAssignment(c.var.db, p.account.id, operatorId);
        // The assignee must be able to answer this conversation: chats manage in its department.
        if (!target || !mayAnswer(target, row.departmentId)) {
          throw new HttpError(400, "invalid_request", "operatorId: no active operator who may answer this conversation");
        }
      }
      if (!(await assignConversation(c.var.db, p.account.id, row.id, operatorId)))
        throw new HttpError(409, "conversation_closed", "This conversation has ended.");
      const inboxes = accountInboxes(c.env);
      await inboxes.get(inboxes.idFromName(p.account.id)).notify(row.departmentId, row.id);
      const updated = (await findConversation(c.var.db, p.account.id, row.id))!;
      return c.json((await summarise(c.env, c.var.db, p, [updated]))[0]!, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/assignees",
      operationId: "listConversationAssignees",
      security: scoped(["chats:manage"]),
      tags,
      summary: "The colleagues this conversation can be assigned to: active, with chats manage in its department. Requires chats manage.",
      middleware: [requirePermission("chats", "manage")] as const,
      request: { params: idParams },
      responses: { 200: json(z.object({ items: z.array(assigneeSchema) }), "The operators, by name"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const row = await visibleConversation(c.var.db, p, c.req.valid("param").id);
      const answerers = await operatorsWhoMayAnswer(c.var.db, p.account.id, row.departmentId);
      return c.json({ items: answerers.map(({ id, displayName }) => ({ id, displayName })) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      operationId: "deleteConversation",
      security: scoped(["transcripts:manage"]),
      tags,
      summary: "Erase one conversation: D1 rows, room storage and data key. Requires transcripts manage.",
      middleware: [requirePermission("transcripts", "manage")] as const,
      request: { params: idParams },
      responses: { 200: json(z.object({ deleted: z.number().int() }), "Erased"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const now = Date.now();
      const row = await visibleConversation(c.var.db, p, c.req.valid("param").id);
      const { conversations: deleted, files } = await eraseConversations(c.env, c.var.db, p.account.id, [row.id], now);
      await auditAction(c.var.db, p, {
        action: "transcripts.deleted",
        targetType: "conversation",
        count: deleted,
        fileCount: files,
        departmentId: row.departmentId,
        now,
      });
      return c.json({ deleted }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/saved-replies",
      operationId: "listConversationSavedReplies",
      security: scoped(["chats:manage"]),
      tags,
      summary:
        "The saved replies its composer offers: account-wide and the conversation's department's, each in the visitor's language (else English, else its first), and what {operator_name} becomes for this visitor. Requires chats manage in its department: who may answer it.",
      middleware: [requirePermission("chats", "manage")] as const,
      request: { params: idParams },
      responses: { 200: json(usableSavedRepliesSchema, "The replies and the operator's name as the visitor sees it"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const row = await visibleConversation(c.var.db, p, c.req.valid("param").id);
      requireConversationAccess(p, row.status);
      return c.json(await savedRepliesFor(c.var.db, p, row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/visitor",
      operationId: "getConversationVisitor",
      security: scoped(["transcripts:read"]),
      tags,
      summary: "What was kept about the visit (IP, User-Agent, referrer, page views), decrypted; empty in privacy mode.",
      request: { params: idParams },
      responses: { 200: json(visitorDetailsSchema, "The visit"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const row = await visibleConversation(c.var.db, p, c.req.valid("param").id);
      requireConversationAccess(p, row.status);
      await auditRead(c.var.db, p, "visit.viewed", row, Date.now());
      return c.json(await visitorDetails(c.env, c.var.db, row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/consent",
      operationId: "getConversationConsent",
      security: scoped(["transcripts:read"], ["chats:read"]),
      tags,
      summary:
        "The conversation's consent receipt with the exact words the visitor agreed to, from the consent text archive (Art. 7(1)); receipt null when consent was not asked.",
      request: { params: idParams },
      responses: { 200: json(conversationConsentSchema, "The receipt and its text"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const row = await visibleConversation(c.var.db, p, c.req.valid("param").id);
      requireConversationAccess(p, row.status);
      await auditRead(c.var.db, p, "conversation.viewed", row, Date.now());
      return c.json(await conversationConsent(c.var.db, p.account.id, row.id), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/messages",
      operationId: "listConversationMessages",
      security: scoped(["transcripts:read"]),
      tags,
      summary: "The stored transcript, page by page (seq order).",
      request: { params: idParams, query: seqCursorQuerySchema },
      responses: { 200: json(pageOf(transcriptMessageSchema), "A page of messages"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const row = await visibleConversation(c.var.db, p, c.req.valid("param").id);
      requireConversationAccess(p, row.status);
      const { cursor, limit } = c.req.valid("query");
      const after = cursor ? Number(cursor) : 0;
      // Opened before the audit as the key was read before it: a conversation without one is a 404, unaudited.
      const cipher = await requireConversationVault(c.env, c.var.db, p.account.id, row.id);
      await auditRead(c.var.db, p, "transcript.read", row, Date.now());
      const visitorName = await visitorDisplayName(cipher, row.visitorNameEnc);
      const page = await messagesAfter(c.var.db, p.account.id, row.id, after, limit + 1);
      const items = await Promise.all(
        page.slice(0, limit).map(async (m) => {
          const { type: _type, ...message } = await messageFrame(cipher, m, visitorName);
          return message;
        }),
      );
      return c.json({ items, nextCursor: page.length > limit ? String(items.at(-1)!.seq) : null }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/attachments",
      operationId: "uploadAttachment",
      security: scoped(["chats:manage"]),
      tags,
      summary:
        "Upload a file to a live conversation: the raw bytes as the body, its name in ?name=. The type is decided from the bytes (images, PDF, plain text, office documents, as the widget allows), metadata is stripped and the file sealed; send it with message.send's attachmentId (chats manage).",
      middleware: [requirePermission("chats", "manage")] as const,
      request: {
        params: idParams,
        query: uploadQuerySchema,
        body: { required: true, content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } } },
      },
      responses: {
        201: json(z.object({ attachment: attachmentInfoSchema }), "The stored file"),
        ...errors,
        409: json(errorSchema, "The conversation has ended (`conversation_closed`)"),
        413: json(errorSchema, "Larger than the widget allows (`attachment_too_large`)"),
        415: json(errorSchema, "A type the widget does not accept"),
        422: json(errorSchema, "The bytes are not what the name says (`attachment_type_mismatch`)"),
      },
    }),
    async (c) => {
      const p = c.var.principal;
      const row = await visibleConversation(c.var.db, p, c.req.valid("param").id);
      if (row.status !== "open") throw new HttpError(409, "conversation_closed", "This conversation has ended.");
      const widget = await findWidget(c.var.db, p.account.id, row.widgetId);
      if (!widget) throw new HttpError(404, "not_found", "No such conversation.");
      const cipher = await requireConversationVault(c.env, c.var.db, p.account.id, row.id);
      const attachment = await storeAttachment(c.env, c.var.db, cipher, {
        accountId: p.account.id,
        conversationId: row.id,
        uploaderKey: `operator:${p.operator.id}`,
        ...uploadedFile(c.req.raw, c.req.valid("query").name),
        settings: attachmentSettingsOf(widget),
      });
      return c.json({ attachment }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/attachments/{attachmentId}",
      operationId: "downloadAttachment",
      security: scoped(["chats:read"], ["transcripts:read"]),
      tags,
      summary:
        "A file of the conversation, decrypted as it streams: sent files, and the caller's own uploads. ?inline=1 shows an image inline; every other file comes as an attachment. Audited as a read.",
      request: { params: idParams.extend({ attachmentId: z.string() }), query: attachmentDownloadQuerySchema },
      responses: {
        200: fileResponse("The file, in its own type", ["application/octet-stream"]),
        ...errors,
      },
    }),
    async (c) => {
      const p = c.var.principal;
      const { id, attachmentId } = c.req.valid("param");
      const row = await visibleConversation(c.var.db, p, id);
      requireConversationAccess(p, row.status);
      const file = await findAttachment(c.var.db, p.account.id, row.id, attachmentId);
      // A colleague's upload that no message carried yet is not for others to see.
      if (!file || !mayFetch(file, `operator:${p.operator.id}`)) {
        throw new HttpError(404, "attachment_not_found", "This file is not available (any more).");
      }
      const cipher = await requireConversationVault(c.env, c.var.db, p.account.id, row.id);
      await auditRead(c.var.db, p, "attachment.downloaded", row, Date.now());
      const download = await attachmentDownload(c.env, cipher, file, { inline: c.req.valid("query").inline === "1" });
      return c.body(download.body, 200, download.headers);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/socket",
      operationId: "openConversationSocket",
      security: scoped(["chats:read"]),
      tags,
      summary: "WebSocket of a conversation (wire protocol: docs/protocol.md); ?after=N replays what was missed. Requires chats read.",
      middleware: [requirePermission("chats", "read")] as const,
      request: { params: idParams, query: socketQuerySchema },
      responses: {
        101: { description: "Switching protocols" },
        ...notAnUpgrade,
        ...errors,
      },
    }),
    async (c) => {
      const p = c.var.principal;
      const row = await foundOrNull(visibleConversation(c.var.db, p, c.req.valid("param").id));
      if (!row) {
        requireUpgrade(c.req.raw);
        return erasedConversationSocket(c.req.raw);
      }
      requireConversationAccess(p, row.status);
      requireUpgrade(c.req.raw);
      // Joining shows the whole conversation (replay included): a read like any other.
      await auditRead(c.var.db, p, "chat.opened", row, Date.now());
      // What visitors see of operators is the widget's choice: alias (or name) and avatar, or no name
      // at all ("Operator"; the widget's typing line then uses its own words). The photo goes by the
      // widget's own avatar route, so visitors' browsers never contact the host it lives on.
      const widget = await findWidget(c.var.db, p.account.id, row.widgetId);
      const name = nameShownToVisitors(widget, p.operator);
      return connectToConversation(
        c.env,
        c.var.db,
        c.req.raw,
        row,
        {
          role: "operator",
          operatorId: p.operator.id,
          ...(name !== null ? { name } : {}),
          ...(widget && name !== null && p.operator.aliasAvatarUrl ? { avatarUrl: operatorAvatarPath(widget.siteKey, p.operator.id) } : {}),
          canWrite: allows(p.role.permissions.chats, "manage"),
          credential: p.credential,
        },
        c.req.valid("query").after,
        allows(p.role.permissions.transcripts, "read"),
      );
    },
  );

/** The live feed of which conversations changed, for the operators' inbox lists. */
export const inboxRoutes = apiRouter(requireOperator)
  .openapi(
    createRoute({
      method: "get",
      path: "/operators",
      operationId: "listInboxOperators",
      security: scoped(["chats:read"]),
      tags: ["Availability"],
      summary:
        "Colleagues' availability: the active operators who work in a department of the caller's (chats read or more), with their status (online, away or offline). Requires chats read.",
      middleware: [requirePermission("chats", "read")] as const,
      responses: { 200: json(z.object({ items: z.array(colleagueStatusSchema) }), "The colleagues, by name"), ...errors },
    }),
    async (c) => c.json({ items: await colleagueStatuses(c.env, c.var.db, c.var.principal) }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/departments",
      operationId: "listInboxDepartments",
      security: scoped(["chats:manage"]),
      tags: ["Inbox"],
      summary: "The account's departments, by name: where a conversation can be transferred to. Requires chats manage.",
      middleware: [requirePermission("chats", "manage")] as const,
      responses: { 200: json(z.object({ items: z.array(transferTargetSchema) }), "The departments"), ...errors },
    }),
    async (c) => {
      const departments = await listAllDepartments(c.var.db, c.var.principal.account.id);
      return c.json({ items: departments.map(({ id, name }) => ({ id, name })) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/socket",
      operationId: "openInboxSocket",
      security: scoped(["chats:read"]),
      tags: ["Inbox"],
      summary: "WebSocket announcing {type:'conversation.changed', conversationId} for the caller's departments. Requires chats read.",
      middleware: [requirePermission("chats", "read")] as const,
      responses: { 101: { description: "Switching protocols" }, ...notAnUpgrade, ...errors },
    }),
    async (c) => {
      requireUpgrade(c.req.raw);
      const p = c.var.principal;
      const subscriber: InboxSubscriber = {
        operatorId: p.operator.id,
        departmentIds: p.role.departmentIds,
        credential: p.credential,
        app: p.kind === "operator",
      };
      const inboxes = accountInboxes(c.env);
      return withMutableHeaders(
        await inboxes
          .get(inboxes.idFromName(p.account.id))
          .fetch(new Request(c.req.url, { headers: { Upgrade: "websocket", [INBOX_SUBSCRIBER_HEADER]: JSON.stringify(subscriber) } })),
      );
    },
  );
