import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./browser";
import { appLogin } from "./session";

// Live erasure as the people involved see it: whoever erases a conversation, the operator's app
// and the visitor's widget drop it at once, and neither keeps retrying it.

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** A visitor on the demo page who started a chat under `name` and said one thing; returns the conversation id. */
async function visitorInChat(name: string): Promise<{ page: Page; conversationId: string }> {
  const page = await browser.newPage();
  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto(`${inject("baseUrl")}/demo`);
  await page.getByRole("button", { name: "Open chat" }).click();
  await page.getByLabel("Name (optional)").fill(name);
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Start chat" }).click();
  await page.getByRole("textbox", { name: "Message" }).fill(`Hello from ${name}`);
  await page.getByRole("button", { name: "Send" }).click();
  await page.locator('[role="log"] li[data-seq="1"]').waitFor();
  const stored = await page.evaluate(() =>
    Object.keys(sessionStorage)
      .filter((key) => key.startsWith("confide:"))
      .map((key) => sessionStorage.getItem(key)),
  );
  expect(stored).toHaveLength(1);
  return { page, conversationId: (JSON.parse(stored[0]!) as { conversationId: string }).conversationId };
}

/** Opens the visitor's chat in the operator's inbox and waits for its first message. */
async function openInInbox(operator: Page, name: string): Promise<void> {
  const item = operator.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: new RegExp(name) });
  await item.waitFor({ timeout: 15_000 });
  await item.click();
  await operator.locator('[role="log"] li[data-seq="1"]').waitFor();
}

/** Every socket and request the page makes for this conversation from now on. */
function recordTraffic(page: Page, conversationId: string): string[] {
  const seen: string[] = [];
  page.on("websocket", (ws) => {
    if (ws.url().includes(conversationId)) seen.push(`socket ${ws.url()}`);
  });
  page.on("request", (request) => {
    if (request.url().includes(conversationId)) seen.push(`${request.method()} ${request.url()}`);
  });
  return seen;
}

/** The operator's screen holds nothing of the conversation: not in a list, not on the right. */
async function expectGoneFromApp(operator: Page, name: string): Promise<void> {
  await operator.getByText("This conversation was deleted. Nothing of it is kept.").waitFor();
  expect(
    await operator
      .getByRole("navigation", { name: "Conversations" })
      .getByRole("button", { name: new RegExp(name) })
      .count(),
  ).toBe(0);
  expect(await operator.locator('[role="log"] li[data-seq]').count()).toBe(0);
  expect(await operator.getByText(`Hello from ${name}`).count()).toBe(0);
  expect(await operator.getByText("Reconnecting…").count()).toBe(0);
}

/** The widget says so and its tab keeps no session of it. */
async function expectGoneFromWidget(visitor: Page): Promise<void> {
  await visitor.getByText("The conversation has been deleted.").waitFor();
  expect(await visitor.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith("confide:")))).toEqual([]);
  expect(await visitor.locator('[role="log"] li[data-seq]').count()).toBe(0);
}

/** A retry would come within the reconnect backoff's first steps (0.5–2 s); give it well over that. */
const RETRY_WINDOW_MS = 4_000;

describe("a conversation erased while it is open", () => {
  it("disappears from the operator's app and the visitor's widget when the operator deletes it", async () => {
    const operator = await appLogin(browser);
    const visitor = await visitorInChat("Erik Erased");
    await openInInbox(operator, "Erik Erased");
    const operatorTraffic = recordTraffic(operator, visitor.conversationId);
    const visitorTraffic = recordTraffic(visitor.page, visitor.conversationId);
    const status = await operator.evaluate(
      (id) => fetch(`/api/v1/conversations/${id}`, { method: "DELETE" }).then((res) => res.status),
      visitor.conversationId,
    );
    expect(status).toBe(200);
    await expectGoneFromApp(operator, "Erik Erased");
    await expectGoneFromWidget(visitor.page);
    await operator.screenshot({ path: "test-results/e2e-erased-operator.png" });
    await visitor.page.screenshot({ path: "test-results/e2e-erased-visitor.png" });
    await new Promise((resolve) => setTimeout(resolve, RETRY_WINDOW_MS));
    // Only the DELETE itself; no socket or REST retry for the erased conversation from either side.
    expect(operatorTraffic.filter((line) => !line.startsWith("DELETE "))).toEqual([]);
    expect(visitorTraffic).toEqual([]);
    await operator.close();
    await visitor.page.close();
  });

  it("disappears from the operator's app when the visitor deletes it in the widget", async () => {
    const operator = await appLogin(browser);
    const visitor = await visitorInChat("Vera Vanished");
    await openInInbox(operator, "Vera Vanished");
    const operatorTraffic = recordTraffic(operator, visitor.conversationId);
    await visitor.page.getByRole("button", { name: "Delete this conversation" }).click();
    await expectGoneFromWidget(visitor.page);
    await expectGoneFromApp(operator, "Vera Vanished");
    await new Promise((resolve) => setTimeout(resolve, RETRY_WINDOW_MS));
    expect(operatorTraffic).toEqual([]);
    await operator.close();
    await visitor.page.close();
  });
});
