import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { auditContext, axeViolations } from "./axe";
import { launchChromium } from "./browser";
import { sessionCookie as adminCookie, api, appLogin } from "./session";

// The business hours editor and the widget's chat behaviour, in a real browser against wrangler
// dev: a wrong time range is named before anything is sent, and what is saved is what the next
// load of the screen and the API show.

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface SavedWidget {
  id: string;
  businessHours: { timeZone: string; weekly: { from: string; to: string }[][]; exceptions: unknown[] } | null;
  hoursNow: { open: boolean } | null;
  outsideHours: string;
  offerMessageAfterMinutes: number | null;
  routing: string;
  unansweredAlertMinutes: number | null;
}

async function savedWidget(cookie: string, id: string): Promise<SavedWidget> {
  const page = (await (await api("/settings/widgets?limit=100", { cookie })).json()) as { items: SavedWidget[] };
  return page.items.find((w) => w.id === id)!;
}

/** Opens Settings → Widgets and the named widget's form. */
async function openWidget(page: Page, name: string): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("heading", { level: 2, name: "Widgets", exact: true }).waitFor();
  await page.getByRole("button", { name: new RegExp(name) }).click();
  await page.getByRole("heading", { level: 3, name: `Widget “${name}”` }).waitFor();
}

describe("business hours in the app", () => {
  it("edits hours and chat behaviour, refuses a range that ends before it starts, saves, and shows them after a reload", async () => {
    const cookie = await adminCookie();
    const departments = (await (await api("/team/departments", { cookie })).json()) as { items: { id: string }[] };
    const name = `Hours shop ${crypto.randomUUID().slice(0, 6)}`;
    const created = await api("/settings/widgets", {
      method: "POST",
      cookie,
      body: { name, departmentId: departments.items[0]!.id, allowedOrigins: [inject("hostUrl")] },
    });
    expect(created.status).toBe(201);
    const widgetId = ((await created.json()) as { id: string }).id;

    // The browser is in Lisbon: the editor suggests its zone. (A context axe-core can audit.)
    const context = await auditContext(browser, { timezoneId: "Europe/Lisbon" });
    const page = await appLogin(context);
    await openWidget(page, name);
    await expect.poll(() => page.getByText("Always open: no business hours are set.").count()).toBe(1);

    await page.getByRole("checkbox", { name: "No business hours (always open)" }).uncheck();
    expect(await page.getByLabel("Time zone").inputValue()).toBe("Europe/Lisbon");
    await page.getByLabel("Time zone").selectOption("Europe/Berlin");

    // Monday 17:00 to 09:00 cannot be meant: the form says so at the field and sends nothing.
    await page.getByLabel("From (Monday, 1)").fill("17:00");
    await page.getByLabel("To (Monday, 1)").fill("09:00");
    await page.getByRole("button", { name: "Save" }).click();
    const rangeError = "Monday: a time range must end after it starts (use 24:00 for midnight).";
    await expect.poll(() => page.getByRole("alert").allTextContents()).toContainEqual(expect.stringContaining(rangeError));
    expect(await page.getByLabel("To (Monday, 1)").getAttribute("aria-invalid")).toBe("true");
    expect((await savedWidget(cookie, widgetId)).businessHours).toBeNull();
    // The open editor with its error shown meets WCAG 2.2 AA, like every other screen.
    expect(await axeViolations(page)).toEqual([]);

    // Monday becomes a morning and an afternoon; Saturday opens; Sunday stays closed; Christmas Eve closes.
    await page.getByLabel("From (Monday, 1)").fill("08:30");
    await page.getByLabel("To (Monday, 1)").fill("12:00");
    await page.getByRole("button", { name: "Add time range (Monday)" }).click();
    await page.getByLabel("From (Monday, 2)").fill("13:00");
    await page.getByLabel("To (Monday, 2)").fill("18:00");
    await page.getByRole("checkbox", { name: "Open on Saturday" }).check();
    await page.getByLabel("From (Saturday, 1)").fill("10:00");
    await page.getByLabel("To (Saturday, 1)").fill("14:00");
    await page.getByRole("button", { name: "Add exception" }).click();
    await page.getByLabel("Date", { exact: true }).fill("2026-12-24");

    await page.getByLabel("Outside business hours").selectOption("hide");
    await page.getByRole("checkbox", { name: "Offer to leave a message while visitors wait" }).uncheck();
    await page.getByLabel("New chats").selectOption("auto_assign");
    await page.getByLabel("Minutes without an answer").fill("15");

    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByRole("status").allTextContents()).toContain("Saved");

    const weekday = [{ from: "09:00", to: "17:00" }];
    const expected = {
      businessHours: {
        timeZone: "Europe/Berlin",
        weekly: [
          [
            { from: "08:30", to: "12:00" },
            { from: "13:00", to: "18:00" },
          ],
          weekday,
          weekday,
          weekday,
          weekday,
          [{ from: "10:00", to: "14:00" }],
          [],
        ],
        exceptions: [{ date: "2026-12-24", openings: [] }],
      },
      outsideHours: "hide",
      offerMessageAfterMinutes: null,
      routing: "auto_assign",
      unansweredAlertMinutes: 15,
    };
    expect(await savedWidget(cookie, widgetId)).toMatchObject(expected);

    // A fresh load of the app shows what was saved, and the open/closed state the server computed.
    await page.reload();
    await page.getByRole("button", { name: "Log out" }).waitFor();
    await openWidget(page, name);
    expect(await page.getByRole("checkbox", { name: "No business hours (always open)" }).isChecked()).toBe(false);
    expect(await page.getByLabel("Time zone").inputValue()).toBe("Europe/Berlin");
    expect(await page.getByLabel("From (Monday, 2)").inputValue()).toBe("13:00");
    expect(await page.getByLabel("To (Saturday, 1)").inputValue()).toBe("14:00");
    expect(await page.getByRole("checkbox", { name: "Open on Sunday" }).isChecked()).toBe(false);
    expect(await page.getByLabel("Date", { exact: true }).inputValue()).toBe("2026-12-24");
    expect(await page.getByRole("checkbox", { name: "Closed all day" }).isChecked()).toBe(true);
    expect(await page.getByLabel("Outside business hours").inputValue()).toBe("hide");
    expect(await page.getByRole("checkbox", { name: "Offer to leave a message while visitors wait" }).isChecked()).toBe(false);
    expect(await page.getByLabel("New chats").inputValue()).toBe("auto_assign");
    expect(await page.getByLabel("Minutes without an answer").inputValue()).toBe("15");
    const open = (await savedWidget(cookie, widgetId)).hoursNow!.open;
    expect(await page.getByText(open ? "Open now" : "Closed now", { exact: true }).count()).toBe(1);
    await context.close();
  });
});
