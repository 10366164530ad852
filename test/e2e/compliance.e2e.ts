import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditContext, expectAccessible } from "./axe";
import { launchChromium } from "./browser";
import { api, appLogin, sessionCookie } from "./session";

// The Compliance screen in Chromium: the record of processing follows a widget's settings, its
// printable page opens from the screen, and the signed audit export downloaded there verifies with
// `npm run audit:verify` and the public key the screen shows, and fails once a byte changes.

let browser: Browser;
let context: BrowserContext;
beforeAll(async () => {
  browser = await launchChromium();
  // axe-core is injected, so the app's CSP is bypassed in this context (test/e2e/axe.ts).
  context = await auditContext(browser, { acceptDownloads: true });
});
afterAll(async () => {
  await browser?.close();
});

const ROOT = new URL("../../", import.meta.url).pathname;

/** `npm run audit:verify` on `file` with the key in `pemFile`: its exit code and what it printed. */
function auditVerify(file: string, pemFile: string) {
  const run = spawnSync("node", ["--import", "tsx", "scripts/audit-verify.ts", file, pemFile], { cwd: ROOT, encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("the Compliance screen", () => {
  it("shows the record as configured, follows a widget's privacy mode, opens the printable page and downloads a verifiable signed export", async () => {
    const cookie = await sessionCookie();
    const name = `Record check ${Math.random().toString(36).slice(2, 7)}`;
    const departments = (await (await api("/team/departments", { cookie })).json()) as { items: { id: string }[] };
    const created = await api("/settings/widgets", {
      method: "POST",
      cookie,
      body: { name, departmentId: departments.items[0]!.id, allowedOrigins: ["https://shop.example"] },
    });
    expect(created.status).toBe(201);
    const widget = (await created.json()) as { id: string };

    const page = await appLogin(context);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compliance", exact: true }).click();
    await page.getByRole("heading", { name: "Compliance", level: 2 }).waitFor();
    const row = page.getByRole("row", { name: new RegExp(name) });
    // A new widget starts in privacy mode: no visit details.
    await expect.poll(() => row.getByRole("cell").nth(1).textContent()).toMatch(/^On/);
    expect(await row.textContent()).not.toContain("IP address");
    await page.getByRole("table", { name: "Processors, their services and where the data is" }).waitFor();
    await expectAccessible(page, "the Compliance screen");

    // Privacy mode off: the record lists the visit details it now keeps.
    expect((await api(`/settings/widgets/${widget.id}`, { method: "PATCH", cookie, body: { privacyMode: false } })).status).toBe(200);
    await page.reload();
    await expect.poll(() => page.getByRole("row", { name: new RegExp(name) }).textContent()).toContain("IP address, browser, referrer");
    expect(
      await page
        .getByRole("row", { name: new RegExp(name) })
        .getByRole("cell")
        .nth(1)
        .textContent(),
    ).toMatch(/^Off/);

    // The printable page, from the screen's link, in a tab of its own.
    const popup = context.waitForEvent("page");
    await page.getByRole("link", { name: "Open printable version" }).click();
    const printable = await popup;
    await printable.getByRole("heading", { name: "Record of processing activities", level: 1 }).waitFor();
    await printable.getByRole("heading", { name: `Widget: ${name}`, level: 3 }).waitFor();
    await printable.getByRole("heading", { name: "Technical and organisational measures", level: 2 }).waitFor();
    await printable.emulateMedia({ media: "print" });
    await expectAccessible(printable, "the printable record of processing");
    await printable.close();

    // The signed export of the last 30 days (the form's default), and the key beside it.
    const pem = await page.locator("pre.compliance__key").textContent();
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download signed export" }).click();
    const saved = await (await download).path();
    expect(saved).toBeTruthy();
    await page
      .getByRole("status")
      .filter({ hasText: /^Saved confide-audit-/ })
      .waitFor();

    const dir = tmpdir();
    const pemFile = join(dir, `confide-e2e-${widget.id}.pem`);
    writeFileSync(pemFile, pem!);
    const file = readFileSync(saved!, "utf8");
    expect(file).toContain('"action":"widget.updated"');
    const verified = auditVerify(saved!, pemFile);
    expect(verified.output).toMatch(/^VERIFIED: \d+ audit entries/);
    expect(verified.status).toBe(0);

    const at = file.indexOf('"widget.updated"') + 2;
    const tamperedFile = join(dir, `confide-e2e-${widget.id}.jsonl`);
    writeFileSync(tamperedFile, `${file.slice(0, at)}${file[at] === "x" ? "y" : "x"}${file.slice(at + 1)}`);
    const tampered = auditVerify(tamperedFile, pemFile);
    expect(tampered.output).toContain("NOT VERIFIED");
    expect(tampered.status).toBe(1);
    for (const path of [pemFile, tamperedFile]) rmSync(path, { force: true });
  });
});
