import { ZipDeflate } from "fflate";
import { utf8 } from "../crypto/encoding";
import { TABLE_COLUMNS, type TableColumn, type TableRow, type TableValue, textInChunks } from "./export-table";
import { zipStream } from "./export-zip";

// Transcripts as an Office Open XML workbook, streamed: the sheet's rows go into the zip as they
// are read. Cells are typed (dates as dates, seq and rating as numbers) and text goes in inline
// strings, which a spreadsheet never evaluates: a body "=1+1" stays "=1+1", no apostrophe needed.

const SHEET_NAME = "Transcripts";

/** What a person sees at the top of each column, and how wide it is (in characters). */
const COLUMNS: Record<TableColumn, { label: string; width: number }> = {
  conversation_id: { label: "Conversation", width: 20 },
  started_at: { label: "Started (UTC)", width: 20 },
  ended_at: { label: "Ended (UTC)", width: 20 },
  status: { label: "Status", width: 10 },
  widget: { label: "Widget", width: 20 },
  department: { label: "Department", width: 18 },
  language: { label: "Language", width: 10 },
  visitor_name: { label: "Visitor name", width: 22 },
  visitor_email: { label: "Visitor email", width: 28 },
  verified_user_id: { label: "Verified user id", width: 24 },
  rating: { label: "Rating", width: 8 },
  rating_comment: { label: "Rating comment", width: 40 },
  tags: { label: "Tags", width: 20 },
  seq: { label: "No.", width: 7 },
  sent_at: { label: "Sent (UTC)", width: 20 },
  author_kind: { label: "Author kind", width: 12 },
  author_name: { label: "Author", width: 20 },
  body: { label: "Message", width: 80 },
  attachment: { label: "File", width: 30 },
};
export const XLSX_HEADER = TABLE_COLUMNS.map((c) => COLUMNS[c].label);

/** Cell formats, indexes into styles.xml's cellXfs. */
const STYLE = { header: 1, date: 2 } as const;
const DATE_FORMAT = "yyyy-mm-dd hh:mm:ss";

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";

/** XML 1.0 cannot carry most control characters; they become U+FFFD. A CR is kept as a reference, which XML would otherwise turn into a line feed. */
const xmlText = (value: string): string =>
  value
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are what the line removes.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r/g, "&#13;");

function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
const LAST_COLUMN = columnName(TABLE_COLUMNS.length - 1);

/** Spreadsheet serial date: days since 1899-12-30 (what the 1900 date system counts from), in UTC. */
const serialDate = (date: Date): number => date.getTime() / 86_400_000 + 25_569;

const textCell = (ref: string, text: string, style?: number) =>
  `<c r="${ref}"${style ? ` s="${style}"` : ""} t="inlineStr"><is><t xml:space="preserve">${xmlText(text)}</t></is></c>`;

function cell(ref: string, value: TableValue): string {
  if (value === null || value === "") return "";
  if (value instanceof Date) return `<c r="${ref}" s="${STYLE.date}"><v>${serialDate(value)}</v></c>`;
  if (typeof value === "number") return `<c r="${ref}"><v>${value}</v></c>`;
  return textCell(ref, value);
}

const row = (index: number, values: TableRow) =>
  `<row r="${index}">${values.map((v, i) => cell(`${columnName(i)}${index}`, v)).join("")}</row>`;

const headerRow = `<row r="1">${XLSX_HEADER.map((label, i) => textCell(`${columnName(i)}1`, label, STYLE.header)).join("")}</row>`;

/** Header frozen in place, fixed column widths: both must come before the rows in the sheet. */
const SHEET_START =
  `${XML}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
  '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
  '<sheetFormatPr defaultRowHeight="15"/>' +
  `<cols>${TABLE_COLUMNS.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${COLUMNS[c].width}" customWidth="1"/>`).join("")}</cols>` +
  `<sheetData>${headerRow}`;

/** A filter on the header, over every row: it comes after the rows, so their number is known by then. */
const sheetEnd = (lastRow: number) => `</sheetData><autoFilter ref="A1:${LAST_COLUMN}${lastRow}"/></worksheet>`;

const STYLES =
  `${XML}<styleSheet xmlns="${MAIN_NS}">` +
  `<numFmts count="1"><numFmt numFmtId="164" formatCode="${DATE_FORMAT}"/></numFmts>` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
  "</styleSheet>";

const CONTENT_TYPES =
  `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
  '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
  "</Types>";

const ROOT_RELS =
  `${XML}<Relationships xmlns="${PACKAGE_REL_NS}">` +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>' +
  "</Relationships>";

const WORKBOOK_RELS =
  `${XML}<Relationships xmlns="${PACKAGE_REL_NS}">` +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
  "</Relationships>";

/** The workbook names the filter's range (as spreadsheets write it themselves), so it is written last. */
const workbook = (lastRow: number) =>
  `${XML}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews>` +
  `<sheets><sheet name="${SHEET_NAME}" sheetId="1" r:id="rId1"/></sheets>` +
  `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'${SHEET_NAME}'!$A$1:$${LAST_COLUMN}$${lastRow}</definedName></definedNames>` +
  "</workbook>";

const coreProperties = (createdAt: string) =>
  `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
  `<dc:title>Confide transcripts</dc:title><dcterms:created xsi:type="dcterms:W3CDTF">${createdAt}</dcterms:created></cp:coreProperties>`;

const APP_PROPERTIES = `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Confide</Application></Properties>`;

/** The rows as a workbook, zipped as they come: memory holds a chunk of rows, not the sheet. */
export async function* xlsx(rows: AsyncIterable<TableRow>, exportedAt: Date): AsyncGenerator<Uint8Array> {
  const { zip, drain } = zipStream();
  const add = (name: string, content: string) => {
    const part = new ZipDeflate(name, { level: 6 });
    zip.add(part);
    part.push(utf8(content), true);
  };
  add("[Content_Types].xml", CONTENT_TYPES);
  add("_rels/.rels", ROOT_RELS);
  add("docProps/core.xml", coreProperties(exportedAt.toISOString().replace(/\.\d{3}Z$/, "Z")));
  add("docProps/app.xml", APP_PROPERTIES);
  add("xl/_rels/workbook.xml.rels", WORKBOOK_RELS);
  add("xl/styles.xml", STYLES);
  const sheet = new ZipDeflate("xl/worksheets/sheet1.xml", { level: 6 });
  zip.add(sheet);
  sheet.push(utf8(SHEET_START));
  yield* drain();
  // Row 1 is the header; data rows start at 2.
  let lastRow = 1;
  async function* sheetRows() {
    for await (const values of rows) yield row(++lastRow, values);
  }
  for await (const text of textInChunks(sheetRows())) {
    sheet.push(utf8(text));
    yield* drain();
  }
  sheet.push(utf8(sheetEnd(lastRow)), true);
  add("xl/workbook.xml", workbook(lastRow));
  zip.end();
  yield* drain();
}
