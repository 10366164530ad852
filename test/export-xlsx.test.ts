import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { TABLE_COLUMNS } from "../src/privacy/export";
import { XLSX_HEADER } from "../src/privacy/export-xlsx";
import { accountsD1, login, seedAccount } from "./helpers";
import { exportAs } from "./helpers/export";
import { seedTranscript } from "./helpers/transcripts";

/** Bodies that CSV must neutralise; in a workbook's inline strings they are plain text as written. */
const FORMULA_LIKE = [
  "=1+1",
  "+1+1",
  "-2+3",
  "@SUM(1,1)",
  "Mallory;=1+1",
  "\u00A0=1+1",
  "\t=1+1",
  "\r=1+1",
  "=cmd|' /C calc'!A0",
  "two\r\nlines",
];

const col = (name: (typeof TABLE_COLUMNS)[number]) => XLSX.utils.encode_col(TABLE_COLUMNS.indexOf(name));
/** The spreadsheet serial number of an ISO time: days since 1899-12-30, UTC. */
const serial = (iso: string) => Date.parse(iso) / 86_400_000 + 25_569;

async function workbookBytes(options: { bodies?: string[]; rating?: number } = {}) {
  const account = await seedAccount();
  const id = await seedTranscript(account, {
    name: "Vera",
    email: "vera@example.org",
    bodies: options.bodies ?? ["Hello", "Hi"],
    createdAt: Date.UTC(2026, 2, 14, 9, 30, 15, 250),
  });
  if (options.rating !== undefined)
    await accountsD1.prepare("UPDATE conversations SET rating = ? WHERE id = ?").bind(options.rating, id).run();
  const res = await exportAs(await login(account.adminEmail), { format: "xlsx", conversationIds: [id] });
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  return { id, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
/** Every start tag of `name` in the XML (namespace prefixes aside). */
const tags = (xml: string, name: string) => xml.match(new RegExp(`<(?:\\w+:)?${name}(?=[\\s/>])[^>]*>`, "g")) ?? [];
/** The children of the first `name` element. */
const childrenOf = (xml: string, name: string, child: string) => {
  const inner = new RegExp(`<${name}[^>]*>([\\s\\S]*?)</${name}>`).exec(xml)?.[1] ?? "";
  return tags(inner, child);
};

/** Start and end tags pair up, in order: what an XML parser's "not well-formed" would catch first. */
function expectBalanced(name: string, xml: string) {
  const stack: string[] = [];
  for (const [, close, tag, selfClosing] of xml.replace(/<\?[^>]*\?>/g, "").matchAll(/<(\/?)([\w:.-]+)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (close) expect(stack.pop(), `${name}: </${tag}>`).toBe(tag);
    else stack.push(tag!);
  }
  expect(stack, name).toEqual([]);
}

describe("XLSX export", () => {
  it("types its cells: times as dates in a date format, seq and rating as numbers, text as text", async () => {
    const { id, bytes } = await workbookBytes({ rating: 4 });
    const sheet = XLSX.read(bytes, { type: "array", cellNF: true }).Sheets.Transcripts!;
    const started = sheet[`${col("started_at")}2`]!;
    expect(started.t).toBe("n");
    expect(started.z).toBe("yyyy-mm-dd hh:mm:ss");
    expect(started.v).toBeCloseTo(serial("2026-03-14T09:30:15.250Z"), 8);
    expect(started.w).toBe("2026-03-14 09:30:15");
    const sent = sheet[`${col("sent_at")}3`]!;
    expect([sent.t, sent.z]).toEqual(["n", "yyyy-mm-dd hh:mm:ss"]);
    expect(sent.v).toBeCloseTo(serial("2026-03-14T09:30:16.250Z"), 8);
    expect(sheet[`${col("ended_at")}2`]).toMatchObject({ t: "n", z: "yyyy-mm-dd hh:mm:ss" });
    expect(sheet[`${col("seq")}2`]).toMatchObject({ t: "n", v: 1 });
    expect(sheet[`${col("seq")}3`]).toMatchObject({ t: "n", v: 2 });
    expect(sheet[`${col("rating")}2`]).toMatchObject({ t: "n", v: 4 });
    expect(sheet[`${col("conversation_id")}2`]).toMatchObject({ t: "s", v: id });

    // A library that turns date-formatted numbers into dates does so.
    const dated = XLSX.read(bytes, { type: "array", cellDates: true }).Sheets.Transcripts!;
    const startedDate = dated[`${col("started_at")}2`]!;
    expect(startedDate.t).toBe("d");
    expect(Math.abs((startedDate.v as Date).getTime() - Date.UTC(2026, 2, 14, 9, 30, 15, 250))).toBeLessThan(1000);
  });

  it("keeps formula-like text exactly as written, in inline strings that never evaluate", async () => {
    const { bytes } = await workbookBytes({ bodies: FORMULA_LIKE });
    const sheet = XLSX.read(bytes, { type: "array", cellFormula: true }).Sheets.Transcripts!;
    const bodies = FORMULA_LIKE.map((_, i) => sheet[`${col("body")}${i + 2}`]!);
    expect(bodies.map((c) => c.t)).toEqual(FORMULA_LIKE.map(() => "s"));
    expect(bodies.map((c) => c.v)).toEqual(FORMULA_LIKE);
    expect(Object.values(sheet).some((cell) => typeof cell === "object" && cell !== null && "f" in cell)).toBe(false);
    // In the sheet's XML every text cell is an inline string: nothing a spreadsheet would calculate.
    const xml = decode(unzipSync(bytes)["xl/worksheets/sheet1.xml"]!);
    expect(xml).not.toMatch(/<f[\s>]/);
    expect(xml).not.toMatch(/t="(?:str|s)"/);
  });

  it("has a bold, frozen header row a person can read, column widths and a filter", async () => {
    const { bytes } = await workbookBytes();
    const sheet = XLSX.read(bytes, { type: "array", cellStyles: true }).Sheets.Transcripts!;
    expect(XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1 })[0]).toEqual(XLSX_HEADER);
    expect(XLSX_HEADER).toContain("Started (UTC)");
    const widths = sheet["!cols"]!.map((c) => c.width);
    expect(widths).toHaveLength(TABLE_COLUMNS.length);
    expect(widths[TABLE_COLUMNS.indexOf("body")]).toBeGreaterThanOrEqual(60);
    for (const [i, name] of TABLE_COLUMNS.entries()) if (name.endsWith("_at")) expect(widths[i], name).toBeGreaterThanOrEqual(19);
    expect(sheet["!autofilter"]).toEqual({ ref: `A1:${col("attachment")}3` });

    const parts = unzipSync(bytes);
    const xml = decode(parts["xl/worksheets/sheet1.xml"]!);
    const pane = tags(xml, "pane");
    expect(pane).toHaveLength(1);
    expect([attr(pane[0]!, "ySplit"), attr(pane[0]!, "topLeftCell"), attr(pane[0]!, "state")]).toEqual(["1", "A2", "frozen"]);
    // Header cells use a format whose font is bold.
    const styles = decode(parts["xl/styles.xml"]!);
    const header = tags(/<row r="1">[\s\S]*?<\/row>/.exec(xml)![0], "c");
    expect(header).toHaveLength(TABLE_COLUMNS.length);
    const xfs = childrenOf(styles, "cellXfs", "xf");
    const fonts = /<fonts[^>]*>([\s\S]*?)<\/fonts>/.exec(styles)![1]!.match(/<font>[\s\S]*?<\/font>/g)!;
    for (const cell of header) expect(fonts[Number(attr(xfs[Number(attr(cell, "s"))]!, "fontId"))]).toMatch(/<b\/>/);
  });

  it("is a complete package: every part typed and related, every style it uses defined", async () => {
    const { bytes } = await workbookBytes({ bodies: ["a < b & c > d", "ok"] });
    const parts = unzipSync(bytes);
    const names = Object.keys(parts);
    for (const name of names) expectBalanced(name, decode(parts[name]!));

    // [Content_Types].xml gives every part a type, by an override or its extension.
    const types = decode(parts["[Content_Types].xml"]!);
    const overrides = new Map(tags(types, "Override").map((t) => [attr(t, "PartName")!.slice(1), attr(t, "ContentType")]));
    const defaults = new Set(tags(types, "Default").map((t) => attr(t, "Extension")));
    for (const name of names.filter((n) => n !== "[Content_Types].xml"))
      expect(overrides.has(name) || defaults.has(name.split(".").pop()), name).toBe(true);
    for (const name of overrides.keys()) expect(names, `override for a missing part ${name}`).toContain(name);
    expect(overrides.get("xl/workbook.xml")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
    expect(overrides.get("xl/styles.xml")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml");

    // Every relationship points at a part that exists; the workbook relates its sheet and styles.
    for (const rels of names.filter((n) => n.endsWith(".rels"))) {
      const base = rels.replace(/_rels\/[^/]*\.rels$/, "");
      for (const rel of tags(decode(parts[rels]!), "Relationship"))
        expect(names, `${rels} → ${attr(rel, "Target")}`).toContain(base + attr(rel, "Target"));
    }
    const workbookRels = decode(parts["xl/_rels/workbook.xml.rels"]!);
    expect(
      tags(workbookRels, "Relationship")
        .map((r) => attr(r, "Type")!.split("/").pop())
        .sort(),
    ).toEqual(["styles", "worksheet"]);
    const workbook = decode(parts["xl/workbook.xml"]!);
    const relIds = new Set(tags(workbookRels, "Relationship").map((r) => attr(r, "Id")));
    for (const sheet of tags(workbook, "sheet")) expect(relIds.has(attr(sheet, "r:id"))).toBe(true);

    // Counts agree with the lists, and every index a cell or format uses exists.
    const styles = decode(parts["xl/styles.xml"]!);
    for (const [list, item] of [
      ["numFmts", "numFmt"],
      ["fonts", "font"],
      ["fills", "fill"],
      ["borders", "border"],
      ["cellStyleXfs", "xf"],
      ["cellXfs", "xf"],
      ["cellStyles", "cellStyle"],
    ] as const) {
      expect(Number(attr(tags(styles, list)[0]!, "count")), list).toBe(childrenOf(styles, list, item).length);
    }
    const count = (list: string, item: string) => childrenOf(styles, list, item).length;
    const customFormats = new Set(childrenOf(styles, "numFmts", "numFmt").map((f) => attr(f, "numFmtId")));
    for (const xf of childrenOf(styles, "cellXfs", "xf")) {
      expect(Number(attr(xf, "fontId"))).toBeLessThan(count("fonts", "font"));
      expect(Number(attr(xf, "fillId"))).toBeLessThan(count("fills", "fill"));
      expect(Number(attr(xf, "borderId"))).toBeLessThan(count("borders", "border"));
      expect(Number(attr(xf, "xfId"))).toBeLessThan(count("cellStyleXfs", "xf"));
      const format = Number(attr(xf, "numFmtId"));
      // Ids below 164 are built in; above, they must be defined.
      expect(format < 164 || customFormats.has(String(format)), `numFmtId ${format}`).toBe(true);
    }
    const sheetXml = decode(parts["xl/worksheets/sheet1.xml"]!);
    const used = new Set(
      tags(sheetXml, "c")
        .map((c) => attr(c, "s"))
        .filter((s) => s !== undefined)
        .map(Number),
    );
    expect(used.size).toBeGreaterThan(0);
    for (const s of used) expect(s).toBeLessThan(count("cellXfs", "xf"));
    // The filter's defined name covers the rows the sheet has.
    expect(workbook).toContain(`'Transcripts'!$A$1:$${col("attachment")}$3`);
  });
});
