import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./browser";
import { api, appLogin, sessionCookie } from "./session";

// The operator's own password on the Security screen, and scoped API tokens in Settings, in a
// real browser against wrangler dev.

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const english = (): Promise<BrowserContext> => browser.newContext({ locale: "en-US" });

/** A new operator with the given role (by name), made by the admin over REST; returns their login. */
async function newOperator(roleName: string, password: string): Promise<{ email: string; password: string }> {
  const cookie = await sessionCookie();
  const roles = (await (await api("/team/roles", { cookie })).json()) as { items: { id: string; name: string }[] };
  const email = `e2e-${crypto.randomUUID().slice(0, 8)}@confide.localhost`;
  const created = await api("/team/operators", {
    method: "POST",
    cookie,
    body: { email, displayName: "Pat Password", password, roleId: roles.items.find((r) => r.name === roleName)!.id },
  });
  expect(created.status).toBe(201);
  return { email, password };
}

describe("the Password section of the Security screen", () => {
  it("refuses a wrong current password, then changes it: this tab stays signed in, another session ends, the old password fails", async () => {
    const operator = await newOperator("Agent", "the first password of Pat");
    const otherSession = await sessionCookie(operator);
    const page = await appLogin(await english(), operator);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Security" }).click();
    const section = page.getByRole("region", { name: "Password" });
    await section.waitFor();

    // The new password twice, but a wrong current one: the field says so, nothing changes.
    await section.getByLabel("Current password").fill("not the password");
    await section.getByLabel("New password", { exact: true }).fill("the second password of Pat");
    await section.getByLabel("Repeat the new password").fill("the second password of Pat");
    await section.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => section.getByText("The current password is wrong.").count()).toBe(1);
    expect((await api("/me", { cookie: otherSession })).status).toBe(200);

    // Two new passwords that differ are caught before anything is sent.
    await section.getByLabel("Current password").fill("the first password of Pat");
    await section.getByLabel("Repeat the new password").fill("something else entirely");
    await section.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => section.getByText("The two new passwords are not the same.").count()).toBe(1);

    await section.getByLabel("Repeat the new password").fill("the second password of Pat");
    await section.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => section.getByRole("status").textContent(), { timeout: 10_000 }).toContain("Your password is changed.");
    await page.screenshot({ path: "test-results/app-security-password.png", fullPage: true });

    expect((await api("/me", { cookie: otherSession })).status).toBe(401);
    await expect(sessionCookie(operator)).rejects.toThrow(/401/);
    await sessionCookie({ email: operator.email, password: "the second password of Pat" });
    // This tab is still signed in: another screen loads without a login.
    await page.reload();
    await page.getByRole("button", { name: "Log out" }).waitFor();
    await page.getByRole("region", { name: "Password" }).waitFor();
  });

  it("in German, says a wrong current password in German", async () => {
    const operator = await newOperator("Agent", "the first password of Uli");
    const page = await appLogin(await browser.newContext({ locale: "en-US" }), operator);
    await page.getByLabel("Language").selectOption("de");
    await page.goto(`${inject("baseUrl")}/app/security`);
    const section = page.getByRole("region", { name: "Passwort" });
    await section.getByLabel("Aktuelles Passwort").fill("falsch falsch");
    await section.getByLabel("Neues Passwort", { exact: true }).fill("das zweite Passwort von Uli");
    await section.getByLabel("Neues Passwort wiederholen").fill("das zweite Passwort von Uli");
    await section.getByRole("button", { name: "Passwort ändern" }).click();
    await expect.poll(() => section.getByText("Das aktuelle Passwort ist falsch.").count()).toBe(1);
  });
});

describe("API tokens in Settings", () => {
  it("offers the scopes the role holds, creates a token with the ticked ones and lists them", async () => {
    const page = await appLogin(await english());
    await page.goto(`${inject("baseUrl")}/app/settings/api-tokens`);
    const form = page.getByRole("form", { name: "Create a token" });
    await form.waitFor();
    const scopes = form.getByRole("group", { name: "Scopes" });
    // The admin holds every scope: all eleven are offered, none ticked.
    expect(await scopes.getByRole("checkbox").count()).toBe(11);
    expect(await scopes.getByRole("checkbox", { checked: true }).count()).toBe(0);

    const name = `CRM ${crypto.randomUUID().slice(0, 6)}`;
    await form.getByLabel("Token name").fill(name);
    await form.getByRole("button", { name: "Create token" }).click();
    await expect.poll(() => form.getByText("Choose at least one scope.").count()).toBe(1);

    await scopes.getByRole("checkbox", { name: /Read transcripts/ }).check();
    await scopes.getByRole("checkbox", { name: /Read settings/ }).check();
    await form.getByRole("button", { name: "Create token" }).click();
    const token = await page.getByLabel("Token", { exact: true }).inputValue();
    await page.getByRole("button", { name: "Done" }).click();
    const row = page.getByRole("row", { name: new RegExp(name) });
    await expect.poll(() => row.textContent()).toContain("transcripts:read");
    expect(await row.textContent()).toContain("settings:read");
    await page.screenshot({ path: "test-results/app-settings-api-tokens-scopes.png", fullPage: true });

    // The token does what its scopes say, and no more.
    const base = inject("baseUrl");
    expect((await fetch(`${base}/api/v1/settings`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    const team = await fetch(`${base}/api/v1/team/operators`, { headers: { Authorization: `Bearer ${token}` } });
    expect(team.status).toBe(403);
    expect(((await team.json()) as { error: { code: string } }).error.code).toBe("insufficient_scope");
  });
});
