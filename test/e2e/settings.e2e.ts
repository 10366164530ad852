import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./browser";
import { sessionCookie as adminCookie, api, appLogin } from "./session";

// The settings screens in a real browser against wrangler dev: a change made there reaches the
// very next visitor, and every admin screen renders for an admin.

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const english = () => browser.newContext({ locale: "en-US" });

/** A visitor on the customer's site (another origin) starts a chat on `siteKey` under `name`. */
async function visitorStarts(siteKey: string, name: string): Promise<Page> {
  const context = await english();
  const visitor = await context.newPage();
  await visitor.goto(`${inject("hostUrl")}/page?worker=${encodeURIComponent(inject("baseUrl"))}&siteKey=${siteKey}`);
  await visitor.getByRole("button", { name: "Open chat" }).click();
  // The widget lives in an open shadow root, which Playwright's locators pierce.
  await visitor.getByLabel("Name (optional)").fill(name);
  await visitor.getByRole("checkbox").check();
  await visitor.getByRole("button", { name: "Start chat" }).click();
  await visitor.getByRole("textbox", { name: "Message" }).waitFor();
  return visitor;
}

/** The operator opens the named visitor's chat from the inbox. */
async function openChat(operator: Page, name: string): Promise<void> {
  await operator.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Inbox" }).click();
  const item = operator.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: new RegExp(name) });
  await item.waitFor({ timeout: 15_000 });
  await item.click();
  await operator.getByRole("textbox", { name: "Reply" }).waitFor();
}

describe("widget settings in the app", () => {
  it("switching a widget to privacy mode takes effect for the next visitor: no page views, no live preview", async () => {
    const cookie = await adminCookie();
    const departments = (await (await api("/team/departments", { cookie })).json()) as { items: { id: string }[] };
    const created = await api("/settings/widgets", {
      method: "POST",
      cookie,
      body: { name: "Switch shop", departmentId: departments.items[0]!.id, allowedOrigins: [inject("hostUrl")] },
    });
    expect(created.status).toBe(201);
    const widget = (await created.json()) as { id: string; siteKey: string };
    // It starts in privacy mode; the shop began without it.
    expect(
      (await api(`/settings/widgets/${widget.id}`, { method: "PATCH", cookie, body: { privacyMode: false, livePreview: true } })).status,
    ).toBe(200);

    const operator = await appLogin(await english());

    // Before the switch: the operator sees the visitor's page and what they type.
    const before = await visitorStarts(widget.siteKey, "Before Switch");
    await openChat(operator, "Before Switch");
    const panel = operator.getByRole("complementary", { name: "Visitor details" });
    // The widget reports pages without their query string.
    const pageUrl = `${inject("hostUrl")}/page`;
    await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain(pageUrl);
    await before.getByRole("textbox", { name: "Message" }).pressSequentially("typed before", { delay: 20 });
    const preview = operator.getByTestId("live-preview");
    await expect
      .poll(async () => ((await preview.count()) > 0 ? preview.textContent() : ""), { timeout: 10_000 })
      .toContain("typed before");

    // The admin switches privacy mode on in Settings → Widgets.
    await operator.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await operator.getByRole("heading", { level: 2, name: "Widgets", exact: true }).waitFor();
    await operator.getByRole("button", { name: /Switch shop/ }).click();
    const privacy = operator.getByRole("checkbox", { name: "Privacy mode" });
    expect(await privacy.isChecked()).toBe(false);
    await privacy.check();
    await operator.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => operator.getByRole("status").allTextContents()).toContain("Saved");
    await operator.screenshot({ path: "test-results/app-settings-widgets.png", fullPage: true });
    expect(
      ((await (await api("/settings/widgets", { cookie })).json()) as { items: { id: string; privacyMode: boolean }[] }).items.find(
        (w) => w.id === widget.id,
      )?.privacyMode,
    ).toBe(true);

    // The next visitor: nothing of the visit is kept, and typing shows nothing until sent.
    const after = await visitorStarts(widget.siteKey, "After Switch");
    await openChat(operator, "After Switch");
    await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain("Not kept (privacy mode)");
    expect(await panel.textContent()).not.toContain(pageUrl);
    const composer = after.getByRole("textbox", { name: "Message" });
    await composer.pressSequentially("typed after", { delay: 20 });
    // Long enough for a preview to have crossed a local socket many times over.
    await operator.waitForTimeout(1_500);
    expect(await preview.count()).toBe(0);
    await after.getByRole("button", { name: "Send" }).click();
    await operator.locator('[role="log"] li[data-seq="1"]').waitFor();
    expect(await operator.locator('[role="log"] li[data-seq="1"]').textContent()).toContain("typed after");
    expect(await preview.count()).toBe(0);
  });
});

describe("the admin screens", () => {
  it("each renders for an admin without an error, and is screenshotted", async () => {
    const page = await appLogin(await english());
    const screens: [string, string, string][] = [
      ["settings/widgets", "Widgets", "app-settings-widget-form.png"],
      ["settings/router", "Widget router", "app-settings-router.png"],
      ["settings/account", "Account and retention", "app-settings-account.png"],
      ["settings/api-tokens", "API tokens", "app-settings-api-tokens.png"],
      ["team/operators", "Operators", "app-team-operators.png"],
      ["team/departments", "Departments", "app-team-departments.png"],
      ["team/roles", "Roles", "app-team-roles.png"],
      ["audit-log", "Audit log", "app-audit-log.png"],
      ["analytics", "Analytics", "app-analytics.png"],
    ];
    for (const [path, heading, file] of screens) {
      await page.goto(`${inject("baseUrl")}/app/${path}`);
      await page.getByRole("heading", { level: 2, name: heading }).waitFor();
      // Lists load after the heading shows: give them the moment they need.
      await page.waitForLoadState("networkidle");
      expect(await page.getByRole("alert").allTextContents(), path).toEqual([]);
      await page.screenshot({ path: `test-results/${file}`, fullPage: true });
    }
  });
});
