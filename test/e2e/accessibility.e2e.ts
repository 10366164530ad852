import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { auditContext, expectAccessible } from "./axe";
import { launchChromium } from "./browser";
import { api, appLogin, sessionCookie, submitAppLogin } from "./session";
import { conversationOf, hostPage, operatorSays, visitorConversation } from "./visitor";

// axe-core finds no WCAG 2.2 AA violation in any state of the widget or on any screen of the app.
// The European Accessibility Act applies to the shops that embed the widget; keep it that way.

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Opens the panel with the launcher and waits for the consent form (its policy link comes with the config). */
async function openConsentForm(page: Page, texts = { open: "Open chat", start: "Start chat" }): Promise<void> {
  await page.getByRole("button", { name: texts.open }).click();
  await page.getByRole("dialog").waitFor();
  await page.getByRole("button", { name: texts.start }).waitFor();
  await page.getByRole("dialog").getByRole("link").waitFor();
}

/** Consents, starts the chat, sends `body` and waits until the room has numbered it. */
async function chatWith(page: Page, body: string, texts = { start: "Start chat", message: "Message" }): Promise<void> {
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: texts.start }).click();
  const composer = page.getByRole("textbox", { name: texts.message });
  await composer.fill(body);
  await composer.press("Enter");
  await page.locator('[role="log"] li[data-seq="1"]:not([data-pending])').waitFor();
}

describe("the widget on a customer's page", () => {
  it("has no violation with only the launcher shown", async () => {
    const context = await auditContext(browser);
    const page = await context.newPage();
    await page.goto(hostPage());
    await page.getByRole("button", { name: "Open chat" }).waitFor();
    await expectAccessible(page, "the launcher (widget closed)");
    await context.close();
  });

  it("has no violation on the consent form, in a chat with both sides, and once the chat has ended", async () => {
    const context = await auditContext(browser);
    const page = await context.newPage();
    await page.goto(hostPage());
    await openConsentForm(page);
    await expectAccessible(page, "the consent form");

    await chatWith(page, "Where is my parcel?");
    await operatorSays(await conversationOf(page), "It left our warehouse this morning.");
    await page.locator('[role="log"] li[data-seq="2"]').waitFor();
    await expectAccessible(page, "a chat with messages from the visitor and an operator");

    await page.getByRole("button", { name: "End chat" }).click();
    await page.getByRole("group", { name: "End this chat?" }).waitFor();
    await expectAccessible(page, "the question before ending the chat");
    // The header's button gave way to the question's: the one "End chat" left confirms.
    await page.getByRole("button", { name: "End chat" }).click();
    await expect.poll(() => page.getByRole("dialog").getByRole("status").textContent()).toBe("This chat has ended");
    await page.getByRole("button", { name: "Download transcript" }).waitFor();
    await expectAccessible(page, "an ended chat");
    await context.close();
  });

  it("has no violation right to left, in Arabic: the consent form and a chat", async () => {
    const context = await auditContext(browser, { locale: "ar-EG" });
    const page = await context.newPage();
    await page.goto(hostPage());
    await openConsentForm(page, { open: "Open chat", start: "بدء الدردشة" });
    expect(await page.getByRole("dialog").getAttribute("dir")).toBe("rtl");
    await expectAccessible(page, "the consent form in Arabic (rtl)");

    await chatWith(page, "أين طردي؟", { start: "بدء الدردشة", message: "الرسالة" });
    await operatorSays(await conversationOf(page), "غادر المستودع هذا الصباح.");
    await page.locator('[role="log"] li[data-seq="2"]').waitFor();
    await expectAccessible(page, "a chat in Arabic (rtl)");
    await context.close();
  });

  it("has no violation on the privacy widget's consent form (a visitor from Germany)", async () => {
    const context = await auditContext(browser);
    const page = await context.newPage();
    await page.goto(hostPage(inject("germanUrl")));
    await openConsentForm(page);
    await page.getByRole("heading", { name: "Demo support (EU)" }).waitFor();
    await expectAccessible(page, "the privacy widget's consent form");
    await context.close();
  });
});

describe("the app's login", () => {
  it("has no violation, nor with a failed attempt's error shown", async () => {
    const context = await auditContext(browser);
    const page = await context.newPage();
    await page.goto(`${inject("baseUrl")}/app/`);
    await page.getByRole("button", { name: "Log in" }).waitFor();
    await expectAccessible(page, "the login screen");
    await page.close();

    const failed = await submitAppLogin(context, { email: inject("admin").email, password: "not the password" });
    await expect.poll(() => failed.getByRole("alert").textContent()).toMatch(/incorrect/i);
    await expectAccessible(failed, "the login screen with an error");
    await context.close();
  });
});

describe("the app's screens, signed in as the admin", () => {
  let context: BrowserContext;
  let page: Page;
  const visitor = { name: "Ada Audit", email: `a11y-${Date.now()}@example.org` };

  beforeAll(async () => {
    // One open chat with both sides for the inbox, one ended chat for the transcripts.
    const open = await visitorConversation(visitor, ["Do you ship to Malta?"], false);
    await operatorSays(open, "We do, in three to five days.");
    const ended = await visitorConversation(visitor, ["Can I change my order?"], false);
    await operatorSays(ended, "Yes, until it ships.", { end: true });
    // A saved reply, for its settings screen and the composer's list.
    const reply = await api("/settings/saved-replies", {
      method: "POST",
      cookie: await sessionCookie(),
      body: {
        title: "Shipping times",
        shortcut: `ship${Date.now()}`,
        departmentId: null,
        texts: { en: "Hi {visitor_name}, it ships in 3 days." },
      },
    });
    expect(reply.status).toBe(201);
    context = await auditContext(browser);
    page = await appLogin(context);
  });
  afterAll(async () => {
    await context?.close();
  });

  /** Goes to the screen at `path` under the app and waits for its heading. */
  async function show(path: string): Promise<Locator> {
    await page.goto(`${inject("baseUrl")}/app/${path}`);
    const main = page.getByRole("main");
    await main.locator("#screen-heading").waitFor();
    return main;
  }

  it("inbox, with a conversation open", async () => {
    await page.goto(`${inject("baseUrl")}/app/`);
    await page
      .getByRole("navigation", { name: "Conversations" })
      .getByRole("button", { name: /Ada Audit/ })
      .first()
      .click();
    await page.locator('[role="log"] li[data-seq="2"]').waitFor();
    await expectAccessible(page, "the inbox with a conversation open");
    // The saved replies "/" opens in the reply box: a combobox over a listbox.
    await page.getByRole("textbox", { name: "Reply" }).press("/");
    await page
      .getByRole("listbox", { name: "Saved replies" })
      .getByRole("option", { name: /Shipping times/ })
      .waitFor();
    await expectAccessible(page, "the composer's saved replies");
    await page.getByRole("combobox", { name: "Search saved replies" }).press("Escape");
  });

  it("transcripts, with one open, and the delete confirmation", async () => {
    const main = await show("transcripts");
    await main.getByRole("status").filter({ hasText: /match/ }).waitFor();
    await main
      .getByRole("button", { name: /Ada Audit/ })
      .first()
      .click();
    await main.locator('[aria-labelledby="transcript-detail-heading"]').getByText("Yes, until it ships.").waitFor();
    await expectAccessible(page, "the transcripts with one open");

    // Deleting asks first, in a modal dialog; Cancel keeps the conversation.
    await main.getByRole("checkbox", { name: "Select conversation with Ada Audit" }).first().check();
    await main.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.waitFor();
    await expectAccessible(page, "the transcripts' delete confirmation");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
  });

  it("data requests, with a person's conversations found", async () => {
    const main = await show("data-requests");
    await main.getByLabel("Email address").fill(visitor.email);
    await main.getByRole("button", { name: "Find conversations" }).click();
    // The register's own table is on the screen too: wait for the conversations found.
    await main.getByRole("table", { name: `Conversations of ${visitor.email}` }).waitFor();
    await expectAccessible(page, "the data requests with results");
  });

  it("analytics", async () => {
    const main = await show("analytics");
    await main
      .getByRole("status")
      .filter({ hasText: /^Analytics from/ })
      .waitFor();
    await expectAccessible(page, "the analytics");
  });

  it("team: operators, and an operator's editor", async () => {
    const main = await show("team/operators");
    const table = main.getByRole("table", { name: "Operators" });
    await table.waitFor();
    await expectAccessible(page, "the team's operators");
    await table.getByRole("button", { name: "Edit", exact: true }).first().click();
    await main.getByRole("heading", { name: /^Edit / }).waitFor();
    await expectAccessible(page, "the team's operators with an operator's editor open");
  });

  // Their forms to add one are on the screen too (for roles, the editor of a new custom role).
  for (const [path, table] of [
    ["team/departments", "Departments"],
    ["team/roles", "Roles"],
  ] as const) {
    it(`team: ${table.toLowerCase()}`, async () => {
      const main = await show(path);
      await main.getByRole("table", { name: table }).waitFor();
      await expectAccessible(page, `the team's ${table.toLowerCase()}`);
    });
  }

  it("settings: widgets, with the first widget's form", async () => {
    const main = await show("settings/widgets");
    // The list is in id order, so any widget may be the first (other suites add their own), its form the one open.
    await main.getByRole("form", { name: /^Widget “.+”$/ }).waitFor();
    await expectAccessible(page, "the widget settings");
  });

  it("settings: widget router", async () => {
    const main = await show("settings/router");
    await main.getByRole("form", { name: "Rules" }).waitFor();
    await expectAccessible(page, "the widget router");
  });

  it("settings: saved replies, with one being changed", async () => {
    const main = await show("settings/saved-replies");
    await main.getByRole("button", { name: "Edit: Shipping times" }).click();
    await main.getByRole("form", { name: "Change “Shipping times”" }).waitFor();
    await expectAccessible(page, "the saved replies");
  });

  it("settings: account and retention", async () => {
    const main = await show("settings/account");
    await main.getByRole("form", { name: "Account and retention" }).waitFor();
    await expectAccessible(page, "the account settings");
  });

  it("settings: API tokens", async () => {
    const main = await show("settings/api-tokens");
    await main.getByText("No tokens yet.").waitFor();
    await expectAccessible(page, "the API tokens");
  });

  it("settings: single sign-on", async () => {
    const main = await show("settings/sso");
    await main.getByRole("form", { name: "Single sign-on (OpenID Connect)" }).waitFor();
    await expectAccessible(page, "the single sign-on settings");
  });

  it("settings: webhooks", async () => {
    const main = await show("settings/webhooks");
    await main.getByRole("heading", { name: "Add an endpoint" }).waitFor();
    await main.getByRole("heading", { name: "Endpoints" }).waitFor();
    await expectAccessible(page, "the webhooks settings");
  });

  it("audit log", async () => {
    const main = await show("audit-log");
    await main.getByRole("table", { name: "Audit log entries, newest first" }).waitFor();
    await expectAccessible(page, "the audit log");
  });

  it("sign-in and security", async () => {
    const main = await show("security");
    await main.getByRole("table", { name: "Your active sessions" }).waitFor();
    await main.getByText("You have no passkey yet.").waitFor();
    await expectAccessible(page, "the security screen");
  });
});
