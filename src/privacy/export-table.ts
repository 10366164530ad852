// The table shape that CSV and XLSX exports share: one row per message, typed values, and the
// chunking that keeps a streamed export to a few large writes.

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
  "verified_user_id",
  "rating",
  "rating_comment",
  "tags",
  "seq",
  "sent_at",
  "author_kind",
  "author_name",
  "body",
  "attachment",
] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];

/** A cell: text, a number (seq, rating), a point in time, or nothing. */
export type TableValue = string | number | Date | null;
export type TableRow = readonly TableValue[];

/**
 * Rows as text in pieces of about CHUNK_CHARS: a chunk per row made a stream of 100,000 tiny
 * writes, which cost more than everything else of an export (bench/storage.ts).
 */
export async function* textInChunks(lines: AsyncIterable<string>): AsyncGenerator<string> {
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
