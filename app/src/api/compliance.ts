import type { AuditExportPublicKey, RecordOfProcessing } from "../types";
import { readJson, send, withQuery } from "./http";

/** The printable record of processing: a page the worker renders, opened in its own tab. */
export const recordPageUrl = (language: string): string => withQuery("/api/v1/compliance/record.html", { lang: language });

/** The record of processing and the signed audit export (src/routes/compliance.ts). */
export const complianceApi = {
  async record(): Promise<RecordOfProcessing> {
    return readJson<RecordOfProcessing>(await send("/compliance/record"));
  },
  /** The signed JSON Lines file of the audit entries from `from` to `to` (days, `to` included). */
  auditExport(window: { from: string; to: string }, signal: AbortSignal): Promise<Response> {
    return send(withQuery("/compliance/audit-export", window), { accept: "text/plain", signal });
  },
  async publicKey(): Promise<AuditExportPublicKey> {
    return readJson<AuditExportPublicKey>(await send("/compliance/audit-export/public-key"));
  },
};
