import { Secret, TOTP } from "otpauth";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser";
import { api, appLogin, sessionCookie, submitAppLogin } from "./session";

// Two-step sign-in in a real browser: an operator sets up an authenticator app on the Security
// screen (reading the secret shown as text, as someone without a phone camera would), then signs
// out and back in with a code, and once more with a recovery code. Codes are made here with
// otpauth, as the app on a phone would make them.

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const codeAt = (secret: string, at: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp: at });

/** A new Agent, so the shared admin of the other end-to-end tests keeps signing in with a password alone. */
async function newOperator(cookie?: string): Promise<{ email: string; password: string }> {
  cookie ??= await sessionCookie();
  const roles = (await (await api("/team/roles?limit=100", { cookie })).json()) as { items: { id: string; name: string }[] };
  const credentials = { email: `totp-${Date.now()}@example.org`, password: "two factors, long enough" };
  const res = await api("/team/operators", {
    method: "POST",
    cookie,
    body: { ...credentials, displayName: "Tess Totp", roleId: roles.items.find((r) => r.name === "Agent")!.id },
  });
  expect(res.status).toBe(201);
  return credentials;
}

async function logOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Log out" }).click();
  await page.getByRole("button", { name: "Log in" }).waitFor();
}

describe("two-step sign-in", () => {
  it("is set up on the Security screen from the secret shown as text, then asks for a code, and takes a recovery code once", async () => {
    const credentials = await newOperator();
    const context = await browser.newContext({ locale: "en-US" });
    const page = await appLogin(context, credentials);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Security" }).click();
    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    const qr = page.getByRole("img", { name: "QR code that adds Confide to an authenticator app" });
    await qr.waitFor();
    await page.screenshot({ path: "test-results/app-two-factor-qr.png", fullPage: true });
    const shown = (await page.locator(".totp-setup__secret").textContent()) ?? "";
    const secret = shown.replace(/\s+/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const enrolledAt = Date.now();
    await page.getByLabel("The 6-digit code the app shows").fill(codeAt(secret, enrolledAt));
    await page.getByRole("button", { name: "Turn on", exact: true }).click();

    const codes = page.getByRole("list", { name: "Your recovery codes" }).getByRole("listitem");
    await codes.first().waitFor();
    const recoveryCodes = (await codes.allTextContents()).map((c) => c.trim());
    expect(recoveryCodes).toHaveLength(10);
    await page.getByRole("button", { name: "I have saved them" }).click();
    await expect.poll(() => page.getByText(/^On since/).count()).toBe(1);
    await logOut(page);

    // The password alone no longer opens the app: the code step follows.
    const again = await submitAppLogin(context, credentials);
    const codeField = again.getByLabel("Code from your authenticator app");
    await codeField.waitFor();
    expect(await codeField.getAttribute("autocomplete")).toBe("one-time-code");
    // The enrolment used this step's code; the app shows the next one half a minute later.
    await codeField.fill(codeAt(secret, enrolledAt + 30_000));
    await again.getByRole("button", { name: "Continue" }).click();
    await again.getByRole("button", { name: "Log out" }).waitFor();
    await logOut(again);

    const third = await submitAppLogin(context, credentials);
    await third.getByRole("button", { name: "Use a recovery code" }).click();
    await third.getByLabel("Recovery code").fill(recoveryCodes[0]!);
    await third.getByRole("button", { name: "Continue" }).click();
    await third.getByRole("button", { name: "Log out" }).waitFor();
    await logOut(third);

    // Used once, the same recovery code is refused.
    const fourth = await submitAppLogin(context, credentials);
    await fourth.getByRole("button", { name: "Use a recovery code" }).click();
    await fourth.getByLabel("Recovery code").fill(recoveryCodes[0]!);
    await fourth.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => fourth.getByRole("alert").textContent()).toMatch(/wrong or was already used/);
    await context.close();
  });

  it("under the account's policy, leads an operator without it through setting it up before the app opens", async () => {
    const admin = await sessionCookie();
    const credentials = await newOperator(admin);
    // The demo account is shared with the other files (run one after another): the policy is on only here.
    expect((await api("/settings", { method: "PATCH", cookie: admin, body: { requireTwoFactor: true } })).status).toBe(200);
    try {
      const context = await browser.newContext({ locale: "en-US" });
      const page = await submitAppLogin(context, credentials);
      await page.getByRole("heading", { name: "Set up two-step sign-in" }).waitFor();
      await page.getByRole("img", { name: "QR code that adds Confide to an authenticator app" }).waitFor();
      // Nothing of the app yet: no session, no navigation.
      expect(await page.getByRole("navigation", { name: "Main" }).count()).toBe(0);
      expect((await context.cookies()).length).toBe(0);
      const secret = ((await page.locator(".totp-setup__secret").textContent()) ?? "").replace(/\s+/g, "");
      await page.getByLabel("The 6-digit code the app shows").fill(codeAt(secret, Date.now()));
      await page.getByRole("button", { name: "Turn on", exact: true }).click();
      await page.getByRole("list", { name: "Your recovery codes" }).getByRole("listitem").first().waitFor();
      await page.screenshot({ path: "test-results/app-two-factor-policy-codes.png", fullPage: true });
      await page.getByRole("button", { name: "Continue to Confide" }).click();
      await page.getByRole("button", { name: "Log out" }).waitFor();
      await context.close();
    } finally {
      await api("/settings", { method: "PATCH", cookie: admin, body: { requireTwoFactor: false } });
    }
  });
});
