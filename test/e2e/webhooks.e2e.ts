import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { auditContext, expectAccessible } from "./axe";
import { launchChromium } from "./browser";
import { appLogin } from "./session";

// Webhooks from end to end against `wrangler dev` (its local Queues): an admin adds an endpoint in
// Settings → Webhooks pointing at the local receiver, copies the secret shown once, sends a test,
// and sees the delivery listed as delivered; the receiver verified its signature with that secret.

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface Received {
  deliveryId: string | null;
  event: string | null;
  verified: boolean | null;
}

describe("Settings → Webhooks", () => {
  it("adds an endpoint, shows its secret once, and lists a signed test delivery as delivered", async () => {
    const receiver = inject("webhookReceiverUrl");
    const name = `e2e-${Math.random().toString(36).slice(2, 9)}`;
    const url = `${receiver}hooks/${name}`;

    const context = await auditContext(browser);
    const app = await appLogin(context);
    await app.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings", exact: true }).click();
    await app.getByRole("link", { name: "Webhooks", exact: true }).click();
    await app.getByRole("heading", { name: "Webhooks", level: 2 }).waitFor();
    await expectAccessible(app, "the webhooks screen");

    await app.getByLabel("Endpoint URL").fill(url);
    await app.getByRole("checkbox", { name: "Message left" }).check();
    await app.getByRole("button", { name: "Add endpoint", exact: true }).click();
    const secretField = app.getByRole("textbox", { name: "Signing secret" });
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expectAccessible(app, "the secret shown once");
    // The receiver checks signatures with the secret the admin copied.
    await fetch(`${receiver}control/${name}`, { method: "PUT", body: JSON.stringify({ secret }) });
    await app.getByRole("button", { name: "Done" }).click();
    await expect.poll(() => app.getByRole("textbox", { name: "Signing secret" }).count()).toBe(0);

    const endpoint = app.getByRole("listitem").filter({ hasText: url });
    await endpoint.getByRole("button", { name: "Send test" }).click();
    const received = async () => (await (await fetch(`${receiver}received/${name}`)).json()) as Received[];
    await expect.poll(received, { timeout: 20_000 }).toEqual([expect.objectContaining({ event: "webhook.test", verified: true })]);
    const [delivery] = await received();

    // The deliveries opened with the test; the attempt is listed once the page refreshes it.
    const row = endpoint.locator(`tr[data-delivery-id="${delivery!.deliveryId}"]`);
    await expect
      .poll(
        async () => {
          await endpoint.getByRole("button", { name: "Refresh" }).click();
          return (await row.count()) > 0 ? row.locator("[data-delivery-status]").getAttribute("data-delivery-status") : null;
        },
        { timeout: 20_000 },
      )
      .toBe("delivered");
    expect(await row.locator("[data-last-attempt]").textContent()).toMatch(/^HTTP 200 in \d+ ms$/);
    await expectAccessible(app, "the deliveries of an endpoint");
    await context.close();
  });
});
