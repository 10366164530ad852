import { readFileSync } from "node:fs";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser";
import { conversationOf, hostPage, operatorSays } from "./visitor";

// A visitor who uses only the keyboard: every step of the chat without a single click, focus always
// visible and where they expect it, and the operator's answer announced by screen readers.

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** What has focus (through the widget's shadow roots) and whether it shows it. */
function focused(page: Page) {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const transparent = /^transparent$|rgba\(.*,\s*0\)$/.test(style.outlineColor);
    return {
      element: `${element.tagName.toLowerCase()} "${element.getAttribute("aria-label") ?? element.textContent?.trim().slice(0, 40) ?? ""}"`,
      focusVisible: element.matches(":focus-visible"),
      // A ring the eye can see: an outline of some width and colour, or a box shadow.
      indicator: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 && !transparent) || style.boxShadow !== "none",
      inPanel: element.closest('[role="dialog"]') !== null,
    };
  });
}

const hasFocus = (target: Locator) =>
  target.evaluate((element) => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active === element;
  });

/** Waits until `target` has focus, then checks that the focus shows. */
async function expectFocus(page: Page, target: Locator, step: string): Promise<void> {
  await expect.poll(() => hasFocus(target), { message: `focus on ${step}` }).toBe(true);
  expect(await focused(page), `a visible focus indicator on ${step}`).toMatchObject({ focusVisible: true, indicator: true });
}

/** Presses `key` until `target` has focus, within `steps` presses; every stop on the way stays in the panel and shows its focus. */
async function moveFocusTo(page: Page, target: Locator, key: "Tab" | "Shift+Tab", steps: number, step: string): Promise<void> {
  const visited: string[] = [];
  for (let i = 0; i < steps; i++) {
    await page.keyboard.press(key);
    const now = await focused(page);
    visited.push(now?.element ?? "the page");
    expect(now, `focus after ${visited.join(", ")} on the way to ${step}`).toMatchObject({
      focusVisible: true,
      indicator: true,
      inPanel: true,
    });
    if (await hasFocus(target)) return;
  }
  throw new Error(`${key} ×${steps} did not reach ${step}; focus went to ${visited.join(", ")}`);
}

describe("the widget with the keyboard only", () => {
  it("opens, takes consent, sends, announces the answer, ends and downloads the transcript", async () => {
    const context = await browser.newContext({ locale: "en-US", reducedMotion: "reduce", acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(hostPage());
    const launcher = page.getByRole("button", { name: "Open chat" });
    await launcher.waitFor();

    // The launcher is the first stop on the customer's page; Enter opens the panel and focus moves into its form.
    await page.keyboard.press("Tab");
    await expectFocus(page, launcher, "the launcher");
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    expect(await launcher.getAttribute("aria-expanded")).toBe("true");
    await expectFocus(page, dialog.getByRole("textbox", { name: "Name (optional)" }), "the first field of the form");
    await page.keyboard.type("Kim Keys");
    await page.keyboard.press("Tab");
    await expectFocus(page, dialog.getByRole("textbox", { name: "Email (optional)" }), "the email field");
    await page.keyboard.type("kim.keys@example.org");

    // Consent: Space ticks the box, which enables Start; Enter starts the chat and focus lands in the composer.
    const consent = dialog.getByRole("checkbox");
    await page.keyboard.press("Tab");
    await expectFocus(page, consent, "the consent checkbox");
    await page.keyboard.press("Space");
    expect(await consent.isChecked()).toBe(true);
    const start = dialog.getByRole("button", { name: "Start chat" });
    await page.keyboard.press("Tab");
    await expectFocus(page, start, "the Start chat button");
    await page.keyboard.press("Enter");
    const composer = dialog.getByRole("textbox", { name: "Message" });
    await expectFocus(page, composer, "the message field");

    // Enter sends; the message list is a polite live region, so what arrives in it is announced.
    await page.keyboard.type("Do you have this in blue?");
    await page.keyboard.press("Enter");
    const log = dialog.getByRole("log");
    await log.locator('li[data-seq="1"]:not([data-pending])').waitFor();
    expect(await log.getAttribute("aria-live")).toBe("polite");
    await operatorSays(await conversationOf(page), "Yes, in every size.");
    await log.locator('li[data-seq="2"]').getByText("Yes, in every size.").waitFor();
    expect(await log.locator("li[data-seq]").allTextContents()).toEqual([
      expect.stringContaining("Do you have this in blue?"),
      expect.stringContaining("Yes, in every size."),
    ]);
    // The answer is read out where it is; it does not pull the visitor out of what they are typing.
    await expectFocus(page, composer, "the message field after the answer arrived");
    expect(await composer.inputValue()).toBe("");

    // Back to the header's End chat; once ended, the disabled composer hands focus to Close.
    await moveFocusTo(page, dialog.getByRole("button", { name: "End chat" }), "Shift+Tab", 4, "End chat");
    await page.keyboard.press("Enter");
    // The panel asks first; Escape answers "no" and gives End chat its focus back, without closing the panel.
    const question = dialog.getByRole("group", { name: "End this chat?" });
    await expectFocus(page, question.getByRole("button", { name: "End chat" }), "the question's End chat");
    await page.keyboard.press("Escape");
    await question.waitFor({ state: "hidden" });
    await expectFocus(page, dialog.getByRole("button", { name: "End chat" }), "End chat after Cancel");
    await page.keyboard.press("Enter");
    await expectFocus(page, question.getByRole("button", { name: "End chat" }), "the question's End chat");
    await page.keyboard.press("Enter");
    await expect.poll(() => dialog.getByRole("status").textContent()).toBe("This chat has ended");
    await expectFocus(page, dialog.getByRole("button", { name: "Close chat" }), "Close chat once the chat has ended");

    // On to the visitor's copy of the conversation.
    const downloadButton = dialog.getByRole("button", { name: "Download transcript" });
    await moveFocusTo(page, downloadButton, "Tab", 4, "Download transcript");
    const download = page.waitForEvent("download");
    await page.keyboard.press("Enter");
    const file = await download;
    // The server's name for it (a ZIP, chat-DATE.zip, once files were sent in the chat).
    expect(file.suggestedFilename()).toMatch(/^chat-\d{4}-\d{2}-\d{2}\.txt$/);
    const transcript = readFileSync((await file.path())!, "utf8");
    expect(transcript).toContain("Do you have this in blue?");
    expect(transcript).toContain("Yes, in every size.");

    // Escape closes the panel and gives focus back to the launcher.
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await expectFocus(page, launcher, "the launcher after Escape");
    expect(await launcher.getAttribute("aria-expanded")).toBe("false");
    await context.close();
  });
});
