import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { auditSigningKey, exportAuditLog, exportWindow, publicKeyPem, toBase64 } from "../compliance/audit-export";
import { RECORD_CSS, renderRecordHtml } from "../compliance/record-html";
import { buildRecordOfProcessing } from "../compliance/record-of-processing";
import { recordLanguageOf } from "../compliance/record-texts";
import { requireAllDepartments, requireOperator, requirePermission } from "../middleware/auth";
import { auditAction } from "../privacy/audit";
import {
  auditExportPublicKeySchema,
  auditExportQuerySchema,
  recordOfProcessingSchema,
  recordPageQuerySchema,
} from "../shared/compliance-api";
import { apiRouter, errors, json, scoped } from "./openapi";

const tags = ["Compliance"];

/** sha-256 of the page's one stylesheet, for its Content-Security-Policy. */
const cssHash = (async () => {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(RECORD_CSS));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
})();

/**
 * The record of processing (Art. 30(1) GDPR) and the signed audit export. The record describes the
 * whole account, so it takes settings read over all departments (a partial record printed as the
 * record would mislead, and would not be one); the export takes audit-log read and carries the
 * entries the reader's role sees, as the audit log does.
 */
export const complianceRoutes = apiRouter(requireOperator)
  .openapi(
    createRoute({
      method: "get",
      path: "/record",
      operationId: "getRecordOfProcessing",
      security: scoped(["settings:read"]),
      tags,
      summary:
        "The record of processing activities (Art. 30(1) GDPR) from the live configuration: purposes, data subjects, data and retention per widget, recipients by role, processors with their locations, transfers and the measures in force; each value names its source (settings read, all departments)",
      middleware: requirePermission("settings", "read"),
      responses: { 200: json(recordOfProcessingSchema, "The record"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      requireAllDepartments(p);
      return c.json(await buildRecordOfProcessing(c.env, c.var.db, p.account.id, Date.now()), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/record.html",
      operationId: "getRecordOfProcessingPage",
      security: scoped(["settings:read"]),
      tags,
      summary:
        "The record of processing as a printable A4 page, in ?lang= (en, de, fr, es, it) or else the first of Accept-Language's (settings read, all departments)",
      middleware: requirePermission("settings", "read"),
      request: { query: recordPageQuerySchema },
      responses: {
        200: { description: "The printable page", content: { "text/html": { schema: z.string() } } },
        ...errors,
      },
    }),
    async (c) => {
      const p = c.var.principal;
      requireAllDepartments(p);
      const language = recordLanguageOf(c.req.valid("query").lang, c.req.header("Accept-Language"));
      const record = await buildRecordOfProcessing(c.env, c.var.db, p.account.id, Date.now());
      return c.body(renderRecordHtml(record, language), 200, {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": `default-src 'none'; style-src 'sha256-${await cssHash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
        "Cache-Control": "no-store",
      });
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/audit-export",
      operationId: "exportAuditLog",
      security: scoped(["audit_log:read"]),
      tags,
      summary: `The audit entries of a window of days (UTC, to inclusive, at most 366 days and 100,000 entries) as a signed JSON Lines file: a header line, one entry per line oldest first, and a last line with an Ed25519 signature over every byte before it; verify with the account's public key (npm run audit:verify). Audited (audit log read; a role limited to departments gets their entries)`,
      middleware: requirePermission("auditLog", "read"),
      request: { query: auditExportQuerySchema },
      responses: {
        200: { description: "The signed JSON Lines file", content: { "text/plain": { schema: z.string() } } },
        ...errors,
      },
    }),
    async (c) => {
      const p = c.var.principal;
      const { from, to } = c.req.valid("query");
      const now = Date.now();
      const window = exportWindow(from, to, now);
      const key = await auditSigningKey(c.env.TOKEN_SIGNING_KEY, p.account.id);
      const file = await exportAuditLog(c.var.db, key, { accountId: p.account.id, departmentIds: p.role.departmentIds }, window, now);
      // After the file is built, so the export's own entry is in the next window's file, not this one.
      await auditAction(c.var.db, p, { action: "audit_log.exported", targetType: "audit_log", count: file.entries, now });
      // Served as text: JSON Lines has no registered media type, and the signature covers the bytes, not a parse of them.
      return c.text(file.body, 200, {
        "Content-Disposition": `attachment; filename="confide-audit-${from}-to-${to}.jsonl"`,
        "Cache-Control": "no-store",
      });
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/audit-export/public-key",
      operationId: "getAuditExportPublicKey",
      security: scoped(["audit_log:read"]),
      tags,
      summary: "The account's Ed25519 public key that verifies its signed audit exports; keep a copy apart from the files (audit log read)",
      middleware: requirePermission("auditLog", "read"),
      responses: { 200: json(auditExportPublicKeySchema, "The public key"), ...errors },
    }),
    async (c) => {
      const key = await auditSigningKey(c.env.TOKEN_SIGNING_KEY, c.var.principal.account.id);
      return c.json(
        { algorithm: "Ed25519" as const, keyId: key.keyId, publicKey: toBase64(key.publicKey), publicKeyPem: publicKeyPem(key.publicKey) },
        200,
      );
    },
  );
