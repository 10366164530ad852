import createClient from "openapi-fetch";
import { describe, expect, inject, it } from "vitest";
// Generated from the served document by scripts/check-api-document.mjs (npm test runs it first).
import type { paths } from "./generated/api";
import { visitorConversation } from "./visitor";

// What an integrator does with the API document alone: take the server it names, generate a typed
// client (openapi-typescript + openapi-fetch), sign in, make a scoped token and work with it.

describe("a client generated from GET /api/v1/openapi.json", () => {
  it("signs in, makes an API token, finds a visitor's chat, reads and exports it, and is refused beyond its scopes", async () => {
    const baseUrl = inject("baseUrl");
    const admin = inject("admin");
    const document = (await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json()) as { servers: { url: string }[] };
    const server = document.servers[0]!.url;
    expect(server).toBe(`${baseUrl}/api/v1`);

    // The session: cookie callers send the app's Origin with every change (the sessionCookie scheme says so).
    const session = createClient<paths>({ baseUrl: server, headers: { Origin: baseUrl } });
    const login = await session.POST("/auth/login", { body: { email: admin.email, password: admin.password } });
    expect(login.response.status).toBe(200);
    const cookie = login.response.headers.get("set-cookie")!.split(";")[0]!;
    const made = await session.POST("/api-tokens", {
      headers: { Cookie: cookie },
      body: { name: "typed client", scopes: ["transcripts:manage"], expiresInDays: 1 },
    });
    expect(made.response.status).toBe(201);
    const token = made.data!;
    expect(token.scopes).toEqual(["transcripts:manage"]);

    const email = `typed-${crypto.randomUUID().slice(0, 8)}@example.org`;
    const conversationId = await visitorConversation({ name: "Tia Typed", email }, ["Does the typed client see me?"], true, baseUrl);

    const client = createClient<paths>({ baseUrl: server, headers: { Authorization: `Bearer ${token.token}` } });
    const me = await client.GET("/me");
    expect(me.data?.role.permissions.transcripts).toBe("manage");

    const found = await client.POST("/conversations/search", { body: { email } });
    expect(found.data?.items.map((item) => item.id)).toEqual([conversationId]);
    expect(found.data?.items[0]?.visitorName).toBe("Tia Typed");

    const transcript = await client.GET("/conversations/{id}/messages", { params: { path: { id: conversationId } } });
    expect(transcript.data?.items.map((message) => [message.author.kind, message.body])).toContainEqual([
      "visitor",
      "Does the typed client see me?",
    ]);

    const exported = await client.POST("/conversations/export", {
      body: { format: "json", conversationIds: [conversationId] },
      parseAs: "text",
    });
    expect(exported.response.headers.get("content-type")).toContain("application/json");
    expect(exported.data).toContain("Does the typed client see me?");

    // Beyond its scopes: the typed error body tells a missing scope from a missing right of the role.
    const team = await client.GET("/team/operators");
    expect(team.response.status).toBe(403);
    expect(team.error?.error.code).toBe("insufficient_scope");
    // A token never manages credentials; the session revokes it, and it stops at once.
    const ownRevoke = await client.DELETE("/api-tokens/{id}", { params: { path: { id: token.id } } });
    expect(ownRevoke.error?.error.code).toBe("session_required");
    const revoked = await session.DELETE("/api-tokens/{id}", { headers: { Cookie: cookie }, params: { path: { id: token.id } } });
    expect(revoked.response.status).toBe(204);
    const after = await client.GET("/me");
    expect(after.response.status).toBe(401);
    expect(after.error?.error.code).toBe("invalid_token");
  });
});
