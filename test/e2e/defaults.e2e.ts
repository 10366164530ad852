import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./browser";
import { sessionCookie as adminCookie, api, appLogin } from "./session";

// What a person sees of the privacy defaults: the warning before chats are kept forever, system
// messages in the visitor's language, and no widget at all where the router's choice may not be.

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const hostPage = (siteKey = "demo") => `${inject("hostUrl")}/page?worker=${encodeURIComponent(inject("baseUrl"))}&siteKey=${siteKey}`;

describe("keeping chats forever in the app", () => {
  it("shows a warning and saves only once the admin ticks the box, and the audit log names it", async () => {
    const cookie = await adminCookie();
    const before = (await (await api("/settings", { cookie })).json()) as { retentionMonths: number | null };
    // The demo account was created with the default: finite.
    expect(before.retentionMonths).toBe(12);
    const page = await appLogin(await browser.newContext({ locale: "en-US" }));
    try {
      await page.goto(`${inject("baseUrl")}/app/settings/account`);
      await page.getByRole("heading", { level: 2, name: "Account and retention" }).waitFor();
      const warning = page.getByText("Chats will be kept until someone deletes them.", { exact: false });
      expect(await warning.count()).toBe(0);
      await page.getByLabel("Default retention").selectOption({ label: "Keep until deleted" });
      await warning.waitFor();
      const confirm = page.getByRole("checkbox", { name: "Yes, keep chats until they are deleted" });
      expect(await confirm.isChecked()).toBe(false);

      await page.getByRole("button", { name: "Save" }).click();
      await page.getByRole("alert").getByText("Confirm that chats should be kept until they are deleted", { exact: false }).waitFor();
      expect(((await (await api("/settings", { cookie })).json()) as { retentionMonths: number | null }).retentionMonths).toBe(12);

      await confirm.check();
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByText("Saved", { exact: true }).waitFor();
      expect(((await (await api("/settings", { cookie })).json()) as { retentionMonths: number | null }).retentionMonths).toBeNull();
      const audit = (await (await api("/audit-log?action=settings.retention_forever", { cookie })).json()) as {
        items: { targetType: string }[];
      };
      expect(audit.items).toHaveLength(1);
      // Once saved, nothing is left to confirm.
      expect(await warning.count()).toBe(0);
    } finally {
      await api("/settings", { method: "PATCH", cookie, body: { retentionMonths: 12 } });
      await page.context().close();
    }
  });

  it("asks for the same on a widget", async () => {
    const page = await appLogin(await browser.newContext({ locale: "en-US" }));
    try {
      await page.goto(`${inject("baseUrl")}/app/settings/widgets`);
      await page.getByRole("heading", { level: 2, name: "Widgets", exact: true }).waitFor();
      await page.getByLabel("Retention", { exact: true }).first().selectOption({ label: "Keep until deleted" });
      await page.getByText("Chats will be kept until someone deletes them.", { exact: false }).first().waitFor();
      await page.getByRole("checkbox", { name: "Yes, keep chats until they are deleted" }).first().waitFor();
    } finally {
      await page.context().close();
    }
  });
});

describe("the visitor's language", () => {
  it("is the language of the system message that ends the chat in the widget", async () => {
    const context = await browser.newContext({ locale: "de-DE" });
    const visitor = await context.newPage();
    try {
      await visitor.goto(hostPage());
      await visitor.getByRole("button", { name: "Open chat" }).click();
      await visitor.getByRole("button", { name: "Chat starten" }).waitFor();
      await visitor.getByRole("checkbox").check();
      await visitor.getByRole("button", { name: "Chat starten" }).click();
      const composer = visitor.getByRole("textbox", { name: "Nachricht" });
      await composer.fill("Guten Tag");
      await composer.press("Enter");
      await visitor.locator('[role="log"] li[data-seq="1"]').waitFor();
      await visitor.getByRole("button", { name: "Chat beenden" }).click();
      // The panel asks first, in German too.
      await visitor.getByRole("group", { name: "Diesen Chat beenden?" }).getByRole("button", { name: "Chat beenden" }).click();
      const ended = visitor.locator('[role="log"] li.system');
      await ended.waitFor();
      expect(await ended.textContent()).toBe("Der Besucher hat den Chat beendet.");
    } finally {
      await context.close();
    }
  });
});

describe("a router rule whose widget may not be on the page", () => {
  it("leaves the visitor without any widget: the launcher goes after the first click", async () => {
    const cookie = await adminCookie();
    const saved = (await (await api("/settings/router", { cookie })).json()) as { rules: unknown[] };
    const departments = (await (await api("/team/departments", { cookie })).json()) as { items: { id: string }[] };
    const created = await api("/settings/widgets", {
      method: "POST",
      cookie,
      body: { name: "Elsewhere only", departmentId: departments.items[0]!.id, allowedOrigins: ["https://elsewhere.example"] },
    });
    const elsewhere = (await created.json()) as { id: string };
    // Finnish visitors are routed to a widget the test page's origin may not embed.
    const put = await api("/settings/router", {
      method: "PUT",
      cookie,
      body: { rules: [{ name: "Finnish visitors", conditions: { languages: ["fi"] }, widgetId: elsewhere.id }, ...saved.rules] },
    });
    expect(put.status).toBe(200);
    const problems = ((await put.json()) as { problems: { ruleName: string }[] }).problems;
    expect(problems.map((p) => p.ruleName)).toContain("Finnish visitors");
    const context = await browser.newContext({ locale: "fi-FI" });
    const page = await context.newPage();
    try {
      const configAnswers: number[] = [];
      page.on("response", (r) => {
        if (r.url().includes("/config")) configAnswers.push(r.status());
      });
      await page.goto(hostPage());
      await page.getByRole("button", { name: "Open chat" }).click();
      await page.locator("confide-launcher").waitFor({ state: "detached" });
      expect(configAnswers).toEqual([403]);
      expect(await page.getByRole("dialog").count()).toBe(0);
      expect(await page.locator("confide-chat").count()).toBe(0);
      // The router screen says why.
      const app = await appLogin(await browser.newContext({ locale: "en-US" }));
      await app.goto(`${inject("baseUrl")}/app/settings/router`);
      await app.getByRole("heading", { name: "Visitors who would get no widget" }).waitFor();
      await app.getByText("Rule 1, Finnish visitors: its widget Elsewhere only does not allow", { exact: false }).first().waitFor();
      await app.context().close();
    } finally {
      await api("/settings/router", { method: "PUT", cookie, body: saved });
      // Widgets cannot be removed: this one goes off every origin, so later screens see no problem from it.
      await api(`/settings/widgets/${elsewhere.id}`, { method: "PATCH", cookie, body: { allowedOrigins: [] } });
      await context.close();
    }
  });
});
