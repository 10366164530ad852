import { readFileSync } from "node:fs";
import type { Browser, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { auditContext, expectAccessible } from "./axe";
import { launchChromium } from "./browser";
import { api, appLogin, sessionCookie } from "./session";

// Files in a real browser against wrangler dev: a visitor attaches a photo in the widget (its GPS
// never reaches the operator), the operator sees it inline and downloads it; a disguised file is
// refused and a cancelled upload sends nothing; the operator pastes an image; the widget's settings
// switch files off for the visitor. test/fixtures/attachments/ holds the files.

const FIXTURES = new URL("../fixtures/attachments/", import.meta.url);
const fixturePath = (name: string) => new URL(name, FIXTURES).pathname;
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));

let browser: Browser;
let widget: { id: string; siteKey: string };
let cookie: string;

beforeAll(async () => {
  browser = await launchChromium();
  cookie = await sessionCookie();
  // A widget of the first department (where the on-duty agent answers), outside privacy mode, taking every kind of file.
  const departments = (await (await api("/team/departments", { cookie })).json()) as { items: { id: string }[] };
  const created = await api("/settings/widgets", {
    method: "POST",
    cookie,
    body: { name: "Files shop", departmentId: departments.items[0]!.id, allowedOrigins: [inject("hostUrl")] },
  });
  expect(created.status).toBe(201);
  widget = (await created.json()) as { id: string; siteKey: string };
  const patched = await api(`/settings/widgets/${widget.id}`, {
    method: "PATCH",
    cookie,
    body: { privacyMode: false, attachments: { enabled: true, maxMegabytes: 5, types: ["image", "pdf", "text", "office"] } },
  });
  expect(patched.status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
});

/** A JPEG's APP1 EXIF segment: whether its IFD0 points to a GPS IFD (tag 0x8825). */
function hasGps(jpeg: Uint8Array): boolean {
  expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
  const view = new DataView(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
  for (let at = 2; at + 4 <= jpeg.length; ) {
    expect(jpeg[at]).toBe(0xff);
    const marker = jpeg[at + 1] as number;
    const length = view.getUint16(at + 2);
    if (marker === 0xda) return false;
    const payload = jpeg.subarray(at + 4, at + 2 + length);
    if (marker === 0xe1 && Buffer.from(payload.subarray(0, 6)).toString("latin1") === "Exif\0\0") {
      const tiff = payload.subarray(6);
      const little = tiff[0] === 0x49;
      const tv = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
      const ifd0 = tv.getUint32(4, little);
      const count = tv.getUint16(ifd0, little);
      for (let n = 0; n < count; n++) if (tv.getUint16(ifd0 + 2 + n * 12, little) === 0x8825) return true;
    }
    at += 2 + length;
  }
  return false;
}

/** The visitor on the customer's page starts a chat on the files widget as `name`. */
async function visitorStarts(name: string): Promise<Page> {
  const context = await auditContext(browser);
  const page = await context.newPage();
  await page.goto(`${inject("hostUrl")}/page?worker=${encodeURIComponent(inject("baseUrl"))}&siteKey=${widget.siteKey}`);
  await page.getByRole("button", { name: "Open chat" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name (optional)").fill(name);
  await dialog.getByRole("checkbox").check();
  await dialog.getByRole("button", { name: "Start chat" }).click();
  await dialog.getByRole("textbox", { name: "Message" }).waitFor();
  return page;
}

/** The seqs of the messages a list shows (numbered by the room), in order. */
const seqs = (page: Page) =>
  page.locator('[role="log"] li[data-seq]').evaluateAll((items) => items.map((item) => Number(item.getAttribute("data-seq"))));

/** Whether the image matching `selector` has been decoded (naturalWidth > 0). */
const decoded = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)
    .catch(() => false);

describe("files in the chat", () => {
  it("a photo goes without its GPS, shows inline for both and downloads; refused and cancelled files send nothing; the operator pastes an image", async () => {
    expect(hasGps(fixture("photo-gps.jpg"))).toBe(true);
    const visitor = await visitorStarts("Fiona Files");
    const dialog = visitor.getByRole("dialog");
    const operatorContext = await auditContext(browser);
    const operator = await appLogin(operatorContext);

    // The visitor writes a line, then attaches the photo with the paperclip: both go as one message.
    await dialog.getByRole("textbox", { name: "Message" }).fill("Here is the damaged parcel");
    const chooser = visitor.waitForEvent("filechooser");
    await dialog.getByRole("button", { name: "Attach a file" }).click();
    await (await chooser).setFiles(fixturePath("photo-gps.jpg"));
    const photoMessage = dialog.locator('[role="log"] li[data-seq="1"]');
    await photoMessage.getByText("Here is the damaged parcel").waitFor();
    await expect.poll(() => decoded(visitor, 'li[data-seq="1"] img.image')).toBe(true);
    expect(await photoMessage.locator("img.image").getAttribute("alt")).toBe("photo-gps.jpg");
    expect(await photoMessage.locator("img.image").getAttribute("src")).toMatch(/^blob:/);

    // The operator sees the image inline, named by its alt text, and downloads it: no GPS left.
    await operator
      .getByRole("navigation", { name: "Conversations" })
      .getByRole("button", { name: /Fiona Files/ })
      .click();
    await operator.getByRole("textbox", { name: "Reply" }).waitFor();
    const image = operator.getByRole("img", { name: "photo-gps.jpg" });
    await image.waitFor();
    await expect.poll(() => decoded(operator, '[role="log"] img.message__image')).toBe(true);
    const downloading = operator.waitForEvent("download");
    await operator.getByRole("link", { name: /^Download photo-gps\.jpg/ }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("photo-gps.jpg");
    const downloaded = readFileSync((await download.path())!);
    expect(hasGps(downloaded)).toBe(false);
    expect(downloaded.toString("latin1")).not.toContain("Jane Doe");
    await operator.screenshot({ path: "test-results/attachments-app-image.png" });
    await expectAccessible(operator, "the app's chat with an image and the attach button");

    // An HTML page named .png is refused, with a visible reason; nothing is sent.
    await dialog.locator('input[type="file"]').setInputFiles(fixturePath("page-as.png"));
    await dialog.getByRole("alert").getByText("Files of this kind cannot be sent in this chat.").waitFor();

    // An upload cancelled half-way (held on its way to the server) sends nothing either.
    let held: Route | null = null;
    await visitor.route("**/attachments?name=*", (route) => {
      held = route;
    });
    await dialog.locator('input[type="file"]').setInputFiles(fixturePath("document.pdf"));
    const cancel = dialog.getByRole("button", { name: "Cancel", exact: true });
    await cancel.waitFor();
    await dialog.getByRole("progressbar", { name: "Uploading file" }).waitFor();
    await expect.poll(() => held !== null).toBe(true);
    await visitor.screenshot({ path: "test-results/attachments-widget-upload.png" });
    await cancel.click();
    await cancel.waitFor({ state: "hidden" });
    await (held as Route | null)?.abort().catch(() => undefined);
    await visitor.unroute("**/attachments?name=*");

    // The next message follows the photo directly: neither file was sent in between.
    const composer = dialog.getByRole("textbox", { name: "Message" });
    await composer.fill("Never mind those");
    await composer.press("Enter");
    await dialog.locator('[role="log"] li[data-seq="2"]:not([data-pending])').getByText("Never mind those").waitFor();
    expect(await seqs(visitor)).toEqual([1, 2]);

    // A PDF goes as a download button named by the file.
    await dialog.locator('input[type="file"]').setInputFiles(fixturePath("document.pdf"));
    const pdf = dialog.locator('[role="log"] li[data-seq="3"]').getByRole("button", { name: /^Download document\.pdf \d+ K?B$/ });
    await pdf.waitFor();
    const pdfDownload = visitor.waitForEvent("download");
    await pdf.click();
    expect((await pdfDownload).suggestedFilename()).toBe("document.pdf");

    // The operator pastes an image into the reply box: it goes at once, and the visitor sees it.
    const reply = operator.getByRole("textbox", { name: "Reply" });
    await reply.focus();
    await reply.evaluate((textarea, base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], "pasted.png", { type: "image/png" }));
      textarea.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, fixture("photo-text.png").toString("base64"));
    await operator.locator('[role="log"] li[data-seq="4"]').getByRole("img", { name: "pasted.png" }).waitFor();
    await expect.poll(() => decoded(visitor, 'li[data-seq="4"] img.image')).toBe(true);
    expect(await seqs(operator)).toEqual([1, 2, 3, 4]);

    await visitor.screenshot({ path: "test-results/attachments-widget-files.png" });
    await expectAccessible(visitor, "the widget with files and the attach button");
    await operator.screenshot({ path: "test-results/attachments-app-chat.png", fullPage: true });

    // Files off in Settings → Widgets: after a reload the widget offers no paperclip.
    await operator.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await operator.getByRole("heading", { level: 2, name: "Widgets", exact: true }).waitFor();
    await operator.getByRole("button", { name: /Files shop/ }).click();
    const allow = operator.getByRole("checkbox", { name: "Allow files in the chat" });
    expect(await allow.isChecked()).toBe(true);
    expect(await operator.getByRole("checkbox", { name: "PDF documents" }).isChecked()).toBe(true);
    await operator.getByRole("group", { name: "Files", exact: true }).screenshot({ path: "test-results/attachments-settings.png" });
    await allow.uncheck();
    await operator.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => operator.getByRole("status").allTextContents()).toContain("Saved");
    const saved = (await (await api("/settings/widgets?limit=100", { cookie })).json()) as {
      items: { id: string; attachments: { enabled: boolean } }[];
    };
    expect(saved.items.find((item) => item.id === widget.id)?.attachments.enabled).toBe(false);

    await visitor.reload();
    await visitor.getByRole("button", { name: /Open chat/ }).click();
    // The widget's own name shows once its config (without files now) has arrived.
    await dialog.getByRole("heading", { name: "Files shop" }).waitFor();
    await dialog.getByRole("textbox", { name: "Message" }).waitFor();
    expect(await dialog.getByRole("button", { name: "Attach a file" }).count()).toBe(0);
    // Files already in the chat stay visible.
    await expect.poll(() => decoded(visitor, 'li[data-seq="1"] img.image')).toBe(true);

    await operatorContext.close();
    await visitor.context().close();
  });
});
