import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./browser";
import { appLogin } from "./session";

// The Security screen's sessions, in a real browser against wrangler dev: one browser ends the
// session of another, and the other goes back to the login at once, without doing anything.

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

describe("the sessions section of the Security screen", () => {
  it("ends another browser's session, and that browser shows the login again", async () => {
    const laptop = await browser.newContext({ locale: "en-US" });
    // A second browser of the same operator, told apart by its User-Agent.
    const other = await browser.newContext({ locale: "en-US", userAgent: FIREFOX_ON_WINDOWS });
    const here = await appLogin(laptop);
    const there = await appLogin(other);
    // The other browser sits on the inbox, doing nothing; its inbox socket is open.
    await there.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Inbox" }).waitFor();

    await here.goto(`${inject("baseUrl")}/app/security`);
    const row = here.getByRole("row", { name: /Firefox · Windows/ });
    await row.waitFor();
    // This browser is marked and cannot be ended from here (that is what Log out is for).
    // Headless Chromium says "HeadlessChrome" in its User-Agent: still Chrome.
    const mine = here.getByRole("row", { name: /Chrome · Linux \(this device\)/ });
    await mine.waitFor();
    expect(await mine.getByRole("button", { name: "End session" }).count()).toBe(0);
    // Never an address or the raw User-Agent.
    expect(await here.getByRole("table", { name: "Your active sessions" }).textContent()).not.toMatch(/Mozilla|Gecko|127\.0\.0\.1/);
    await here.screenshot({ path: "test-results/app-security-sessions.png", fullPage: true });

    await row.getByRole("button", { name: "End session" }).click();
    await expect.poll(() => here.getByRole("status").filter({ hasText: "Firefox · Windows" }).count()).toBe(1);
    await expect.poll(() => here.getByRole("row", { name: /Firefox · Windows/ }).count()).toBe(0);

    // The other browser hears it on its socket and returns to the login without any click.
    await there.getByRole("button", { name: "Log in" }).waitFor({ timeout: 5_000 });
    // This one stays signed in.
    expect(await here.getByRole("button", { name: "Log out" }).isVisible()).toBe(true);
    await laptop.close();
    await other.close();
  });
});
