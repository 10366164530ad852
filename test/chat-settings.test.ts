import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { accountsD1, addOperator, BASE, login, patchWidget, SITE_ORIGIN, seedAccount, type TestAccount } from "./helpers";

// The settings of issue 13: a widget's behaviour around hours and waiting, an operator's chat
// slots and the account's idle time before "away". Each is saved and returned, refused whole
// when wrong, audited, and kept from roles that may not manage it.

const api = (cookie: string, method: string, path: string, body?: unknown) =>
  SELF.fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const widgetConfig = async (siteKey: string) =>
  (await (await SELF.fetch(`${BASE}/w/${siteKey}/config`, { headers: { Origin: SITE_ORIGIN } })).json()) as Record<string, unknown>;

/** The account's audit entries of one action about one target. */
const auditCount = async (account: TestAccount, action: string, targetId: string) =>
  (await accountsD1
    .prepare("SELECT COUNT(*) AS n FROM audit_log WHERE account_id = ? AND action = ? AND target_id = ?")
    .bind(account.accountId, action, targetId)
    .first<{ n: number }>())!.n;

const widgetRow = (widgetId: string) => accountsD1.prepare("SELECT * FROM widgets WHERE id = ?").bind(widgetId).first();

const WIDGET_DEFAULTS = { outsideHours: "message", offerMessageAfterMinutes: 3, routing: "offer_all", unansweredAlertMinutes: 5 };

async function firstWidget(cookie: string): Promise<Record<string, unknown>> {
  const page = (await (await api(cookie, "GET", "/settings/widgets")).json()) as { items: Record<string, unknown>[] };
  return page.items[0]!;
}

/** Expects a 400 invalid_request in the error shape, naming `field`. */
async function expectRefused(res: Response, field: string): Promise<void> {
  expect(res.status, field).toBe(400);
  expect(await res.json(), field).toMatchObject({ error: { code: "invalid_request", message: expect.stringContaining(field) } });
}

describe("PATCH /api/v1/settings/widgets/{id}: chat behaviour", () => {
  it("starts with the defaults, saves each setting, returns it and audits every change", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    expect(await firstWidget(cookie)).toMatchObject({ ...WIDGET_DEFAULTS, hoursNow: null });

    const changes = { outsideHours: "hide", offerMessageAfterMinutes: 60, routing: "auto_assign", unansweredAlertMinutes: 120 };
    const res = await patchWidget(cookie, account.widgetId, changes);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject(changes);
    expect(await firstWidget(cookie)).toMatchObject(changes);

    // null switches the offer and the alert off; the lowest values are allowed.
    expect((await patchWidget(cookie, account.widgetId, { offerMessageAfterMinutes: null, unansweredAlertMinutes: 1 })).status).toBe(200);
    expect((await patchWidget(cookie, account.widgetId, { offerMessageAfterMinutes: 1, unansweredAlertMinutes: null })).status).toBe(200);
    expect(await firstWidget(cookie)).toMatchObject({ offerMessageAfterMinutes: 1, unansweredAlertMinutes: null });
    expect(await auditCount(account, "widget.updated", account.widgetId)).toBe(3);
  });

  it("puts outsideHours and offerMessageAfterMinutes into the widget's public configuration, nothing of routing or alerts", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    expect(await widgetConfig(account.siteKey)).toMatchObject({ outsideHours: "message", offerMessageAfterMinutes: 3, hours: null });
    await patchWidget(cookie, account.widgetId, { outsideHours: "hide", offerMessageAfterMinutes: null, routing: "auto_assign" });
    const config = await widgetConfig(account.siteKey);
    expect(config).toMatchObject({ outsideHours: "hide", offerMessageAfterMinutes: null });
    expect(config).not.toHaveProperty("routing");
    expect(config).not.toHaveProperty("unansweredAlertMinutes");
  });

  it("says in the widget list whether business hours are open now", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const open = { timeZone: "Europe/Berlin", weekly: Array(7).fill([{ from: "00:00", to: "24:00" }]), exceptions: [] };
    await patchWidget(cookie, account.widgetId, { businessHours: open });
    expect((await firstWidget(cookie)).hoursNow).toEqual({ open: true, changesAt: null });
    await patchWidget(cookie, account.widgetId, { businessHours: { ...open, weekly: Array(7).fill([]) } });
    expect((await firstWidget(cookie)).hoursNow).toEqual({ open: false, changesAt: null });
  });

  it("refuses every bad value with a 400 naming the field, and changes nothing", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const hours = { timeZone: "Europe/Berlin", weekly: Array(7).fill([{ from: "09:00", to: "17:00" }]), exceptions: [] };
    expect((await patchWidget(cookie, account.widgetId, { businessHours: hours })).status).toBe(200);
    const before = await widgetRow(account.widgetId);
    const auditedBefore = await auditCount(account, "widget.updated", account.widgetId);
    const day = (openings: unknown) => ({ ...hours, weekly: [openings, ...hours.weekly.slice(1)] });
    const cases: [string, unknown][] = [
      ["outsideHours", { outsideHours: "closed" }],
      ["outsideHours", { outsideHours: null }],
      ["offerMessageAfterMinutes", { offerMessageAfterMinutes: 0 }],
      ["offerMessageAfterMinutes", { offerMessageAfterMinutes: 61 }],
      ["offerMessageAfterMinutes", { offerMessageAfterMinutes: 2.5 }],
      ["offerMessageAfterMinutes", { offerMessageAfterMinutes: "3" }],
      ["routing", { routing: "round_robin" }],
      ["routing", { routing: 1 }],
      ["unansweredAlertMinutes", { unansweredAlertMinutes: 0 }],
      ["unansweredAlertMinutes", { unansweredAlertMinutes: 121 }],
      ["unansweredAlertMinutes", { unansweredAlertMinutes: true }],
      ["businessHours", { businessHours: { ...hours, timeZone: "Europe/Atlantis" } }],
      ["businessHours", { businessHours: day([{ from: "17:00", to: "09:00" }]) }],
      ["businessHours", { businessHours: day([{ from: "09:00", to: "09:00" }]) }],
      ["businessHours", { businessHours: day([{ from: "9:00", to: "17:00" }]) }],
      ["businessHours", { businessHours: day([{ from: "00:00", to: "24:01" }]) }],
      [
        "businessHours",
        {
          businessHours: day([
            { from: "09:00", to: "13:00" },
            { from: "12:00", to: "17:00" },
          ]),
        },
      ],
      ["businessHours", { businessHours: { ...hours, weekly: hours.weekly.slice(1) } }],
      ["businessHours", { businessHours: { ...hours, exceptions: [{ date: "2026-02-30", openings: [] }] } }],
      // One bad setting among good ones: the good ones are not saved either.
      ["routing", { outsideHours: "hide", routing: "everyone" }],
    ];
    for (const [field, body] of cases) await expectRefused(await patchWidget(cookie, account.widgetId, body), field);
    expect(await widgetRow(account.widgetId)).toEqual(before);
    expect(await auditCount(account, "widget.updated", account.widgetId)).toBe(auditedBefore);
  });

  it("is refused to roles without settings manage, and changes nothing", async () => {
    const account = await seedAccount();
    const before = await widgetRow(account.widgetId);
    for (const role of ["Supervisor", "Agent"] as const) {
      const cookie = await login(await addOperator(account, role));
      const res = await patchWidget(cookie, account.widgetId, { routing: "auto_assign", offerMessageAfterMinutes: 10 });
      expect(res.status, role).toBe(403);
      expect(await res.json(), role).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    expect(await widgetRow(account.widgetId)).toEqual(before);
  });
});

describe("PATCH /api/v1/team/operators/{id}: chat slots", () => {
  it("gives a new operator 5 slots, saves 1 to 50, shows them to the operator in /me, and audits the change", async () => {
    const account = await seedAccount();
    const admin = await login(account.adminEmail);
    const email = await addOperator(account, "Agent");
    const operator = (await accountsD1.prepare("SELECT id FROM operators WHERE email = ?").bind(email).first<{ id: string }>())!;
    const listed = (await (await api(admin, "GET", "/team/operators")).json()) as { items: { id: string; chatSlots: number }[] };
    expect(listed.items.find((o) => o.id === operator.id)?.chatSlots).toBe(5);

    for (const chatSlots of [1, 50, 12]) {
      const res = await api(admin, "PATCH", `/team/operators/${operator.id}`, { chatSlots });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: operator.id, chatSlots });
    }
    expect(await auditCount(account, "operator.updated", operator.id)).toBe(3);
    const me = (await (await api(await login(email), "GET", "/me")).json()) as { operator: { chatSlots: number } };
    expect(me.operator.chatSlots).toBe(12);
  });

  it("takes chat slots when an operator is added", async () => {
    const account = await seedAccount();
    const admin = await login(account.adminEmail);
    const res = await api(admin, "POST", "/team/operators", {
      email: `slots-${crypto.randomUUID().slice(0, 8)}@example.com`,
      displayName: "Sam Slots",
      password: "a long enough password",
      roleId: account.roleIds.Agent,
      chatSlots: 2,
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ chatSlots: 2 });
  });

  it("refuses slots out of range or of the wrong type with a 400, and changes nothing", async () => {
    const account = await seedAccount();
    const admin = await login(account.adminEmail);
    const id = account.adminId;
    for (const chatSlots of [0, 51, -1, 1.5, "5", null]) {
      await expectRefused(await api(admin, "PATCH", `/team/operators/${id}`, { chatSlots }), "chatSlots");
    }
    expect(await accountsD1.prepare("SELECT chat_slots FROM operators WHERE id = ?").bind(id).first()).toEqual({ chat_slots: 5 });
    expect(await auditCount(account, "operator.updated", id)).toBe(0);
  });

  it("is refused to roles without team manage", async () => {
    const account = await seedAccount();
    for (const role of ["Supervisor", "Agent"] as const) {
      const res = await api(await login(await addOperator(account, role)), "PATCH", `/team/operators/${account.adminId}`, { chatSlots: 9 });
      expect(res.status, role).toBe(403);
    }
    expect(await accountsD1.prepare("SELECT chat_slots FROM operators WHERE id = ?").bind(account.adminId).first()).toEqual({
      chat_slots: 5,
    });
  });
});

describe("PATCH /api/v1/settings: away after idle", () => {
  it("starts at 10 minutes, saves 1 to 120, shows it to every operator in /me, and audits the change", async () => {
    const account = await seedAccount();
    const admin = await login(account.adminEmail);
    expect(await (await api(admin, "GET", "/settings")).json()).toMatchObject({ awayAfterIdleMinutes: 10 });
    for (const awayAfterIdleMinutes of [1, 120, 15]) {
      const res = await api(admin, "PATCH", "/settings", { awayAfterIdleMinutes });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ awayAfterIdleMinutes });
    }
    expect(await auditCount(account, "settings.updated", account.accountId)).toBe(3);
    const agent = await login(await addOperator(account, "Agent"));
    const me = (await (await api(agent, "GET", "/me")).json()) as { account: { awayAfterIdleMinutes: number } };
    expect(me.account.awayAfterIdleMinutes).toBe(15);
  });

  it("refuses a bad value with a 400 and changes nothing, and is refused to roles without settings manage", async () => {
    const account = await seedAccount();
    const admin = await login(account.adminEmail);
    for (const awayAfterIdleMinutes of [0, 121, 2.5, "10", null]) {
      await expectRefused(await api(admin, "PATCH", "/settings", { awayAfterIdleMinutes, name: "Renamed" }), "awayAfterIdleMinutes");
    }
    for (const role of ["Supervisor", "Agent"] as const) {
      const res = await api(await login(await addOperator(account, role)), "PATCH", "/settings", { awayAfterIdleMinutes: 30 });
      expect(res.status, role).toBe(403);
    }
    const row = await accountsD1.prepare("SELECT name, away_after_idle_minutes FROM accounts WHERE id = ?").bind(account.accountId).first();
    expect(row).toMatchObject({ away_after_idle_minutes: 10 });
    expect(row?.name).not.toBe("Renamed");
    expect(await auditCount(account, "settings.updated", account.accountId)).toBe(0);
  });
});

describe("GET /api/v1/openapi.json: chat settings", () => {
  it("documents every new setting in its request and response schemas", async () => {
    const text = await (await SELF.fetch(`${BASE}/api/v1/openapi.json`)).text();
    for (const name of [
      "outsideHours",
      "offerMessageAfterMinutes",
      "routing",
      "unansweredAlertMinutes",
      "hoursNow",
      "chatSlots",
      "awayAfterIdleMinutes",
    ]) {
      expect(text, name).toContain(`"${name}"`);
    }
    const doc = JSON.parse(text) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    const body = (path: string, method: string) => JSON.stringify(doc.paths[path]?.[method]?.requestBody);
    expect(body("/settings/widgets/{id}", "patch")).toContain('"unansweredAlertMinutes"');
    expect(body("/team/operators/{id}", "patch")).toContain('"chatSlots"');
    expect(body("/settings", "patch")).toContain('"awayAfterIdleMinutes"');
  });
});
