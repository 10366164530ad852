import { runDurableObjectAlarm, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDepartment, createWidget } from "../src/db/accounts";
import { openDb } from "../src/db/client";
import {
  accountsD1,
  addOperator,
  BASE,
  login,
  noTraces,
  roomStub,
  SITE_ORIGIN,
  seedAccount,
  startChat,
  tracesOf,
  visitorSocket,
} from "./helpers";
import { exportInZip } from "./helpers/export";
import { seedTranscript } from "./helpers/transcripts";

async function call(method: string, url: string, cookie: string, body?: unknown): Promise<Response> {
  return SELF.fetch(`${BASE}/api/v1${url}`, {
    method,
    headers: { Origin: BASE, Cookie: cookie, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
}

const ids = async (res: Response) => ((await res.json()) as { items: { id: string }[] }).items.map((c) => c.id).sort();

describe("chat search", () => {
  it("filters by email, name tokens, dates, widget, department, operator, status, language, rating, tags and consent", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    const cookie = await login(account.adminEmail);
    const sales = await createDepartment(db, account.accountId, "Sales", Date.now());
    const salesWidget = await createWidget(db, {
      accountId: account.accountId,
      departmentId: sales,
      siteKey: `s-${crypto.randomUUID().slice(0, 8)}`,
      name: "Sales",
      allowedOrigins: [SITE_ORIGIN],
      now: Date.now(),
    });
    const day = 86_400_000;
    const t0 = Date.UTC(2026, 5, 1);
    const a = await seedTranscript(account, { name: "Anna Maria Schmidt", email: "Anna@Example.org", createdAt: t0, language: "de" });
    const b = await seedTranscript(account, {
      name: "Bob Schmidt",
      email: "bob@example.org",
      createdAt: t0 + 2 * day,
      widgetId: salesWidget,
      departmentId: sales,
    });
    const c = await seedTranscript(account, { name: "Carla", createdAt: t0 + 4 * day, closed: false, bodies: ["only the visitor wrote"] });
    await accountsD1.prepare("UPDATE conversations SET rating = 5 WHERE id = ?").bind(b).run();
    await accountsD1.prepare("DELETE FROM consent_receipts WHERE conversation_id = ?").bind(c).run();
    expect((await call("PATCH", `/conversations/${a}`, cookie, { tags: ["billing", "vip"] })).status).toBe(200);
    await call("PATCH", `/conversations/${b}`, cookie, { tags: ["billing"] });

    const search = (query: string) => call("GET", `/conversations?${query}`, cookie).then(ids);
    const post = (filter: Record<string, unknown>) => call("POST", "/conversations/search", cookie, filter).then(ids);
    expect(await post({ email: "anna@example.org" })).toEqual([a]);
    expect(await post({ name: "schmidt" })).toEqual([a, b].sort());
    expect(await post({ name: "maria SCHMIDT" })).toEqual([a]);
    expect(await post({ name: "Schmidt Carla" })).toEqual([]);
    expect(await post({ hasConsent: true, name: "schmidt", tags: ["vip"] })).toEqual([a]);
    // Personal data never goes in a URL: GET refuses email and name.
    expect((await call("GET", "/conversations?email=anna@example.org", cookie)).status).toBe(400);
    expect(await search(`from=2026-06-02&to=2026-06-04`)).toEqual([b]);
    expect(await search(`widgetId=${salesWidget}`)).toEqual([b]);
    expect(await search(`departmentId=${account.departmentId}`)).toEqual([a, c].sort());
    expect(await search(`operatorId=${account.adminId}`)).toEqual([a, b].sort());
    expect(await search("status=open")).toEqual([c]);
    expect(await search("language=de")).toEqual([a]);
    expect(await search("rating=5")).toEqual([b]);
    expect(await search("tags=billing")).toEqual([a, b].sort());
    expect(await search("tags=billing,vip")).toEqual([a]);
    expect(await search("hasConsent=false")).toEqual([c]);
  });
});

describe("deletion through the API", () => {
  it("DELETE /conversations/:id erases a live conversation everywhere and says how many", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const chat = await startChat(account.siteKey, { consent: true, name: "Live Visitor", email: "live@example.org" });
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    visitor.send({ type: "message.send", clientId: "m", body: "still here" });
    await visitor.until((s) => s.messages().length === 1);
    await runDurableObjectAlarm(roomStub(chat.conversationId));
    expect(await (await call("DELETE", `/conversations/${chat.conversationId}`, cookie)).json()).toEqual({ deleted: 1 });
    await visitor.until((s) => s.closed !== null);
    expect(await tracesOf(chat.conversationId)).toEqual(noTraces);
  });

  it("POST /conversations/delete counts with dryRun, changes nothing, then erases all a filter matches", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const doomed = await Promise.all(Array.from({ length: 60 }, () => seedTranscript(account, { name: "Spam Bot" })));
    const kept = await seedTranscript(account, { name: "Real Person" });
    const dry = await (await call("POST", "/conversations/delete", cookie, { filter: { name: "spam bot" }, dryRun: true })).json();
    expect(dry).toEqual({ deleted: 60, dryRun: true });
    expect((await tracesOf(doomed[0]!)).d1.conversations).toHaveLength(1);
    expect(await (await call("POST", "/conversations/delete", cookie, { filter: { name: "spam bot" } })).json()).toEqual({
      deleted: 60,
      dryRun: false,
    });
    for (const id of doomed) expect(await tracesOf(id)).toEqual(noTraces);
    expect((await tracesOf(kept)).d1.conversations).toHaveLength(1);
  });
});

describe("data-subject requests", () => {
  it("find, export in one file, and erase everything of one email across widgets", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    const cookie = await login(account.adminEmail);
    const otherWidget = await createWidget(db, {
      accountId: account.accountId,
      departmentId: account.departmentId,
      siteKey: `o-${crypto.randomUUID().slice(0, 8)}`,
      name: "Shop 2",
      allowedOrigins: [SITE_ORIGIN],
      now: Date.now(),
    });
    const first = await seedTranscript(account, { email: "dana@example.org", bodies: ["first shop"] });
    const second = await seedTranscript(account, { email: " DANA@example.org ", widgetId: otherWidget, bodies: ["second shop"] });
    const stranger = await seedTranscript(account, { email: "someone@example.org" });

    const found = (await (await call("POST", "/data-subject/search", cookie, { email: "dana@example.org" })).json()) as {
      count: number;
      items: { id: string }[];
    };
    expect(found.count).toBe(2);
    expect(found.items.map((c) => c.id).sort()).toEqual([first, second].sort());

    const exported = (await (
      await exportInZip(await call("POST", "/data-subject/export", cookie, { email: "dana@example.org", format: "json" }))
    ).json()) as {
      conversations: { id: string; messages: { body: string }[] }[];
    };
    expect(exported.conversations.map((c) => c.id).sort()).toEqual([first, second].sort());
    expect(exported.conversations.flatMap((c) => c.messages.map((m) => m.body)).sort()).toEqual(["first shop", "second shop"]);

    expect(await (await call("POST", "/data-subject/erase", cookie, { email: "dana@example.org" })).json()).toEqual({ deleted: 2 });
    expect(await tracesOf(first)).toEqual(noTraces);
    expect(await tracesOf(second)).toEqual(noTraces);
    expect((await tracesOf(stranger)).d1.conversations).toHaveLength(1);
  });
});

describe("audit log", () => {
  it("records logins, exports, deletions and settings, role and operator changes, without content", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const id = await seedTranscript(account, { name: "Secret Name", bodies: ["secret body"] });
    await call("POST", "/conversations/export", cookie, { format: "csv", conversationIds: [id] }).then((r) => r.text());
    await call("DELETE", `/conversations/${id}`, cookie);
    await call("PATCH", "/settings", cookie, { retentionMonths: 12 });
    const role = (await (
      await call("POST", "/team/roles", cookie, {
        name: "Night",
        permissions: { chats: "manage", transcripts: "none", settings: "none", team: "none", auditLog: "none", analytics: "none" },
        departmentIds: null,
      })
    ).json()) as { id: string };
    await call("POST", "/team/operators", cookie, {
      email: `n-${crypto.randomUUID().slice(0, 6)}@example.com`,
      displayName: "Nora",
      password: "long enough password",
      roleId: role.id,
    });
    const log = (await (await call("GET", "/audit-log?limit=100", cookie)).json()) as {
      items: { action: string; count: number | null; actorId: string | null }[];
    };
    const actions = log.items.map((e) => e.action);
    for (const action of ["login", "transcripts.exported", "transcripts.deleted", "settings.updated", "role.created", "operator.created"])
      expect(actions).toContain(action);
    expect(log.items.find((e) => e.action === "transcripts.deleted")).toMatchObject({ count: 1, actorId: account.adminId });
    const text = JSON.stringify(log);
    expect(text).not.toContain("secret body");
    expect(text).not.toContain("Secret Name");
    expect(text).not.toContain(id);
  });

  it("filters by action, area, actor and dates", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    await call("PATCH", "/settings", cookie, { retentionMonths: 6 });
    const actions = async (query: string) =>
      ((await (await call("GET", `/audit-log?${query}`, cookie)).json()) as { items: { action: string }[] }).items.map((e) => e.action);
    expect(await actions("action=settings.updated")).toEqual(["settings.updated"]);
    expect(new Set(await actions("action=login"))).toEqual(new Set(["login"]));
    expect(await actions(`actorId=${account.adminId}&action=settings.`)).toEqual(["settings.updated"]);
    expect(await actions("from=2000-01-01&to=2000-12-31")).toEqual([]);
    expect((await call("GET", "/audit-log?action=DROP%20TABLE", cookie)).status).toBe(400);
    // A prefix is literal: the "_" of "api_token." is no wildcard matching "apiXtoken.".
    await accountsD1
      .prepare("INSERT INTO audit_log (id, account_id, actor_kind, action, created_at) VALUES (?, ?, 'system', 'apiXtoken.created', ?)")
      .bind(crypto.randomUUID(), account.accountId, Date.now())
      .run();
    await call("POST", "/api-tokens", cookie, { name: "ci", scopes: ["settings:read"], expiresInDays: 30 });
    expect(await actions("action=api_token.")).toEqual(["api_token.created"]);
  });

  it("cannot be changed or deleted through the API", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const before = await accountsD1.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE account_id = ?").bind(account.accountId).first();
    for (const method of ["DELETE", "PUT", "PATCH", "POST"]) {
      const res = await call(method, "/audit-log", cookie, method === "DELETE" ? undefined : {});
      expect(res.status, method).toBeGreaterThanOrEqual(404);
      expect(res.status, method).toBeLessThan(500);
    }
    expect(await accountsD1.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE account_id = ?").bind(account.accountId).first()).toEqual(
      before,
    );
  });
});

describe("analytics", () => {
  it("counts chats per day with first response, duration and rating; anonymised roles see pseudonyms", async () => {
    const account = await seedAccount();
    const t0 = Date.UTC(2026, 9, 5, 10);
    const a = await seedTranscript(account, { createdAt: t0, bodies: ["q", "a"] });
    await seedTranscript(account, { createdAt: t0 + 3_600_000, bodies: ["q", "a", "q2", "a2"] });
    await accountsD1.prepare("UPDATE conversations SET rating = 4 WHERE id = ?").bind(a).run();
    const admin = await login(account.adminEmail);
    const days = (await (await call("GET", "/analytics?from=2026-10-05&to=2026-10-05", admin)).json()) as {
      rows: { key: string; chats: number; avgFirstResponseMs: number; avgDurationMs: number; avgRating: number; ratings: number }[];
    };
    expect(days.rows).toEqual([
      { key: "2026-10-05", label: "2026-10-05", chats: 2, avgFirstResponseMs: 1000, avgDurationMs: 3000, avgRating: 4, ratings: 1 },
    ]);

    const full = (await (await call("GET", "/analytics?from=2026-10-05&to=2026-10-05&groupBy=operator", admin)).json()) as {
      anonymized: boolean;
      rows: { label: string; chats: number }[];
    };
    expect(full).toMatchObject({ anonymized: false, rows: [{ label: "Ada Admin", chats: 2 }] });

    const agent = await login(await addOperator(account, "Agent"));
    const pseudo = (await (await call("GET", "/analytics?from=2026-10-05&to=2026-10-05&groupBy=operator", agent)).json()) as {
      anonymized: boolean;
      rows: { key: string; label: string }[];
    };
    expect(pseudo.anonymized).toBe(true);
    expect(pseudo.rows[0]!.label).toMatch(/^Operator [\w-]{6}$/);
    expect(JSON.stringify(pseudo)).not.toContain("Ada");
    expect(JSON.stringify(pseudo)).not.toContain(account.adminId);
    // Stable: the same pseudonym every time; and the account setting anonymises for everyone.
    const again = (await (await call("GET", "/analytics?from=2026-10-05&to=2026-10-05&groupBy=operator", agent)).json()) as {
      rows: { label: string }[];
    };
    expect(again.rows[0]!.label).toBe(pseudo.rows[0]!.label);
    await call("PATCH", "/settings", admin, { pseudonymousAnalytics: true });
    const adminNow = (await (await call("GET", "/analytics?from=2026-10-05&to=2026-10-05&groupBy=operator", admin)).json()) as {
      rows: { label: string }[];
    };
    expect(adminNow.rows[0]!.label).toBe(pseudo.rows[0]!.label);
  });
});

describe("bad input", () => {
  it("gets a 400 that names the problem, and changes nothing", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const settingsBefore = await (await call("GET", "/settings", cookie)).json();
    const widgetsBefore = await (await call("GET", "/settings/widgets", cookie)).json();
    const operatorsBefore = await (await call("GET", "/team/operators", cookie)).json();
    const cases: [string, string, unknown, RegExp][] = [
      ["PATCH", "/settings", { retentionMonths: 0 }, /retentionMonths: retention is 1 to 36 months/],
      ["PATCH", "/settings", { retentionMonths: 37 }, /retentionMonths/],
      ["PATCH", "/settings", { retentionMonths: "12" }, /retentionMonths/],
      ["PATCH", "/settings", { retentionMonths: 12, colour: "red" }, /colour|unrecognized/i],
      ["PATCH", `/settings/widgets/${account.widgetId}`, { retention: { mode: "months", months: 40 } }, /retention/],
      ["PATCH", `/settings/widgets/${account.widgetId}`, { allowedOrigins: ["https://shop.example/path"] }, /allowedOrigins/],
      [
        "POST",
        "/team/operators",
        { email: "x@example.com", displayName: "X", password: "short", roleId: account.roleIds.Agent },
        /password/,
      ],
      [
        "POST",
        "/team/operators",
        { email: "x@example.com", displayName: "X", password: "long enough password", roleId: account.roleIds.Agent, admin: true },
        /admin|unrecognized/i,
      ],
      ["POST", "/conversations/export", { format: "csv", filter: { from: "2026-13-45" } }, /from/],
      ["POST", "/conversations/export", { format: "csv", filter: { from: "2026-02-01", to: "2026-01-01" } }, /to: from must be before to/],
      ["POST", "/conversations/delete", { conversationIds: [] }, /conversationIds/],
      ["POST", "/conversations/delete", "{not json", /./],
      ["GET", "/conversations?limit=1000", undefined, /limit/],
      ["GET", "/conversations?rating=9", undefined, /rating/],
      ["GET", "/audit-log?limit=5000", undefined, /limit/],
      ["GET", "/analytics?from=2026-01-01&to=2028-01-01", undefined, /one year/],
      ["GET", "/analytics?from=2026-02-30&to=2026-03-01", undefined, /from: not a real date/],
      ["GET", "/conversations?from=2026-02-30", undefined, /from: not a real date/],
      ["POST", "/conversations/search", { name: "!!!" }, /name: must contain a letter or digit/],
      ["POST", "/conversations/search", { name: "a b c d e f g h i j k" }, /name: at most 10 words/],
      ["POST", "/conversations/search", { rating: "3" }, /rating/],
      ["POST", "/conversations/search", { limit: "5" }, /limit/],
      ["POST", "/conversations/search", { hasConsent: "true" }, /hasConsent/],
      ["POST", "/conversations/search", { tags: [] }, /tags/],
      ["POST", "/conversations/delete", { filter: {} }, /filter: an empty filter selects every conversation/],
      ["POST", "/conversations/delete", { filter: { name: "-" } }, /name/],
    ];
    for (const [method, url, body, message] of cases) {
      const res = await call(method, url, cookie, body);
      const payload = (await res.json()) as { error: { code: string; message: string } };
      expect(res.status, `${method} ${url} ${JSON.stringify(body)}`).toBe(400);
      expect(payload.error.code).toBe("invalid_request");
      expect(payload.error.message).toMatch(message);
    }
    expect(await (await call("GET", "/settings", cookie)).json()).toEqual(settingsBefore);
    expect(await (await call("GET", "/settings/widgets", cookie)).json()).toEqual(widgetsBefore);
    expect(await (await call("GET", "/team/operators", cookie)).json()).toEqual(operatorsBefore);
  });

  it("deletes everything only when asked with all: true", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    await seedTranscript(account);
    await seedTranscript(account);
    expect(await (await call("POST", "/conversations/delete", cookie, { filter: {}, all: true })).json()).toEqual({
      deleted: 2,
      dryRun: false,
    });
  });
});
