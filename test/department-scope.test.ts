import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDepartment, createRole, createWidget } from "../src/db/accounts";
import { openDb } from "../src/db/client";
import { replaceRouterRules } from "../src/db/router";
import { builtInRoles } from "../src/shared/permissions";
import { accountsD1, addOperator, BASE, login, SITE_ORIGIN, seedAccount } from "./helpers";
import { seedTranscript } from "./helpers/transcripts";

// A role limited to some departments sees nothing of the other departments' widgets: not in the
// router's rules, not in the router's dry run, not in the audit log.

const call = async (method: string, url: string, cookie: string, body?: unknown) =>
  SELF.fetch(`${BASE}/api/v1${url}`, {
    method,
    headers: { Origin: BASE, Cookie: cookie, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** An account with a General and a Sales department, a widget in each, rules for both, and a Sales-only role. */
async function twoDepartments() {
  const account = await seedAccount();
  const db = openDb(accountsD1);
  const now = Date.now();
  const sales = await createDepartment(db, account.accountId, "Sales", now);
  const salesKey = `sales-${crypto.randomUUID().slice(0, 8)}`;
  const salesWidget = await createWidget(db, {
    accountId: account.accountId,
    departmentId: sales,
    siteKey: salesKey,
    name: "Sales widget",
    allowedOrigins: [SITE_ORIGIN],
    now,
  });
  const hiddenKey = `vip-${crypto.randomUUID().slice(0, 8)}`;
  const hiddenWidget = await createWidget(db, {
    accountId: account.accountId,
    departmentId: account.departmentId,
    siteKey: hiddenKey,
    name: "Secret VIP widget",
    allowedOrigins: [SITE_ORIGIN],
    now,
  });
  const rules = [
    { name: "VIP in Germany", conditions: { countries: ["DE"] }, widgetId: hiddenWidget },
    { name: "Sales in France", conditions: { countries: ["FR"] }, widgetId: salesWidget },
    { name: "VIP on mobile", conditions: { devices: ["mobile" as const] }, widgetId: hiddenWidget },
  ];
  await replaceRouterRules(db, account.accountId, rules, now);
  const readerRole = await createRole(db, {
    accountId: account.accountId,
    name: "Sales settings",
    permissions: { ...builtInRoles.Admin },
    departmentIds: [sales],
    now,
  });
  const reader = await login(await addOperator(account, { roleId: readerRole }));
  const admin = await login(account.adminEmail);
  return { account, sales, salesWidget, salesKey, hiddenWidget, hiddenKey, rules, reader, admin };
}

describe("department scope of the widget router", () => {
  it("GET /settings/router shows a department-scoped role only the rules for its departments' widgets", async () => {
    const f = await twoDepartments();
    const text = await (await call("GET", "/settings/router", f.reader)).text();
    expect(JSON.parse(text)).toMatchObject({ rules: [f.rules[1]], problems: [] });
    for (const marker of [f.hiddenWidget, "VIP"]) expect(text).not.toContain(marker);
    // An administrator over all departments still sees every rule.
    expect(((await (await call("GET", "/settings/router", f.admin)).json()) as { rules: unknown[] }).rules).toEqual(f.rules);
  });

  it("PUT /settings/router cannot drop or overwrite the rules a department-scoped role does not see", async () => {
    const f = await twoDepartments();
    const res = await call("PUT", "/settings/router", f.reader, {
      rules: [{ name: "Only mine", conditions: {}, widgetId: f.salesWidget }],
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "requires_all_departments" } });
    expect(((await (await call("GET", "/settings/router", f.admin)).json()) as { rules: unknown[] }).rules).toEqual(f.rules);
  });

  it("the dry run names no widget of another department, keeps the live outcome and counts only visible rules", async () => {
    const f = await twoDepartments();
    const dryRun = async (body: unknown) => {
      const res = await call("POST", "/settings/router/dry-run", f.reader, body);
      return { status: res.status, text: await res.text() };
    };
    // A hidden rule decides: the reader learns that, not which widget.
    const german = await dryRun({ siteKey: f.salesKey, country: "DE" });
    expect(german.status).toBe(200);
    expect(JSON.parse(german.text)).toMatchObject({ widget: null, rule: null });
    // A visible rule decides: its position among the rules the reader sees.
    const french = await dryRun({ siteKey: f.salesKey, country: "FR" });
    expect(JSON.parse(french.text)).toMatchObject({
      widget: { id: f.salesWidget, name: "Sales widget" },
      rule: { index: 0, name: "Sales in France" },
    });
    // No rule: the embed's widget, which must be the reader's own.
    const none = await dryRun({ country: "US", userAgent: "Mozilla/5.0 (X11; Linux x86_64)" });
    expect(JSON.parse(none.text)).toMatchObject({ widget: { id: f.salesWidget }, rule: null });
    const foreignEmbed = await dryRun({ siteKey: f.hiddenKey, country: "US" });
    expect(foreignEmbed.status).toBe(400);
    expect(JSON.parse(foreignEmbed.text)).toMatchObject({ error: { code: "invalid_request" } });
    for (const answer of [german, french, none, foreignEmbed]) {
      for (const marker of [
        f.hiddenWidget,
        f.hiddenKey,
        "Secret VIP",
        "VIP in Germany",
        "VIP on mobile",
        f.account.widgetId,
        f.account.siteKey,
      ])
        expect(answer.text).not.toContain(marker);
    }
    // The administrator's dry run is unchanged: the hidden rule, by name and widget.
    expect(await (await call("POST", "/settings/router/dry-run", f.admin, { siteKey: f.salesKey, country: "DE" })).json()).toMatchObject({
      widget: { id: f.hiddenWidget },
      rule: { index: 0, name: "VIP in Germany" },
    });
  });
});

describe("department scope of the audit log", () => {
  it("shows a department-scoped reader only entries about its departments' widgets and conversations", async () => {
    const f = await twoDepartments();
    // Things happen in both departments.
    expect((await call("PATCH", `/settings/widgets/${f.hiddenWidget}`, f.admin, { name: "Secret VIP widget 2" })).status).toBe(200);
    expect((await call("PATCH", `/settings/widgets/${f.salesWidget}`, f.admin, { name: "Sales widget 2" })).status).toBe(200);
    const general = await seedTranscript(f.account, { name: "General Visitor" });
    const ours = await seedTranscript(f.account, { name: "Sales Visitor", widgetId: f.salesWidget, departmentId: f.sales });
    expect((await call("GET", `/conversations/${general}/messages`, f.admin)).status).toBe(200);
    expect((await call("GET", `/conversations/${ours}/messages`, f.admin)).status).toBe(200);
    expect((await call("DELETE", `/conversations/${general}`, f.admin)).status).toBe(200);

    const text = await (await call("GET", "/audit-log?limit=100", f.reader)).text();
    const entries = (JSON.parse(text) as { items: { action: string; targetId: string | null; departmentId: string | null }[] }).items;
    for (const marker of [f.hiddenWidget, general, f.account.departmentId, f.account.accountId]) expect(text).not.toContain(marker);
    expect(entries.every((e) => e.departmentId === f.sales)).toBe(true);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: "widget.updated", targetId: f.salesWidget }),
        expect.objectContaining({ action: "transcript.read", targetId: ours }),
      ]),
    );
    // The administrator sees it all.
    const all = (
      (await (await call("GET", "/audit-log?limit=100", f.admin)).json()) as { items: { action: string; targetId: string | null }[] }
    ).items;
    expect(all).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: "widget.updated", targetId: f.hiddenWidget }),
        expect.objectContaining({ action: "transcript.read", targetId: general }),
      ]),
    );
  });
});
