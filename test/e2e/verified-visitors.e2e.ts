import { createHmac } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./browser";
import { api, appLogin, sessionCookie } from "./session";

// Verified visitors and the consent hook, in Chromium: a customer's page (another origin) embeds a
// widget with data-user-id and data-user-hash; the operator's app shows Verified only for a hash
// made with the widget's secret. With data-consent="required" the loader shows and asks nothing
// until the page calls Confide.consent(true), and consent(false) takes the widget away again.

// The page's view of the loader's API (widget/chat.ts ConfideApi), as page.evaluate calls it.
declare global {
  interface Window {
    Confide?: { open(): void; consent(given: boolean): void; q?: unknown[][] };
  }
}

let browser: Browser;
let operator: Page;
let siteKey: string;
let secret: string;

/** The customer's page on its own origin, with the embed tag's attributes from `params`. */
const customerPage = (params: Record<string, string>) =>
  `${inject("hostUrl")}/page?${new URLSearchParams({ worker: inject("baseUrl"), siteKey, ...params })}`;

/** What the customer's server puts in data-user-hash. */
const userHash = (key: string, userId: string) => createHmac("sha256", key).update(userId).digest("hex");

beforeAll(async () => {
  browser = await launchChromium();
  // A widget of its own on the customer's origin, verification on: other tests' widgets stay as they were.
  const cookie = await sessionCookie();
  const widgets = (await (await api("/settings/widgets", { cookie })).json()) as { items: { siteKey: string; departmentId: string }[] };
  const departmentId = widgets.items.find((w) => w.siteKey === "demo")!.departmentId;
  const created = await api("/settings/widgets", {
    method: "POST",
    cookie,
    body: { name: `Verified ${crypto.randomUUID().slice(0, 6)}`, departmentId, allowedOrigins: [inject("hostUrl")] },
  });
  expect(created.status).toBe(201);
  const widget = (await created.json()) as { id: string; siteKey: string };
  siteKey = widget.siteKey;
  expect((await api(`/settings/widgets/${widget.id}`, { method: "PATCH", cookie, body: { identityVerification: true } })).status).toBe(200);
  secret = ((await (await api(`/settings/widgets/${widget.id}/identity-secret`, { cookie })).json()) as { secret: string }).secret;
  operator = await appLogin(browser);
});

afterAll(async () => {
  await browser?.close();
});

/** A visitor on the customer's page starts a chat under `name` (consenting to the notice) and says hello. */
async function visitorChats(params: Record<string, string>, name: string): Promise<Page> {
  const visitor = await browser.newPage();
  await visitor.goto(customerPage(params));
  await visitor.getByRole("button", { name: "Open chat" }).click();
  await visitor.getByLabel("Name (optional)").fill(name);
  await visitor.getByRole("checkbox").check();
  await visitor.getByRole("button", { name: "Start chat" }).click();
  const composer = visitor.getByRole("textbox", { name: "Message" });
  await composer.fill("Hello");
  await visitor.getByRole("button", { name: "Send" }).click();
  await visitor.locator('[role="log"] li[data-seq="1"]').waitFor();
  return visitor;
}

/** The operator's inbox row of the visitor called `name`, once it is there. */
async function inboxRow(name: string) {
  const row = operator.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: new RegExp(name) });
  await row.waitFor({ timeout: 15_000 });
  return row;
}

describe("verified visitors", () => {
  it("shows a visitor with a valid user hash as verified, and one with a forged hash as not", async () => {
    const verifiedName = `Vera ${crypto.randomUUID().slice(0, 6)}`;
    const visitor = await visitorChats({ userId: "customer-1001", userHash: userHash(secret, "customer-1001") }, verifiedName);
    const row = await inboxRow(verifiedName);
    await row.getByTestId("verified-badge").waitFor();
    await row.click();
    const panel = operator.locator(".visitor-panel");
    await panel.getByText("customer-1001").waitFor();
    await panel.getByTestId("verified-badge").waitFor();
    await panel.getByTestId("related-conversations").waitFor();
    await operator.screenshot({ path: "test-results/e2e-verified-visitor.png" });
    await visitor.close();

    // The same page with a hash that is not the widget's: the chat starts, unverified.
    const forgedName = `Fred ${crypto.randomUUID().slice(0, 6)}`;
    const forger = await visitorChats({ userId: "customer-1001", userHash: "0".repeat(64) }, forgedName);
    const forgedRow = await inboxRow(forgedName);
    expect(await forgedRow.getByTestId("verified-badge").count()).toBe(0);
    await forgedRow.click();
    const forgedPanel = operator.locator(".visitor-panel");
    await forgedPanel.getByText(forgedName).waitFor();
    expect(await forgedPanel.getByTestId("verified-badge").count()).toBe(0);
    expect(await forgedPanel.getByText("customer-1001").count()).toBe(0);
    await forger.close();
  });
});

describe("the consent hook", () => {
  it("keeps the launcher away and sends nothing until Confide.consent(true), and takes it away on consent(false)", async () => {
    const page = await browser.newPage();
    const toConfide: string[] = [];
    page.on("request", (request) => {
      if (request.url().startsWith(inject("baseUrl"))) toConfide.push(new URL(request.url()).pathname);
    });
    const launcher = page.locator("confide-launcher");
    await page.goto(customerPage({ consent: "required" }));
    await page.waitForLoadState("load");
    // The loader ran (window.Confide is its API) and drew nothing.
    await expect.poll(() => page.evaluate(() => typeof window.Confide?.consent)).toBe("function");
    expect(await launcher.count()).toBe(0);
    expect(await page.evaluate(() => Object.keys(sessionStorage).length)).toBe(0);
    // A page's open() before consent asks for nothing either.
    await page.evaluate(() => window.Confide?.open());
    expect(toConfide).toEqual(["/widget/loader.js"]);

    await page.evaluate(() => window.Confide?.consent(true));
    await page.getByRole("button", { name: "Open chat" }).waitFor();
    // The launcher alone still costs no request; the chat comes with the visitor's click.
    expect(toConfide).toEqual(["/widget/loader.js"]);
    await page.getByRole("button", { name: "Open chat" }).click();
    await page.getByRole("button", { name: "Start chat" }).waitFor();
    expect(toConfide).toContain("/widget/chat.js");

    await page.evaluate(() => window.Confide?.consent(false));
    await expect.poll(() => launcher.count()).toBe(0);
    await expect.poll(() => page.locator("confide-chat").count()).toBe(0);
    const asked = toConfide.length;
    // Given again: back, without asking Confide for anything new.
    await page.evaluate(() => window.Confide?.consent(true));
    await page.getByRole("button", { name: "Open chat" }).waitFor();
    expect(toConfide.length).toBe(asked);
    await page.close();
  });

  it("replays a consent the page queued before the loader ran", async () => {
    const page = await browser.newPage();
    await page.goto(customerPage({ consent: "required", queued: "1" }));
    await page.getByRole("button", { name: "Open chat" }).waitFor();
    // The stub gave way to the loader's API.
    expect(await page.evaluate(() => "q" in (window.Confide ?? {}))).toBe(false);
    await page.close();
  });
});
