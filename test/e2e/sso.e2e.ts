import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./browser";
import { api, sessionCookie, submitAppLogin } from "./session";

// Single sign-on in Chromium against a real OpenID Connect provider (oidc-provider on 127.0.0.1,
// started by global-setup.ts): discovery, authorization code with PKCE, a signed ID token with
// the user's groups, and the worker's callback.

const DOMAIN = "sso.confide.localhost";

let browser: Browser;
let admin: string;
const roleIds: Record<string, string> = {};

/** The account's SSO as the admin saves it; `agentsRole` is the role of the group confide-agents. */
const settings = (agentsRole = "Agent", extra: Record<string, unknown> = {}) => {
  const oidc = inject("oidc");
  return {
    issuer: oidc.issuer,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    domains: [DOMAIN],
    groupsClaim: "groups",
    roleMappings: [
      { group: "confide-supervisors", roleId: roleIds.Supervisor },
      { group: "confide-agents", roleId: roleIds[agentsRole] },
    ],
    createOperators: true,
    ssoOnly: false,
    ...extra,
  };
};

async function configure(body: unknown): Promise<void> {
  const res = await api("/settings/sso", { method: "PUT", body, cookie: admin });
  expect(res.status, await res.clone().text()).toBe(200);
}

beforeAll(async () => {
  browser = await launchChromium();
  admin = await sessionCookie();
  const roles = (await (await api("/team/roles", { cookie: admin })).json()) as { items: { id: string; name: string }[] };
  for (const role of roles.items) roleIds[role.name] = role.id;
  await configure(settings());
});

afterAll(async () => {
  await api("/settings/sso", { method: "DELETE", cookie: admin });
  await browser?.close();
});

/** From the app's login screen through the provider's login page; resolves once the provider's form is sent. */
async function ssoSignIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${inject("baseUrl")}/app/`);
  await page.getByRole("button", { name: "Sign in with single sign-on" }).click();
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
  // oidc-provider's development login page: the user by email, any password.
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill("any password");
  await page.locator('button[type="submit"]').click();
  return page;
}

/**
 * Signs in through the provider and catches the browser's request to the callback (the last hop
 * of the provider's redirects, which Playwright's routing does not see, so through the DevTools
 * protocol): its URL and the flow cookie it carries. `fail` keeps it from reaching the worker.
 */
async function holdCallback(context: BrowserContext, email: string, then: "fail" | "continue"): Promise<{ url: string; cookie: string }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  let held: { url: string; cookie: string } | null = null;
  cdp.on("Fetch.requestPaused", (event: { requestId: string; request: { url: string } }) => {
    void (async () => {
      const flow = (await context.cookies(inject("baseUrl"))).find((c) => c.name === "__Host-confide_sso");
      held = { url: event.request.url, cookie: `${flow!.name}=${flow!.value}` };
      if (then === "fail") await cdp.send("Fetch.failRequest", { requestId: event.requestId, errorReason: "Aborted" });
      else await cdp.send("Fetch.continueRequest", { requestId: event.requestId });
    })();
  });
  await cdp.send("Fetch.enable", { patterns: [{ urlPattern: "*/api/v1/auth/sso/callback*", requestStage: "Request" }] });
  await page.goto(`${inject("baseUrl")}/app/`);
  await page.getByRole("button", { name: "Sign in with single sign-on" }).click();
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill("any password");
  await page.locator('button[type="submit"]').click();
  return until(() => held);
}

const me = (page: Page) =>
  page.evaluate(async () => {
    const res = await fetch("/api/v1/me");
    return { status: res.status, body: (await res.json()) as { operator?: { email: string }; role?: { name: string } } };
  });

async function auditActions(prefix: string): Promise<{ action: string; targetId: string | null }[]> {
  const res = await api(`/audit-log?action=${prefix}&limit=100`, { cookie: admin });
  return ((await res.json()) as { items: { action: string; targetId: string | null }[] }).items;
}

/** Waits until `read()` is not null, for at most `timeoutMs`. */
async function until<T>(read: () => T | null, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("single sign-on (OpenID Connect)", () => {
  it("signs a new user of a mapped group in with the group's role, and follows the mapping at the next sign-in", async () => {
    const first = await browser.newContext();
    const page = await ssoSignIn(first, `ana@${DOMAIN}`);
    await page.getByRole("button", { name: "Log out" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/app/");
    expect(await me(page)).toMatchObject({ status: 200, body: { operator: { email: `ana@${DOMAIN}` }, role: { name: "Agent" } } });
    expect((await auditActions("operator.")).map((e) => e.action)).toContain("operator.created_by_sso");
    expect(await auditActions("login")).toEqual(expect.arrayContaining([expect.objectContaining({ action: "login", targetId: "sso" })]));

    // The administrator maps the group to another role: the next sign-in brings the role along and
    // ends the sessions that had the old one.
    await configure(settings("Read-only"));
    const second = await browser.newContext();
    const again = await ssoSignIn(second, `ana@${DOMAIN}`);
    await again.getByRole("button", { name: "Log out" }).waitFor();
    expect(await me(again)).toMatchObject({ status: 200, body: { role: { name: "Read-only" } } });
    expect((await me(page)).status).toBe(401);
    expect((await auditActions("operator.")).map((e) => e.action)).toContain("operator.role_from_sso");
    await configure(settings());
    await first.close();
    await second.close();
  });

  it("refuses a user of no mapped group, and one whose email the provider has not verified, with a clear message", async () => {
    for (const [email, message] of [
      [`carl@${DOMAIN}`, "You are in none of the groups that have access to Confide"],
      [`uma@${DOMAIN}`, "has not confirmed your email address"],
    ] as const) {
      const context = await browser.newContext();
      const page = await ssoSignIn(context, email);
      await page.getByRole("alert").filter({ hasText: message }).waitFor();
      // Back on the login screen, not signed in, and the address bar no longer carries the error.
      expect(new URL(page.url()).search).toBe("");
      expect((await me(page)).status).toBe(401);
      await context.close();
    }
    const operators = (await (await api("/team/operators?limit=100", { cookie: admin })).json()) as { items: { email: string }[] };
    expect(operators.items.map((o) => o.email)).not.toContain(`carl@${DOMAIN}`);
    expect(operators.items.map((o) => o.email)).not.toContain(`uma@${DOMAIN}`);
    const failures = (await auditActions("sso.failed")).map((e) => e.targetId);
    expect(failures).toEqual(expect.arrayContaining(["sso_no_mapped_group", "sso_email_unverified"]));
  });

  it("under \"SSO only\" refuses an operator's password on the login screen, and keeps the administrator's", async () => {
    const email = `pat-${crypto.randomUUID().slice(0, 6)}@confide.localhost`;
    const password = "Pat's password, long enough";
    const created = await api("/team/operators", {
      method: "POST",
      body: { email, displayName: "Pat", password, roleId: roleIds.Agent },
      cookie: admin,
    });
    expect(created.status).toBe(201);
    await configure(settings("Agent", { ssoOnly: true }));
    try {
      const context = await browser.newContext();
      const page = await submitAppLogin(context, { email, password });
      await page.getByRole("alert").filter({ hasText: "Your account signs in with single sign-on only" }).waitFor();
      expect((await me(page)).status).toBe(401);
      await context.close();
      // Break-glass: the administrator, who can repair the SSO settings, still signs in with a password.
      await sessionCookie();
      expect((await auditActions("sso.")).map((e) => e.action)).toEqual(expect.arrayContaining(["sso.only_enabled", "sso.bypassed"]));
    } finally {
      await configure(settings());
    }
  });

  it("refuses a callback whose state was tampered with, and a callback replayed after it worked", async () => {
    const baseUrl = inject("baseUrl");
    const replay = (url: string, cookie: string) => fetch(url, { headers: { Cookie: cookie }, redirect: "manual" });

    // Tampered: the provider's answer (with a real code) is held back, and sent with another state.
    const tampered = await browser.newContext();
    const answer = await holdCallback(tampered, `sam@${DOMAIN}`, "fail");
    const forged = new URL(answer.url);
    forged.searchParams.set("state", `${forged.searchParams.get("state")}x`);
    const refused = await replay(forged.toString(), answer.cookie);
    expect(refused.status).toBe(303);
    expect(refused.headers.get("Location")).toBe("/app/?sso_error=sso_state_mismatch");
    expect(refused.headers.get("Set-Cookie") ?? "").not.toContain("__Host-confide_session=");
    await tampered.close();

    // Replayed: the real callback signs in; the same request again is refused.
    const real = await browser.newContext();
    const seen = await holdCallback(real, `sam@${DOMAIN}`, "continue");
    const page = real.pages()[0]!;
    await page.getByRole("button", { name: "Log out" }).waitFor();
    expect(await me(page)).toMatchObject({ body: { role: { name: "Supervisor" } } });
    const replayed = await replay(seen.url, seen.cookie);
    expect(replayed.status).toBe(303);
    expect(replayed.headers.get("Location")).toBe("/app/?sso_error=sso_replayed");
    expect(replayed.headers.get("Set-Cookie") ?? "").not.toContain("__Host-confide_session=");
    expect(new URL(baseUrl).origin).toBe(new URL(seen.url).origin);
    await real.close();
  });
});
