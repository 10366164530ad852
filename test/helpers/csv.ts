import { expect } from "vitest";

// No Workers imports: the end-to-end tests (in Node) parse downloads with it too.

/**
 * RFC 4180 parser for the checks (quoted fields, doubled quotes, CRLF), splitting on `separator`.
 * With `allQuoted`, a field that does not open with a quote fails the test.
 */
export function parseCsv(text: string, separator = ",", allQuoted = false): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let wasQuoted = false;
  const end = () => {
    if (allQuoted) expect(wasQuoted, `field ${JSON.stringify(field)} is not quoted`).toBe(true);
    row.push(field);
    field = "";
    wasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") {
      quoted = true;
      wasQuoted = true;
    } else if (ch === separator) end();
    else if (ch === "\r" && text[i + 1] === "\n") {
      end();
      rows.push(row);
      row = [];
      i++;
    } else field += ch;
  }
  return rows;
}
