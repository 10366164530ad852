import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { buildApi } from "../src/app";
import { emailIndex } from "../src/crypto/blind-index";
import { openDb } from "../src/db/client";
import { insertDataRequest } from "../src/db/data-requests";
import { createSavedReply } from "../src/db/saved-replies";
import { pageViewSchema, startConversationSchema } from "../src/shared/api";
import { clientFrameSchema } from "../src/shared/protocol";
import { createEndpoint } from "../src/webhooks/manage";
import { BASE, login, operatorSocket, SITE_ORIGIN, seedAccount, startChat, visitorSocket } from "./helpers";

// Property-based fuzzing, bounded so it fits in `npm test`: every REST body and every WebSocket
// frame the schemas refuse gets a clear error, never a crash, and changes nothing.

/** Everything a request could change, as one comparable snapshot. */
async function stateOf(accountId: string): Promise<string> {
  const tables = [
    ["accounts", "id"],
    ["widgets", "account_id"],
    ["operators", "account_id"],
    ["roles", "account_id"],
    ["departments", "account_id"],
    ["conversations", "account_id"],
    ["messages", "account_id"],
    ["api_tokens", "account_id"],
    ["router_rules", "account_id"],
    ["audit_log", "account_id"],
    ["webhook_endpoints", "account_id"],
    ["data_requests", "account_id"],
  ] as const;
  const parts = await Promise.all(
    tables.map(
      async ([table, column]) =>
        (await env.DB.prepare(`SELECT * FROM ${table} WHERE ${column} = ? ORDER BY 1`).bind(accountId).all()).results,
    ),
  );
  return JSON.stringify(parts);
}

/** JSON values of every shape, strings with markup and control characters, deep nesting, big numbers. */
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "<script>alert(1)</script>",
    "\u0000",
    "\u202e",
    "' OR 1=1 --",
    "=cmd|' /C calc'!A0",
    "__proto__",
    "constructor",
    "x".repeat(5000),
    "😀".repeat(50),
  ),
);
const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e308),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(hostileString, tie("value"), { maxKeys: 5 }),
  ),
})).value;

/** Bodies near the real shape: the schema's keys with wrong values, plus anything at all. */
function bodiesFor(keys: readonly string[]): fc.Arbitrary<unknown> {
  const shaped = keys.length > 0 ? fc.dictionary(fc.constantFrom(...keys), jsonValue, { maxKeys: keys.length + 1 }) : fc.constant({});
  return fc.oneof(shaped, jsonValue);
}

interface JsonRoute {
  method: string;
  path: string;
  schema: ZodType;
}

/** Every REST operation with a JSON body, with its zod schema, from the API's own registry. */
function jsonRoutes(): JsonRoute[] {
  const routes: JsonRoute[] = [];
  for (const definition of buildApi().openAPIRegistry.definitions) {
    if (definition.type !== "route") continue;
    const schema = (definition.route.request?.body?.content as Record<string, { schema?: ZodType }> | undefined)?.["application/json"]
      ?.schema;
    if (schema) routes.push({ method: definition.route.method.toUpperCase(), path: definition.route.path, schema });
  }
  return routes;
}

const keysOf = (schema: ZodType): string[] => {
  const shape = (schema as unknown as { shape?: Record<string, unknown>; _def?: { schema?: { shape?: Record<string, unknown> } } }).shape;
  return shape ? Object.keys(shape) : [];
};

const isErrorBody = (body: unknown): boolean => {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof error?.code === "string" && typeof error.message === "string" && error.message.length > 0;
};

describe("fuzzing REST bodies", () => {
  it("answers every body its schema refuses with a 4xx error body, on every JSON endpoint, and changes nothing", {
    timeout: 120_000,
  }, async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const chat = await startChat(account.siteKey);
    const routes = jsonRoutes();
    expect(routes.length).toBeGreaterThan(15);
    // A real id of the right kind in every path, so the body is what gets checked, not the id.
    const role = await env.DB.prepare("SELECT id FROM roles WHERE account_id = ? LIMIT 1").bind(account.accountId).first<{ id: string }>();
    const savedReply = await createSavedReply(openDb(env.DB), {
      accountId: account.accountId,
      departmentId: null,
      title: "Greeting",
      shortcut: "hello",
      texts: { en: "Hello {visitor_name}" },
      now: Date.now(),
    });
    const webhook = (
      await createEndpoint(
        env,
        openDb(env.DB),
        account.accountId,
        { url: "https://hooks.example.com/fuzz", description: "", events: ["conversation.started"], includePersonalData: false },
        Date.now(),
      )
    ).id;
    const now = Date.now();
    const dataRequest = (
      await insertDataRequest(openDb(env.DB), {
        accountId: account.accountId,
        kind: "access",
        emailBidx: await emailIndex(env.BLIND_INDEX_KEY, account.accountId, "fuzz@example.org"),
        receivedAt: now,
        dueAt: now + 30 * 86_400_000,
        createdAt: now,
      })
    ).id;
    const idsByPrefix: [string, string][] = [
      ["/conversations/", chat.conversationId],
      ["/settings/widgets/", account.widgetId],
      ["/team/operators/", account.adminId],
      ["/team/departments/", account.departmentId],
      ["/team/roles/", role!.id],
      ["/settings/saved-replies/", savedReply],
      ["/webhooks/", webhook],
      ["/data-requests/", dataRequest],
    ];
    const idFor = (path: string) => idsByPrefix.find(([prefix]) => path.startsWith(prefix))?.[1] ?? "no-id-expected";
    const before = await stateOf(account.accountId);
    for (const route of routes) {
      const url = `${BASE}/api/v1${route.path.replace("{id}", idFor(route.path))}`;
      await fc.assert(
        fc.asyncProperty(
          bodiesFor(keysOf(route.schema)).filter((body) => !route.schema.safeParse(body).success),
          async (body) => {
            const res = await SELF.fetch(url, {
              method: route.method,
              headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
              body: JSON.stringify(body),
            });
            expect(res.status, `${route.method} ${route.path} ${JSON.stringify(body).slice(0, 200)}`).toBeGreaterThanOrEqual(400);
            expect(res.status).toBeLessThan(500);
            const answer = (await res.json()) as { error: { message: string } };
            expect(isErrorBody(answer)).toBe(true);
            // Refused for its body, not for the path: the id in it is real.
            expect(answer.error.message, `${route.method} ${route.path}`).not.toMatch(/^id:/);
          },
        ),
        { numRuns: 15 },
      );
    }
    // And bodies that are not JSON at all.
    for (const route of routes) {
      const res = await SELF.fetch(`${BASE}/api/v1${route.path.replace("{id}", idFor(route.path))}`, {
        method: route.method,
        headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
        body: "{not json",
      });
      expect(res.status, `${route.method} ${route.path}`).toBe(400);
      expect(isErrorBody(await res.json())).toBe(true);
    }
    expect(await stateOf(account.accountId)).toBe(before);
  });

  it("does the same on the widget's public endpoints", { timeout: 60_000 }, async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey);
    const before = await stateOf(account.accountId);
    const targets: [string, ZodType, Record<string, string>][] = [
      [`${BASE}/w/${account.siteKey}/conversations`, startConversationSchema, {}],
      [
        `${BASE}/w/${account.siteKey}/conversations/${chat.conversationId}/page-views`,
        pageViewSchema,
        { Authorization: `Bearer ${chat.visitorToken}` },
      ],
    ];
    for (const [url, schema, headers] of targets) {
      await fc.assert(
        fc.asyncProperty(
          bodiesFor(keysOf(schema)).filter((body) => !schema.safeParse(body).success),
          async (body) => {
            const res = await SELF.fetch(url, {
              method: "POST",
              headers: { "Content-Type": "application/json", Origin: SITE_ORIGIN, ...headers },
              body: JSON.stringify(body),
            });
            expect(res.status, `${url} ${JSON.stringify(body).slice(0, 200)}`).toBeGreaterThanOrEqual(400);
            expect(res.status).toBeLessThan(500);
            expect(isErrorBody(await res.json())).toBe(true);
          },
        ),
        { numRuns: 40 },
      );
    }
    expect(await stateOf(account.accountId)).toBe(before);
  });
});

describe("fuzzing WebSocket frames", () => {
  it("answers every refused frame with an error frame, keeps the socket, and stores nothing", { timeout: 120_000 }, async () => {
    const account = await seedAccount({ privacyMode: false });
    const chat = await startChat(account.siteKey);
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    const operator = await operatorSocket(await login(account.adminEmail), chat.conversationId);
    await operator.until((s) => s.ofType("hello").length === 1);
    const frameKeys = ["type", "clientId", "body", "text", "active"];
    const frameTypes = fc.constantFrom(
      "message.send",
      "typing.preview",
      "typing",
      "conversation.close",
      "hello",
      "message.created",
      "",
      "MESSAGE.SEND",
    );
    const frames = fc.oneof(
      // The right type with wrong fields: the likeliest mistakes of a real client.
      fc
        .record({ type: frameTypes })
        .chain((head) =>
          fc
            .dictionary(fc.constantFrom(...frameKeys.slice(1)), jsonValue, { maxKeys: 4 })
            .map((rest) => JSON.stringify({ ...rest, ...head })),
        ),
      jsonValue.map((value) => JSON.stringify(value)),
      fc.string({ maxLength: 100 }),
    );
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(frames, async (text) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        fc.pre(parsed === undefined || !clientFrameSchema.safeParse(parsed).success);
        for (const socket of [visitor, operator]) {
          const errorsBefore = socket.ofType("error").length;
          socket.ws.send(text);
          await socket.until((s) => s.ofType("error").length > errorsBefore, 5_000, "an error frame");
          const error = socket.ofType("error").at(-1)!;
          expect(error.code).toBe("invalid_frame");
          expect(error.message.length).toBeGreaterThan(0);
        }
        sent++;
      }),
      { numRuns: 120 },
    );
    expect(sent).toBeGreaterThan(60);
    // Binary frames too.
    const errorsBefore = visitor.ofType("error").length;
    visitor.ws.send(new Uint8Array([0, 1, 2, 255]));
    await visitor.until((s) => s.ofType("error").length > errorsBefore);
    // Nothing was stored or relayed, both sockets are still open, and a valid message still goes through.
    expect(visitor.messages()).toEqual([]);
    expect(operator.ofType("typing.preview")).toEqual([]);
    visitor.send({ type: "message.send", clientId: "after-fuzz", body: "still works" });
    await operator.until((s) => s.messages().length === 1);
    expect(operator.messages()[0]).toMatchObject({ seq: 1, body: "still works" });
  });
});
