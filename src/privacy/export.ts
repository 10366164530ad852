import { eq } from "drizzle-orm";
import { conversationFile } from "../attachments/download";
import { openAttachment } from "../attachments/sealed-attachment";
import { exportedConsent } from "../consent/archive";
import { conversationVaults, openConversationVault } from "../conversation/vault";
import { visitorDetails } from "../conversation/visitor-details";
import { utf8 } from "../crypto/encoding";
import type { ConversationCipher } from "../crypto/key-ring";
import type { Db } from "../db/client";
import { messagesOfConversations, type SealedMessageRow } from "../db/conversations";
import { departments, widgets } from "../db/schema";
import type { ConversationRow } from "../db/search";
import { tagsOf } from "../db/tags";
import { type UndeliveredEmail, undeliveredEmailsOf } from "../email/outbox";
import type { CsvSeparator, ExportFormat, VisitorDetails } from "../shared/api";
import type { AttachmentInfo } from "../shared/attachments";
import { csv } from "./export-csv";
import { type TableRow, textInChunks } from "./export-table";
import { xlsx } from "./export-xlsx";
import { byteStream, streamChunks, type ZipEntry, zipEntries } from "./export-zip";

export { TABLE_COLUMNS } from "./export-table";

// Transcript export as CSV (RFC 4180, export-csv.ts), XLSX (Office Open XML, export-xlsx.ts) or
// JSON (Art. 20 portability). Everything streams: one page of conversations and one page of
// messages at a time, so memory stays bounded however much is exported.

const MESSAGE_PAGE = 500;

interface ExportContext {
  accountId: string;
  /** A ZIP export: the files its messages carry, gathered as they pass, to follow the transcripts. Null: names only. */
  files: FileInZip[] | null;
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
  /** A verified visitor's id on the customer's site; "" when unverified. */
  verifiedUserId: string;
  /** "chat": started live; "offline": a message left while nobody could answer. JSON only. */
  origin: "chat" | "offline";
  rating: number | null;
  /** The visitor's comment with the rating, decrypted; "" without one. */
  ratingComment: string;
  tags: string[];
  /** Only in data-subject exports; in JSON (the tables have a row per message). */
  visit?: VisitorDetails;
  /** Only in data-subject exports: emails of the conversation not sent yet (pending or failed). */
  undeliveredEmails?: UndeliveredEmail[];
  /** Only in data-subject exports: what the visitor consented to, and whether they asked for replies by email. */
  consent?: Awaited<ReturnType<typeof exportedConsent>>;
}

interface ExportedMessage {
  seq: number;
  sentAt: string;
  authorKind: string;
  authorName: string;
  body: string;
  /** The file the message carries; `file` is its path inside a ZIP export. */
  attachment?: AttachmentInfo & { file?: string };
}

/** A file to add to a ZIP export after the transcripts. */
interface FileInZip {
  conversationId: string;
  attachmentId: string;
  path: string;
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
  for await (const unordered of pages) {
    // Within a page, conversations go in id order: the order of the message keyset.
    const page = [...unordered].sort((a, b) => (a.id < b.id ? -1 : 1));
    const ids = page.map((c) => c.id);
    const [tags, vaultOf] = await Promise.all([tagsOf(db, ctx.accountId, ids), conversationVaults(env, db, ctx.accountId, ids)]);
    const cursor = new MessageCursor(db, ctx.accountId, ids);
    for (const row of page) {
      const cipher = await vaultOf(row.id);
      if (!cipher) continue; // erased meanwhile
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
          verifiedUserId: row.verifiedUserEnc ? await cipher.decrypt("visitor.verified_user", row.verifiedUserEnc) : "",
          origin: row.origin,
          rating: row.rating,
          ratingComment: row.ratingCommentEnc ? await cipher.decrypt("conversation.rating_comment", row.ratingCommentEnc) : "",
          tags: tags.get(row.id) ?? [],
          ...(ctx.includeVisit
            ? {
                visit: await visitorDetails(env, db, row),
                undeliveredEmails: await undeliveredEmailsOf(db, cipher, ctx.accountId, row.id),
                // With the words agreed to, from the consent text archive (Art. 7(1), 15).
                consent: await exportedConsent(db, ctx.accountId, row.id),
              }
            : {}),
        },
        messages: readMessages(cursor, cipher, row.id, visitorName || "Visitor", ctx.files),
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

async function* readMessages(
  cursor: MessageCursor,
  cipher: ConversationCipher,
  conversationId: string,
  visitorName: string,
  files: FileInZip[] | null,
): AsyncGenerator<ExportedMessage> {
  // Messages of conversations skipped before this one (erased meanwhile) are passed over.
  for (let next = await cursor.peek(); next && next.conversationId <= conversationId; next = await cursor.peek()) {
    const m = cursor.take();
    if (m.conversationId !== conversationId) continue;
    const attachment = await openAttachment(cipher, m.attachment);
    const file = attachment && files ? `files/${conversationId}/${m.seq}-${attachment.name}` : undefined;
    if (attachment && file) files?.push({ conversationId, attachmentId: attachment.id, path: file });
    yield {
      seq: m.seq,
      sentAt: iso(m.createdAt)!,
      authorKind: m.authorKind,
      authorName: m.authorKind === "visitor" ? visitorName : m.authorKind === "system" ? "Confide" : (m.authorName ?? "Operator"),
      body: await cipher.decryptMessage(m),
      ...(attachment ? { attachment: file ? { ...attachment, file } : attachment } : {}),
    };
  }
}

/** One row per message (a conversation without messages still gets one row), typed for XLSX. */
async function* tableRows(conversations: ReturnType<typeof readConversations>): AsyncGenerator<TableRow> {
  for await (const { conversation: c, messages } of conversations) {
    const head = [
      c.id,
      new Date(c.startedAt),
      c.endedAt === null ? null : new Date(c.endedAt),
      c.status,
      c.widget,
      c.department,
      c.language,
      c.visitorName,
      c.visitorEmail,
      c.verifiedUserId,
      c.rating,
      c.ratingComment,
      c.tags.join(", "),
    ];
    let any = false;
    for await (const m of messages) {
      any = true;
      yield [...head, m.seq, new Date(m.sentAt), m.authorKind, m.authorName, m.body, m.attachment?.file ?? m.attachment?.name ?? null];
    }
    if (!any) yield [...head, null, null, null, null, null, null];
  }
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

const EXPORT_TYPES: Record<ExportFormat, { contentType: string; extension: string }> = {
  csv: { contentType: "text/csv; charset=utf-8", extension: "csv" },
  xlsx: { contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extension: "xlsx" },
  json: { contentType: "application/json; charset=utf-8", extension: "json" },
};

/** What an export can answer, for the API document: each format's media type, or a ZIP with the sent files. */
export const exportMediaTypes = [...Object.values(EXPORT_TYPES).map((type) => type.contentType.split(";")[0]!), "application/zip"];

/** Names of the account's widgets and departments, for readable exports. */
async function exportContext(db: Db, accountId: string, includeVisit: boolean, withFiles: boolean): Promise<ExportContext> {
  const [widgetRows, departmentRows] = await Promise.all([
    db.select({ id: widgets.id, name: widgets.name }).from(widgets).where(eq(widgets.accountId, accountId)),
    db.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.accountId, accountId)),
  ]);
  return {
    accountId,
    files: withFiles ? [] : null,
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
  options: {
    includeVisit?: boolean;
    separator?: CsvSeparator;
    files?: boolean;
    /** More text files for the ZIP (with `files` only), after the export and before the conversations' files. */
    texts?: { path: string; text: string }[];
  } = {},
): Promise<Response> {
  const type = EXPORT_TYPES[format];
  const ctx = await exportContext(db, accountId, options.includeVisit ?? false, options.files ?? false);
  const name = `${filenamePrefix}-${new Date(now).toISOString().slice(0, 10)}`;
  const table = exportChunks(env, db, ctx, pages, format, options.separator ?? ",", now);
  if (ctx.files) {
    // The transcripts first (which gathers the files' paths as its messages pass), then each file.
    const files = ctx.files;
    const entries = async function* (): AsyncGenerator<ZipEntry> {
      yield { path: `${name}.${type.extension}`, compress: true, chunks: table };
      for (const { path, text } of options.texts ?? []) yield { path, compress: true, chunks: textChunks(text) };
      yield* filesInZip(env, db, accountId, files);
    };
    return new Response(byteStream(zipEntries(entries())), {
      headers: {
        "Content-Type": "application/zip",
        "Content-Disposition": `attachment; filename="${name}.zip"`,
        "Cache-Control": "no-store",
      },
    });
  }
  return new Response(byteStream(table), {
    headers: {
      "Content-Type": type.contentType,
      "Content-Disposition": `attachment; filename="${name}.${type.extension}"`,
      "Cache-Control": "no-store",
    },
  });
}

async function* textChunks(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

/** Each gathered file, decrypted as it streams into the archive; one erased meanwhile is left out. */
async function* filesInZip(env: Env, db: Db, accountId: string, files: FileInZip[]): AsyncGenerator<ZipEntry> {
  // Files come in conversation order: each conversation's key is opened once.
  let openedFor: string | null = null;
  let cipher: ConversationCipher | null = null;
  for (const file of files) {
    if (openedFor !== file.conversationId) {
      openedFor = file.conversationId;
      cipher = await openConversationVault(env, db, accountId, file.conversationId);
    }
    const plaintext = cipher ? await conversationFile(env, db, cipher, file.attachmentId) : null;
    if (plaintext) yield { path: file.path, compress: false, chunks: streamChunks(plaintext) };
  }
}

/** The export's chunks, read from D1 only as fast as they are taken. */
function exportChunks(
  env: Env,
  db: Db,
  ctx: ExportContext,
  pages: AsyncIterable<ConversationRow[]>,
  format: ExportFormat,
  separator: CsvSeparator,
  now: number,
): AsyncGenerator<Uint8Array> {
  const conversations = readConversations(env, db, ctx, pages);
  return format === "json"
    ? json(conversations, new Date(now).toISOString())
    : format === "csv"
      ? csv(tableRows(conversations), separator)
      : xlsx(tableRows(conversations), new Date(now));
}
