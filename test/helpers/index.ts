import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { hashPassword } from "../../src/crypto/password";
import { type CreatedAccount, createAccount, createDepartment, createOperator, createRole, createWidget } from "../../src/db/accounts";
import type { Db } from "../../src/db/client";
import { createPlacedAccount, databaseFor } from "../../src/db/databases";
import { CLOSE_CONVERSATION_ERASED, type ServerFrame } from "../../src/shared/frames";
import { builtInRoles } from "../../src/shared/permissions";
import { solveChallenge } from "../../src/shared/proof-of-work";

export const BASE = "https://confide.test";
export const SITE_ORIGIN = "https://shop.example";
export const PASSWORD = "correct horse battery staple";

let passwordHash: Promise<string> | null = null;

export interface TestAccount extends CreatedAccount {
  siteKey: string;
  adminEmail: string;
}

/** A fresh account with a widget that SITE_ORIGIN may embed; unique keys so tests never collide. */
export async function seedAccount(
  widget: { privacyMode?: boolean; livePreview?: boolean; consentRequired?: boolean } = {},
  /** The database to place it on; by default where the placement rule says (NEW_ACCOUNTS_DATABASE, vitest.config.ts). */
  database?: string,
): Promise<TestAccount> {
  passwordHash ??= hashPassword(PASSWORD);
  const suffix = crypto.randomUUID().slice(0, 8);
  const siteKey = `site-${suffix}`;
  const adminEmail = `admin-${suffix}@example.com`;
  const hash = await passwordHash;
  const now = Date.now();
  const created = await createPlacedAccount(
    env,
    (db) =>
      createAccount(db, {
        name: `Account ${suffix}`,
        admin: { email: adminEmail, displayName: "Ada Admin", passwordHash: hash },
        // A standard widget (privacy mode off) unless a test asks otherwise.
        widget: { siteKey, name: "Support", allowedOrigins: [SITE_ORIGIN], privacyMode: false, ...widget },
        now,
      }),
    now,
    database,
  );
  return { ...created, siteKey, adminEmail };
}

/**
 * The database this run places new accounts on (NEW_ACCOUNTS_DATABASE, vitest.config.ts): DB, or
 * DB_2 when CONFIDE_TEST_DATABASE=DB_2. Tests that read or write their accounts' rows directly do so
 * here, so the same files prove the worker follows the mapping to either database.
 */
export const accountsD1: D1Database = (env as unknown as Record<string, D1Database>)[env.NEW_ACCOUNTS_DATABASE || "DB"]!;

/** The database that holds the account's rows (src/db/databases.ts): what tests read and write to check rows. */
export const accountDb = (account: { accountId: string } | string): Promise<Db> =>
  databaseFor(env, typeof account === "string" ? account : account.accountId);

export const sharedPasswordHash = (): Promise<string> => (passwordHash ??= hashPassword(PASSWORD));

/** Adds an operator with a built-in role (or a role id) to the account; returns its email. */
export async function addOperator(
  account: TestAccount,
  role: keyof TestAccount["roleIds"] | { roleId: string },
  name = "Olga Operator",
): Promise<string> {
  const email = `op-${crypto.randomUUID().slice(0, 8)}@example.com`;
  await createOperator(await accountDb(account), {
    accountId: account.accountId,
    email,
    displayName: name,
    passwordHash: await sharedPasswordHash(),
    roleId: typeof role === "string" ? account.roleIds[role] : role.roleId,
    now: Date.now(),
  });
  return email;
}

/** Logs in and returns the Cookie header value. */
export async function login(email: string, password = PASSWORD): Promise<string> {
  const res = await SELF.fetch(`${BASE}/api/v1/auth/login`, {
    method: "POST",
    // A fresh client address per login keeps the per-address limit out of tests about other things.
    headers: {
      "Content-Type": "application/json",
      Origin: BASE,
      "CF-Connecting-IP": `2001:db8:1::${Math.floor(Math.random() * 0xffff).toString(16)}`,
    },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get("Set-Cookie") ?? "";
  return setCookie.split(";")[0]!;
}

/**
 * A solved proof of work for a privacy-mode start on `siteKey`, as the widget makes it; undefined
 * when the server issues no challenge (another origin, a server without them).
 */
export async function solvedProof(siteKey: string, origin = SITE_ORIGIN): Promise<{ challenge: string; solution: string } | undefined> {
  const res = await SELF.fetch(`${BASE}/w/${siteKey}/challenge`, { method: "POST", headers: { Origin: origin } });
  if (res.status !== 200) return undefined;
  const { challenge, difficulty } = (await res.json()) as { challenge: string; difficulty: number };
  return { challenge, solution: await solveChallenge(challenge, difficulty) };
}

export async function startChat(
  siteKey: string,
  body: Record<string, unknown> = { consent: true },
  origin = SITE_ORIGIN,
): Promise<{ conversationId: string; visitorToken: string }> {
  const post = (proof?: { challenge: string; solution: string }) =>
    SELF.fetch(`${BASE}/w/${siteKey}/conversations`, {
      method: "POST",
      // A different client address each time, so the per-address limit on new chats stays out of the way.
      headers: {
        "Content-Type": "application/json",
        Origin: origin,
        "CF-Connecting-IP": `2001:db8::${Math.floor(Math.random() * 0xffff).toString(16)}`,
      },
      body: JSON.stringify(proof ? { ...body, proof } : body),
    });
  let res = await post();
  // A privacy-mode widget asks for a proof of work first, as the widget would have done.
  if (res.status === 400 && ((await res.clone().json()) as { error: { code: string } }).error.code === "proof_required")
    res = await post(await solvedProof(siteKey, origin));
  if (res.status !== 201) throw new Error(`start failed: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A test WebSocket client that records every frame it receives. */
export class TestSocket {
  readonly frames: ServerFrame[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.accept();
    ws.addEventListener("message", (event) => {
      this.frames.push(JSON.parse(event.data as string) as ServerFrame);
      this.wake();
    });
    ws.addEventListener("close", (event) => {
      this.closed = { code: event.code, reason: event.reason };
      this.wake();
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Resolves once `done()` holds, failing after `timeoutMs`. */
  async until(done: (s: TestSocket) => boolean, timeoutMs = 10_000, label = "condition"): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}; got ${JSON.stringify(this.frames.slice(-3))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  ofType<T extends ServerFrame["type"]>(type: T): Extract<ServerFrame, { type: T }>[] {
    return this.frames.filter((f): f is Extract<ServerFrame, { type: T }> => f.type === type);
  }

  messages() {
    return this.ofType("message.created");
  }

  close(): void {
    try {
      this.ws.close(1000, "bye");
    } catch {
      // already closed
    }
  }
}

export async function upgrade(url: string, headers: Record<string, string>): Promise<Response> {
  return SELF.fetch(url, { headers: { Upgrade: "websocket", ...headers } });
}

export async function visitorSocket(siteKey: string, conversationId: string, token: string, after = 0): Promise<TestSocket> {
  const res = await upgrade(`${BASE}/w/${siteKey}/conversations/${conversationId}/socket?after=${after}`, {
    Origin: SITE_ORIGIN,
    "Sec-WebSocket-Protocol": `confide.v1, confide.token.${token}`,
  });
  if (!res.webSocket) throw new Error(`visitor upgrade failed: ${res.status} ${await res.text()}`);
  return new TestSocket(res.webSocket);
}

export async function operatorSocket(cookie: string, conversationId: string, after = 0): Promise<TestSocket> {
  const res = await upgrade(`${BASE}/api/v1/conversations/${conversationId}/socket?after=${after}`, { Origin: BASE, Cookie: cookie });
  if (!res.webSocket) throw new Error(`operator upgrade failed: ${res.status} ${await res.text()}`);
  return new TestSocket(res.webSocket);
}

export const roomStub = (conversationId: string) => env.CONVERSATIONS.get(env.CONVERSATIONS.idFromString(conversationId));

/** Every row in any database (DB and DB_2) that mentions the conversation, and the room's storage, as text. */
export async function tracesOf(conversationId: string): Promise<{ d1: Record<string, unknown[]>; room: string }> {
  const tables = [
    "messages",
    "attachments",
    "conversation_name_tokens",
    "conversation_tags",
    "consent_receipts",
    "conversation_keys",
    "email_outbox",
  ];
  const d1: Record<string, unknown[]> = {};
  const rowsOf = async (query: string): Promise<unknown[]> =>
    (await Promise.all([env.DB, env.DB_2].map(async (d) => (await d.prepare(query).bind(conversationId).all()).results))).flat();
  for (const table of tables) d1[table] = await rowsOf(`SELECT * FROM ${table} WHERE conversation_id = ?`);
  d1.conversations = await rowsOf("SELECT * FROM conversations WHERE id = ?");
  const { runInDurableObject } = await import("cloudflare:test");
  const room = await runInDurableObject(roomStub(conversationId), (_instance, state) => {
    // _cf_KV holds anything written through the key-value storage API; the other _cf_ tables are metadata.
    const tables = state.storage.sql
      .exec(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND (name NOT LIKE '_cf_%' OR name = '_cf_KV') AND name NOT LIKE 'sqlite_%'`,
      )
      .toArray();
    const rows = tables.map((t) => state.storage.sql.exec(`SELECT * FROM "${t.name as string}"`).toArray()).filter((r) => r.length > 0);
    return JSON.stringify(rows);
  });
  return { d1, room };
}

export const noTraces = {
  d1: {
    messages: [],
    attachments: [],
    conversation_name_tokens: [],
    conversation_tags: [],
    consent_receipts: [],
    conversation_keys: [],
    email_outbox: [],
    conversations: [],
  },
  room: "[]",
};

/**
 * What a socket to a conversation that is not there answers (erased, or out of the caller's
 * reach, alike): an accepted upgrade that says `conversation.erased` and closes with 4410.
 */
export async function expectErasedSocket(res: Response): Promise<void> {
  expect(res.status).toBe(101);
  const socket = new TestSocket(res.webSocket!);
  await socket.until((s) => s.closed !== null, 10_000, "the socket to close");
  expect(socket.frames).toEqual([{ type: "conversation.erased" }]);
  expect(socket.closed?.code).toBe(CLOSE_CONVERSATION_ERASED);
}

/** PATCH /api/v1/settings/widgets/{id} as the session in `cookie`. */
export async function patchWidget(cookie: string, widgetId: string, body: unknown): Promise<Response> {
  return SELF.fetch(`${BASE}/api/v1/settings/widgets/${widgetId}`, {
    method: "PATCH",
    headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
    body: JSON.stringify(body),
  });
}

/** A role with the Agent's rights over only `departmentIds` of the account; its id. */
export const departmentAgentRole = async (account: TestAccount, departmentIds: string[]): Promise<string> =>
  createRole(await accountDb(account), {
    accountId: account.accountId,
    name: `Agent ${crypto.randomUUID().slice(0, 4)}`,
    permissions: builtInRoles.Agent,
    departmentIds,
    now: Date.now(),
  });

/** A role that reads live chats and nothing stored (Read-only without transcripts), over every department. */
export const liveChatsOnlyRole = async (account: TestAccount): Promise<string> =>
  createRole(await accountDb(account), {
    accountId: account.accountId,
    name: `Live chats only ${crypto.randomUUID().slice(0, 4)}`,
    permissions: { ...builtInRoles["Read-only"], transcripts: "none" },
    departmentIds: null,
    now: Date.now(),
  });

/** Another department of the account with a widget of its own (on SITE_ORIGIN); their ids and the widget's site key. */
export async function departmentWithWidget(
  account: TestAccount,
  name = "Sales",
  widgetName = name,
): Promise<{ departmentId: string; widgetId: string; siteKey: string }> {
  const db = await accountDb(account);
  const departmentId = await createDepartment(db, account.accountId, name, Date.now());
  const siteKey = `${name.toLowerCase().replace(/\W+/g, "-")}-${crypto.randomUUID().slice(0, 8)}`;
  const widgetId = await createWidget(db, {
    accountId: account.accountId,
    departmentId,
    siteKey,
    name: widgetName,
    allowedOrigins: [SITE_ORIGIN],
    now: Date.now(),
  });
  return { departmentId, widgetId, siteKey };
}
