import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { renewIdentitySecret } from "../src/conversation/verified-visitor";
import { createDepartment, createRole } from "../src/db/accounts";
import { openDb } from "../src/db/client";
import { insertDataRequest } from "../src/db/data-requests";
import { createSavedReply } from "../src/db/saved-replies";
import { insertWebhookDeliveries } from "../src/db/webhooks";
import { type ApiTokenScope, apiTokenScopes, permissionsGrant, scopePermissions } from "../src/shared/api-tokens";
import { allows, builtInRoles, type Permissions } from "../src/shared/permissions";
import { createEndpoint } from "../src/webhooks/manage";
import {
  addOperator,
  BASE,
  departmentWithWidget,
  expectErasedSocket,
  login,
  PASSWORD,
  SITE_ORIGIN,
  seedAccount,
  startChat,
  type TestAccount,
  visitorSocket,
} from "./helpers";
import { SoftAuthenticator } from "./helpers/authenticator";
import { registerSoftPasskey, softSignInResponse, TEST_RP } from "./helpers/passkeys";
import { seedTranscript } from "./helpers/transcripts";

// Every role against every endpoint: allowed exactly where its grants say, 403 elsewhere.
// The table states the rule of each endpoint on its own, apart from the implementation, and a
// test checks that it covers every operation in the OpenAPI document.

type Grant = (p: Permissions) => boolean;
const any: Grant = () => true;
const level =
  (area: Exclude<keyof Permissions, "analytics">, needed: "read" | "manage"): Grant =>
  (p) =>
    allows(p[area], needed);
const either =
  (a: Grant, b: Grant): Grant =>
  (p) =>
    a(p) || b(p);

interface Fixture {
  account: TestAccount;
  openChat: string;
  closedChat: string;
  spareRole: () => Promise<string>;
  spareOperator: () => Promise<string>;
  spareDepartment: () => Promise<string>;
  /** An account-wide saved reply of its own, to change or delete. */
  spareReply: () => Promise<string>;
  spareToken: (cookie: string) => Promise<string>;
  /** Configures the account's single sign-on, so there is one to remove. */
  spareSso: () => Promise<void>;
  /** A file the visitor sent in the open chat (made once). */
  sentFile: () => Promise<string>;
  /** A webhook endpoint of its own at the local receiver, to change, test or delete. */
  spareWebhook: () => Promise<string>;
  /** A webhook endpoint with one delivery (not queued): [endpoint id, delivery id]. */
  spareDelivery: () => Promise<[string, string]>;
}

/** A valid SSO configuration on a domain of its own (a domain belongs to one account). */
const ssoSettings = () => ({
  issuer: "https://idp.example.com",
  clientId: "confide",
  clientSecret: "client secret",
  domains: [`sso-${crypto.randomUUID().slice(0, 8)}.example`],
  roleMappings: [],
  createOperators: false,
  ssoOnly: false,
});

/** A request's concrete form: path with ids filled in, and a JSON body, or raw bytes (an upload). */
interface Concrete {
  url: string;
  body?: unknown;
  raw?: { type: string; bytes: string };
}

interface Endpoint {
  method: string;
  /** As in the OpenAPI document. */
  path: string;
  grant: Grant;
  request: (f: Fixture, cookie: string) => Promise<Concrete> | Concrete;
}

const CUSTOM_ROLES: Record<string, Permissions> = {
  /** A records clerk: transcripts but no live chats. */
  Custom: { chats: "none", transcripts: "manage", settings: "none", team: "read", auditLog: "read", analytics: "none" },
  /** Live chat only: no stored transcripts, so nothing of an ended chat by any door. */
  ChatsOnly: { chats: "manage", transcripts: "none", settings: "none", team: "none", auditLog: "none", analytics: "none" },
};
const ROLES: Record<string, Permissions> = { ...builtInRoles, ...CUSTOM_ROLES };
const both =
  (a: Grant, b: Grant): Grant =>
  (p) =>
    a(p) && b(p);

/** A pending request in the register of the fixture's account, to answer or remove. */
const spareRequest = async (f: Fixture): Promise<string> =>
  (
    await insertDataRequest(openDb(env.DB), {
      accountId: f.account.accountId,
      kind: "access",
      emailBidx: "spare-request",
      receivedAt: Date.now(),
      dueAt: Date.now() + 30 * 86_400_000,
      createdAt: Date.now(),
    })
  ).id;

const ENDPOINTS: Endpoint[] = [
  { method: "GET", path: "/me", grant: any, request: () => ({ url: "/me" }) },
  { method: "POST", path: "/auth/logout", grant: any, request: () => ({ url: "/auth/logout" }) },
  {
    method: "POST",
    path: "/me/password",
    grant: any,
    request: () => ({ url: "/me/password", body: { currentPassword: PASSWORD, newPassword: "every role changes its own" } }),
  },
  { method: "GET", path: "/me/sessions", grant: any, request: () => ({ url: "/me/sessions" }) },
  { method: "GET", path: "/me/notifications", grant: any, request: () => ({ url: "/me/notifications" }) },
  // Notifications tell of live chats: switching them on needs chats read.
  {
    method: "PUT",
    path: "/me/notifications",
    grant: level("chats", "read"),
    request: () => ({ url: "/me/notifications", body: { desktop: true, withContent: false } }),
  },
  // Availability is a person's: every role has its own status (a session only, checked elsewhere).
  { method: "GET", path: "/me/status", grant: any, request: () => ({ url: "/me/status" }) },
  { method: "PUT", path: "/me/status", grant: any, request: () => ({ url: "/me/status", body: { status: "online" } }) },
  { method: "POST", path: "/me/sessions/end-others", grant: any, request: () => ({ url: "/me/sessions/end-others" }) },
  {
    method: "DELETE",
    path: "/me/sessions/{id}",
    grant: any,
    request: async (_f, cookie) => ({
      url: `/me/sessions/${((await (await call("GET", "/me/sessions", cookie)).json()) as { items: { id: string }[] }).items[0]!.id}`,
    }),
  },
  { method: "GET", path: "/me/second-factor", grant: any, request: () => ({ url: "/me/second-factor" }) },
  { method: "POST", path: "/me/second-factor/totp", grant: any, request: () => ({ url: "/me/second-factor/totp" }) },
  // Nothing started: 409, past every permission check.
  {
    method: "POST",
    path: "/me/second-factor/totp/confirm",
    grant: any,
    request: () => ({ url: "/me/second-factor/totp/confirm", body: { code: "123456" } }),
  },
  {
    method: "DELETE",
    path: "/me/second-factor/totp",
    grant: any,
    request: () => ({ url: "/me/second-factor/totp", body: { password: "correct horse battery staple" } }),
  },
  {
    method: "POST",
    path: "/me/second-factor/recovery-codes",
    grant: any,
    request: () => ({ url: "/me/second-factor/recovery-codes", body: { password: "correct horse battery staple" } }),
  },
  { method: "GET", path: "/conversations", grant: level("transcripts", "read"), request: () => ({ url: "/conversations" }) },
  {
    method: "GET",
    path: "/conversations?status=open",
    grant: either(level("chats", "read"), level("transcripts", "read")),
    request: () => ({ url: "/conversations?status=open" }),
  },
  {
    method: "GET",
    path: "/conversations/{id}",
    grant: level("transcripts", "read"),
    request: (f) => ({ url: `/conversations/${f.closedChat}` }),
  },
  {
    method: "GET",
    path: "/conversations/{id} (open)",
    grant: either(level("chats", "read"), level("transcripts", "read")),
    request: (f) => ({ url: `/conversations/${f.openChat}` }),
  },
  {
    method: "GET",
    path: "/conversations/{id}/visitor",
    grant: level("transcripts", "read"),
    request: (f) => ({ url: `/conversations/${f.closedChat}/visitor` }),
  },
  {
    method: "GET",
    path: "/conversations/{id}/related",
    grant: level("transcripts", "read"),
    request: (f) => ({ url: `/conversations/${f.closedChat}/related` }),
  },
  {
    method: "GET",
    path: "/conversations/{id}/related (open)",
    grant: either(level("chats", "read"), level("transcripts", "read")),
    request: (f) => ({ url: `/conversations/${f.openChat}/related` }),
  },
  {
    method: "GET",
    path: "/conversations/{id}/messages",
    grant: level("transcripts", "read"),
    request: (f) => ({ url: `/conversations/${f.closedChat}/messages` }),
  },
  {
    method: "POST",
    path: "/conversations/search",
    grant: level("transcripts", "read"),
    request: () => ({ url: "/conversations/search", body: { email: "vera@example.org" } }),
  },
  {
    method: "POST",
    path: "/conversations/search (open)",
    grant: either(level("chats", "read"), level("transcripts", "read")),
    request: () => ({ url: "/conversations/search", body: { status: "open" } }),
  },
  // Suggestions are for those who may tag.
  { method: "GET", path: "/conversations/tags", grant: level("chats", "manage"), request: () => ({ url: "/conversations/tags" }) },
  {
    method: "PATCH",
    path: "/conversations/{id}",
    grant: both(level("chats", "manage"), level("transcripts", "read")),
    request: (f) => ({ url: `/conversations/${f.closedChat}`, body: { tags: ["billing"] } }),
  },
  {
    method: "PATCH",
    path: "/conversations/{id} (open)",
    grant: level("chats", "manage"),
    request: (f) => ({ url: `/conversations/${f.openChat}`, body: { tags: ["billing"] } }),
  },
  // Who may answer the chat may insert saved replies into it.
  {
    method: "GET",
    path: "/conversations/{id}/saved-replies",
    grant: level("chats", "manage"),
    request: (f) => ({ url: `/conversations/${f.openChat}/saved-replies` }),
  },
  {
    method: "GET",
    path: "/conversations/{id}/assignees",
    grant: level("chats", "manage"),
    request: (f) => ({ url: `/conversations/${f.openChat}/assignees` }),
  },
  // A chat of its own, to a department of its own: every role that may transfer gets a 200.
  {
    method: "POST",
    path: "/conversations/{id}/transfer",
    grant: level("chats", "manage"),
    request: async (f) => ({
      url: `/conversations/${(await startChat(f.account.siteKey)).conversationId}/transfer`,
      body: { departmentId: await createDepartment(openDb(env.DB), f.account.accountId, "Sales", Date.now()) },
    }),
  },
  // Files: uploading is answering (chats manage); a sent file is read as its conversation is.
  {
    method: "POST",
    path: "/conversations/{id}/attachments",
    grant: level("chats", "manage"),
    request: (f) => ({ url: `/conversations/${f.openChat}/attachments?name=note.txt`, raw: { type: "text/plain", bytes: "A note." } }),
  },
  {
    method: "GET",
    path: "/conversations/{id}/attachments/{attachmentId}",
    grant: either(level("chats", "read"), level("transcripts", "read")),
    request: async (f) => ({ url: `/conversations/${f.openChat}/attachments/${await f.sentFile()}` }),
  },
  {
    method: "POST",
    path: "/conversations/{id}/assign",
    grant: level("chats", "manage"),
    request: (f) => ({ url: `/conversations/${f.openChat}/assign`, body: { operatorId: null } }),
  },
  {
    method: "GET",
    path: "/conversations/{id}/socket",
    grant: level("chats", "read"),
    request: (f) => ({ url: `/conversations/${f.openChat}/socket` }),
  },
  {
    method: "GET",
    path: "/conversations/{id}/socket (closed)",
    grant: both(level("chats", "read"), level("transcripts", "read")),
    request: (f) => ({ url: `/conversations/${f.closedChat}/socket` }),
  },
  {
    method: "POST",
    path: "/conversations/export",
    grant: level("transcripts", "manage"),
    request: (f) => ({ url: "/conversations/export", body: { format: "json", conversationIds: [f.closedChat] } }),
  },
  {
    method: "POST",
    path: "/conversations/delete",
    grant: level("transcripts", "manage"),
    request: () => ({ url: "/conversations/delete", body: { filter: { email: "nobody@example.org" } } }),
  },
  {
    method: "DELETE",
    path: "/conversations/{id}",
    grant: level("transcripts", "manage"),
    request: async (f) => ({ url: `/conversations/${await seedTranscript(f.account)}` }),
  },
  { method: "GET", path: "/inbox/socket", grant: level("chats", "read"), request: () => ({ url: "/inbox/socket" }) },
  { method: "GET", path: "/inbox/operators", grant: level("chats", "read"), request: () => ({ url: "/inbox/operators" }) },
  { method: "GET", path: "/inbox/departments", grant: level("chats", "manage"), request: () => ({ url: "/inbox/departments" }) },
  {
    method: "POST",
    path: "/data-subject/search",
    grant: level("transcripts", "read"),
    request: () => ({ url: "/data-subject/search", body: { email: "vera@example.org" } }),
  },
  {
    method: "POST",
    path: "/data-subject/export",
    grant: level("transcripts", "manage"),
    request: () => ({ url: "/data-subject/export", body: { email: "vera@example.org", format: "csv" } }),
  },
  {
    method: "POST",
    path: "/data-subject/erase",
    grant: level("transcripts", "manage"),
    request: () => ({ url: "/data-subject/erase", body: { email: "nobody@example.org" } }),
  },
  // The register of data-subject requests: read as the data-subject search, changed as its export and erasure.
  { method: "GET", path: "/data-requests", grant: level("transcripts", "read"), request: () => ({ url: "/data-requests" }) },
  { method: "GET", path: "/data-requests/counts", grant: level("transcripts", "read"), request: () => ({ url: "/data-requests/counts" }) },
  {
    method: "POST",
    path: "/data-requests/lookup",
    grant: level("transcripts", "read"),
    request: () => ({ url: "/data-requests/lookup", body: { email: "vera@example.org" } }),
  },
  {
    method: "POST",
    path: "/data-requests",
    grant: level("transcripts", "manage"),
    request: () => ({ url: "/data-requests", body: { kind: "access", email: "vera@example.org" } }),
  },
  {
    method: "PATCH",
    path: "/data-requests/{id}",
    grant: level("transcripts", "manage"),
    request: async (f) => ({ url: `/data-requests/${await spareRequest(f)}`, body: { status: "answered" } }),
  },
  {
    method: "DELETE",
    path: "/data-requests/{id}",
    grant: level("transcripts", "manage"),
    request: async (f) => ({ url: `/data-requests/${await spareRequest(f)}` }),
  },
  // The consent text archive: a receipt's words as its conversation is read; the archive as settings.
  {
    method: "GET",
    path: "/conversations/{id}/consent",
    grant: level("transcripts", "read"),
    request: (f) => ({ url: `/conversations/${f.closedChat}/consent` }),
  },
  {
    method: "GET",
    path: "/conversations/{id}/consent (open)",
    grant: either(level("chats", "read"), level("transcripts", "read")),
    request: (f) => ({ url: `/conversations/${f.openChat}/consent` }),
  },
  { method: "GET", path: "/consent-texts", grant: level("settings", "read"), request: () => ({ url: "/consent-texts" }) },
  { method: "GET", path: "/team/operators", grant: level("team", "read"), request: () => ({ url: "/team/operators" }) },
  {
    method: "POST",
    path: "/team/operators",
    grant: level("team", "manage"),
    request: (f) => ({
      url: "/team/operators",
      body: {
        email: `new-${crypto.randomUUID().slice(0, 8)}@example.com`,
        displayName: "New",
        password: "a long enough password",
        roleId: f.account.roleIds.Agent,
      },
    }),
  },
  {
    method: "PATCH",
    path: "/team/operators/{id}",
    grant: level("team", "manage"),
    request: async (f) => ({ url: `/team/operators/${await f.spareOperator()}`, body: { aliasName: "Sam" } }),
  },
  {
    method: "DELETE",
    path: "/team/operators/{id}",
    grant: level("team", "manage"),
    request: async (f) => ({ url: `/team/operators/${await f.spareOperator()}` }),
  },
  {
    method: "POST",
    path: "/team/operators/{id}/second-factor/reset",
    grant: level("team", "manage"),
    request: async (f) => ({ url: `/team/operators/${await f.spareOperator()}/second-factor/reset` }),
  },
  { method: "GET", path: "/team/departments", grant: level("team", "read"), request: () => ({ url: "/team/departments" }) },
  {
    method: "POST",
    path: "/team/departments",
    grant: level("team", "manage"),
    request: () => ({ url: "/team/departments", body: { name: "Returns" } }),
  },
  {
    method: "PATCH",
    path: "/team/departments/{id}",
    grant: level("team", "manage"),
    request: async (f) => ({ url: `/team/departments/${await f.spareDepartment()}`, body: { name: "Renamed" } }),
  },
  {
    method: "DELETE",
    path: "/team/departments/{id}",
    grant: level("team", "manage"),
    request: async (f) => ({ url: `/team/departments/${await f.spareDepartment()}` }),
  },
  { method: "GET", path: "/team/roles", grant: level("team", "read"), request: () => ({ url: "/team/roles" }) },
  {
    method: "POST",
    path: "/team/roles",
    grant: level("team", "manage"),
    request: () => ({ url: "/team/roles", body: { name: "Night shift", permissions: builtInRoles.Agent, departmentIds: null } }),
  },
  {
    method: "PATCH",
    path: "/team/roles/{id}",
    grant: level("team", "manage"),
    request: async (f) => ({ url: `/team/roles/${await f.spareRole()}`, body: { name: "Renamed" } }),
  },
  {
    method: "DELETE",
    path: "/team/roles/{id}",
    grant: level("team", "manage"),
    request: async (f) => ({ url: `/team/roles/${await f.spareRole()}` }),
  },
  { method: "GET", path: "/settings", grant: level("settings", "read"), request: () => ({ url: "/settings" }) },
  {
    method: "PATCH",
    path: "/settings",
    grant: level("settings", "manage"),
    request: () => ({ url: "/settings", body: { retentionMonths: 24 } }),
  },
  { method: "GET", path: "/settings/widgets", grant: level("settings", "read"), request: () => ({ url: "/settings/widgets" }) },
  { method: "GET", path: "/settings/email", grant: level("settings", "read"), request: () => ({ url: "/settings/email" }) },
  // Nothing has failed: nothing to send again, past every permission check.
  {
    method: "POST",
    path: "/settings/email/retry",
    grant: level("settings", "manage"),
    request: () => ({ url: "/settings/email/retry", body: {} }),
  },
  {
    method: "POST",
    path: "/settings/widgets",
    grant: level("settings", "manage"),
    request: (f) => ({ url: "/settings/widgets", body: { name: "Second shop", departmentId: f.account.departmentId } }),
  },
  {
    method: "PATCH",
    path: "/settings/widgets/{id}",
    grant: level("settings", "manage"),
    request: (f) => ({ url: `/settings/widgets/${f.account.widgetId}`, body: { retention: { mode: "months", months: 6 } } }),
  },
  {
    method: "GET",
    path: "/settings/widgets/{id}/identity-secret",
    grant: level("settings", "manage"),
    request: async (f) => {
      // The secret exists once verification was turned on; made here, whoever asks for it.
      await renewIdentitySecret(env, openDb(env.DB), { id: f.account.widgetId, accountId: f.account.accountId }, true);
      return { url: `/settings/widgets/${f.account.widgetId}/identity-secret` };
    },
  },
  {
    method: "POST",
    path: "/settings/widgets/{id}/identity-secret",
    grant: level("settings", "manage"),
    request: (f) => ({ url: `/settings/widgets/${f.account.widgetId}/identity-secret` }),
  },
  { method: "GET", path: "/settings/router", grant: level("settings", "read"), request: () => ({ url: "/settings/router" }) },
  {
    method: "PUT",
    path: "/settings/router",
    grant: level("settings", "manage"),
    request: (f) => ({
      url: "/settings/router",
      body: { rules: [{ name: "EU", conditions: { euMember: true }, widgetId: f.account.widgetId }] },
    }),
  },
  {
    method: "POST",
    path: "/settings/router/dry-run",
    grant: level("settings", "read"),
    request: () => ({ url: "/settings/router/dry-run", body: { country: "DE" } }),
  },
  { method: "GET", path: "/settings/saved-replies", grant: level("settings", "read"), request: () => ({ url: "/settings/saved-replies" }) },
  {
    method: "POST",
    path: "/settings/saved-replies",
    grant: level("settings", "manage"),
    request: () => ({
      url: "/settings/saved-replies",
      body: { title: "Hello", shortcut: `hi-${crypto.randomUUID().slice(0, 8)}`, departmentId: null, texts: { en: "Hello" } },
    }),
  },
  {
    method: "PATCH",
    path: "/settings/saved-replies/{id}",
    grant: level("settings", "manage"),
    request: async (f) => ({ url: `/settings/saved-replies/${await f.spareReply()}`, body: { title: "Renamed" } }),
  },
  {
    method: "DELETE",
    path: "/settings/saved-replies/{id}",
    grant: level("settings", "manage"),
    request: async (f) => ({ url: `/settings/saved-replies/${await f.spareReply()}` }),
  },
  { method: "GET", path: "/api-tokens", grant: level("settings", "manage"), request: () => ({ url: "/api-tokens" }) },
  {
    method: "POST",
    path: "/api-tokens",
    grant: level("settings", "manage"),
    request: () => ({ url: "/api-tokens", body: { name: "CI", scopes: ["settings:read"], expiresInDays: 30 } }),
  },
  {
    method: "DELETE",
    path: "/api-tokens/{id}",
    grant: level("settings", "manage"),
    request: async (f, cookie) => ({ url: `/api-tokens/${await f.spareToken(cookie)}` }),
  },
  { method: "GET", path: "/audit-log", grant: level("auditLog", "read"), request: () => ({ url: "/audit-log" }) },
  // The record of processing describes the account (settings read); the signed export is the audit log's.
  { method: "GET", path: "/compliance/record", grant: level("settings", "read"), request: () => ({ url: "/compliance/record" }) },
  { method: "GET", path: "/compliance/record.html", grant: level("settings", "read"), request: () => ({ url: "/compliance/record.html" }) },
  {
    method: "GET",
    path: "/compliance/audit-export",
    grant: level("auditLog", "read"),
    request: () => ({
      url: `/compliance/audit-export?from=${new Date().toISOString().slice(0, 10)}&to=${new Date().toISOString().slice(0, 10)}`,
    }),
  },
  {
    method: "GET",
    path: "/compliance/audit-export/public-key",
    grant: level("auditLog", "read"),
    request: () => ({ url: "/compliance/audit-export/public-key" }),
  },
  // Your own passkeys: every role, as they change nothing but the caller's own sign-in.
  { method: "GET", path: "/me/passkeys", grant: any, request: () => ({ url: "/me/passkeys" }) },
  { method: "POST", path: "/me/passkeys/registration-options", grant: any, request: () => ({ url: "/me/passkeys/registration-options" }) },
  {
    method: "POST",
    path: "/me/passkeys",
    grant: any,
    request: async (_f, cookie) => {
      const options = (await (await call("POST", "/me/passkeys/registration-options", cookie)).json()) as {
        options: { challenge: string; user: { id: string } };
      };
      return { url: "/me/passkeys", body: { name: "Key", response: await new SoftAuthenticator(TEST_RP).register(options.options) } };
    },
  },
  {
    method: "PATCH",
    path: "/me/passkeys/{id}",
    grant: any,
    request: async (_f, cookie) => ({ url: `/me/passkeys/${(await registerSoftPasskey(cookie)).credentialId}`, body: { name: "Renamed" } }),
  },
  {
    method: "DELETE",
    path: "/me/passkeys/{id}",
    grant: any,
    request: async (_f, cookie) => ({ url: `/me/passkeys/${(await registerSoftPasskey(cookie)).credentialId}` }),
  },
  { method: "POST", path: "/auth/passkey/options", grant: any, request: () => ({ url: "/auth/passkey/options" }) },
  {
    method: "POST",
    path: "/auth/passkey/sign-in",
    grant: any,
    request: async (_f, cookie) => ({
      url: "/auth/passkey/sign-in",
      body: { response: await softSignInResponse(await registerSoftPasskey(cookie)) },
    }),
  },
  { method: "GET", path: "/settings/sso", grant: level("settings", "manage"), request: () => ({ url: "/settings/sso" }) },
  {
    method: "PUT",
    path: "/settings/sso",
    grant: level("settings", "manage"),
    request: () => ({ url: "/settings/sso", body: ssoSettings() }),
  },
  {
    method: "DELETE",
    path: "/settings/sso",
    grant: level("settings", "manage"),
    request: async (f) => {
      await f.spareSso();
      return { url: "/settings/sso" };
    },
  },
  // Webhooks carry events of every department: settings manage (every role here covers all departments).
  { method: "GET", path: "/webhooks", grant: level("settings", "manage"), request: () => ({ url: "/webhooks" }) },
  {
    method: "POST",
    path: "/webhooks",
    grant: level("settings", "manage"),
    request: () => ({ url: "/webhooks", body: { url: `${env.WEBHOOK_RECEIVER_URL}hooks/access-matrix`, events: ["conversation.ended"] } }),
  },
  {
    method: "PATCH",
    path: "/webhooks/{id}",
    grant: level("settings", "manage"),
    request: async (f) => ({ url: `/webhooks/${await f.spareWebhook()}`, body: { enabled: false } }),
  },
  {
    method: "DELETE",
    path: "/webhooks/{id}",
    grant: level("settings", "manage"),
    request: async (f) => ({ url: `/webhooks/${await f.spareWebhook()}` }),
  },
  {
    method: "POST",
    path: "/webhooks/{id}/secret",
    grant: level("settings", "manage"),
    request: async (f) => ({ url: `/webhooks/${await f.spareWebhook()}/secret` }),
  },
  {
    method: "POST",
    path: "/webhooks/{id}/test",
    grant: level("settings", "manage"),
    request: async (f) => ({ url: `/webhooks/${await f.spareWebhook()}/test` }),
  },
  {
    method: "GET",
    path: "/webhooks/{id}/deliveries",
    grant: level("settings", "manage"),
    request: async (f) => ({ url: `/webhooks/${await f.spareWebhook()}/deliveries` }),
  },
  {
    method: "POST",
    path: "/webhooks/{id}/deliveries/{deliveryId}/resend",
    grant: level("settings", "manage"),
    request: async (f) => {
      const [endpointId, deliveryId] = await f.spareDelivery();
      return { url: `/webhooks/${endpointId}/deliveries/${deliveryId}/resend` };
    },
  },
  {
    method: "GET",
    path: "/analytics",
    grant: (p) => p.analytics !== "none",
    request: () => ({ url: "/analytics?from=2026-01-01&to=2026-12-31" }),
  },
];

async function call(method: string, url: string, cookie: string, body?: unknown, raw?: Concrete["raw"]): Promise<Response> {
  if (raw)
    return SELF.fetch(`${BASE}/api/v1${url}`, {
      method,
      headers: { Origin: BASE, Cookie: cookie, "Content-Type": raw.type },
      body: raw.bytes,
    });
  return SELF.fetch(`${BASE}/api/v1${url}`, {
    method,
    headers: { Origin: BASE, Cookie: cookie, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A file the visitor uploads and sends in `conversationId`; its id. */
async function sendFile(siteKey: string, conversationId: string, visitorToken: string): Promise<string> {
  const upload = await SELF.fetch(`${BASE}/w/${siteKey}/conversations/${conversationId}/attachments?name=photo.txt`, {
    method: "POST",
    headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${visitorToken}`, "Content-Type": "text/plain" },
    body: "What I see on my screen.",
  });
  const { attachment } = (await upload.json()) as { attachment: { id: string } };
  const visitor = await visitorSocket(siteKey, conversationId, visitorToken);
  visitor.send({ type: "message.send", clientId: crypto.randomUUID(), body: "", attachmentId: attachment.id });
  await visitor.until((s) => s.messages().some((m) => m.attachment?.id === attachment.id), 10_000, "the file's message");
  visitor.close();
  return attachment.id;
}

async function fixture(): Promise<Fixture> {
  const account = await seedAccount();
  const db = openDb(env.DB);
  const open = await startChat(account.siteKey, { consent: true, name: "Vera", email: "vera@example.org" });
  const closedChat = await seedTranscript(account, { name: "Vera", email: "vera@example.org" });
  let sentFile: Promise<string> | null = null;
  return {
    account,
    openChat: open.conversationId,
    closedChat,
    sentFile: () => (sentFile ??= sendFile(account.siteKey, open.conversationId, open.visitorToken)),
    spareRole: () =>
      createRole(db, {
        accountId: account.accountId,
        name: "Spare",
        permissions: builtInRoles.Agent,
        departmentIds: null,
        now: Date.now(),
      }),
    spareOperator: async () => {
      const email = await addOperator(account, "Agent");
      const row = await env.DB.prepare("SELECT id FROM operators WHERE email = ?").bind(email).first<{ id: string }>();
      return row!.id;
    },
    spareDepartment: () => createDepartment(db, account.accountId, "Spare", Date.now()),
    spareReply: () =>
      createSavedReply(db, {
        accountId: account.accountId,
        departmentId: null,
        title: "Spare",
        shortcut: `spare-${crypto.randomUUID().slice(0, 8)}`,
        texts: { en: "Hello" },
        now: Date.now(),
      }),
    spareWebhook: async () =>
      (
        await createEndpoint(
          env,
          db,
          account.accountId,
          {
            url: `${env.WEBHOOK_RECEIVER_URL}hooks/access-matrix`,
            description: "",
            events: ["conversation.started"],
            includePersonalData: false,
          },
          Date.now(),
        )
      ).id,
    spareDelivery: async () => {
      const endpointId = (
        await createEndpoint(
          env,
          db,
          account.accountId,
          {
            url: `${env.WEBHOOK_RECEIVER_URL}hooks/access-matrix`,
            description: "",
            events: ["conversation.started"],
            includePersonalData: false,
          },
          Date.now(),
        )
      ).id;
      const deliveryId = crypto.randomUUID();
      await insertWebhookDeliveries(db, [
        {
          id: deliveryId,
          accountId: account.accountId,
          endpointId,
          eventType: "webhook.test",
          event: JSON.stringify({ id: `evt_${deliveryId}`, type: "webhook.test", occurredAt: Date.now(), data: {} }),
          createdAt: Date.now(),
        },
      ]);
      return [endpointId, deliveryId];
    },
    spareSso: async () => {
      const res = await call("PUT", "/settings/sso", await login(account.adminEmail), ssoSettings());
      if (res.status !== 200) throw new Error(`sso ${res.status} ${await res.text()}`);
    },
    spareToken: async () => {
      const adminCookie = await login(account.adminEmail);
      const res = await call("POST", "/api-tokens", adminCookie, { name: "spare", scopes: ["settings:read"], expiresInDays: 30 });
      return ((await res.json()) as { id: string }).id;
    },
  };
}

const AREAS = ["chats", "transcripts", "settings", "team", "auditLog", "analytics"] as const;

/** True when `a` grants no more than `b` in every area. */
const within = (a: Permissions, b: Permissions) => AREAS.every((area) => permissionsGrant(b, area, a[area]));

/**
 * The least sets of scopes (at most two) whose rights some grant accepts, each as its scopes
 * sorted and joined by spaces: none grants less and still passes, and none has a scope too many.
 */
function leastScopeSets(grants: Grant[]): string[] {
  const candidates: ApiTokenScope[][] = [[], ...apiTokenScopes.map((s) => [s])];
  for (const [i, a] of apiTokenScopes.entries()) for (const b of apiTokenScopes.slice(i + 1)) candidates.push([a, b]);
  const passing = candidates
    .map((scopes) => ({ scopes, rights: scopePermissions(scopes) }))
    .filter(({ rights }) => grants.some((grant) => grant(rights)));
  const least = passing.filter(
    (c) =>
      !passing.some(
        (other) =>
          other !== c && within(other.rights, c.rights) && (!within(c.rights, other.rights) || other.scopes.length < c.scopes.length),
      ),
  );
  return [...new Set(least.map((c) => [...c.scopes].sort().join(" ")))].sort();
}

describe("access matrix", () => {
  it("covers every operation of the OpenAPI document", async () => {
    const doc = (await (await SELF.fetch(`${BASE}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const tested = new Set(ENDPOINTS.map((e) => `${e.method} ${e.path.split(/[ ?]/)[0]}`));
    // Signing in needs no role: test/auth.test.ts, test/second-factor.test.ts and test/sso-settings.test.ts cover these.
    const signIn = new Set(["POST /auth/sso/start", "GET /auth/sso/callback"]);
    const untested = documented.filter((op) => !tested.has(op) && !op.startsWith("POST /auth/login") && !signIn.has(op));
    expect(untested).toEqual([]);
  });

  // What the OpenAPI document tells integrators a token needs (its bearerToken requirements, several
  // being alternatives) is exactly the least sets of scopes that this table's grants let through.
  it("documents the API token scopes each operation needs", async () => {
    type Security = Record<string, string[]>[];
    const doc = (await (await SELF.fetch(`${BASE}/api/v1/openapi.json`)).json()) as {
      security: Security;
      paths: Record<string, Record<string, { security?: Security }>>;
    };
    const wrong: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const actual = (operation.security ?? doc.security)
          .flatMap((requirement) => (requirement.bearerToken ? [[...requirement.bearerToken].sort().join(" ")] : []))
          .sort();
        const grants = ENDPOINTS.filter((e) => e.method === method.toUpperCase() && e.path.split(/[ ?]/)[0] === path).map((e) => e.grant);
        // Public and session-only operations take no token.
        if (actual.length === 0 || grants.length === 0) continue;
        const expected = leastScopeSets(grants);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          wrong.push(`${method.toUpperCase()} ${path}: declares [${actual.join(" | ")}], the table needs [${expected.join(" | ")}]`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  for (const [roleName, permissions] of Object.entries(ROLES)) {
    describe(`role ${roleName}`, () => {
      let f: Fixture;
      beforeAll(async () => {
        f = await fixture();
      });

      for (const endpoint of ENDPOINTS) {
        const allowed = endpoint.grant(permissions);
        it(`${allowed ? "may" : "may not"} ${endpoint.method} ${endpoint.path}`, async () => {
          const customPermissions = CUSTOM_ROLES[roleName];
          const roleId = customPermissions
            ? await createRole(openDb(env.DB), {
                accountId: f.account.accountId,
                name: roleName,
                permissions: customPermissions,
                departmentIds: null,
                now: Date.now(),
              })
            : f.account.roleIds[roleName as keyof typeof builtInRoles];
          const cookie = await login(await addOperator(f.account, { roleId }));
          const { url, body, raw } = await endpoint.request(f, cookie);
          const res = await call(endpoint.method, url, cookie, body, raw);
          const text = await res.text();
          if (allowed) {
            expect(res.status, text).not.toBe(403);
            expect(res.status, text).toBeLessThan(500);
            expect([400, 401, 404]).not.toContain(res.status);
            if (endpoint.path.includes("socket")) expect(res.status, text).toBe(426); // all but the upgrade itself passed
          } else {
            expect(res.status, text).toBe(403);
            expect(JSON.parse(text)).toMatchObject({ error: { code: "forbidden" } });
          }
        });
      }
    });
  }
});

describe("department scope", () => {
  it("a department-scoped operator never sees, exports or deletes another department's chats", async () => {
    const account = await seedAccount();
    const db = openDb(env.DB);
    const { departmentId: sales, widgetId: salesWidget } = await departmentWithWidget(account);
    const theirs = await seedTranscript(account, { name: "General Visitor", email: "same@example.org" });
    const ours = await seedTranscript(account, {
      name: "Sales Visitor",
      email: "same@example.org",
      widgetId: salesWidget,
      departmentId: sales,
    });
    const roleId = await createRole(db, {
      accountId: account.accountId,
      name: "Sales DPO",
      permissions: { ...builtInRoles.Admin },
      departmentIds: [sales],
      now: Date.now(),
    });
    const cookie = await login(await addOperator(account, { roleId }));

    const list = (await (await call("GET", "/conversations", cookie)).json()) as { items: { id: string }[] };
    expect(list.items.map((c) => c.id)).toEqual([ours]);
    expect((await call("GET", `/conversations/${theirs}`, cookie)).status).toBe(404);
    expect((await call("GET", `/conversations/${theirs}/messages`, cookie)).status).toBe(404);
    const exported = (await (
      await call("POST", "/conversations/export", cookie, { format: "json", conversationIds: [theirs, ours] })
    ).json()) as { conversations: { id: string }[] };
    expect(exported.conversations.map((c) => c.id)).toEqual([ours]);
    const all = (await (await call("POST", "/conversations/export", cookie, { format: "json", filter: {} })).json()) as {
      conversations: { id: string }[];
    };
    expect(all.conversations.map((c) => c.id)).toEqual([ours]);
    const dsr = (await (await call("POST", "/data-subject/search", cookie, { email: "same@example.org" })).json()) as { count: number };
    expect(dsr.count).toBe(1);
    // Acting on a whole person (or the whole account) needs a role over all departments: a partial erasure would look complete.
    expect(await (await call("POST", "/data-subject/erase", cookie, { email: "same@example.org" })).json()).toMatchObject({
      error: { code: "requires_all_departments" },
    });
    expect(await (await call("POST", "/data-subject/export", cookie, { email: "same@example.org", format: "json" })).json()).toMatchObject({
      error: { code: "requires_all_departments" },
    });
    expect(await (await call("PATCH", "/settings", cookie, { retentionMonths: 1 })).json()).toMatchObject({
      error: { code: "requires_all_departments" },
    });
    expect(
      (await call("PATCH", `/settings/widgets/${account.widgetId}`, cookie, { retention: { mode: "months", months: 1 } })).status,
    ).toBe(404);
    expect((await call("PATCH", `/settings/widgets/${salesWidget}`, cookie, { departmentId: account.departmentId })).status).toBe(403);
    expect((await call("POST", "/settings/widgets", cookie, { name: "Not ours", departmentId: account.departmentId })).status).toBe(403);
    // API tokens: the scoped manager sees and revokes only their own, not an administrator's.
    const adminCookie = await login(account.adminEmail);
    const adminToken = (await (
      await call("POST", "/api-tokens", adminCookie, { name: "CRM", scopes: ["settings:read"], expiresInDays: 30 })
    ).json()) as { id: string };
    const ownToken = (await (
      await call("POST", "/api-tokens", cookie, { name: "Sales sheet", scopes: ["settings:read"], expiresInDays: 30 })
    ).json()) as { id: string };
    const visible = ((await (await call("GET", "/api-tokens", cookie)).json()) as { items: { id: string }[] }).items.map((t) => t.id);
    expect(visible).toEqual([ownToken.id]);
    expect((await call("DELETE", `/api-tokens/${adminToken.id}`, cookie)).status).toBe(404);
    expect((await call("DELETE", `/api-tokens/${ownToken.id}`, cookie)).status).toBe(204);
    const adminsView = (
      (await (await call("GET", "/api-tokens", adminCookie)).json()) as {
        items: { id: string; revokedAt: number | null; operatorName: string }[];
      }
    ).items;
    expect(adminsView.find((t) => t.id === adminToken.id)).toMatchObject({ revokedAt: null, operatorName: "Ada Admin" });
    // The set of departments bounds every role: a role over some of them cannot change it.
    expect(await (await call("POST", "/team/departments", cookie, { name: "Shadow" })).json()).toMatchObject({
      error: { code: "requires_all_departments" },
    });
    expect(await (await call("PATCH", `/team/departments/${account.departmentId}`, cookie, { name: "Renamed" })).json()).toMatchObject({
      error: { code: "requires_all_departments" },
    });
    expect(await (await call("DELETE", `/team/departments/${sales}`, cookie)).json()).toMatchObject({
      error: { code: "requires_all_departments" },
    });
    // A socket to a conversation out of reach hears what a socket to an erased one hears: nothing of it.
    await expectErasedSocket(
      await SELF.fetch(`${BASE}/api/v1/conversations/${theirs}/socket`, {
        headers: { Origin: BASE, Cookie: cookie, Upgrade: "websocket" },
      }),
    );
    expect(await (await call("DELETE", `/conversations/${theirs}`, cookie)).json()).toMatchObject({ error: { code: "not_found" } });
    expect(await (await call("POST", "/conversations/delete", cookie, { conversationIds: [theirs] })).json()).toEqual({
      deleted: 0,
      dryRun: false,
    });
    expect(await (await call("POST", "/conversations/delete", cookie, { filter: { email: "same@example.org" } })).json()).toEqual({
      deleted: 1,
      dryRun: false,
    });
    expect(await env.DB.prepare("SELECT id FROM conversations WHERE id IN (?, ?)").bind(theirs, ours).all()).toMatchObject({
      results: [{ id: theirs }],
    });
  });
});

describe("account isolation", () => {
  // One request per operation of the API (over a hundred): a busy machine needs more than the default 30 s.
  it("no endpoint returns another account's data", { timeout: 120_000 }, async () => {
    const ours = await fixture();
    const foreign = await seedAccount();
    const foreignChat = await seedTranscript(foreign, {
      name: "Bertha Foreign",
      email: "bertha@foreign.example",
      bodies: ["foreign secret"],
    });
    const foreignOperator = await addOperator(foreign, "Agent", "Fritz Foreign");
    const markers = [
      foreignChat,
      "Bertha",
      "bertha@foreign.example",
      "foreign secret",
      foreignOperator,
      "Fritz Foreign",
      foreign.accountId,
      foreign.widgetId,
      foreign.departmentId,
      foreign.adminEmail,
    ];
    const cookie = await login(ours.account.adminEmail);
    for (const endpoint of ENDPOINTS.filter((e) => e.method === "GET" || e.path.includes("export") || e.path.includes("search"))) {
      const { url, body } = await endpoint.request(ours, cookie);
      const text = await (await call(endpoint.method === "GET" ? "GET" : "POST", url, cookie, body)).text();
      for (const marker of markers) expect(text, `${endpoint.method} ${url}`).not.toContain(marker);
    }
    // Addressed directly by id, the other account's things do not exist.
    for (const url of [`/conversations/${foreignChat}`, `/conversations/${foreignChat}/messages`]) {
      expect((await call("GET", url, cookie)).status).toBe(404);
    }
    expect((await call("PATCH", `/settings/widgets/${foreign.widgetId}`, cookie, { name: "x" })).status).toBe(404);
    expect((await call("DELETE", `/team/departments/${foreign.departmentId}`, cookie)).status).toBe(404);
    expect((await call("DELETE", `/conversations/${foreignChat}`, cookie)).status).toBe(404);
    const exported = (await (
      await call("POST", "/conversations/export", cookie, { format: "json", conversationIds: [foreignChat] })
    ).json()) as { conversations: unknown[] };
    expect(exported.conversations).toEqual([]);
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM conversations WHERE id = ?").bind(foreignChat).first())?.n).toBe(1);
  });
});
