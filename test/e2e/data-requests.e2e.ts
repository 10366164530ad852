import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { monthsAfter } from "../../src/shared/data-requests";
import { auditContext, expectAccessible } from "./axe";
import { launchChromium } from "./browser";
import { api, appLogin, sessionCookie } from "./session";
import { visitorConversation } from "./visitor";

// The data-request register as an administrator uses it: a request logged the day it comes shows
// its deadline; one that came by letter 40 days ago is overdue at once, said in the list, at the
// top of the screen and on the navigation's badge. And a transcript's consent receipt shows the
// words agreed to, from the consent text archive.

const DAY = 86_400_000;

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const deadline = (time: number) => new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" }).format(time);

async function logRequest(page: Page, kind: string, email: string, receivedOn?: string): Promise<string> {
  const form = page.locator("form.register-form");
  await form.getByLabel("Kind of request").selectOption({ label: kind });
  await form.getByLabel("Requester’s email").fill(email);
  if (receivedOn) await form.getByLabel("Received on").fill(receivedOn);
  const created = page.waitForResponse((res) => res.url().endsWith("/api/v1/data-requests") && res.request().method() === "POST");
  await form.getByRole("button", { name: "Log request" }).click();
  const res = await created;
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe("data-request register", () => {
  it("logs a request with its due date, and shows one received 40 days ago as overdue with the reminder badge", async () => {
    const context = await auditContext(browser);
    const page = await appLogin(context);
    await page.getByRole("link", { name: /^Data requests/ }).click();
    await page.getByRole("heading", { name: "Register of requests" }).waitFor();
    const suffix = crypto.randomUUID().slice(0, 8);

    const before = Date.now();
    const todayId = await logRequest(page, "Access (Art. 15)", `today-${suffix}@example.com`);
    const due = deadline(monthsAfter(before, 1));
    await page.getByText(`Logged. The answer is due by ${due}.`).waitFor();
    const todayRow = page.locator(`tr[data-request-id="${todayId}"]`);
    await todayRow.waitFor();
    expect(await todayRow.locator("td").nth(2).textContent()).toBe(due);
    expect(await todayRow.getAttribute("data-urgency")).toBe("on_time");

    const receivedAt = Date.now() - 40 * DAY;
    const lateId = await logRequest(
      page,
      "Erasure (Art. 17)",
      `letter-${suffix}@example.com`,
      new Date(receivedAt).toISOString().slice(0, 10),
    );
    const lateRow = page.locator(`tr[data-request-id="${lateId}"]`);
    await lateRow.waitFor();
    expect(await lateRow.getAttribute("data-urgency")).toBe("overdue");
    await lateRow.getByText("Overdue", { exact: true }).waitFor();
    // The reminders: at the top of the screen in words, and on the navigation's entry.
    await page
      .getByTestId("register-reminders")
      .getByText(/requests? (is|are) overdue/)
      .waitFor();
    const badge = page.getByRole("navigation", { name: "Main" }).getByTestId("data-requests-badge");
    await badge.waitFor();
    expect(Number(await badge.locator('[aria-hidden="true"]').textContent())).toBeGreaterThanOrEqual(1);
    await expectAccessible(page, "the data-requests screen with an overdue request");

    // Answered, it leaves the list of requests waiting for an answer.
    await lateRow.getByRole("button", { name: "Mark answered" }).click();
    await lateRow.waitFor({ state: "detached" });
    await page.locator("select").filter({ hasText: "All requests" }).selectOption({ label: "All requests" });
    await expect.poll(() => page.locator(`tr[data-request-id="${lateId}"]`).getAttribute("data-urgency")).toBe("done");
    expect(await page.locator(`tr[data-request-id="${lateId}"]`).textContent()).toContain("Answered");
    await context.close();
  });

  it("shows, in a transcript's consent receipt, the exact words the visitor agreed to", async () => {
    const email = `consent-${crypto.randomUUID().slice(0, 8)}@example.org`;
    const id = await visitorConversation({ name: "Connie Consent", email }, ["Hello"], true);
    const receipt = (await (await api(`/conversations/${id}/consent`, { cookie: await sessionCookie() })).json()) as {
      receipt: { text: string; source: string };
    };
    expect(receipt.receipt.source).toBe("archive");
    const context = await auditContext(browser);
    const page = await appLogin(context);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Transcripts" }).click();
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.locator(`[data-open-id="${id}"]`).click();
    await page.getByText("Text agreed to").click();
    const words = page.getByTestId("consent-text");
    await words.waitFor();
    expect(await words.textContent()).toBe(receipt.receipt.text);
    await expectAccessible(page, "a transcript with its consent text shown");
    await context.close();
  });
});
