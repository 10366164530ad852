import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./browser";
import { liveVisitor } from "./live-visitor";
import { api, appLogin, sessionCookie } from "./session";

// Notifications for operators in a real browser, on screens other than the inbox: the title count,
// the chime, and desktop notifications while the tab is hidden.
//
// Hidden, in headless Chromium: nothing in the browser makes a tab hidden there. Checked with
// Chromium 156: another page brought to the front (in its own window or as a tab of the same
// window, by Target.createTarget or window.open), Target.activateTarget, a minimized window
// (Browser.setWindowBounds) all leave document.visibilityState "visible", as headless windows are
// never occluded (Emulation.setFocusEmulationEnabled changes focus only). So the page is hidden
// the way the app sees it: document.hidden and visibilityState overridden on the document, with
// the visibilitychange event the browser would send.
//
// Notifications and the chime are observed, not replaced: the wrapper records each one and still
// calls the real Notification constructor and Web Audio.
const OBSERVE = `(() => {
  const Real = window.Notification;
  window.__notifications = [];
  window.__permissionRequests = 0;
  class Observed extends Real {
    constructor(title, options) {
      super(title, options);
      window.__notifications.push({ title, body: (options && options.body) || "" });
      window.__lastNotification = this;
    }
    static get permission() { return Real.permission; }
    static requestPermission(...args) { window.__permissionRequests++; return Real.requestPermission(...args); }
  }
  window.Notification = Observed;
  window.__oscillators = 0;
  const createOscillator = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () { window.__oscillators++; return createOscillator.call(this); };
  let hidden = false;
  Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (hidden ? "hidden" : "visible") });
  window.__setHidden = (next) => { hidden = next; document.dispatchEvent(new Event("visibilitychange")); };
})();`;

interface Observed {
  notifications: { title: string; body: string }[];
  permissionRequests: number;
  oscillators: number;
}

const observed = (page: Page): Promise<Observed> =>
  page.evaluate(() => {
    const w = window as unknown as { __notifications: Observed["notifications"]; __permissionRequests: number; __oscillators: number };
    return { notifications: w.__notifications, permissionRequests: w.__permissionRequests, oscillators: w.__oscillators };
  });
const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((next) => (window as unknown as { __setHidden: (h: boolean) => void }).__setHidden(next), hidden);

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A new Agent of the demo account, signed into the app in a fresh context with the observer. */
async function agentInApp(): Promise<{ context: BrowserContext; page: Page; credentials: { email: string; password: string } }> {
  const cookie = await sessionCookie();
  const roles = (await (await api("/team/roles", { cookie })).json()) as { items: { id: string; name: string }[] };
  const credentials = { email: `notified-${crypto.randomUUID().slice(0, 8)}@confide.localhost`, password: "notified operator password" };
  const created = await api("/team/operators", {
    method: "POST",
    cookie,
    body: { ...credentials, displayName: "Nina Notified", roleId: roles.items.find((r) => r.name === "Agent")!.id },
  });
  expect(created.status).toBe(201);
  const context = await browser.newContext({ locale: "en-US" });
  await context.addInitScript(OBSERVE);
  return { context, page: await appLogin(context, credentials), credentials };
}

const goTo = (page: Page, name: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name }).click();

describe("desktop notifications", () => {
  it("are offered once from a click, then reach an operator on the Transcripts screen of a hidden tab, without content", async () => {
    const { context, page, credentials } = await agentInApp();
    const offer = page.getByRole("button", { name: "Turn on desktop notifications" });
    await offer.waitFor();
    // Never asked on load: only the operator's click asks the browser.
    expect((await observed(page)).permissionRequests).toBe(0);
    await context.grantPermissions(["notifications"], { origin: inject("baseUrl") });
    await offer.click();
    await offer.waitFor({ state: "detached" });
    expect((await observed(page)).permissionRequests).toBe(1);
    const own = await sessionCookie(credentials);
    expect(await (await api("/me/notifications", { cookie: own })).json()).toEqual({ desktop: true, withContent: false });

    await goTo(page, "Transcripts");
    await page.getByRole("heading", { name: "Transcripts", level: 2 }).waitFor();
    await setHidden(page, true);
    const visitor = await liveVisitor({ name: "Harriet Hidden" });
    await expect.poll(async () => (await observed(page)).notifications).toEqual([{ title: "New chat", body: "" }]);
    await visitor.say("My account number is 12345678");
    await expect.poll(async () => (await observed(page)).notifications.length, { timeout: 15_000 }).toBe(2);
    const [, message] = (await observed(page)).notifications;
    // Neither the visitor's name nor a word of what they wrote.
    expect(message).toEqual({ title: "New message from Visitor", body: "Open Confide to read it." });
    expect(await page.title()).toMatch(/^\(1\) /);

    // A click on the notification brings the chat up in the inbox.
    await setHidden(page, false);
    await page.evaluate(() =>
      (window as unknown as { __lastNotification: Notification }).__lastNotification.dispatchEvent(new Event("click")),
    );
    await page.getByRole("heading", { name: "Harriet Hidden", level: 2 }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/app/");
    visitor.leave();
    await context.close();
  });

  it("show the message only once the operator allows it in their settings", async () => {
    const { context, page } = await agentInApp();
    await context.grantPermissions(["notifications"], { origin: inject("baseUrl") });
    await goTo(page, "Security");
    const desktop = page.getByRole("checkbox", { name: "Desktop notifications" });
    const content = page.getByRole("checkbox", { name: "Show the message in notifications" });
    expect(await content.isDisabled()).toBe(true);
    // Each switch is saved on the server first; the box shows the saved state.
    await desktop.click();
    await expect.poll(() => content.isEnabled()).toBe(true);
    expect(await desktop.isChecked()).toBe(true);
    await content.click();
    await expect.poll(() => content.isChecked()).toBe(true);
    await setHidden(page, true);
    const visitor = await liveVisitor({ name: "Clara Content" });
    await visitor.say("Please call me back");
    await expect
      .poll(async () => (await observed(page)).notifications.at(-1), { timeout: 15_000 })
      .toEqual({
        title: "New message from Clara Content",
        body: "Please call me back",
      });
    visitor.leave();
    await context.close();
  });
});

describe("title count and chime", () => {
  it("tell of a new chat and a visitor's message on a screen other than the inbox", async () => {
    const { context, page } = await agentInApp();
    await goTo(page, "Security");
    await page.getByRole("heading", { name: "Sign-in and security", level: 2 }).waitFor();
    const before = await observed(page);
    const visitor = await liveVisitor({ name: "Tom Title" });
    await expect.poll(() => page.title()).toMatch(/^\(1\) .*Confide$/);
    await expect.poll(async () => (await observed(page)).oscillators).toBeGreaterThan(before.oscillators);
    const afterChat = (await observed(page)).oscillators;
    await visitor.say("Hello?");
    await expect.poll(async () => (await observed(page)).oscillators, { timeout: 15_000 }).toBeGreaterThan(afterChat);
    // Visible tab, notifications off: no desktop notification, the title and chime say it.
    expect((await observed(page)).notifications).toEqual([]);
    // Opening the chat in the inbox takes it off the count.
    await goTo(page, "Inbox");
    await page.locator(`[data-conversation-id="${visitor.conversationId}"]`).click();
    await expect.poll(() => page.title()).toBe("Confide");
    visitor.leave();
    await context.close();
  });
});
