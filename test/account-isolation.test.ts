import { runDurableObjectAlarm, SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { renewIdentitySecret } from "../src/conversation/verified-visitor";
import { emailIndex } from "../src/crypto/blind-index";
import { createDepartment, createRole } from "../src/db/accounts";
import { openDb } from "../src/db/client";
import { insertDataRequest } from "../src/db/data-requests";
import { replaceRouterRules } from "../src/db/router";
import { createSavedReply } from "../src/db/saved-replies";
import { insertWebhookDeliveries } from "../src/db/webhooks";
import { builtInRoles } from "../src/shared/permissions";
import { createEndpoint } from "../src/webhooks/manage";
import {
  accountsD1,
  addOperator,
  BASE,
  login,
  PASSWORD,
  roomStub,
  SITE_ORIGIN,
  seedAccount,
  startChat,
  type TestAccount,
  TestSocket,
  tracesOf,
  upgrade,
  visitorSocket,
} from "./helpers";
import { registerSoftPasskey } from "./helpers/passkeys";
import { seedTranscript } from "./helpers/transcripts";

// Two accounts in one deployment. An administrator of account A addresses account B's
// conversations, widgets, operators, departments, roles, API tokens and router rules by their ids,
// through every REST endpoint that takes an id anywhere (path, query, body) and both kinds of
// socket. Each answer must be exactly the answer for an id that does not exist, and B's data must
// stay byte for byte as it was. The list of endpoints comes from the OpenAPI document: an id
// parameter that no case below covers fails the test.

/** The ids one case fills in: B's real ones, or ones that exist nowhere. */
interface Ids {
  openChat: string;
  transcript: string;
  operator: string;
  department: string;
  role: string;
  token: string;
  widget: string;
  siteKey: string;
  /** The public id of a session (the sessions screen). */
  session: string;
  /** A passkey's credential id (base64url, chosen by the authenticator). */
  passkey: string;
  /** A file sent in the open chat. */
  attachment: string;
  savedReply: string;
  /** A request in the register of data-subject requests. */
  dataRequest: string;
  webhook: string;
  webhookDelivery: string;
}

/** Account A's own things, which some cases change (with B's ids in the body). */
interface Ours {
  account: TestAccount;
  openChat: string;
  operator: string;
  role: string;
  savedReply: string;
}

interface Case {
  /** "METHOD /path" as in the OpenAPI document. */
  op: string;
  /** The id fields this case puts B's ids in, as dotted paths ("id", "filter.widgetId", "rules.widgetId"). */
  fields: string[];
  request: (x: Ids, a: Ours) => { url: string; body?: unknown; upgrade?: boolean };
}

const FILTER_FIELDS: Record<string, (x: Ids) => string> = {
  widgetId: (x) => x.widget,
  departmentId: (x) => x.department,
  operatorId: (x) => x.operator,
  assignedTo: (x) => x.operator,
};

const unique = () => crypto.randomUUID().slice(0, 8);

const CASES: Case[] = [
  { op: "GET /conversations/{id}", fields: ["id"], request: (x) => ({ url: `/conversations/${x.transcript}` }) },
  { op: "GET /conversations/{id}", fields: ["id"], request: (x) => ({ url: `/conversations/${x.openChat}` }) },
  {
    op: "PATCH /conversations/{id}",
    fields: ["id"],
    request: (x) => ({ url: `/conversations/${x.openChat}`, body: { tags: ["stolen"] } }),
  },
  { op: "DELETE /conversations/{id}", fields: ["id"], request: (x) => ({ url: `/conversations/${x.transcript}` }) },
  { op: "DELETE /conversations/{id}", fields: ["id"], request: (x) => ({ url: `/conversations/${x.openChat}` }) },
  {
    op: "POST /conversations/{id}/assign",
    fields: ["id"],
    request: (x) => ({ url: `/conversations/${x.openChat}/assign`, body: { operatorId: null } }),
  },
  {
    op: "POST /conversations/{id}/assign",
    fields: ["operatorId"],
    request: (x, a) => ({ url: `/conversations/${a.openChat}/assign`, body: { operatorId: x.operator } }),
  },
  {
    op: "POST /conversations/{id}/transfer",
    fields: ["id"],
    request: (x, a) => ({ url: `/conversations/${x.openChat}/transfer`, body: { departmentId: a.account.departmentId } }),
  },
  {
    op: "POST /conversations/{id}/transfer",
    fields: ["departmentId"],
    request: (x, a) => ({ url: `/conversations/${a.openChat}/transfer`, body: { departmentId: x.department } }),
  },
  {
    op: "POST /conversations/{id}/attachments",
    fields: ["id"],
    request: (x) => ({ url: `/conversations/${x.openChat}/attachments?name=stolen.txt` }),
  },
  {
    op: "GET /conversations/{id}/attachments/{attachmentId}",
    fields: ["id", "attachmentId"],
    request: (x) => ({ url: `/conversations/${x.openChat}/attachments/${x.attachment}` }),
  },
  {
    op: "GET /conversations/{id}/attachments/{attachmentId}",
    fields: ["attachmentId"],
    request: (x, a) => ({ url: `/conversations/${a.openChat}/attachments/${x.attachment}` }),
  },
  { op: "GET /conversations/{id}/assignees", fields: ["id"], request: (x) => ({ url: `/conversations/${x.openChat}/assignees` }) },
  { op: "GET /conversations/{id}/visitor", fields: ["id"], request: (x) => ({ url: `/conversations/${x.transcript}/visitor` }) },
  { op: "GET /conversations/{id}/related", fields: ["id"], request: (x) => ({ url: `/conversations/${x.transcript}/related` }) },
  { op: "GET /conversations/{id}/messages", fields: ["id"], request: (x) => ({ url: `/conversations/${x.transcript}/messages` }) },
  { op: "GET /conversations/{id}/socket", fields: ["id"], request: (x) => ({ url: `/conversations/${x.openChat}/socket`, upgrade: true }) },
  {
    op: "GET /conversations/{id}/socket",
    fields: ["id"],
    request: (x) => ({ url: `/conversations/${x.transcript}/socket`, upgrade: true }),
  },
  ...Object.entries(FILTER_FIELDS).flatMap(([field, id]): Case[] => [
    { op: "GET /conversations", fields: [field], request: (x) => ({ url: `/conversations?${field}=${id(x)}` }) },
    { op: "POST /conversations/search", fields: [field], request: (x) => ({ url: "/conversations/search", body: { [field]: id(x) } }) },
    {
      op: "POST /conversations/export",
      fields: [`filter.${field}`],
      request: (x) => ({ url: "/conversations/export", body: { format: "json", filter: { [field]: id(x) } } }),
    },
    {
      op: "POST /conversations/delete",
      fields: [`filter.${field}`],
      request: (x) => ({ url: "/conversations/delete", body: { filter: { [field]: id(x) } } }),
    },
  ]),
  {
    op: "POST /conversations/export",
    fields: ["conversationIds"],
    request: (x) => ({ url: "/conversations/export", body: { format: "json", conversationIds: [x.transcript, x.openChat] } }),
  },
  {
    op: "POST /conversations/delete",
    fields: ["conversationIds"],
    request: (x) => ({ url: "/conversations/delete", body: { conversationIds: [x.transcript, x.openChat] } }),
  },
  {
    op: "POST /team/operators",
    fields: ["roleId"],
    request: (x) => ({
      url: "/team/operators",
      body: { email: `new-${unique()}@example.com`, displayName: "Mole", password: PASSWORD, roleId: x.role },
    }),
  },
  {
    op: "PATCH /team/operators/{id}",
    fields: ["id"],
    request: (x) => ({ url: `/team/operators/${x.operator}`, body: { displayName: "Renamed by A", password: "a password chosen by A" } }),
  },
  {
    op: "PATCH /team/operators/{id}",
    fields: ["roleId"],
    request: (x, a) => ({ url: `/team/operators/${a.operator}`, body: { roleId: x.role } }),
  },
  { op: "DELETE /team/operators/{id}", fields: ["id"], request: (x) => ({ url: `/team/operators/${x.operator}` }) },
  {
    op: "POST /team/operators/{id}/second-factor/reset",
    fields: ["id"],
    request: (x) => ({ url: `/team/operators/${x.operator}/second-factor/reset` }),
  },
  {
    op: "PATCH /team/departments/{id}",
    fields: ["id"],
    request: (x) => ({ url: `/team/departments/${x.department}`, body: { name: "Renamed by A" } }),
  },
  { op: "DELETE /team/departments/{id}", fields: ["id"], request: (x) => ({ url: `/team/departments/${x.department}` }) },
  {
    op: "POST /team/roles",
    fields: ["departmentIds"],
    request: (x) => ({
      url: "/team/roles",
      body: { name: `Reach ${unique()}`, permissions: builtInRoles.Agent, departmentIds: [x.department] },
    }),
  },
  {
    op: "PATCH /team/roles/{id}",
    fields: ["id"],
    request: (x) => ({ url: `/team/roles/${x.role}`, body: { name: "Renamed by A", permissions: builtInRoles.Admin } }),
  },
  {
    op: "PATCH /team/roles/{id}",
    fields: ["departmentIds"],
    request: (x, a) => ({ url: `/team/roles/${a.role}`, body: { departmentIds: [x.department] } }),
  },
  { op: "DELETE /team/roles/{id}", fields: ["id"], request: (x) => ({ url: `/team/roles/${x.role}` }) },
  {
    op: "POST /settings/widgets",
    fields: ["departmentId"],
    request: (x) => ({ url: "/settings/widgets", body: { name: "Planted", departmentId: x.department } }),
  },
  {
    op: "PATCH /settings/widgets/{id}",
    fields: ["id"],
    request: (x) => ({ url: `/settings/widgets/${x.widget}`, body: { name: "Renamed by A", allowedOrigins: ["https://evil.example"] } }),
  },
  {
    op: "PATCH /settings/widgets/{id}",
    fields: ["departmentId"],
    request: (x, a) => ({ url: `/settings/widgets/${a.account.widgetId}`, body: { departmentId: x.department } }),
  },
  {
    op: "GET /settings/widgets/{id}/identity-secret",
    fields: ["id"],
    request: (x) => ({ url: `/settings/widgets/${x.widget}/identity-secret` }),
  },
  {
    op: "POST /settings/widgets/{id}/identity-secret",
    fields: ["id"],
    request: (x) => ({ url: `/settings/widgets/${x.widget}/identity-secret` }),
  },
  {
    op: "PUT /settings/router",
    fields: ["rules.widgetId"],
    request: (x) => ({ url: "/settings/router", body: { rules: [{ name: "Send everyone to B", conditions: {}, widgetId: x.widget }] } }),
  },
  {
    op: "POST /settings/router/dry-run",
    fields: ["siteKey"],
    request: (x) => ({ url: "/settings/router/dry-run", body: { siteKey: x.siteKey, country: "DE" } }),
  },
  {
    op: "POST /settings/saved-replies",
    fields: ["departmentId"],
    request: (x) => ({
      url: "/settings/saved-replies",
      body: { title: "Planted", shortcut: "planted", departmentId: x.department, texts: { en: "Planted" } },
    }),
  },
  {
    op: "PATCH /settings/saved-replies/{id}",
    fields: ["id"],
    request: (x) => ({ url: `/settings/saved-replies/${x.savedReply}`, body: { title: "Renamed by A", texts: { en: "A's words" } } }),
  },
  {
    op: "PATCH /settings/saved-replies/{id}",
    fields: ["departmentId"],
    request: (x, a) => ({ url: `/settings/saved-replies/${a.savedReply}`, body: { departmentId: x.department } }),
  },
  { op: "DELETE /settings/saved-replies/{id}", fields: ["id"], request: (x) => ({ url: `/settings/saved-replies/${x.savedReply}` }) },
  {
    op: "GET /conversations/{id}/saved-replies",
    fields: ["id"],
    request: (x) => ({ url: `/conversations/${x.openChat}/saved-replies` }),
  },
  { op: "GET /conversations/{id}/consent", fields: ["id"], request: (x) => ({ url: `/conversations/${x.transcript}/consent` }) },
  { op: "GET /consent-texts", fields: ["widgetId"], request: (x) => ({ url: `/consent-texts?widgetId=${x.widget}` }) },
  {
    op: "PATCH /data-requests/{id}",
    fields: ["id"],
    request: (x) => ({ url: `/data-requests/${x.dataRequest}`, body: { status: "answered" } }),
  },
  { op: "DELETE /data-requests/{id}", fields: ["id"], request: (x) => ({ url: `/data-requests/${x.dataRequest}` }) },
  {
    op: "POST /data-subject/erase",
    fields: ["requestId"],
    request: (x) => ({ url: "/data-subject/erase", body: { email: "bruno@b.example", requestId: x.dataRequest } }),
  },
  { op: "DELETE /api-tokens/{id}", fields: ["id"], request: (x) => ({ url: `/api-tokens/${x.token}` }) },
  { op: "DELETE /me/sessions/{id}", fields: ["id"], request: (x) => ({ url: `/me/sessions/${x.session}` }) },
  { op: "PATCH /me/passkeys/{id}", fields: ["id"], request: (x) => ({ url: `/me/passkeys/${x.passkey}`, body: { name: "Renamed by A" } }) },
  { op: "DELETE /me/passkeys/{id}", fields: ["id"], request: (x) => ({ url: `/me/passkeys/${x.passkey}` }) },
  { op: "GET /audit-log", fields: ["actorId"], request: (x) => ({ url: `/audit-log?actorId=${x.operator}` }) },
  { op: "PATCH /webhooks/{id}", fields: ["id"], request: (x) => ({ url: `/webhooks/${x.webhook}`, body: { enabled: false } }) },
  { op: "DELETE /webhooks/{id}", fields: ["id"], request: (x) => ({ url: `/webhooks/${x.webhook}` }) },
  { op: "POST /webhooks/{id}/secret", fields: ["id"], request: (x) => ({ url: `/webhooks/${x.webhook}/secret` }) },
  { op: "POST /webhooks/{id}/test", fields: ["id"], request: (x) => ({ url: `/webhooks/${x.webhook}/test` }) },
  { op: "GET /webhooks/{id}/deliveries", fields: ["id"], request: (x) => ({ url: `/webhooks/${x.webhook}/deliveries` }) },
  {
    op: "POST /webhooks/{id}/deliveries/{deliveryId}/resend",
    fields: ["id", "deliveryId"],
    request: (x) => ({ url: `/webhooks/${x.webhook}/deliveries/${x.webhookDelivery}/resend` }),
  },
];

/** Schema patterns of the two kinds of id: UUIDs and 64-hex conversation ids. */
const ID_PATTERN = /\[0-9a-f\]\{(8|64)\}/;

type Schema = {
  $ref?: string;
  pattern?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: { name: string; in: string; schema?: Schema }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

/** Dotted paths of every field of a schema that holds an id (by its pattern), arrays and unions included. */
function idFields(doc: OpenApi, schema: Schema | undefined, path: string, seen = new Set<string>()): string[] {
  if (!schema) return [];
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return [];
    return idFields(doc, doc.components?.schemas?.[schema.$ref.split("/").at(-1)!], path, new Set([...seen, schema.$ref]));
  }
  const found: string[] = schema.pattern && ID_PATTERN.test(schema.pattern) ? [path] : [];
  for (const [name, property] of Object.entries(schema.properties ?? {}))
    found.push(...idFields(doc, property, path ? `${path}.${name}` : name, seen));
  for (const part of [schema.items, ...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
    found.push(...idFields(doc, part, path, seen));
  return found;
}

const call = (method: string, url: string, cookie: string, body?: unknown, asUpgrade = false) =>
  SELF.fetch(`${BASE}/api/v1${url}`, {
    method,
    headers: {
      Origin: BASE,
      Cookie: cookie,
      ...(asUpgrade ? { Upgrade: "websocket" } : {}),
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** An answer as compared: status and body, minus the moment it was made and the ids it echoes. */
async function answer(res: Response, ids: Ids): Promise<{ status: number; body: unknown }> {
  let text = res.webSocket ? JSON.stringify(await socketStory(res.webSocket)) : await res.text();
  for (const [name, id] of Object.entries(ids)) text = text.replaceAll(id, `<${name}>`);
  let body: unknown = text;
  try {
    body = JSON.parse(text, (key, value: unknown) => (/At$/.test(key) ? "<time>" : value));
  } catch {
    // not JSON: compared as text
  }
  return { status: res.status, body };
}

/** What an accepted socket says until it closes (a socket to a conversation that is gone says so, then closes). */
async function socketStory(ws: WebSocket): Promise<{ frames: unknown[]; closed: { code: number; reason: string } | null }> {
  const socket = new TestSocket(ws);
  await socket.until((s) => s.closed !== null, 10_000, "the socket to close");
  return { frames: socket.frames, closed: socket.closed };
}

/** Every D1 row of account B, and everything stored of its conversations, rooms included. */
async function snapshotOf(accountId: string, conversationIds: string[]): Promise<string> {
  const tables = (
    await accountsD1
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' ORDER BY name",
      )
      .all<{ name: string }>()
  ).results;
  const rows: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const columns = (await accountsD1.prepare("SELECT name FROM pragma_table_info(?)").bind(name).all<{ name: string }>()).results.map(
      (c) => c.name,
    );
    const key = name === "accounts" ? "id" : columns.includes("account_id") ? "account_id" : null;
    if (key) rows[name] = (await accountsD1.prepare(`SELECT * FROM "${name}" WHERE ${key} = ? ORDER BY 1`).bind(accountId).all()).results;
  }
  const traces = [];
  for (const id of conversationIds) traces.push(await tracesOf(id));
  return JSON.stringify({ rows, traces });
}

describe("two-account isolation", () => {
  let a: Ours;
  let cookie: string;
  let b: TestAccount;
  let foreign: Ids;
  let bConversations: string[];

  beforeAll(async () => {
    const db = openDb(accountsD1);
    const now = Date.now();
    const accountA = await seedAccount();
    b = await seedAccount();
    const aChat = await startChat(accountA.siteKey, { consent: true, name: "Anna A" });
    const aOperatorEmail = await addOperator(accountA, "Agent", "Andy A");
    a = {
      account: accountA,
      openChat: aChat.conversationId,
      operator: (await accountsD1.prepare("SELECT id FROM operators WHERE email = ?").bind(aOperatorEmail).first<{ id: string }>())!.id,
      role: await createRole(db, {
        accountId: accountA.accountId,
        name: "A's own",
        permissions: builtInRoles.Agent,
        departmentIds: null,
        now,
      }),
      savedReply: await createSavedReply(db, {
        accountId: accountA.accountId,
        departmentId: null,
        title: "A's reply",
        shortcut: "ours",
        texts: { en: "Ours" },
        now,
      }),
    };
    cookie = await login(accountA.adminEmail);
    // B's widget has an identity secret: A can neither read nor replace it.
    await renewIdentitySecret(env, db, { id: b.widgetId, accountId: b.accountId }, true);

    // B: a live chat with a message, a stored transcript, an operator, a second department, a
    // custom role, an API token and router rules.
    const bChat = await startChat(b.siteKey, { consent: true, name: "Bertha B", email: "bertha@b.example" });
    const visitor = await visitorSocket(b.siteKey, bChat.conversationId, bChat.visitorToken);
    visitor.send({ type: "message.send", clientId: crypto.randomUUID(), body: "B's secret" });
    await visitor.until((s) => s.messages().length > 0, 10_000, "B's message");
    const upload = await SELF.fetch(`${BASE}/w/${b.siteKey}/conversations/${bChat.conversationId}/attachments?name=b-secret.txt`, {
      method: "POST",
      headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${bChat.visitorToken}`, "Content-Type": "text/plain" },
      body: "B's secret file",
    });
    const bAttachment = ((await upload.json()) as { attachment: { id: string } }).attachment.id;
    visitor.send({ type: "message.send", clientId: crypto.randomUUID(), body: "", attachmentId: bAttachment });
    await visitor.until((s) => s.messages().length > 1, 10_000, "B's file");
    visitor.close();
    // The room writes the message to D1 on its alarm: run it now, so B's data is at rest before the snapshot.
    expect(await runDurableObjectAlarm(roomStub(bChat.conversationId))).toBe(true);
    const transcript = await seedTranscript(b, { name: "Bruno B", email: "bruno@b.example", bodies: ["B's stored secret"] });
    const bOperatorEmail = await addOperator(b, "Agent", "Bob B");
    const bAdmin = await login(b.adminEmail);
    const bToken = (await (
      await call("POST", "/api-tokens", bAdmin, { name: "B's CRM", scopes: ["settings:read"], expiresInDays: 30 })
    ).json()) as { id: string };
    await replaceRouterRules(db, b.accountId, [{ name: "B in Germany", conditions: { countries: ["DE"] }, widgetId: b.widgetId }], now);
    foreign = {
      openChat: bChat.conversationId,
      transcript,
      operator: (await accountsD1.prepare("SELECT id FROM operators WHERE email = ?").bind(bOperatorEmail).first<{ id: string }>())!.id,
      department: await createDepartment(db, b.accountId, "B's Sales", now),
      role: await createRole(db, { accountId: b.accountId, name: "B's role", permissions: builtInRoles.Agent, departmentIds: null, now }),
      token: bToken.id,
      widget: b.widgetId,
      siteKey: b.siteKey,
      session: ((await (await call("GET", "/me/sessions", bAdmin)).json()) as { items: { id: string }[] }).items[0]!.id,
      // An agent's: the admin keeps signing in with a password alone (a passkey is a second factor).
      passkey: (await registerSoftPasskey(await login(bOperatorEmail), "B's passkey")).credentialId,
      attachment: bAttachment,
      savedReply: await createSavedReply(db, {
        accountId: b.accountId,
        departmentId: null,
        title: "B's reply",
        shortcut: "theirs",
        texts: { en: "B's words" },
        now,
      }),
      dataRequest: "",
      webhook: "",
      webhookDelivery: "",
    };
    foreign.dataRequest = (
      await insertDataRequest(db, {
        accountId: b.accountId,
        kind: "erasure",
        emailBidx: await emailIndex(env.BLIND_INDEX_KEY, b.accountId, "bruno@b.example"),
        receivedAt: now,
        dueAt: now + 30 * 86_400_000,
        createdAt: now,
      })
    ).id;

    // B's webhook endpoint with one delivery on record (not queued).
    foreign.webhook = (
      await createEndpoint(
        env,
        db,
        b.accountId,
        {
          url: `${env.WEBHOOK_RECEIVER_URL}hooks/isolation-b`,
          description: "B's CRM",
          events: ["conversation.started"],
          includePersonalData: true,
        },
        now,
      )
    ).id;
    foreign.webhookDelivery = crypto.randomUUID();
    await insertWebhookDeliveries(db, [
      {
        id: foreign.webhookDelivery,
        accountId: b.accountId,
        endpointId: foreign.webhook,
        eventType: "webhook.test",
        event: JSON.stringify({ id: "evt_b", type: "webhook.test", occurredAt: now, data: {} }),
        createdAt: now,
      },
    ]);
    bConversations = [bChat.conversationId, transcript];
  });

  const missing = (): Ids => ({
    openChat: env.CONVERSATIONS.newUniqueId().toString(),
    transcript: env.CONVERSATIONS.newUniqueId().toString(),
    operator: crypto.randomUUID(),
    department: crypto.randomUUID(),
    role: crypto.randomUUID(),
    token: crypto.randomUUID(),
    widget: crypto.randomUUID(),
    siteKey: `nowhere-${unique()}`,
    session: `nowhere${unique()}${unique()}`,
    passkey: crypto.randomUUID().replaceAll("-", ""),
    attachment: crypto.randomUUID(),
    savedReply: crypto.randomUUID(),
    dataRequest: crypto.randomUUID(),
    webhook: crypto.randomUUID(),
    webhookDelivery: crypto.randomUUID(),
  });

  it("covers every id parameter of every operation in the OpenAPI document", async () => {
    const doc = (await (await SELF.fetch(`${BASE}/api/v1/openapi.json`)).json()) as OpenApi;
    const required: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const op = `${method.toUpperCase()} ${path}`;
        const fields = [
          ...(operation.parameters ?? []).flatMap((p) =>
            p.in === "path" || ID_PATTERN.test(p.schema?.pattern ?? "")
              ? idFields(doc, p.schema, p.name).concat(p.in === "path" ? [p.name] : [])
              : [],
          ),
          ...idFields(doc, operation.requestBody?.content?.["application/json"]?.schema, ""),
        ];
        for (const field of new Set(fields)) required.push(`${op} ${field}`);
      }
    }
    // The dry run takes a widget by its site key, which has no id pattern.
    required.push("POST /settings/router/dry-run siteKey");
    const covered = new Set(CASES.flatMap((c) => c.fields.map((f) => `${c.op} ${f}`)));
    expect(required.filter((r) => !covered.has(r))).toEqual([]);
    // And no case names an operation or field the document does not have.
    expect([...covered].filter((c) => !required.includes(c))).toEqual([]);
  });

  it("answers every request with B's ids exactly as with ids that exist nowhere, and B's data stays as it was", async () => {
    const before = await snapshotOf(b.accountId, bConversations);
    const failures: string[] = [];
    for (const c of CASES) {
      const [method] = c.op.split(" ") as [string];
      const absent = missing();
      const theirs = c.request(foreign, a);
      const nowhere = c.request(absent, a);
      const got = await answer(await call(method, theirs.url, cookie, theirs.body, theirs.upgrade), foreign);
      const expected = await answer(await call(method, nowhere.url, cookie, nowhere.body, nowhere.upgrade), absent);
      const label = `${c.op} [${c.fields.join(", ")}]`;
      if (JSON.stringify(got) !== JSON.stringify(expected))
        failures.push(`${label}: ${JSON.stringify(got)} instead of ${JSON.stringify(expected)}`);
      // A socket may answer a conversation that is not there by saying so (and closing); anything else is 404.
      if (c.fields.includes("id") && !theirs.upgrade && got.status !== 404) failures.push(`${label}: ${got.status}, not 404`);
      const text = JSON.stringify(got.body);
      for (const secret of [
        "Bertha",
        "bertha@b.example",
        "Bruno",
        "B's secret",
        "B's stored secret",
        "Bob B",
        "B's Sales",
        "B's role",
        "B's CRM",
        "B's passkey",
        b.adminEmail,
      ]) {
        if (text.includes(secret)) failures.push(`${label}: answer contains ${secret}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshotOf(b.accountId, bConversations)).toBe(before);
  });

  it("opens no conversation socket of B for A, and B's live chat goes on unharmed", async () => {
    for (const id of bConversations) {
      const res = await upgrade(`${BASE}/api/v1/conversations/${id}/socket`, { Origin: BASE, Cookie: cookie });
      if (res.webSocket) {
        // Answered as a conversation that is gone: no hello, no history, a close code of our own range.
        const story = await socketStory(res.webSocket);
        expect(story.frames.map((f) => (f as { type: string }).type)).not.toContain("hello");
        expect(JSON.stringify(story.frames)).not.toContain("B's secret");
        expect(story.closed!.code).toBeGreaterThanOrEqual(4000);
        expect(story.closed!.code).toBeLessThan(5000);
      } else {
        expect(res.status).toBe(404);
      }
    }
    const bAdmin = await login(b.adminEmail);
    const res = await upgrade(`${BASE}/api/v1/conversations/${foreign.openChat}/socket`, { Origin: BASE, Cookie: bAdmin });
    const socket = new TestSocket(res.webSocket!);
    await socket.until((s) => s.messages().some((m) => m.body === "B's secret"), 10_000, "B's own history");
    socket.close();
  });

  it("tells A's inbox socket nothing of B's conversations", async () => {
    const res = await upgrade(`${BASE}/api/v1/inbox/socket`, { Origin: BASE, Cookie: cookie });
    const inbox = new TestSocket(res.webSocket!);
    // Something happens in B (a new chat, an assignment), then in A; once A's news is in, B's
    // would have been too, had it been sent to A.
    const bChat = await startChat(b.siteKey, { consent: true });
    const bAdmin = await login(b.adminEmail);
    expect((await call("POST", `/conversations/${bChat.conversationId}/assign`, bAdmin, { operatorId: null })).status).toBe(200);
    const aChat = await startChat(a.account.siteKey, { consent: true });
    await inbox.until((s) => JSON.stringify(s.frames).includes(aChat.conversationId), 10_000, "A's own news");
    const told = JSON.stringify(inbox.frames);
    for (const id of [bChat.conversationId, ...bConversations]) expect(told).not.toContain(id);
    inbox.close();
  });
});
