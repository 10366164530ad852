import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DEFAULT_RETENTION_MONTHS } from "../src/db/accounts";
import { createPlacedAccount } from "../src/db/databases";
import { seedDemo } from "../src/db/demo-seed";
import { accountsD1, BASE, login, seedAccount, sharedPasswordHash } from "./helpers";

async function call(method: string, path: string, cookie: string, body?: unknown): Promise<Response> {
  return SELF.fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const auditActions = async (accountId: string): Promise<string[]> =>
  (
    await accountsD1
      .prepare("SELECT action FROM audit_log WHERE account_id = ? ORDER BY created_at, rowid")
      .bind(accountId)
      .all<{ action: string }>()
  ).results.map((r) => r.action);

describe("retention by default", () => {
  it("is 12 months for a new account, and a new widget follows it", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    expect(DEFAULT_RETENTION_MONTHS).toBe(12);
    expect(await (await call("GET", "/settings", cookie)).json()).toMatchObject({ retentionMonths: 12 });
    const added = await call("POST", "/settings/widgets", cookie, { name: "Second shop", departmentId: account.departmentId });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ retention: { mode: "account" } });
  });

  it("gives a new widget 12 months of its own under an account that keeps chats forever", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    expect((await call("PATCH", "/settings", cookie, { retentionMonths: null, confirmKeepForever: true })).status).toBe(200);
    const added = await call("POST", "/settings/widgets", cookie, { name: "Second shop", departmentId: account.departmentId });
    expect(await added.json()).toMatchObject({ retention: { mode: "months", months: 12 } });
  });
});

describe("keeping chats forever", () => {
  it("is refused for the account without an explicit confirmation, and changes nothing", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const refused = await call("PATCH", "/settings", cookie, { retentionMonths: null, name: "Renamed" });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: "keep_forever_unconfirmed" } });
    expect(await (await call("GET", "/settings", cookie)).json()).toMatchObject({
      retentionMonths: 12,
      name: expect.not.stringMatching(/Renamed/),
    });
    expect(await auditActions(account.accountId)).not.toContain("settings.retention_forever");
  });

  it("is audited by name when the account confirms it, and only when it changes", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const saved = await call("PATCH", "/settings", cookie, { retentionMonths: null, confirmKeepForever: true });
    expect(await saved.json()).toMatchObject({ retentionMonths: null });
    // Saving again what is already in force needs no new confirmation and is no new choice.
    expect((await call("PATCH", "/settings", cookie, { retentionMonths: null, name: "Still forever" })).status).toBe(200);
    const actions = await auditActions(account.accountId);
    expect(actions.filter((a) => a === "settings.retention_forever")).toHaveLength(1);
    const listed = (await (await call("GET", "/audit-log?action=settings.retention_forever", cookie)).json()) as {
      items: { targetType: string; targetId: string }[];
    };
    expect(listed.items).toEqual([expect.objectContaining({ targetType: "account", targetId: account.accountId })]);
  });

  it("is refused for a widget without confirmation, then audited once confirmed", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const refused = await call("PATCH", `/settings/widgets/${account.widgetId}`, cookie, { retention: { mode: "off" } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: "keep_forever_unconfirmed" } });
    const row = await accountsD1.prepare("SELECT retention_months FROM widgets WHERE id = ?").bind(account.widgetId).first();
    expect(row).toEqual({ retention_months: null });
    const saved = await call("PATCH", `/settings/widgets/${account.widgetId}`, cookie, {
      retention: { mode: "off" },
      confirmKeepForever: true,
    });
    expect(await saved.json()).toMatchObject({ retention: { mode: "off" } });
    const listed = (await (await call("GET", "/audit-log?action=widget.retention_forever", cookie)).json()) as {
      items: { targetType: string; targetId: string }[];
    };
    expect(listed.items).toEqual([expect.objectContaining({ targetType: "widget", targetId: account.widgetId })]);
  });

  it("counts a widget following an account that keeps chats forever as forever too", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    await call("PATCH", `/settings/widgets/${account.widgetId}`, cookie, { retention: { mode: "months", months: 6 } });
    await call("PATCH", "/settings", cookie, { retentionMonths: null, confirmKeepForever: true });
    const refused = await call("PATCH", `/settings/widgets/${account.widgetId}`, cookie, { retention: { mode: "account" } });
    expect(await refused.json()).toMatchObject({ error: { code: "keep_forever_unconfirmed" } });
    expect(
      (await call("PATCH", `/settings/widgets/${account.widgetId}`, cookie, { retention: { mode: "account" }, confirmKeepForever: true }))
        .status,
    ).toBe(200);
  });
});

describe("the seeded demo", () => {
  async function demo() {
    const suffix = crypto.randomUUID().slice(0, 8);
    const email = `demo-${suffix}@confide.localhost`;
    const passwordHash = await sharedPasswordHash();
    const now = Date.now();
    // Placed as scripts/first-run.ts places it (src/db/databases.ts).
    const seeded = await createPlacedAccount(
      env,
      (db) =>
        seedDemo(db, {
          admin: { email, passwordHash },
          // What `npm start` passes: the local demo page, plain http on loopback.
          origins: ["http://127.0.0.1:8787", "http://localhost:8787"],
          now,
          siteKeys: { standard: `demo-${suffix}`, privacy: `demo-eu-${suffix}` },
        }),
      now,
    );
    return { seeded, cookie: await login(email) };
  }

  it("saves each of its widgets with their own settings, as shipped", async () => {
    const { cookie } = await demo();
    const { items } = (await (await call("GET", "/settings/widgets", cookie)).json()) as { items: Record<string, unknown>[] };
    expect(items).toHaveLength(2);
    for (const widget of items) {
      expect(widget.privacyPolicy).toMatchObject({ url: "http://127.0.0.1:8787/demo/privacy" });
      // hoursNow is computed, not a setting: the answer carries it, a change does not.
      const { id, siteKey: _siteKey, hoursNow: _hoursNow, ...settings } = widget;
      const res = await call("PATCH", `/settings/widgets/${id as string}`, cookie, settings);
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await res.json()).toEqual(widget);
    }
  });

  it("still refuses a privacy link over plain http to any other host", async () => {
    const { seeded, cookie } = await demo();
    for (const url of [
      "http://example.com/privacy",
      "http://127.0.0.1.example.com/privacy",
      "http://10.0.0.1/privacy",
      "javascript:alert(1)",
    ]) {
      const res = await call("PATCH", `/settings/widgets/${seeded.widgetId}`, cookie, { privacyPolicy: { url } });
      expect(res.status, url).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "invalid_request", message: expect.stringMatching(/https/) } });
    }
    for (const url of ["http://localhost:8787/p", "http://127.0.0.2/p", "http://[::1]:8787/p", "https://example.com/p"]) {
      expect((await call("PATCH", `/settings/widgets/${seeded.widgetId}`, cookie, { privacyPolicy: { url } })).status, url).toBe(200);
    }
  });
});
