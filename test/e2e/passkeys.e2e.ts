import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./browser";

// Passkeys in a real Chromium against `wrangler dev`, with the DevTools virtual authenticator (a
// platform authenticator that holds discoverable credentials and verifies the user): register from
// the Security screen, sign out, sign in with the passkey alone, remove it, and see it refused.
// WebAuthn refuses IP addresses as relying-party ids, so the app is opened on localhost.

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const appUrl = () => inject("baseUrl").replace("//127.0.0.1:", "//localhost:");

/** A context whose pages have a virtual authenticator; it keeps its credentials across the pages' navigations. */
async function withAuthenticator(): Promise<{ context: BrowserContext; page: Page; credentials: () => Promise<unknown[]> }> {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  const credentials = async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
  return { context, page, credentials };
}

async function logOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Log out" }).click();
  await page.getByRole("button", { name: "Sign in with a passkey" }).waitFor();
}

describe("passkeys in the app", () => {
  it("registers from the Security screen, asks for it after the password, signs in with the passkey alone, and is refused once removed", async () => {
    const admin = inject("admin");
    const { context, page, credentials } = await withAuthenticator();

    await page.goto(`${appUrl()}/app/`);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("button", { name: "Log out" }).waitFor();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Security" }).click();
    const section = page.getByRole("region", { name: "Passkeys" });
    await section.getByText("You have no passkey yet.").waitFor();
    await section.getByLabel("Name of the new passkey").fill("E2E laptop");
    await section.getByRole("button", { name: "Add a passkey" }).click();
    const row = section.getByRole("row", { name: /E2E laptop/ });
    await row.waitFor();
    expect(await credentials()).toHaveLength(1);
    await row.getByRole("cell").nth(1).getByText("Never").waitFor();
    await page.screenshot({ path: "test-results/security-passkeys.png", fullPage: true });
    await row.getByRole("button", { name: "Rename" }).click();
    await section.getByLabel("New name for “E2E laptop”").fill("E2E phone");
    await section.getByRole("button", { name: "Save" }).click();
    await section.getByRole("row", { name: /E2E phone/ }).waitFor();

    await logOut(page);
    // With a passkey registered, the password alone no longer signs in: the passkey is the second step.
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Two-step sign-in" }).waitFor();
    expect(await page.getByRole("button", { name: "Log out" }).count()).toBe(0);
    await page.screenshot({ path: "test-results/login-passkey-second-step.png" });
    await page.getByRole("button", { name: "Use a passkey" }).click();
    await page.getByRole("button", { name: "Log out" }).waitFor();
    await logOut(page);

    await page.goto(`${appUrl()}/app/`);
    await page.screenshot({ path: "test-results/login-passkey.png" });
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    // Signed in with no email or password: the inbox opens.
    await page.getByRole("button", { name: "Log out" }).waitFor();
    await page.getByRole("tab", { name: /^Waiting/ }).waitFor();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Security" }).click();
    // The list now shows when it was last used.
    await expect
      .poll(() =>
        section
          .getByRole("row", { name: /E2E phone/ })
          .getByText("Never")
          .count(),
      )
      .toBe(0);
    await section
      .getByRole("row", { name: /E2E phone/ })
      .getByRole("button", { name: "Remove" })
      .click();
    const dialog = page.getByRole("alertdialog", { name: "Remove this passkey?" });
    await dialog.getByRole("button", { name: "Remove" }).click();
    await section.getByText("You have no passkey yet.").waitFor();

    await logOut(page);
    // The authenticator still holds the credential; the server no longer knows it.
    expect(await credentials()).toHaveLength(1);
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await page.getByRole("alert").getByText("This passkey was not accepted.").waitFor();
    expect(await page.getByRole("button", { name: "Log out" }).count()).toBe(0);
    await context.close();
  });
});
