import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDepartment, createRole, createWidget } from "../src/db/accounts";
import { openDb } from "../src/db/client";
import { widgetTexts } from "../src/locales/widget-texts";
import { builtInRoles, type Permissions } from "../src/shared/permissions";
import { fillPlaceholders, pickReplyText, shortcutKey, unknownPlaceholders } from "../src/shared/saved-replies";
import type { SavedReply, UsableSavedReplies } from "../src/shared/saved-replies-api";
import { accountsD1, addOperator, BASE, login, SITE_ORIGIN, seedAccount, type TestAccount } from "./helpers";
import { seedTranscript } from "./helpers/transcripts";

async function call(method: string, url: string, cookie: string, body?: unknown): Promise<Response> {
  return SELF.fetch(`${BASE}/api/v1${url}`, {
    method,
    headers: { Origin: BASE, Cookie: cookie, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const greeting = (departmentId: string | null, shortcut = "hello") => ({
  title: "Greeting",
  shortcut,
  departmentId,
  texts: { en: "Hello {visitor_name}, I am {operator_name}.", de: "Hallo {visitor_name}, ich bin {operator_name}." },
});

async function create(cookie: string, body: unknown): Promise<SavedReply> {
  const res = await call("POST", "/settings/saved-replies", cookie, body);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return res.json();
}

async function listed(cookie: string): Promise<string[]> {
  const res = await call("GET", "/settings/saved-replies", cookie);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: SavedReply[] }).items.map((r) => r.title).sort();
}

async function usable(cookie: string, conversationId: string): Promise<UsableSavedReplies> {
  const res = await call("GET", `/conversations/${conversationId}/saved-replies`, cookie);
  if (res.status !== 200) throw new Error(`usable failed: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Every saved reply of the account and every audit entry about one, as stored. */
async function stateOf(accountId: string): Promise<string> {
  const replies = await accountsD1.prepare("SELECT * FROM saved_replies WHERE account_id = ? ORDER BY id").bind(accountId).all();
  const audit = await accountsD1
    .prepare("SELECT * FROM audit_log WHERE account_id = ? AND target_type = 'saved_reply' ORDER BY id")
    .bind(accountId)
    .all();
  return JSON.stringify([replies.results, audit.results]);
}

async function expectError(res: Response, status: number, code: string): Promise<string> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  const body = JSON.parse(text) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error.message;
}

/** An account with a second department (Sales) with its own widget, and a role over Sales only with `permissions`. */
async function withSales(account: TestAccount) {
  const db = openDb(accountsD1);
  const sales = await createDepartment(db, account.accountId, "Sales", Date.now());
  const salesWidget = await createWidget(db, {
    accountId: account.accountId,
    departmentId: sales,
    siteKey: `sales-${crypto.randomUUID().slice(0, 8)}`,
    name: "Sales",
    allowedOrigins: [SITE_ORIGIN],
    now: Date.now(),
  });
  const salesRole = async (permissions: Permissions) =>
    createRole(db, {
      accountId: account.accountId,
      name: `Sales ${crypto.randomUUID().slice(0, 4)}`,
      permissions,
      departmentIds: [sales],
      now: Date.now(),
    });
  return { sales, salesWidget, salesRole };
}

describe("saved replies: the shared rules", () => {
  it("keys shortcuts by NFKC lower case without a leading slash", () => {
    expect(shortcutKey(" /Hello ")).toBe("hello");
    expect(shortcutKey("ＲＥＦＵＮＤ")).toBe("refund");
  });

  it("picks the visitor's language, then English, then the first language in code order", () => {
    const texts = { en: "Hello", de: "Hallo", it: "Ciao" };
    expect(pickReplyText(texts, "de")).toEqual({ language: "de", text: "Hallo" });
    expect(pickReplyText(texts, "de-AT")).toEqual({ language: "de", text: "Hallo" });
    expect(pickReplyText(texts, "fr")).toEqual({ language: "en", text: "Hello" });
    expect(pickReplyText(texts, null)).toEqual({ language: "en", text: "Hello" });
    expect(pickReplyText({ it: "Ciao", de: "Hallo" }, "fr")).toEqual({ language: "de", text: "Hallo" });
  });

  it("fills known placeholders, keeps one without a value, and names unknown ones", () => {
    const text = "Hi {visitor_name}, {operator_name} here. {visitor_name}? {odd} {Not_a_placeholder} $& {}";
    expect(fillPlaceholders(text, { visitor_name: "Vera $1", operator_name: "Mia" })).toBe(
      "Hi Vera $1, Mia here. Vera $1? {odd} {Not_a_placeholder} $& {}",
    );
    expect(fillPlaceholders(text, { visitor_name: null, operator_name: "Mia" })).toContain("Hi {visitor_name}, Mia here.");
    expect(unknownPlaceholders(text)).toEqual(["odd"]);
  });
});

describe("saved replies: settings", () => {
  it("creates, lists, changes and deletes a reply, each audited without its text", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const created = await create(cookie, { ...greeting(null), shortcut: "/Hello" });
    expect(created).toMatchObject({ departmentId: null, title: "Greeting", shortcut: "hello" });
    expect(created.texts).toEqual(greeting(null).texts);
    expect(await listed(cookie)).toEqual(["Greeting"]);

    const changed = await call("PATCH", `/settings/saved-replies/${created.id}`, cookie, {
      title: "Welcome",
      texts: { de: "Willkommen, {visitor_name}!" },
      departmentId: account.departmentId,
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      id: created.id,
      title: "Welcome",
      shortcut: "hello",
      departmentId: account.departmentId,
      texts: { de: "Willkommen, {visitor_name}!" },
    });

    const deleted = await call("DELETE", `/settings/saved-replies/${created.id}`, cookie);
    expect(deleted.status).toBe(204);
    expect(await listed(cookie)).toEqual([]);
    await expectError(await call("DELETE", `/settings/saved-replies/${created.id}`, cookie), 404, "not_found");

    const audit = await accountsD1
      .prepare(
        "SELECT action, target_type, target_id, count, department_id FROM audit_log WHERE account_id = ? AND action LIKE 'saved_reply.%' ORDER BY created_at, rowid",
      )
      .bind(account.accountId)
      .all();
    expect(audit.results).toEqual([
      { action: "saved_reply.created", target_type: "saved_reply", target_id: created.id, count: 1, department_id: null },
      { action: "saved_reply.updated", target_type: "saved_reply", target_id: created.id, count: 1, department_id: account.departmentId },
      { action: "saved_reply.deleted", target_type: "saved_reply", target_id: created.id, count: 1, department_id: account.departmentId },
    ]);
    // The audit log API answers them too, to whoever reads the log.
    const log = (await (await call("GET", "/audit-log?action=saved_reply.", cookie)).json()) as { items: { action: string }[] };
    expect(log.items.map((e) => e.action).sort()).toEqual(["saved_reply.created", "saved_reply.deleted", "saved_reply.updated"]);
  });

  it("refuses bad input with a 4xx error naming the problem, and changes nothing", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const existing = await create(cookie, greeting(null));
    const other = await seedAccount();
    const before = await stateOf(account.accountId);
    const bad: [string, unknown, RegExp][] = [
      ["no title", { ...greeting(null, "a"), title: "  " }, /^title/],
      ["no texts", { ...greeting(null, "b"), texts: {} }, /^texts/],
      ["an empty text", { ...greeting(null, "c"), texts: { en: " " } }, /^texts\.en/],
      ["an unknown language", { ...greeting(null, "d"), texts: { xx: "Hi" } }, /^texts/],
      ["an unknown placeholder", { ...greeting(null, "e"), texts: { en: "Hi {visitor_nmae}" } }, /texts\.en.*visitor_nmae/],
      ["a shortcut with a space", { ...greeting(null), shortcut: "two words" }, /^shortcut/],
      ["an empty shortcut", { ...greeting(null), shortcut: "/" }, /^shortcut/],
      ["a shortcut too long", { ...greeting(null), shortcut: "x".repeat(31) }, /^shortcut/],
      ["a text too long", { ...greeting(null, "f"), texts: { en: "x".repeat(3001) } }, /^texts\.en/],
      ["an unknown field", { ...greeting(null, "g"), autoSend: true }, /autoSend/],
      ["no departmentId", { title: "T", shortcut: "h", texts: { en: "Hi" } }, /^departmentId/],
      ["another account's department", greeting(other.departmentId, "i"), /^departmentId: not a department of this account/],
    ];
    for (const [what, body, message] of bad) {
      const res = await call("POST", "/settings/saved-replies", cookie, body);
      expect(await expectError(res, 400, "invalid_request"), what).toMatch(message);
    }
    await expectError(await call("PATCH", `/settings/saved-replies/${existing.id}`, cookie, { texts: {} }), 400, "invalid_request");
    await expectError(await call("PATCH", `/settings/saved-replies/${existing.id}`, cookie, { title: "" }), 400, "invalid_request");
    await expectError(await call("PATCH", "/settings/saved-replies/not-an-id", cookie, { title: "X" }), 400, "invalid_request");
    await expectError(await call("PATCH", `/settings/saved-replies/${crypto.randomUUID()}`, cookie, { title: "X" }), 404, "not_found");
    // A shortcut the same operators already get, spelt differently.
    await expectError(
      await call("POST", "/settings/saved-replies", cookie, greeting(account.departmentId, "HELLO")),
      409,
      "shortcut_taken",
    );
    expect(await stateOf(account.accountId)).toBe(before);
  });

  it("keeps shortcuts unique among the replies the same operators get, and only there", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const { sales } = await withSales(account);
    const support = await create(cookie, greeting(account.departmentId, "price"));
    // Two departments never meet: each may have its own /price.
    const salesPrice = await create(cookie, greeting(sales, "price"));
    // An account-wide /price would meet both.
    await expectError(await call("POST", "/settings/saved-replies", cookie, greeting(null, "price")), 409, "shortcut_taken");
    const wide = await create(cookie, greeting(null, "hours"));
    await expectError(await call("POST", "/settings/saved-replies", cookie, greeting(sales, "hours")), 409, "shortcut_taken");
    await expectError(await call("PATCH", `/settings/saved-replies/${support.id}`, cookie, { shortcut: "hours" }), 409, "shortcut_taken");
    // Moving Sales' /price to Support would make two.
    await expectError(
      await call("PATCH", `/settings/saved-replies/${salesPrice.id}`, cookie, { departmentId: account.departmentId }),
      409,
      "shortcut_taken",
    );
    // A reply keeps its own shortcut when it changes.
    expect((await call("PATCH", `/settings/saved-replies/${wide.id}`, cookie, { shortcut: "Hours", title: "Hours" })).status).toBe(200);
  });

  it("deletes a department's replies with the department, and nothing else", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const { sales, salesWidget } = await withSales(account);
    await create(cookie, { ...greeting(sales), title: "Sales only" });
    await create(cookie, { ...greeting(null, "all"), title: "Everyone" });
    // The widget still holds the department: move it away first, as an admin would.
    await accountsD1.prepare("UPDATE widgets SET department_id = ? WHERE id = ?").bind(account.departmentId, salesWidget).run();
    expect((await call("DELETE", `/team/departments/${sales}`, cookie)).status).toBe(204);
    expect(await listed(cookie)).toEqual(["Everyone"]);
    const left = await accountsD1
      .prepare("SELECT count(*) AS n FROM saved_replies WHERE department_id = ?")
      .bind(sales)
      .first<{ n: number }>();
    expect(left!.n).toBe(0);
  });
});

describe("saved replies: who may do what", () => {
  it("settings manage changes them, settings read only lists them, no settings access sees none", async () => {
    const account = await seedAccount();
    const admin = await login(account.adminEmail);
    const reply = await create(admin, greeting(null));
    const before = await stateOf(account.accountId);
    const supervisor = await login(await addOperator(account, "Supervisor"));
    expect(await listed(supervisor)).toEqual(["Greeting"]);
    await expectError(await call("POST", "/settings/saved-replies", supervisor, greeting(null, "x")), 403, "forbidden");
    await expectError(await call("PATCH", `/settings/saved-replies/${reply.id}`, supervisor, { title: "Mine" }), 403, "forbidden");
    await expectError(await call("DELETE", `/settings/saved-replies/${reply.id}`, supervisor), 403, "forbidden");
    const agent = await login(await addOperator(account, "Agent"));
    await expectError(await call("GET", "/settings/saved-replies", agent), 403, "forbidden");
    await expectError(await call("POST", "/settings/saved-replies", agent, greeting(null, "y")), 403, "forbidden");
    await expectError(await call("DELETE", `/settings/saved-replies/${reply.id}`, agent), 403, "forbidden");
    expect(await stateOf(account.accountId)).toBe(before);
  });

  it("a role over one department manages that department's replies only, and sees the account-wide ones", async () => {
    const account = await seedAccount();
    const admin = await login(account.adminEmail);
    const { sales, salesRole } = await withSales(account);
    const wide = await create(admin, { ...greeting(null, "all"), title: "Everyone" });
    const support = await create(admin, { ...greeting(account.departmentId, "support"), title: "Support only" });
    const salesAdmin = await login(await addOperator(account, { roleId: await salesRole(builtInRoles.Admin) }));
    const own = await create(salesAdmin, { ...greeting(sales, "deal"), title: "Sales only" });
    expect(await listed(salesAdmin)).toEqual(["Everyone", "Sales only"]);
    expect(await listed(admin)).toEqual(["Everyone", "Sales only", "Support only"]);

    const before = await stateOf(account.accountId);
    // The whole account's replies reach departments beyond this role.
    await expectError(await call("POST", "/settings/saved-replies", salesAdmin, greeting(null, "x")), 403, "requires_all_departments");
    await expectError(
      await call("PATCH", `/settings/saved-replies/${wide.id}`, salesAdmin, { title: "Ours" }),
      403,
      "requires_all_departments",
    );
    await expectError(await call("DELETE", `/settings/saved-replies/${wide.id}`, salesAdmin), 403, "requires_all_departments");
    // Another department's: not there for this role, as if it did not exist.
    await expectError(await call("POST", "/settings/saved-replies", salesAdmin, greeting(account.departmentId, "x")), 403, "forbidden");
    await expectError(await call("PATCH", `/settings/saved-replies/${support.id}`, salesAdmin, { title: "Ours" }), 404, "not_found");
    await expectError(await call("DELETE", `/settings/saved-replies/${support.id}`, salesAdmin), 404, "not_found");
    // Nor can its own reply be moved there, or made account-wide.
    await expectError(
      await call("PATCH", `/settings/saved-replies/${own.id}`, salesAdmin, { departmentId: account.departmentId }),
      403,
      "forbidden",
    );
    await expectError(
      await call("PATCH", `/settings/saved-replies/${own.id}`, salesAdmin, { departmentId: null }),
      403,
      "requires_all_departments",
    );
    expect(await stateOf(account.accountId)).toBe(before);
    // Its own department's reply it may change, and the entry is filed under that department.
    expect((await call("PATCH", `/settings/saved-replies/${own.id}`, salesAdmin, { title: "Sales deal" })).status).toBe(200);
    const entry = await accountsD1
      .prepare("SELECT department_id FROM audit_log WHERE action = 'saved_reply.updated' AND target_id = ?")
      .bind(own.id)
      .first<{ department_id: string }>();
    expect(entry!.department_id).toBe(sales);
  });

  it("another account's admin finds none of them", async () => {
    const account = await seedAccount();
    const reply = await create(await login(account.adminEmail), greeting(null));
    const chat = await seedTranscript(account, { closed: false });
    const before = await stateOf(account.accountId);
    const stranger = await login((await seedAccount()).adminEmail);
    expect(await listed(stranger)).toEqual([]);
    await expectError(await call("PATCH", `/settings/saved-replies/${reply.id}`, stranger, { title: "Stolen" }), 404, "not_found");
    await expectError(await call("DELETE", `/settings/saved-replies/${reply.id}`, stranger), 404, "not_found");
    await expectError(await call("GET", `/conversations/${chat}/saved-replies`, stranger), 404, "not_found");
    expect(await stateOf(account.accountId)).toBe(before);
  });
});

describe("saved replies in a conversation", () => {
  it("offers who may answer the chat the account-wide replies and the chat's department's, never another department's", async () => {
    const account = await seedAccount();
    const admin = await login(account.adminEmail);
    const { sales, salesWidget, salesRole } = await withSales(account);
    await create(admin, { ...greeting(null, "all"), title: "Everyone" });
    await create(admin, { ...greeting(account.departmentId, "support"), title: "Support only" });
    await create(admin, { ...greeting(sales, "deal"), title: "Sales only" });
    const supportChat = await seedTranscript(account, { closed: false });
    const salesChat = await seedTranscript(account, { closed: false, widgetId: salesWidget, departmentId: sales });

    const agent = await login(await addOperator(account, "Agent"));
    expect((await usable(agent, supportChat)).items.map((r) => r.title)).toEqual(["Everyone", "Support only"]);
    expect((await usable(agent, salesChat)).items.map((r) => r.title)).toEqual(["Everyone", "Sales only"]);

    const salesAgent = await login(await addOperator(account, { roleId: await salesRole(builtInRoles.Agent) }));
    expect((await usable(salesAgent, salesChat)).items.map((r) => r.shortcut)).toEqual(["all", "deal"]);
    // Support's chat is not there for Sales, nor are its replies.
    await expectError(await call("GET", `/conversations/${supportChat}/saved-replies`, salesAgent), 404, "not_found");
    // Watching is not answering.
    const readOnly = await login(await addOperator(account, "Read-only"));
    await expectError(await call("GET", `/conversations/${supportChat}/saved-replies`, readOnly), 403, "forbidden");
    await expectError(await call("GET", `/conversations/${crypto.randomUUID()}/saved-replies`, agent), 400, "invalid_request");
  });

  it("gives each reply in the visitor's language, else English, else its first", async () => {
    const account = await seedAccount();
    const admin = await login(account.adminEmail);
    await create(admin, greeting(null));
    await create(admin, { title: "Italian", shortcut: "ciao", departmentId: null, texts: { it: "Ciao!", es: "¡Hola!" } });
    const german = await seedTranscript(account, { closed: false, language: "de" });
    const french = await seedTranscript(account, { closed: false, language: "fr" });
    const byShortcut = async (chat: string) =>
      Object.fromEntries((await usable(admin, chat)).items.map((r) => [r.shortcut, { language: r.language, text: r.text }]));
    expect(await byShortcut(german)).toEqual({
      ciao: { language: "es", text: "¡Hola!" },
      hello: { language: "de", text: "Hallo {visitor_name}, ich bin {operator_name}." },
    });
    expect((await byShortcut(french)).hello).toEqual({ language: "en", text: "Hello {visitor_name}, I am {operator_name}." });
  });

  it("names the operator as the chat's visitor sees them: alias, else name, else the widget's word for an operator", async () => {
    const account = await seedAccount();
    const email = await addOperator(account, "Agent", "Olga Operator");
    const agent = await login(email);
    const chat = await seedTranscript(account, { closed: false, language: "de" });
    expect((await usable(agent, chat)).operatorName).toBe("Olga Operator");
    await accountsD1.prepare("UPDATE operators SET alias_name = 'Mia' WHERE email = ?").bind(email).run();
    expect((await usable(agent, chat)).operatorName).toBe("Mia");
    await accountsD1.prepare("UPDATE widgets SET operator_names = 'none' WHERE id = ?").bind(account.widgetId).run();
    expect((await usable(agent, chat)).operatorName).toBe(widgetTexts("de").texts.operator);
    expect(widgetTexts("de").texts.operator).not.toBe("Mia");
  });
});
