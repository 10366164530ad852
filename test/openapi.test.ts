import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE } from "./helpers";

describe("GET /api/v1/openapi.json", () => {
  it("describes every REST endpoint with OpenAPI 3.1", async () => {
    const res = await SELF.fetch(`${BASE}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { summary?: string; responses?: Record<string, unknown> }>>;
    };
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations).toContain("POST /conversations/export");
    // The areas the operator app works through are all described (test/access-matrix.test.ts checks each one's permissions).
    for (const operation of [
      "POST /conversations/search",
      "GET /conversations/{id}/assignees",
      "POST /settings/widgets",
      "PUT /settings/router",
      "GET /audit-log",
      "GET /analytics",
      "POST /team/roles",
      "POST /data-subject/erase",
      "GET /settings/saved-replies",
      "POST /settings/saved-replies",
      "PATCH /settings/saved-replies/{id}",
      "DELETE /settings/saved-replies/{id}",
      "GET /conversations/{id}/saved-replies",
    ]) {
      expect(operations, operation).toContain(operation);
    }
    // Each says what it does and how it can fail (the SSO callback, a browser's redirect target,
    // reports failures in the redirect it answers).
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(operation.summary, `${method} ${path}`).toBeTruthy();
        expect(
          Object.keys(operation.responses ?? {}).some((status) => status.startsWith("4")) ||
            path === "/auth/logout" ||
            path === "/auth/sso/callback",
          `${method} ${path}`,
        ).toBe(true);
      }
    }
  });
});
