import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { conversationRooms } from "../src/conversation/namespaces";
import worker from "../src/index";
import { accountsD1, BASE, SITE_ORIGIN, seedAccount, startChat } from "./helpers";

async function startWith(jurisdiction: string | undefined) {
  const account = await seedAccount();
  const ctx = createExecutionContext();
  const request = new Request(`${BASE}/w/${account.siteKey}/conversations`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: SITE_ORIGIN },
    body: JSON.stringify({ consent: true }),
  });
  const res = await worker.fetch(request as Parameters<typeof worker.fetch>[0], { ...env, DATA_JURISDICTION: jurisdiction } as Env, ctx);
  await waitOnExecutionContext(ctx);
  const stored = await accountsD1.prepare("SELECT COUNT(*) AS n FROM conversations WHERE account_id = ?").bind(account.accountId).first();
  return { res, stored };
}

describe("EU jurisdiction", () => {
  it("the committed production config pins conversations to the EU", async () => {
    // wrangler.toml is the production config; tests and local dev override the variable.
    const toml = (await import("../wrangler.toml?raw")).default as string;
    expect(toml).toMatch(/^DATA_JURISDICTION = "eu"$/m);
  });

  it("creates conversations when the opt-out is explicit (local dev and tests)", async () => {
    expect(env.DATA_JURISDICTION).toBe("none");
    const account = await seedAccount();
    await expect(startChat(account.siteKey)).resolves.toHaveProperty("conversationId");
  });

  for (const value of [undefined, "", "EU", "us", "nowhere"]) {
    it(`refuses to create conversations when DATA_JURISDICTION is ${JSON.stringify(value)}`, async () => {
      const { res, stored } = await startWith(value);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("jurisdiction_not_configured");
      expect(stored).toEqual({ n: 0 });
    });
  }

  it('goes through namespace.jurisdiction("eu") when set to eu', () => {
    // workerd has no jurisdictions, so reaching its "not implemented" error proves the call is made.
    expect(() => conversationRooms({ ...env, DATA_JURISDICTION: "eu" } as Env).newUniqueId()).toThrow(/[Jj]urisdiction/);
  });
});
