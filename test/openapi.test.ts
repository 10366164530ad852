import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE } from "./helpers";

describe("GET /api/v1/openapi.json", () => {
  it("describes every REST endpoint with OpenAPI 3.1", async () => {
    const res = await SELF.fetch(`${BASE}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    console.log(operations.join("\n"));
    expect(operations).toContain("POST /conversations/export");
  });
});
