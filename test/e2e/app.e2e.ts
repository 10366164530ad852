import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import * as XLSX from "xlsx";
import { parseCsv } from "../helpers/csv";
import { launchChromium } from "./browser";
import { liveVisitor } from "./live-visitor";
import { api, sessionCookie, submitAppLogin } from "./session";

// The operator app in a real browser against wrangler dev.

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';

/** Calls to `/api/v1` as one session. */
const apiAs =
  (cookie: string) =>
  (path: string, init: { method?: string; body?: unknown } = {}) =>
    api(path, { ...init, cookie });

/** A visitor chat on the demo widget with the given messages; ended (so it is in D1) unless asked otherwise. */
async function visitorChat(email: string, name: string, bodies: string[], end = true): Promise<string> {
  const baseUrl = inject("baseUrl");
  const started = (await (
    await fetch(`${baseUrl}/w/demo/conversations`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: baseUrl },
      body: JSON.stringify({ consent: true, name, email }),
    })
  ).json()) as { conversationId: string; visitorToken: string };
  const ws = new WebSocket(
    `${baseUrl.replace("http", "ws")}/w/demo/conversations/${started.conversationId}/socket`,
    ["confide.v1", `confide.token.${started.visitorToken}`],
    { origin: baseUrl },
  );
  let created = 0;
  ws.on("message", (data) => {
    if ((JSON.parse(String(data)) as { type: string }).type === "message.created") created++;
  });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  for (const [i, body] of bodies.entries()) ws.send(JSON.stringify({ type: "message.send", clientId: `m${i}`, body }));
  while (created < bodies.length) await new Promise((r) => setTimeout(r, 50));
  if (end) ws.send(JSON.stringify({ type: "conversation.close" }));
  await new Promise((r) => setTimeout(r, 200));
  ws.close();
  return started.conversationId;
}

const english = () => browser.newContext({ locale: "en-US", acceptDownloads: true });

describe("signing in and out", () => {
  it("refuses a wrong password, logs in, logs out, and returns to login when the session ends", async () => {
    const admin = inject("admin");
    const context = await english();
    const page = await submitAppLogin(context, { email: admin.email, password: "not the password" });
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/incorrect/i);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("button", { name: "Log in" }).waitFor();

    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("button", { name: "Log out" }).waitFor();
    // The session ends on the server (as at its expiry); the next call brings the login back.
    const [cookie] = await context.cookies();
    await fetch(`${inject("baseUrl")}/api/v1/auth/logout`, {
      method: "POST",
      headers: { Origin: inject("baseUrl"), Cookie: `${cookie!.name}=${cookie!.value}` },
    });
    // Any next call finds the session gone; the app may notice first on its own (the inbox socket), then the link is gone.
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Transcripts" })
      .click({ timeout: 3_000 })
      .catch(() => undefined);
    await page.getByRole("button", { name: "Log in" }).waitFor({ timeout: 15_000 });
    await context.close();
  });
});

describe("sign-in throttling", () => {
  it("shows how long to wait when sign-in is throttled, then lets the person try again", async () => {
    // An email no operator has: its counter is its own, and answers are the same as for a real one.
    const email = `throttled-${Date.now()}@example.org`;
    const context = await english();
    const page = await submitAppLogin(context, { email, password: "guess-0" });
    const submit = page.getByRole("button", { name: "Log in" });
    for (let i = 1; i <= 5; i++) {
      await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/incorrect|too many/i);
      if (/too many/i.test((await page.getByRole("alert").textContent()) ?? "")) break;
      await page.getByLabel("Password").fill(`guess-${i}`);
      await submit.click();
    }
    await expect.poll(() => page.getByRole("alert").textContent()).toBe("Too many failed sign-in attempts from your network.");
    await expect.poll(() => page.locator("#login-wait").textContent()).toMatch(/^You can try again in [12] seconds?\.$/);
    expect(await submit.isDisabled()).toBe(true);
    // Once the wait is over the form is usable again, without a reload.
    await expect.poll(() => submit.isEnabled(), { timeout: 15_000 }).toBe(true);
    expect(await page.locator("#login-wait").count()).toBe(0);
    await context.close();
  });
});

describe("transcripts", () => {
  it("finds a chat by email, exports it as a workbook and as ';'-separated CSV that parse back, and deletes it", async () => {
    const admin = inject("admin");
    const email = `xlsx-${Date.now()}@example.org`;
    await visitorChat(email, "Xena Export", ["Is my order shipped?", HOSTILE, "Mallory;=1+1"]);
    const context = await english();
    const page = await submitAppLogin(context, { email: admin.email, password: admin.password });
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Transcripts" }).click();
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByRole("row", { name: /Xena Export/ }).waitFor();
    await page.getByRole("checkbox", { name: "Select conversation with Xena Export" }).check();
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export as Excel (XLSX)" }).click();
    const file = await (await download).path();
    const workbook = XLSX.read(readFileSync(file!), { type: "buffer" });
    const rows = XLSX.utils.sheet_to_json<string[]>(workbook.Sheets[workbook.SheetNames[0]!]!, { header: 1 });
    const body = rows[0]!.indexOf("Message");
    // The messages as sent (the hostile ones as plain text: inline strings never evaluate), then the ending the room recorded.
    expect(rows.slice(1).map((r) => r[body])).toEqual([
      "Is my order shipped?",
      HOSTILE,
      "Mallory;=1+1",
      "The visitor ended the conversation.",
    ]);

    // CSV for a spreadsheet in a European locale: ";" between fields, the formula behind the ";" made text.
    await page.getByLabel("CSV separator").selectOption(";");
    const csvDownload = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export as CSV" }).click();
    const csv = readFileSync((await (await csvDownload).path())!, "utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const csvRows = parseCsv(csv.slice(1), ";", true);
    const csvBody = csvRows[0]!.indexOf("body");
    expect(csvRows.slice(1).map((r) => r[csvBody])).toEqual([
      "Is my order shipped?",
      HOSTILE,
      "Mallory;'=1+1",
      "The visitor ended the conversation.",
    ]);
    await page.screenshot({ path: "test-results/app-transcripts.png", fullPage: true });

    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("alertdialog");
    await expect.poll(() => dialog.textContent()).toContain("Delete 1 conversation? This cannot be undone.");
    await dialog.getByRole("button", { name: "Delete permanently" }).click();
    await expect.poll(() => page.getByText("1 conversation deleted").count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(() => page.getByRole("row", { name: /Xena Export/ }).count()).toBe(0);
    await context.close();
  });

  it("shows a read-only operator transcripts without export or delete, and an operator without transcript access none", async () => {
    const admin = inject("admin");
    const adminApi = apiAs(await sessionCookie(admin));
    await visitorChat(`ro-${Date.now()}@example.org`, "Rita Readonly", ["hello"]);
    const roles = (await (await adminApi("/team/roles?limit=100")).json()) as { items: { id: string; name: string }[] };
    const readOnly = roles.items.find((r) => r.name === "Read-only")!;
    const chatsOnly = (await (
      await adminApi("/team/roles", {
        method: "POST",
        body: {
          name: `Chats only ${Date.now()}`,
          permissions: { chats: "manage", transcripts: "none", settings: "none", team: "none", auditLog: "none", analytics: "none" },
          departmentIds: null,
        },
      })
    ).json()) as { id: string };
    const password = "a long operator password";
    const reader = `reader-${Date.now()}@example.org`;
    const chatter = `chatter-${Date.now()}@example.org`;
    expect(
      (
        await adminApi("/team/operators", {
          method: "POST",
          body: { email: reader, displayName: "Rea Reader", password, roleId: readOnly.id },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await adminApi("/team/operators", {
          method: "POST",
          body: { email: chatter, displayName: "Cho Chatter", password, roleId: chatsOnly.id },
        })
      ).status,
    ).toBe(201);

    const readerContext = await english();
    const readerPage = await submitAppLogin(readerContext, { email: reader, password });
    await readerPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Transcripts" }).click();
    await readerPage.getByRole("button", { name: "Search", exact: true }).click();
    await readerPage
      .getByRole("row", { name: /Rita Readonly/ })
      .first()
      .waitFor();
    for (const name of ["Export as CSV", "Export as Excel (XLSX)", "Export as JSON"])
      expect(await readerPage.getByRole("button", { name }).count()).toBe(0);
    expect(await readerPage.getByRole("button", { name: "Delete", exact: true }).count()).toBe(0);
    await readerContext.close();

    const chatterContext = await english();
    const chatterPage = await submitAppLogin(chatterContext, { email: chatter, password });
    const nav = chatterPage.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Inbox" }).waitFor();
    expect(await nav.getByRole("link", { name: "Transcripts" }).count()).toBe(0);
    expect(await nav.getByRole("link", { name: "Data requests" }).count()).toBe(0);
    await chatterContext.close();
  });
});

describe("the inbox", () => {
  it("lists a new chat as waiting, and as mine once taken", async () => {
    const admin = inject("admin");
    const context = await english();
    const page = await submitAppLogin(context, { email: admin.email, password: admin.password });
    await page.getByRole("tab", { name: /^Waiting/ }).waitFor();
    await visitorChat(`take-${Date.now()}@example.org`, "Tina Take", ["can someone help?"], false);
    await page.getByRole("tab", { name: /^Waiting/ }).click();
    const list = page.getByRole("navigation", { name: "Conversations" });
    await list
      .getByRole("button", { name: /Tina Take/ })
      .first()
      .click();
    await page.getByRole("button", { name: "Take", exact: true }).click();
    await page.getByRole("button", { name: "Hand back" }).waitFor();
    await page.getByRole("tab", { name: /^Mine/ }).click();
    await list
      .getByRole("button", { name: /Tina Take/ })
      .first()
      .waitFor();
    await page.getByRole("tab", { name: /^Waiting/ }).click();
    await expect.poll(() => list.getByRole("button", { name: /Tina Take/ }).count()).toBe(0);
    await context.close();
  });

  it("keeps a listed chat's row current from the inbox's frames, fetching announced chats by ids at most once a second", async () => {
    const admin = inject("admin");
    const context = await english();
    // The app's calls, timed by the page's own clock when it calls fetch: the clock its once-a-second
    // rule reads (a time taken here as Playwright reports each request would add the report's delay).
    await context.addInitScript(() => {
      const calls: { url: string; at: number }[] = [];
      (window as unknown as { __conversationCalls: typeof calls }).__conversationCalls = calls;
      const original = window.fetch.bind(window);
      window.fetch = (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input), location.href);
        if (url.pathname.startsWith("/api/v1/conversations")) calls.push({ url: url.href, at: Date.now() });
        return original(input, init);
      };
    });
    const page = await submitAppLogin(context, { email: admin.email, password: admin.password });
    await page.getByRole("tab", { name: /^Waiting/ }).waitFor();
    const visitor = await liveVisitor({ name: "Rowena Row" });
    await visitor.say("First question");
    const row = page
      .getByRole("navigation", { name: "Conversations" })
      .getByRole("button", { name: /Rowena Row/ })
      .first();
    await row.getByText("First question").waitFor();
    await visitor.say("Second question");
    await visitor.say("Third question");
    // Counts and preview as D1 holds them after the flushes.
    await row.getByText("3 messages").waitFor({ timeout: 20_000 });
    await row.getByText("Third question").waitFor();
    await page.screenshot({ path: "test-results/app-inbox-row.png" });
    const id = visitor.conversationId;
    const requests = await page.evaluate(
      () => (window as unknown as { __conversationCalls: { url: string; at: number }[] }).__conversationCalls,
    );
    // Never one request per conversation: announced chats are fetched in a list by ids…
    expect(requests.filter((r) => new URL(r.url).pathname === `/api/v1/conversations/${id}`)).toEqual([]);
    const refreshes = requests.filter((r) => new URL(r.url).searchParams.get("ids")?.split(",").includes(id));
    expect(refreshes.length).toBeGreaterThan(0);
    // …and no two of those lists within a second of each other.
    const byIds = requests.filter((r) => new URL(r.url).searchParams.has("ids"));
    for (let i = 1; i < byIds.length; i++) expect(byIds[i]!.at - byIds[i - 1]!.at).toBeGreaterThanOrEqual(990);
    await visitor.end();
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(0);
    visitor.leave();
    await context.close();
  });

  it("shows hostile message text as inert text", async () => {
    const admin = inject("admin");
    await visitorChat(`hostile-${Date.now()}@example.org`, "Hugo Hostile", [HOSTILE, '<a href="javascript:window.__pwned=1">x</a>'], false);
    const context = await english();
    const page = await submitAppLogin(context, { email: admin.email, password: admin.password });
    await page
      .getByRole("navigation", { name: "Conversations" })
      .getByRole("button", { name: /Hugo Hostile/ })
      .first()
      .click();
    await page.locator('[role="log"] li[data-seq="2"]').waitFor();
    const bodies = await page.locator('[role="log"] li[data-seq] .message__body').allTextContents();
    expect(bodies).toEqual([HOSTILE, '<a href="javascript:window.__pwned=1">x</a>']);
    expect(await page.locator('[role="log"] img, [role="log"] script, [role="log"] a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.screenshot({ path: "test-results/app-chat.png" });
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Inbox" }).click();
    await page.screenshot({ path: "test-results/app-inbox.png" });
    await context.close();
  });
});
