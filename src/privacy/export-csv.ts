import { utf8 } from "../crypto/encoding";
import type { CsvSeparator } from "../shared/api";
import { TABLE_COLUMNS, type TableRow, type TableValue, textInChunks } from "./export-table";

// CSV that no spreadsheet runs as a formula, whatever separator it splits on. Every field is
// quoted, but a reader set to another separator than the file's (German, Italian, French or
// Spanish Excel split a ","-file on ";") or one that ignores quotes cuts a field at any ",", ";",
// tab or line break, and each piece becomes a cell of its own. So the check runs on every piece,
// not only on the start of the field (OWASP's rule), and looks past leading whitespace, which
// spreadsheets skip before they see the "=".

/**
 * Whitespace a spreadsheet may skip before a formula, without the separators themselves: Unicode
 * spaces (no-break space U+00A0 and the U+2000 block included), zero-width ones, the byte-order
 * mark, NUL, and a quote, which opens a quoted field once a reader has lost track of the file's.
 */
const SKIPPED = '[ \\f\\v\\u00A0\\u1680\\u180E\\u2000-\\u200B\\u2028\\u2029\\u202F\\u205F\\u2060\\u3000\\uFEFF\\0"]';

/** A trigger (= + - @) at the start of a piece: the value's start or right after a separator. */
const TRIGGER_IN_PIECE = new RegExp(`(?<=^|[,;\\t\\r\\n])(${SKIPPED}*)(?=[=+\\-@])`, "g");

/**
 * The value with an apostrophe before every formula trigger that could start a cell: at its start
 * or after a ",", ";", tab or line break, past leading whitespace. The apostrophe makes the cell
 * text (OWASP's advice for CSV injection); a value starting with a tab or CR gets one too, since
 * some readers trim those before they look for a formula.
 */
export function neutraliseCsvValue(value: string): string {
  const inert = value.replace(TRIGGER_IN_PIECE, "$1'");
  return /^[\t\r]/.test(inert) ? `'${inert}` : inert;
}

function csvText(value: TableValue): string {
  if (value === null) return "";
  if (value instanceof Date) return value.toISOString();
  return typeof value === "number" ? String(value) : neutraliseCsvValue(value);
}

/** Every field quoted: a separator, quote or line break in a value never moves a column. */
const csvField = (value: TableValue) => `"${csvText(value).replace(/"/g, '""')}"`;

const csvLine = (fields: TableRow, separator: CsvSeparator) => `${fields.map(csvField).join(separator)}\r\n`;

async function* lines(rows: AsyncIterable<TableRow>, separator: CsvSeparator): AsyncGenerator<string> {
  for await (const row of rows) yield csvLine(row, separator);
}

/** The rows as CSV in UTF-8, header first, streamed in large chunks. */
export async function* csv(rows: AsyncIterable<TableRow>, separator: CsvSeparator): AsyncGenerator<Uint8Array> {
  // The byte-order mark makes Excel read the file as UTF-8.
  yield utf8(`\uFEFF${csvLine(TABLE_COLUMNS, separator)}`);
  for await (const text of textInChunks(lines(rows, separator))) yield utf8(text);
}
