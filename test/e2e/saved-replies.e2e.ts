import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Me } from "../../src/shared/api";
import { launchChromium } from "./browser";
import { liveVisitor } from "./live-visitor";
import { api, appLogin, sessionCookie } from "./session";

// Saved replies from end to end: an admin writes one in Settings in English and German, an
// operator inserts it with the keyboard from the composer's "/" list, and the visitor, whose
// widget speaks German, gets the German text with the names filled in.

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("saved replies", () => {
  it("are written in Settings, picked with the keyboard after /, edited in the composer and reach the visitor in their language", async () => {
    const baseUrl = inject("baseUrl");
    const suffix = Math.random().toString(36).slice(2, 7);
    const title = `Opening hours ${suffix}`;
    const shortcut = `hours${suffix}`;
    const english = "Hello {visitor_name}, this is {operator_name}. We are open 9 to 5 on weekdays.";
    const german = "Hallo {visitor_name}, hier ist {operator_name}. Wir haben werktags von 9 bis 17 Uhr geöffnet.";

    // Another reply first in the list, so the keyboard has to move to ours.
    const cookie = await sessionCookie();
    const other = await api("/settings/saved-replies", {
      method: "POST",
      cookie,
      body: { title: `Anything else ${suffix}`, shortcut: `a${suffix}`, departmentId: null, texts: { en: "Anything else?" } },
    });
    expect(other.status).toBe(201);

    // The admin writes the reply in Settings.
    const adminContext = await browser.newContext({ locale: "en-US" });
    const app = await appLogin(adminContext);
    await app.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings", exact: true }).click();
    await app.getByRole("link", { name: "Saved replies", exact: true }).click();
    await app.getByRole("heading", { name: "Saved replies", level: 2 }).waitFor();
    await app.getByLabel("Title", { exact: true }).fill(title);
    await app.getByLabel("Shortcut", { exact: true }).fill(shortcut);
    await app.getByRole("textbox", { name: "Text in English" }).fill(english);
    await app.getByLabel("Language to add").selectOption("de");
    await app.getByRole("button", { name: "Add a language" }).click();
    await app.getByRole("textbox", { name: "Text in German" }).fill(german);
    await app.getByRole("button", { name: "Add reply", exact: true }).click();
    await app
      .getByRole("status")
      .filter({ hasText: `Added “${title}”.` })
      .waitFor();
    const row = app.getByRole("row", { name: new RegExp(title) });
    await expect
      .poll(() => row.getByRole("cell").allTextContents())
      .toEqual([`/${shortcut}`, "Every department", "English, German", "EditRemove"]);

    // A visitor whose browser, and so whose widget, speaks German starts a chat.
    const visitorName = `Greta ${suffix}`;
    const visitorContext = await browser.newContext({ locale: "de-DE" });
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${baseUrl}/demo`);
    // The loader's launcher speaks English until the chat, with its texts, is loaded.
    await visitor.getByRole("button", { name: "Open chat" }).click();
    await visitor.getByLabel("Name (optional)").fill(visitorName);
    await visitor.getByRole("checkbox").first().check();
    await visitor.getByRole("button", { name: "Chat starten" }).click();
    await visitor.getByRole("textbox", { name: "Nachricht" }).waitFor();

    // The operator opens the chat and types "/" at the start of the reply.
    await app.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Inbox", exact: true }).click();
    const item = app.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: new RegExp(visitorName) });
    await item.click();
    const reply = app.getByRole("textbox", { name: "Reply" });
    await expect.poll(() => app.getByRole("button", { name: "End conversation" }).isEnabled()).toBe(true);
    await reply.press("/");
    const search = app.getByRole("combobox", { name: "Search saved replies" });
    await expect.poll(() => search.evaluate((element) => element === document.activeElement)).toBe(true);
    const list = app.getByRole("listbox", { name: "Saved replies" });
    await list.getByRole("option", { name: new RegExp(title) }).waitFor();
    // Narrowed by what follows the slash, then chosen with the arrows: ours is the second option.
    await search.pressSequentially(suffix.slice(0, 3));
    await expect.poll(() => list.getByRole("option").count()).toBe(2);
    const activeTitle = async () =>
      app.locator(`[id="${await search.getAttribute("aria-activedescendant")}"] .reply-picker__title`).textContent();
    await expect.poll(activeTitle).toBe(`Anything else ${suffix}`);
    await search.press("ArrowDown");
    await expect.poll(activeTitle).toBe(title);
    await search.press("Enter");

    // Inserted in the visitor's language, names filled in, for the operator to edit before sending.
    const me = (await (await api("/me", { cookie })).json()) as Me;
    const operatorName = me.operator.aliasName ?? me.operator.displayName;
    const filled = `Hallo ${visitorName}, hier ist ${operatorName}. Wir haben werktags von 9 bis 17 Uhr geöffnet.`;
    await expect.poll(() => reply.inputValue()).toBe(filled);
    expect(await list.count()).toBe(0);
    await expect.poll(() => reply.evaluate((element) => element === document.activeElement)).toBe(true);
    await reply.press("End");
    await reply.pressSequentially(" Bis bald!");
    await reply.press("Enter");

    // The visitor reads it in German.
    const sent = `${filled} Bis bald!`;
    await expect
      .poll(() => visitor.locator('[role="log"] li[data-seq]').evaluateAll((items) => items.map((li) => li.textContent ?? "")))
      .toContainEqual(expect.stringContaining(sent));
    await expect.poll(() => app.locator('[role="log"] li[data-seq]').count()).toBe(1);
    expect(await reply.inputValue()).toBe("");
    await adminContext.close();
    await visitorContext.close();
  });

  it("puts back what was typed when Escape closes the list", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const visitor = await liveVisitor({ name: `Erik ${Date.now()}` });
    const app = await appLogin(context);
    await app.locator(`[data-conversation-id="${visitor.conversationId}"]`).click();
    const reply = app.getByRole("textbox", { name: "Reply" });
    await expect.poll(() => app.getByRole("button", { name: "End conversation" }).isEnabled()).toBe(true);
    await reply.press("/");
    const search = app.getByRole("combobox", { name: "Search saved replies" });
    await expect.poll(() => search.evaluate((element) => element === document.activeElement)).toBe(true);
    await search.pressSequentially("etc");
    await search.press("Escape");
    await expect.poll(() => search.count()).toBe(0);
    expect(await reply.inputValue()).toBe("/etc");
    await expect.poll(() => reply.evaluate((element) => element === document.activeElement)).toBe(true);
    visitor.leave();
    await context.close();
  });
});
