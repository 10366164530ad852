import { SELF } from "cloudflare:test";
import { expect } from "vitest";
import { BASE } from "./index";

/** POST an export request (transcripts by default, or the data-subject export) as a logged-in operator. */
export async function exportAs(cookie: string, body: unknown, path = "/api/v1/conversations/export"): Promise<Response> {
  return SELF.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
    body: JSON.stringify(body),
  });
}

/** The CSV's text after checking it starts with the UTF-8 byte-order mark (Excel needs it). */
export async function csvText(res: Response): Promise<string> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder().decode(bytes.slice(3));
}

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
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") (quoted = true), (wasQuoted = true);
    else if (ch === separator) end();
    else if (ch === "\r" && text[i + 1] === "\n") end(), rows.push(row), (row = []), i++;
    else field += ch;
  }
  return rows;
}
