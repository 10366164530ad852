import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationSummary } from "../../src/shared/api";
import { launchChromium } from "./browser";
import { liveVisitor } from "./live-visitor";
import { api, appLogin, sessionCookie } from "./session";
import { visitorConversation } from "./visitor";

// Operators' triage in a real browser: the inbox rows' waiting time and last message, and the tag
// editor in the chat view and the transcript detail.

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const summaryOf = async (id: string): Promise<ConversationSummary> =>
  (await (await api(`/conversations/${id}`, { cookie: await sessionCookie() })).json()) as ConversationSummary;

/** The tags the editor on `page` shows, in order. */
const shownTags = (page: Page) => page.locator(".tag-editor__tag > span").allTextContents();

describe("the inbox list", () => {
  it("shows each chat's waiting time, counting up, and its last message", async () => {
    const visitor = await liveVisitor({ name: "Wanda Waiting" });
    await visitor.say("Where is my parcel?");
    const context = await browser.newContext({ locale: "en-US" });
    const page = await appLogin(context);
    const row = page.locator(`[data-conversation-id="${visitor.conversationId}"]`);
    await expect.poll(() => row.locator(".conversation-item__last").textContent()).toBe("Visitor: Where is my parcel?");
    const waiting = row.locator(".conversation-item__waiting");
    await expect.poll(() => waiting.textContent()).toMatch(/^Waiting \d+ seconds?$/);
    const first = await waiting.textContent();
    // Live: the same row, a later second, without any reload or event.
    await expect.poll(() => waiting.textContent(), { timeout: 5_000 }).not.toBe(first);
    // An answer ends the wait; the row shows the reply as the last message.
    await row.click();
    await page.getByRole("textbox", { name: "Reply" }).fill("It left our warehouse today.");
    await page.getByRole("textbox", { name: "Reply" }).press("Enter");
    await expect
      .poll(() => row.locator(".conversation-item__last").textContent(), { timeout: 15_000 })
      .toBe("Operator: It left our warehouse today.");
    expect(await waiting.count()).toBe(0);
    expect(await row.locator(".conversation-item__count").textContent()).toBe("2 messages");
    visitor.leave();
    await context.close();
  });
});

describe("the tag editor", () => {
  it("adds and removes tags from the keyboard in the chat view, one per spelling whatever the case, with suggestions", async () => {
    const cookie = await sessionCookie();
    // A tag in use elsewhere, to be suggested.
    const other = await visitorConversation({ name: "Otto Other", email: `other-${Date.now()}@example.org` }, ["hello"], true);
    expect((await api(`/conversations/${other}`, { method: "PATCH", cookie, body: { tags: ["Refund"] } })).status).toBe(200);
    const visitor = await liveVisitor({ name: "Tara Tagged" });
    await visitor.say("I was charged twice");
    const context = await browser.newContext({ locale: "en-US" });
    const page = await appLogin(context);
    await page.locator(`[data-conversation-id="${visitor.conversationId}"]`).click();
    const field = page.getByRole("combobox", { name: "Add a tag" });
    await field.fill("Billing");
    await field.press("Enter");
    await expect.poll(() => shownTags(page)).toEqual(["Billing"]);
    // The same tag in other case: nothing new.
    await field.fill("billing");
    await field.press("Enter");
    await field.fill("VIP");
    await field.press("Enter");
    await expect.poll(() => shownTags(page)).toEqual(["Billing", "VIP"]);
    // Backspace in the empty field takes the last one off.
    await field.press("Backspace");
    await expect.poll(() => shownTags(page)).toEqual(["Billing"]);
    await expect.poll(async () => (await summaryOf(visitor.conversationId)).tags).toEqual(["Billing"]);
    // The account's tags are offered as the operator types, matched in any case.
    await field.fill("re");
    await expect.poll(() => page.locator('.tag-editor datalist option[value="Refund"]').count()).toBe(1);
    visitor.leave();
    await context.close();
  });

  it("edits the tags of a stored transcript", async () => {
    const email = `tagged-${Date.now()}@example.org`;
    const id = await visitorConversation({ name: "Trudy Transcript", email }, ["Can I return this?"], true);
    const context = await browser.newContext({ locale: "en-US" });
    const page = await appLogin(context);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Transcripts" }).click();
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.locator(`[data-open-id="${id}"]`).click();
    const field = page.getByRole("combobox", { name: "Add a tag" });
    await field.fill("Returns");
    await field.press("Enter");
    await field.fill("Escalated");
    await field.press("Enter");
    await expect.poll(() => shownTags(page)).toEqual(["Escalated", "Returns"]);
    await page.getByRole("button", { name: "Remove tag Returns" }).click();
    await expect.poll(() => shownTags(page)).toEqual(["Escalated"]);
    await expect.poll(async () => (await summaryOf(id)).tags).toEqual(["Escalated"]);
    // The results table shows the new tags too.
    await expect.poll(() => page.locator(`tr[data-conversation-id="${id}"]`).textContent()).toContain("Escalated");
    await context.close();
  });
});
