import { SELF } from "cloudflare:test";
import { unzipSync } from "fflate";
import { expect } from "vitest";
import { BASE } from "./index";

export { parseCsv } from "./csv";

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
 * A data-subject export is a ZIP of the export file, the register's data-requests.json and the
 * conversations' files: its export file,
 * as a Response to read like an export of its own (json(), csvText()).
 */
export async function exportInZip(res: Response): Promise<Response> {
  expect(res.headers.get("Content-Type")).toBe("application/zip");
  const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
  const exportFile = Object.keys(entries).find((path) => !path.startsWith("files/") && path !== "data-requests.json");
  if (!exportFile) throw new Error("no export file in the ZIP");
  return new Response(entries[exportFile]);
}
