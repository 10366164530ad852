import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../src/middleware/auth";
import { apiTokenScopes } from "../src/shared/api-tokens";
import { BASE, login, seedAccount } from "./helpers";
import { call, createToken, errorCode } from "./helpers/api-tokens";

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  responses?: Record<string, unknown>;
}

interface Document {
  openapi: string;
  servers?: { url: string }[];
  security?: Record<string, string[]>[];
  tags?: { name: string; description?: string }[];
  components?: { securitySchemes?: Record<string, { type: string; in?: string; name?: string; scheme?: string; description?: string }> };
  paths: Record<string, Record<string, Operation>>;
}

async function fetchDocument(): Promise<Document> {
  const res = await SELF.fetch(`${BASE}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  return (await res.json()) as Document;
}

const operationsOf = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
  );

describe("GET /api/v1/openapi.json", () => {
  it("describes every REST endpoint with OpenAPI 3.1", async () => {
    const doc = await fetchDocument();
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

  // Client generators name their methods after operationIds, and Postman its requests: each is
  // stable, unique and camelCase (verb and noun), so renaming one is a visible API change.
  it("names every operation with a unique camelCase operationId", async () => {
    const operations = operationsOf(await fetchDocument());
    const missing = operations.filter(({ operation }) => !operation.operationId).map(({ name }) => name);
    expect(missing).toEqual([]);
    const badlyNamed = operations.filter(({ operation }) => !/^[a-z]+[A-Z][A-Za-z0-9]*$/.test(operation.operationId ?? ""));
    expect(badlyNamed.map(({ name, operation }) => `${name}: ${operation.operationId}`)).toEqual([]);
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it("declares the session cookie and the bearer token, with every token scope", async () => {
    const doc = await fetchDocument();
    const schemes = doc.components?.securitySchemes ?? {};
    expect(schemes.sessionCookie).toMatchObject({ type: "apiKey", in: "cookie", name: SESSION_COOKIE });
    expect(schemes.sessionCookie?.description).toContain("Origin");
    expect(schemes.bearerToken).toMatchObject({ type: "http", scheme: "bearer" });
    for (const scope of apiTokenScopes) expect(schemes.bearerToken?.description).toContain(`\`${scope}\``);
    // The token first: importers that take one scheme (Postman) take the first.
    expect(doc.security).toEqual([{ bearerToken: [] }, { sessionCookie: [] }]);
    // The server is this deployment's API (PUBLIC_ORIGIN, else the address asked), so imports call it.
    // Asked under another host name (a workers.dev address), it still names the public one.
    const elsewhere = (await (await SELF.fetch("https://confide.example.workers.dev/api/v1/openapi.json")).json()) as Document;
    for (const served of [doc, elsewhere]) expect(served.servers).toEqual([{ url: `${BASE}/api/v1`, description: "This deployment" }]);
  });

  it("lets each operation name only declared schemes and real scopes", async () => {
    const doc = await fetchDocument();
    const schemes = Object.keys(doc.components?.securitySchemes ?? {});
    for (const { name, operation } of operationsOf(doc)) {
      for (const requirement of operation.security ?? []) {
        for (const [scheme, scopes] of Object.entries(requirement)) {
          expect(schemes, name).toContain(scheme);
          if (scheme === "sessionCookie") expect(scopes, name).toEqual([]);
          for (const scope of scopes) expect(apiTokenScopes, `${name}: ${scope}`).toContain(scope);
        }
      }
    }
    const security = (method: string, path: string) => doc.paths[path]?.[method]?.security;
    // Signing in needs nothing; credentials need a person; the rest names its scopes.
    expect(security("post", "/auth/login")).toEqual([]);
    expect(security("post", "/api-tokens")).toEqual([{ sessionCookie: [] }]);
    expect(security("get", "/conversations/{id}/messages")).toEqual([{ bearerToken: ["transcripts:read"] }, { sessionCookie: [] }]);
  });

  it("names the file types exports answer", async () => {
    const doc = await fetchDocument();
    const answer = (path: string) =>
      Object.keys((doc.paths[path]?.post?.responses?.["200"] as { content?: object } | undefined)?.content ?? {});
    expect(answer("/conversations/export")).toEqual([
      "text/csv",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/json",
      "application/zip",
    ]);
    expect(answer("/data-subject/export")).toEqual(["application/zip"]);
  });

  // What the document says of tokens is what the worker does: an operation without a bearerToken
  // entry refuses every token (even one with all scopes), and no other operation does.
  it("refuses API tokens exactly on the operations it declares for the session only", async () => {
    const doc = await fetchDocument();
    const account = await seedAccount();
    const { bearer } = await createToken(await login(account.adminEmail));
    const wrong: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const security = operation.security ?? doc.security ?? [];
        if (security.length === 0) continue; // signing in: no credential at all
        const sessionOnly = !security.some((requirement) => "bearerToken" in requirement);
        // Ids that exist nowhere and an empty body: the refusal comes before either is looked at.
        const url = path.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000");
        const res = await call(method.toUpperCase(), url, bearer, method === "get" ? undefined : {});
        const refused = res.status === 403 && (await errorCode(res)) === "session_required";
        if (refused !== sessionOnly) wrong.push(`${method.toUpperCase()} ${path}: ${res.status} ${await res.text()}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("describes every tag an operation uses", async () => {
    const doc = await fetchDocument();
    const described = new Set((doc.tags ?? []).filter((tag) => tag.description).map((tag) => tag.name));
    const used = new Set(operationsOf(doc).flatMap(({ operation }) => operation.tags ?? []));
    expect([...used].filter((tag) => !described.has(tag))).toEqual([]);
    expect((doc.tags ?? []).map((tag) => tag.name).filter((tag) => !used.has(tag))).toEqual([]);
  });
});
