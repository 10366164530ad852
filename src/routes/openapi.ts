import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env";
import { HttpError } from "../errors";
import { SESSION_COOKIE } from "../middleware/auth";
import { type ApiTokenScope, apiTokenScopes } from "../shared/api-tokens";
import { ERROR_CODES } from "../shared/error-codes";
import { describeIssue } from "./validate";

// Every REST route is declared with its zod schemas once; hono validates with them and the
// OpenAPI 3.1 document at /api/v1/openapi.json is generated from them.

/**
 * A router whose validation failures become our 400 `invalid_request`, naming the field; the
 * given middleware (authentication) runs for all its routes.
 */
export function apiRouter(...middleware: MiddlewareHandler<AppEnv>[]): OpenAPIHono<AppEnv> {
  const router = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw new HttpError(400, "invalid_request", describeIssue(result.error));
    },
  });
  if (middleware.length > 0) router.use("*", ...middleware);
  return router;
}

export const errorSchema = z.object({ error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }) }).meta({ id: "Error" });

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: errorSchema } } });

/** The error answers every authenticated endpoint can give. */
export const errors = {
  400: errorResponse("Invalid input: unknown fields, wrong types, out-of-range values."),
  401: errorResponse("Not logged in, or the session or API token is no longer valid."),
  403: errorResponse("The caller's role does not allow this, or the origin is not allowed."),
  404: errorResponse("No such resource in the caller's account and departments."),
} satisfies RouteConfig["responses"];

// Who may call an operation, as its OpenAPI `security` (the schemes are declared in `describeApi`).
// Operations that declare none inherit the document's default: the session cookie or any API token.
// OpenAPI 3.1 lets a requirement on a non-OAuth scheme list "role names": the bearer token's list
// is the API token scopes it needs, and several bearer entries are alternatives (any one suffices).
// test/access-matrix.test.ts checks these lists against what each role may do. The token comes first:
// importers that take one scheme per request (Postman) take the first, and a cookie is no use there.

/** No authentication: signing in, and what a browser is sent back to. */
export const publicAccess: RouteConfig["security"] = [];

/** Only a person signed in with the session cookie; API tokens are refused (`requireSession`). */
export const sessionOnly: RouteConfig["security"] = [{ sessionCookie: [] }];

/** The default: the session cookie or an API token, with any scopes (what every role may do). */
const anyOperator: NonNullable<RouteConfig["security"]> = [{ bearerToken: [] }, { sessionCookie: [] }];

/** An API token with one of these sets of scopes, or the session cookie (the role must grant the same). */
export const scoped = (...alternatives: [ApiTokenScope, ...ApiTokenScope[]][]): RouteConfig["security"] => [
  ...alternatives.map((scopes) => ({ bearerToken: scopes })),
  { sessionCookie: [] },
];

/** The answer of a socket route to a request that is not a WebSocket upgrade. */
export const notAnUpgrade = { 426: errorResponse("Not a WebSocket upgrade (`upgrade_required`)") } satisfies RouteConfig["responses"];

/** A file answered as it streams, in one of `mediaTypes` (decided by the request). */
export const fileResponse = (description: string, mediaTypes: string[]) => ({
  description,
  content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: z.string().meta({ format: "binary" }) }])),
});

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } }, required: true });

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const API_DESCRIPTION = `Admin and operator API of Confide: everything the operator app does.

Authenticate with either scheme:

- **sessionCookie**: the app's session, set by \`POST /auth/login\` (or a passkey or single sign-on). A request with the cookie that changes something (any method but GET, HEAD and OPTIONS) must also send \`Origin\` equal to this server's origin, else \`403 origin_not_allowed\`.
- **bearerToken**: \`Authorization: Bearer <api token>\`, a token made in the app (Settings → API tokens) or with \`POST /api-tokens\` from a session.

Errors are always \`{ "error": { "code", "message" } }\` with a stable snake_case code. Lists page with \`cursor\` and \`limit\` and answer \`nextCursor\`.`;

const BEARER_DESCRIPTION = `An API token: 43 characters of base64url, shown once when it is made. A token acts with its scopes cut down to what its creator's role allows at each request, over the departments that role covers; a request beyond its scopes answers \`403 insufficient_scope\`, beyond the creator's role \`403 forbidden\`. Operations list the scopes they need in their security requirement (several bearerToken entries are alternatives). A higher level includes the lower (\`chats:manage\` also reads chats). Operations that create or change credentials (tokens, passwords, second factors, passkeys, sessions) refuse tokens with \`403 session_required\`.

Scopes: ${apiTokenScopes.map((scope) => `\`${scope}\``).join(", ")}.`;

// One description per tag; an operation's tag without one fails test/openapi.test.ts.
const TAGS: { name: string; description: string }[] = [
  { name: "Authentication", description: "Signing in and out, the second step of a sign-in, passwords and sessions." },
  { name: "Passkeys", description: "Signing in with a passkey, and managing one's own passkeys." },
  { name: "Single sign-on", description: "OpenID Connect sign-in and the account's single sign-on settings." },
  { name: "API tokens", description: "Tokens for an operator's own software; made and revoked from a session only." },
  {
    name: "Conversations",
    description: "Live chats and transcripts: search, read, tag, transfer, assign, export, delete, files and sockets.",
  },
  { name: "Inbox", description: "The operators' live inbox feed and the departments a chat can go to." },
  { name: "Availability", description: "Operators' status: one's own, and who is available." },
  { name: "Notifications", description: "One's own desktop notification settings." },
  {
    name: "Data-subject requests",
    description: "Finding, exporting and erasing everything about one person (GDPR articles 15, 17 and 20).",
  },
  { name: "Team", description: "Operators, departments and roles." },
  { name: "Settings", description: "Account settings, widgets and email delivery." },
  { name: "Widget router", description: "Rules that choose which widget a visitor's page gets." },
  { name: "Saved replies", description: "Canned answers, account-wide or per department." },
  { name: "Audit log", description: "The append-only record of who did what." },
  { name: "Analytics", description: "Chat statistics, with operators named or as pseudonyms." },
  {
    name: "Data-request register",
    description: "Data-subject requests as received, with their deadlines (GDPR article 12(3)); the requester only as a blind index.",
  },
  { name: "Consent text archive", description: "Every disclaimer text the widgets have shown, and when it was in force." },
  {
    name: "Webhooks",
    description: "HTTPS endpoints that receive signed events (ids by default, personal data only by opt-in), and their deliveries.",
  },
  {
    name: "Compliance",
    description: "The record of processing generated from the live configuration, and the signed audit-log export.",
  },
];

/**
 * Serves the OpenAPI 3.1 document of `api` at /openapi.json: its security schemes, its server
 * (this deployment's public origin, so Postman and Insomnia imports call the right host) and tags.
 */
export function describeApi(api: OpenAPIHono<AppEnv>): void {
  api.openAPIRegistry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: SESSION_COOKIE,
    description:
      "The operator app's session (HttpOnly, SameSite=Strict), set by signing in. Requests with it that change something must send `Origin` equal to this server's origin.",
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "bearerToken", {
    type: "http",
    scheme: "bearer",
    description: BEARER_DESCRIPTION,
  });
  api.doc31("/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: { title: "Confide API", version: "1", description: API_DESCRIPTION },
    // PUBLIC_ORIGIN is the deployment's address (as in emails); without it, the address asked.
    servers: [{ url: `${c.env.PUBLIC_ORIGIN ?? new URL(c.req.url).origin}/api/v1`, description: "This deployment" }],
    security: anyOperator,
    tags: TAGS,
  }));
}
