import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./browser";

// An XSS corpus through every place a visitor's or operator's text is shown: visitor name and
// messages in the operator app (inbox, chat view, transcripts), operator messages and alias name in
// the widget. No payload may run; each must show as the literal text it is.

const CORPUS = [
  "<script>window.__pwned=1</script>",
  '<img src=x onerror="window.__pwned=1">',
  '<svg onload="window.__pwned=1"></svg>',
  '<iframe src="javascript:top.__pwned=1"></iframe>',
  '"><script>window.__pwned=1</script>',
  "'><img src=x onerror=window.__pwned=1>",
  "javascript:window.__pwned=1",
  '<a href="javascript:window.__pwned=1">click</a>',
  '<details open ontoggle="window.__pwned=1">',
  "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>",
  "{{constructor.constructor('window.__pwned=1')()}}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the attack string itself
  "${window.__pwned=1}",
  '<object data="javascript:window.__pwned=1"></object>',
  "<input autofocus onfocus=window.__pwned=1>",
  '<video><source onerror="window.__pwned=1"></video>',
  "<scr<script>ipt>window.__pwned=1</script>",
  '<div style="background:url(javascript:window.__pwned=1)">',
  "&lt;img src=x onerror=window.__pwned=1&gt;",
  '<form action="javascript:window.__pwned=1"><button>go</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=1">',
];
const HOSTILE_NAME = "<img src=x onerror=window.__pwned=1>";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Fails the test on any dialog a payload might open, and reports whether `__pwned` was ever set. */
function guard(page: Page): () => Promise<boolean> {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return async () => dialogs.length > 0 || (await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned !== undefined));
}

/** Every payload shows as literal text within `scope` of `page`. */
async function expectLiteral(page: Page, selector: string, payloads: readonly string[]) {
  const text = await page.locator(selector).evaluateAll((nodes) => nodes.map((n) => n.textContent ?? "").join("\n"));
  for (const payload of payloads) expect(text, payload).toContain(payload);
}

describe("an XSS corpus", () => {
  it("runs nowhere: not in the operator app's inbox, chat or transcripts, not in the widget", async () => {
    const baseUrl = inject("baseUrl");
    const admin = inject("admin");

    const operator = await (await browser.newContext({ locale: "en-US" })).newPage();
    const operatorPwned = guard(operator);
    await operator.goto(`${baseUrl}/app/`);
    await operator.getByLabel("Email").fill(admin.email);
    await operator.getByLabel("Password").fill(admin.password);
    await operator.getByRole("button", { name: "Log in" }).click();
    await operator.getByRole("button", { name: "Log out" }).waitFor();

    // The visitor, under a hostile name, sends the whole corpus.
    const visitor = await (await browser.newContext({ locale: "en-US" })).newPage();
    const visitorPwned = guard(visitor);
    await visitor.goto(`${baseUrl}/demo`);
    await visitor.getByRole("button", { name: "Open chat" }).click();
    await visitor.getByLabel("Name (optional)").fill(HOSTILE_NAME);
    await visitor.getByRole("checkbox").check();
    await visitor.getByRole("button", { name: "Start chat" }).click();
    const composer = visitor.getByRole("textbox", { name: "Message" });
    await composer.waitFor();
    for (const payload of CORPUS) {
      await composer.fill(payload);
      await composer.press("Enter");
    }
    await expect.poll(() => visitor.locator('[role="log"] li[data-seq]').count(), { timeout: 20_000 }).toBe(CORPUS.length);

    // The operator opens it from the inbox and answers with the corpus too.
    const item = operator.getByRole("navigation", { name: "Conversations" }).getByRole("button", { name: /img src=x/ });
    await item.waitFor({ timeout: 15_000 });
    await item.click();
    const reply = operator.getByRole("textbox", { name: "Reply" });
    await reply.waitFor();
    await expect.poll(() => operator.locator('[role="log"] li[data-seq]').count(), { timeout: 20_000 }).toBe(CORPUS.length);
    for (const payload of CORPUS) {
      await reply.fill(payload);
      await reply.press("Enter");
    }
    await expect.poll(() => visitor.locator('[role="log"] li[data-seq]').count(), { timeout: 20_000 }).toBe(CORPUS.length * 2);
    await expect.poll(() => operator.locator('[role="log"] li[data-seq]').count(), { timeout: 20_000 }).toBe(CORPUS.length * 2);
    await expectLiteral(visitor, '[role="log"] li[data-seq]', CORPUS);
    await expectLiteral(operator, '[role="log"] li[data-seq]', CORPUS);
    await expectLiteral(operator, "#chat-title", [HOSTILE_NAME]);

    // Ended, it is a transcript: the search result and the opened transcript show the same text.
    await operator.getByRole("button", { name: "End conversation" }).click();
    await operator.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Transcripts" }).click();
    await operator.getByRole("heading", { level: 2, name: "Transcripts" }).waitFor();
    const open = operator.locator("[data-open-id]", { hasText: HOSTILE_NAME }).first();
    await open.waitFor({ timeout: 15_000 });
    await open.click();
    const transcript = operator.locator("ol.transcript li");
    await expect.poll(() => transcript.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(CORPUS.length * 2);
    await expectLiteral(operator, "ol.transcript li", CORPUS);
    await expectLiteral(operator, "table", [HOSTILE_NAME]);

    expect(await operatorPwned()).toBe(false);
    expect(await visitorPwned()).toBe(false);
    // No payload became markup: every message body, in both pages (the widget's shadow root
    // included: locators pierce it), holds text only.
    for (const bodies of [visitor.locator('[role="log"] li[data-seq] .body'), operator.locator("li .message__body")]) {
      expect(await bodies.count()).toBeGreaterThanOrEqual(CORPUS.length * 2);
      expect(await bodies.evaluateAll((nodes) => nodes.filter((n) => n.children.length > 0).length)).toBe(0);
    }
  });
});
