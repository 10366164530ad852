import { eq } from "drizzle-orm";
import { Zip, ZipDeflate } from "fflate";
import { loadKeyRing, openDataKey, type ConversationCipher } from "../crypto/key-ring";
import { utf8 } from "../crypto/encoding";
import type { Db } from "../db/client";
import { findWrappedKeys, messagesOfConversations, type SealedMessageRow } from "../db/conversations";
import { departments, widgets } from "../db/schema";
import { tagsOf, type ConversationRow } from "../db/search";
import { visitorDetails } from "../conversation/service";
import type { ExportFormat, VisitorDetails } from "../shared/api";

// Transcript export as CSV (RFC 4180), XLSX (Office Open XML) or JSON (Art. 20 portability).
// Everything streams: one page of conversations and one page of messages at a time, so memory
// stays bounded however much is exported. CSV and XLSX cells that a spreadsheet could read as a
// formula are neutralised.

const MESSAGE_PAGE = 500;

interface ExportContext {
  accountId: string;
  widgetNames: Map<string, string>;
  departmentNames: Map<string, string>;
  /** Data-subject exports: everything held, the visit (IP, browser, referrer, country, pages) included. */
  includeVisit: boolean;
}

/** One exported conversation: its metadata decrypted; messages come in pages. */
interface ExportedConversation {
  id: string;
  startedAt: string;
  endedAt: string | null;
  status: string;
  widget: string;
  department: string;
  language: string;
  visitorName: string;
  visitorEmail: string;
  rating: number | null;
  tags: string[];
  /** Only in data-subject exports; in JSON (the tables have a row per message). */
  visit?: VisitorDetails;
}

interface ExportedMessage {
  seq: number;
  sentAt: string;
  authorKind: string;
  authorName: string;
  body: string;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * Conversations with their messages decrypted, a page at a time. Per page of conversations the
 * data keys, tags and messages come in a few batched queries (messages by a keyset over
 * (conversation, seq), MESSAGE_PAGE at a time), so a large export stays within a Worker
 * invocation's query limits and memory holds one page of messages.
 */
async function* readConversations(
  env: Env,
  db: Db,
  ctx: ExportContext,
  pages: AsyncIterable<ConversationRow[]>,
): AsyncGenerator<{ conversation: ExportedConversation; messages: AsyncGenerator<ExportedMessage> }> {
  const ring = await loadKeyRing(env.KEY_RING);
  for await (const unordered of pages) {
    // Within a page, conversations go in id order: the order of the message keyset.
    const page = [...unordered].sort((a, b) => (a.id < b.id ? -1 : 1));
    const ids = page.map((c) => c.id);
    const [tags, keys] = await Promise.all([tagsOf(db, ctx.accountId, ids), findWrappedKeys(db, ctx.accountId, ids)]);
    const cursor = new MessageCursor(db, ctx.accountId, ids);
    for (const row of page) {
      const wrapped = keys.get(row.id);
      if (!wrapped) continue; // erased meanwhile
      const cipher = await openDataKey(ring, wrapped, row.accountId, row.id);
      const visitorName = row.visitorNameEnc ? await cipher.decrypt("visitor.name", row.visitorNameEnc) : "";
      yield {
        conversation: {
          id: row.id,
          startedAt: iso(row.createdAt)!,
          endedAt: iso(row.closedAt),
          status: row.status,
          widget: ctx.widgetNames.get(row.widgetId) ?? row.widgetId,
          department: ctx.departmentNames.get(row.departmentId) ?? row.departmentId,
          language: row.language ?? "",
          visitorName,
          visitorEmail: row.visitorEmailEnc ? await cipher.decrypt("visitor.email", row.visitorEmailEnc) : "",
          rating: row.rating,
          tags: tags.get(row.id) ?? [],
          ...(ctx.includeVisit ? { visit: await visitorDetails(env, db, row) } : {}),
        },
        messages: readMessages(cursor, cipher, row.id, visitorName || "Visitor"),
      };
    }
  }
}

/** Walks the messages of a set of conversations in (conversation, seq) order, a batch at a time. */
class MessageCursor {
  private buffer: SealedMessageRow[] = [];
  private after: { conversationId: string; seq: number } | null = null;
  private done = false;

  constructor(
    private readonly db: Db,
    private readonly accountId: string,
    private readonly ids: string[],
  ) {}

  /** The next message, without taking it; null at the end. */
  async peek(): Promise<SealedMessageRow | null> {
    if (this.buffer.length === 0 && !this.done) {
      this.buffer = await messagesOfConversations(this.db, this.accountId, this.ids, this.after, MESSAGE_PAGE);
      this.done = this.buffer.length < MESSAGE_PAGE;
      const last = this.buffer.at(-1);
      if (last) this.after = { conversationId: last.conversationId, seq: last.seq };
    }
    return this.buffer[0] ?? null;
  }

  take(): SealedMessageRow {
    return this.buffer.shift()!;
  }
}

async function* readMessages(cursor: MessageCursor, cipher: ConversationCipher, conversationId: string, visitorName: string): AsyncGenerator<ExportedMessage> {
  // Messages of conversations skipped before this one (erased meanwhile) are passed over.
  for (let next = await cursor.peek(); next && next.conversationId <= conversationId; next = await cursor.peek()) {
    const m = cursor.take();
    if (m.conversationId !== conversationId) continue;
    yield {
      seq: m.seq,
      sentAt: iso(m.createdAt)!,
      authorKind: m.authorKind,
      authorName: m.authorKind === "visitor" ? visitorName : m.authorKind === "system" ? "Confide" : (m.authorName ?? "Operator"),
      body: await cipher.decryptMessage(m),
    };
  }
}

export const TABLE_COLUMNS = [
  "conversation_id",
  "started_at",
  "ended_at",
  "status",
  "widget",
  "department",
  "language",
  "visitor_name",
  "visitor_email",
  "rating",
  "tags",
  "seq",
  "sent_at",
  "author_kind",
  "author_name",
  "body",
] as const;

/** One row per message (a conversation without messages still gets one row). */
async function* tableRows(conversations: ReturnType<typeof readConversations>): AsyncGenerator<string[]> {
  for await (const { conversation: c, messages } of conversations) {
    const head = [c.id, c.startedAt, c.endedAt ?? "", c.status, c.widget, c.department, c.language, c.visitorName, c.visitorEmail, c.rating?.toString() ?? "", c.tags.join(", ")];
    let any = false;
    for await (const m of messages) {
      any = true;
      yield [...head, String(m.seq), m.sentAt, m.authorKind, m.authorName, m.body];
    }
    if (!any) yield [...head, "", "", "", "", ""];
  }
}

/**
 * A cell a spreadsheet would take for a formula (or DDE) gets a leading apostrophe, which makes it
 * text: OWASP's advice for CSV injection, applied to XLSX cells as well.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r\0]/.test(value) ? `'${value}` : value;
}

function csvField(value: string): string {
  const safe = neutraliseCell(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csvLine = (fields: readonly string[]) => `${fields.map(csvField).join(",")}\r\n`;

/**
 * Rows as text in pieces of about CHUNK_CHARS: a chunk per row made a stream of 100,000 tiny
 * writes, which cost more than everything else of an export (bench/storage.ts).
 */
async function* textInChunks(lines: AsyncGenerator<string>): AsyncGenerator<string> {
  let buffer = "";
  for await (const line of lines) {
    buffer += line;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = "";
    }
  }
  if (buffer) yield buffer;
}
const CHUNK_CHARS = 64 * 1024;

async function* csv(rows: AsyncGenerator<string[]>): AsyncGenerator<Uint8Array> {
  // The byte-order mark makes Excel read the file as UTF-8.
  yield utf8(`\uFEFF${csvLine(TABLE_COLUMNS)}`);
  for await (const text of textInChunks(mapRows(rows, csvLine))) yield utf8(text);
}

async function* mapRows(rows: AsyncGenerator<string[]>, format: (row: string[], index: number) => string): AsyncGenerator<string> {
  let index = 0;
  for await (const row of rows) yield format(row, index++);
}

async function* json(conversations: ReturnType<typeof readConversations>, exportedAt: string): AsyncGenerator<Uint8Array> {
  for await (const text of textInChunks(jsonText(conversations, exportedAt))) yield utf8(text);
}

async function* jsonText(conversations: ReturnType<typeof readConversations>, exportedAt: string): AsyncGenerator<string> {
  yield `{"format":"confide-transcripts","version":1,"exportedAt":${JSON.stringify(exportedAt)},"conversations":[`;
  let first = true;
  for await (const { conversation, messages } of conversations) {
    const head = JSON.stringify(conversation);
    yield `${first ? "" : ","}${head.slice(0, -1)},"messages":[`;
    first = false;
    let firstMessage = true;
    for await (const m of messages) {
      yield `${firstMessage ? "" : ","}${JSON.stringify(m)}`;
      firstMessage = false;
    }
    yield "]}";
  }
  yield "]}";
}

/** XML 1.0 cannot carry most control characters; they become U+FFFD. */
const xmlText = (value: string): string =>
  value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");

function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Inline strings only, never formulas; values are neutralised as in CSV all the same. */
function xlsxRow(index: number, values: readonly string[]): string {
  const cells = values.map((v, i) => `<c r="${columnName(i)}${index}" t="inlineStr"><is><t xml:space="preserve">${xmlText(neutraliseCell(v))}</t></is></c>`);
  return `<row r="${index}">${cells.join("")}</row>`;
}

const XLSX_PARTS: Record<string, string> = {
  "[Content_Types].xml":
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  "_rels/.rels":
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  "xl/workbook.xml":
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Transcripts" sheetId="1" r:id="rId1"/></sheets></workbook>',
  "xl/_rels/workbook.xml.rels":
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
};

async function* xlsx(rows: AsyncGenerator<string[]>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else out.push(chunk);
  });
  const drain = function* () {
    if (failure) throw failure;
    while (out.length > 0) yield out.shift()!;
  };
  for (const [name, content] of Object.entries(XLSX_PARTS)) {
    const part = new ZipDeflate(name, { level: 6 });
    zip.add(part);
    part.push(utf8(content), true);
  }
  const sheet = new ZipDeflate("xl/worksheets/sheet1.xml", { level: 6 });
  zip.add(sheet);
  sheet.push(utf8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${xlsxRow(1, TABLE_COLUMNS)}`));
  yield* drain();
  // Row 1 is the header; data rows start at 2.
  for await (const text of textInChunks(mapRows(rows, (row, i) => xlsxRow(i + 2, row)))) {
    sheet.push(utf8(text));
    yield* drain();
  }
  sheet.push(utf8("</sheetData></worksheet>"), true);
  zip.end();
  yield* drain();
}

const EXPORT_TYPES: Record<ExportFormat, { contentType: string; extension: string }> = {
  csv: { contentType: "text/csv; charset=utf-8", extension: "csv" },
  xlsx: { contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extension: "xlsx" },
  json: { contentType: "application/json; charset=utf-8", extension: "json" },
};

/** Names of the account's widgets and departments, for readable exports. */
async function exportContext(db: Db, accountId: string, includeVisit: boolean): Promise<ExportContext> {
  const [widgetRows, departmentRows] = await Promise.all([
    db.select({ id: widgets.id, name: widgets.name }).from(widgets).where(eq(widgets.accountId, accountId)),
    db.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.accountId, accountId)),
  ]);
  return {
    accountId,
    includeVisit,
    widgetNames: new Map(widgetRows.map((w) => [w.id, w.name])),
    departmentNames: new Map(departmentRows.map((d) => [d.id, d.name])),
  };
}

/** The export as a download: streamed, never cached, named after what it holds and when. */
export async function exportResponse(
  env: Env,
  db: Db,
  accountId: string,
  pages: AsyncIterable<ConversationRow[]>,
  format: ExportFormat,
  filenamePrefix: string,
  now: number,
  options: { includeVisit?: boolean } = {},
): Promise<Response> {
  const type = EXPORT_TYPES[format];
  return new Response(exportStream(env, db, await exportContext(db, accountId, options.includeVisit ?? false), pages, format, now), {
    headers: {
      "Content-Type": type.contentType,
      "Content-Disposition": `attachment; filename="${filenamePrefix}-${new Date(now).toISOString().slice(0, 10)}.${type.extension}"`,
      "Cache-Control": "no-store",
    },
  });
}

/** The export as a byte stream that reads D1 only as fast as the client takes it. */
function exportStream(env: Env, db: Db, ctx: ExportContext, pages: AsyncIterable<ConversationRow[]>, format: ExportFormat, now: number): ReadableStream<Uint8Array> {
  const conversations = readConversations(env, db, ctx, pages);
  const chunks = format === "json" ? json(conversations, new Date(now).toISOString()) : format === "csv" ? csv(tableRows(conversations)) : xlsx(tableRows(conversations));
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
