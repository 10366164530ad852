import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./browser";

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe("a visitor on /demo chats with an operator in the app", () => {
  it("shows the live preview to the operator and both messages in order to both", async () => {
    const baseUrl = inject("baseUrl");
    const admin = inject("admin");

    // The operator logs in first and waits in the inbox.
    const operator = await browser.newPage();
    await operator.goto(`${baseUrl}/app/`);
    await operator.getByLabel("Email").fill(admin.email);
    await operator.getByLabel("Password").fill(admin.password);
    await operator.getByRole("button", { name: "Log in" }).click();
    await operator.getByRole("button", { name: "Log out" }).waitFor();

    // The visitor opens the widget on the demo page, consents and starts the chat.
    const visitor = await browser.newPage();
    await visitor.goto(`${baseUrl}/demo`);
    await visitor.getByRole("button", { name: "Open chat" }).click();
    await visitor.getByLabel("Name (optional)").fill("Grace Hopper");
    const start = visitor.getByRole("button", { name: "Start chat" });
    expect(await start.isDisabled()).toBe(true);
    await visitor.getByRole("checkbox").check();
    await start.click();
    const composer = visitor.getByRole("textbox", { name: "Message" });
    await composer.waitFor();

    // The new conversation appears in the operator's inbox without a reload.
    const item = operator.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /Grace Hopper/ });
    await item.waitFor({ timeout: 15_000 });
    await item.click();
    await operator.getByRole("textbox", { name: "Reply" }).waitFor();
    await expect.poll(() => operator.getByRole("button", { name: "End conversation" }).isEnabled(), { timeout: 10_000 }).toBe(true);

    // The visitor types; the operator sees it live before it is sent.
    await composer.pressSequentially("Where is my order?", { delay: 20 });
    const preview = operator.getByTestId("live-preview");
    await expect
      .poll(async () => ((await preview.count()) > 0 ? preview.textContent() : ""), { timeout: 10_000 })
      .toContain("Where is my order?");

    await visitor.getByRole("button", { name: "Send" }).click();
    await operator.locator('[role="log"] li[data-seq="1"]').waitFor();

    await operator.getByRole("textbox", { name: "Reply" }).fill("It ships today.");
    await operator.getByRole("button", { name: "Send" }).click();
    await visitor.locator('[role="log"] li[data-seq="2"]').waitFor();
    await operator.locator('[role="log"] li[data-seq="2"]').waitFor();

    const bodies = async (page: typeof visitor) =>
      page
        .locator('[role="log"] li[data-seq]')
        .evaluateAll((items) =>
          items.map((li) => `${li.getAttribute("data-seq")}:${li.querySelector(".body, .message__body")?.textContent ?? ""}`),
        );
    expect(await bodies(visitor)).toEqual(["1:Where is my order?", "2:It ships today."]);
    expect(await bodies(operator)).toEqual(["1:Where is my order?", "2:It ships today."]);
    // Once sent, the preview is gone.
    await expect.poll(() => preview.count()).toBe(0);
    await visitor.screenshot({ path: "test-results/e2e-visitor.png" });
    await operator.screenshot({ path: "test-results/e2e-operator.png" });
  });
});
