import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./browser";

// The widget as a customer's visitors meet it: on a page of another origin than Confide.

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const pageUrl = (worker: string, hostile = false) =>
  `${inject("hostUrl")}/page?worker=${encodeURIComponent(worker)}${hostile ? "&hostile=1" : ""}`;

async function openWidget(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Open chat" }).click();
  await page.getByRole("dialog").waitFor();
}

/** Everything the browser keeps for the host page and for Confide. */
async function storedState(page: Page) {
  const cookies = await page.context().cookies();
  const storage = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie }));
  return { cookies: cookies.length, ...storage };
}

describe("the widget on a customer's page", () => {
  it("sets nothing before consent, gates the chat on consent, and chats", async () => {
    const page = await browser.newPage();
    const toConfide: string[] = [];
    page.on("request", (r) => {
      if (r.url().startsWith(inject("baseUrl"))) toConfide.push(new URL(r.url()).pathname);
    });
    await page.goto(pageUrl(inject("baseUrl")));
    await page.getByRole("button", { name: "Open chat" }).waitFor();
    await page.waitForLoadState("networkidle");
    // Merely visiting the page costs the visitor one script and nothing else.
    expect(toConfide).toEqual(["/widget/loader.js"]);
    expect(await storedState(page)).toEqual({ cookies: 0, local: 0, session: 0, cookie: "" });

    await openWidget(page);
    const start = page.getByRole("button", { name: "Start chat" });
    await start.waitFor();
    expect(await start.isDisabled()).toBe(true);
    // The privacy-policy link is there from the start.
    const policy = page.getByRole("link", { name: "Privacy policy" });
    await policy.waitFor();
    expect(await policy.getAttribute("href")).toBe(`${inject("baseUrl")}/demo/privacy`);
    // Opening and reading the notice stores nothing either.
    expect(await storedState(page)).toEqual({ cookies: 0, local: 0, session: 0, cookie: "" });

    await page.getByRole("checkbox").check();
    expect(await start.isDisabled()).toBe(false);
    await start.click();
    const composer = page.getByRole("textbox", { name: "Message" });
    await composer.waitFor();
    await composer.fill("Hello from another origin");
    await page.getByRole("button", { name: "Send" }).click();
    await page.locator('[role="log"] li[data-seq="1"]').waitFor();
    expect(await page.locator('[role="log"] li[data-seq="1"] .body').textContent()).toBe("Hello from another origin");
    // Cookies stay at zero for good; only after consent may the session be kept for this tab.
    expect((await storedState(page)).cookies).toBe(0);
    await page.close();
  });

  it("is not changed by the host page's CSS", async () => {
    const styleOf = async (page: Page) =>
      page.evaluate(() => {
        const root = document.querySelector("confide-chat")?.shadowRoot;
        const send = root?.querySelector("button[type=submit], form button") as HTMLElement | null;
        const title = root?.querySelector("h2") as HTMLElement | null;
        const pick = (el: HTMLElement | null) => {
          if (!el) return null;
          const s = getComputedStyle(el);
          return {
            font: s.fontFamily,
            color: s.color,
            background: s.backgroundColor,
            border: s.borderTopStyle,
            size: s.fontSize,
            display: s.display,
          };
        };
        return { send: pick(send), title: pick(title) };
      });
    const plain = await browser.newPage();
    await plain.goto(pageUrl(inject("baseUrl")));
    await openWidget(plain);
    await plain.getByRole("button", { name: "Start chat" }).waitFor();
    const hostile = await browser.newPage();
    await hostile.goto(pageUrl(inject("baseUrl"), true));
    // The host hides every button it can see; the launcher lives in a shadow root.
    await openWidget(hostile);
    await hostile.getByRole("button", { name: "Start chat" }).waitFor();
    const [a, b] = [await styleOf(plain), await styleOf(hostile)];
    expect(a.title).not.toBeNull();
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).not.toContain("Comic");
    // Nor the boxes of the widget's own elements in the page, which the host's `*` rule reaches.
    const hosts = await hostile.evaluate(() =>
      ["confide-launcher", "confide-chat"].map((name) => {
        const s = getComputedStyle(document.querySelector(name)!);
        return { border: s.borderTopStyle, background: s.backgroundColor, position: s.position };
      }),
    );
    expect(hosts).toEqual([
      { border: "none", background: "rgba(0, 0, 0, 0)", position: "fixed" },
      { border: "none", background: "rgba(0, 0, 0, 0)", position: "static" },
    ]);
    await hostile.emulateMedia({ reducedMotion: "reduce" });
    await hostile.screenshot({ path: "test-results/widget-hostile-css.png" });
    await plain.close();
    await hostile.close();
  });

  it("works under the customer's strictest CSP (no inline script or style) without a single violation", async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${pageUrl(inject("baseUrl"))}&csp=strict`);
    await page.evaluate(() => {
      const seen = window as unknown as { __violations?: string[] };
      seen.__violations = [];
      document.addEventListener("securitypolicyviolation", (event) =>
        seen.__violations?.push(`${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    await openWidget(page);
    await page.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Start chat" }).click();
    const composer = page.getByRole("textbox", { name: "Message" });
    await composer.fill("Hello under a strict policy");
    await composer.press("Enter");
    await page.locator('[role="log"] li[data-seq="1"]').waitFor();
    // Styled all the same: the panel floats over the page as designed, not in the browser's default flow.
    const plain = await browser.newPage();
    await plain.goto(pageUrl(inject("baseUrl")));
    await openWidget(plain);
    const look = (p: Page) =>
      p.getByRole("dialog").evaluate((el) => {
        const s = getComputedStyle(el);
        return { position: s.position, width: s.width, radius: s.borderTopLeftRadius, shadow: s.boxShadow };
      });
    expect(await look(page)).toEqual(await look(plain));
    expect((await look(page)).position).not.toBe("static");
    await plain.close();
    expect(await page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? [])).toEqual([]);
    expect(violations).toEqual([]);
    await page.close();
  });

  it("keeps hostile messages inert text", async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl(inject("baseUrl")));
    await openWidget(page);
    await page.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Start chat" }).click();
    const payloads = [
      '<img src=x onerror="window.__pwned=1">',
      "<script>window.__pwned=1</script>",
      '<a href="javascript:window.__pwned=1">click</a>',
      "x".repeat(3000),
    ];
    for (const payload of payloads) {
      await page.getByRole("textbox", { name: "Message" }).fill(payload);
      await page.getByRole("button", { name: "Send" }).click();
    }
    await page.locator(`[role="log"] li[data-seq="${payloads.length}"]`).waitFor();
    const bodies = await page.locator('[role="log"] li[data-seq] .body').allTextContents();
    expect(bodies).toEqual(payloads);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const links = await page.evaluate(
      () =>
        document.querySelector("confide-chat")?.shadowRoot?.querySelectorAll('[role="log"] a, [role="log"] img, [role="log"] script')
          .length,
    );
    expect(links).toBe(0);
    // The long unbroken string wraps inside the panel instead of widening it.
    const overflow = await page.evaluate(() => {
      const log = document.querySelector("confide-chat")?.shadowRoot?.querySelector('[role="log"]') as HTMLElement;
      return log.scrollWidth - log.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(1);
    await page.close();
  });
});

describe("a conversation across page loads", () => {
  it("resumes on the next page of the visit, with every message once", async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl(inject("baseUrl")));
    await openWidget(page);
    await page.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Start chat" }).click();
    await page.getByRole("textbox", { name: "Message" }).fill("first page");
    await page.getByRole("button", { name: "Send" }).click();
    await page.locator('[role="log"] li[data-seq="1"]').waitFor();
    // The visitor moves on to another page of the shop.
    await page.goto(`${pageUrl(inject("baseUrl"))}&next=1`);
    await openWidget(page);
    await page.locator('[role="log"] li[data-seq="1"]').waitFor();
    await page.getByRole("textbox", { name: "Message" }).fill("second page");
    await page.getByRole("button", { name: "Send" }).click();
    await page.locator('[role="log"] li[data-seq="2"]').waitFor();
    expect(await page.locator('[role="log"] li[data-seq] .body').allTextContents()).toEqual(["first page", "second page"]);
    await page.close();
  });
});

describe("hostile settings and operator messages", () => {
  it("stay inert text too: greeting, widget name, operator text, and a javascript: policy link is dropped", async () => {
    const baseUrl = inject("baseUrl");
    const admin = inject("admin");
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: baseUrl },
      body: JSON.stringify(admin),
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${baseUrl}/api/v1${path}`, { ...init, headers: { "Content-Type": "application/json", Origin: baseUrl, Cookie: cookie } });
    const widgets = (await (await api("/settings/widgets")).json()) as {
      items: { id: string; siteKey: string; name: string; greeting: string | null }[];
    };
    const demo = widgets.items.find((w) => w.siteKey === "demo")!;
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
    await api(`/settings/widgets/${demo.id}`, { method: "PATCH", body: JSON.stringify({ greeting: hostile, name: `${hostile} Shop` }) });
    try {
      const page = await browser.newPage();
      // A config whose policy link is a javascript: URL (the API refuses to store one): the widget must not link it.
      await page.route("**/w/demo/config*", async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as Record<string, unknown>;
        await route.fulfill({
          response,
          json: { ...body, privacyPolicy: { url: "javascript:window.__pwned=1", label: "Privacy policy" } },
        });
      });
      await page.goto(pageUrl(baseUrl));
      await openWidget(page);
      await page.getByRole("checkbox").check();
      await page.getByRole("button", { name: "Start chat" }).click();
      await page.getByRole("textbox", { name: "Message" }).waitFor();
      const session = JSON.parse((await page.evaluate(() => sessionStorage.getItem("confide:demo")))!) as { conversationId: string };
      // An operator writes hostile HTML.
      const { default: WebSocket } = await import("ws");
      const ws = new WebSocket(`${baseUrl.replace("http", "ws")}/api/v1/conversations/${session.conversationId}/socket`, {
        origin: baseUrl,
        headers: { Cookie: cookie },
      });
      await new Promise((resolve, reject) => {
        ws.once("open", resolve);
        ws.once("error", reject);
      });
      ws.send(
        JSON.stringify({ type: "message.send", clientId: "hostile", body: '<a href="javascript:window.__pwned=1">win</a><b>bold</b>' }),
      );
      await page.locator('[role="log"] li[data-seq="1"]').waitFor();
      ws.close();
      const shown = await page.evaluate(() => {
        const root = document.querySelector("confide-chat")!.shadowRoot!;
        return {
          greeting: root.querySelector(".greeting")?.textContent,
          title: root.querySelector("h2")?.textContent,
          body: root.querySelector('[role="log"] li[data-seq="1"] .body')?.textContent,
          elements: root.querySelectorAll("img, script, b, a[href^='javascript']").length,
          links: Array.from(root.querySelectorAll("a"), (a) => a.getAttribute("href")),
        };
      });
      expect(shown.greeting).toBe(hostile);
      expect(shown.title).toBe(`${hostile} Shop`);
      expect(shown.body).toBe('<a href="javascript:window.__pwned=1">win</a><b>bold</b>');
      expect(shown.elements).toBe(0);
      expect(shown.links.every((href) => href === null || /^https?:/.test(href))).toBe(true);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      await page.close();
    } finally {
      await api(`/settings/widgets/${demo.id}`, {
        method: "PATCH",
        body: JSON.stringify({ greeting: demo.greeting ?? "Hi! How can we help?", name: demo.name }),
      });
    }
  });
});

describe("the widget router in the browser", () => {
  it("gives a visitor from Germany the privacy widget", async () => {
    const page = await browser.newPage();
    const config = page.waitForResponse((r) => r.url().includes("/w/demo/config"));
    await page.goto(pageUrl(inject("germanUrl")));
    await openWidget(page);
    const body = (await (await config).json()) as { siteKey: string; privacyMode: boolean; name: string };
    expect(body).toMatchObject({ siteKey: "demo-eu", privacyMode: true, name: "Demo support (EU)" });
    await page.getByRole("heading", { name: "Demo support (EU)" }).waitFor();
    await page.close();
  });

  it("starts a privacy-mode chat with a proof of work the page solved, and sends nothing of the visit", async () => {
    const page = await browser.newPage();
    const challenge = page.waitForResponse((r) => r.url().endsWith("/w/demo-eu/challenge"));
    await page.goto(pageUrl(inject("germanUrl")));
    await openWidget(page);
    // The widget asks for its challenge as soon as the privacy widget's form is shown.
    const issued = (await (await challenge).json()) as { challenge: string; difficulty: number };
    expect(issued.difficulty).toBe(12);
    await page.getByRole("checkbox").check();
    const started = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/w/demo-eu/conversations"));
    await page.getByRole("button", { name: "Start chat" }).click();
    const body = (await started).postDataJSON() as Record<string, unknown>;
    expect(body.proof).toEqual({ challenge: issued.challenge, solution: expect.stringMatching(/^\d+$/) });
    expect(body).not.toHaveProperty("pageUrl");
    expect(body).not.toHaveProperty("referrer");
    await page.getByRole("textbox", { name: "Message" }).waitFor();
    await page.close();
  });

  it("gives a visitor from outside the EU the standard widget", async () => {
    const page = await browser.newPage();
    const config = page.waitForResponse((r) => r.url().includes("/w/demo/config"));
    await page.goto(pageUrl(inject("baseUrl")));
    await openWidget(page);
    expect(((await (await config).json()) as { siteKey: string }).siteKey).toBe("demo");
    await page.close();
  });
});

describe("languages", () => {
  for (const [locale, language, dir, startLabel] of [
    ["en-US", "en", "ltr", "Start chat"],
    ["de-DE", "de", "ltr", null],
    ["ar-EG", "ar", "rtl", null],
  ] as const) {
    it(`renders in ${language} (${dir}) from the browser's language`, async () => {
      const context = await browser.newContext({ locale, reducedMotion: "reduce" });
      try {
        const page = await context.newPage();
        await page.goto(pageUrl(inject("baseUrl")));
        await page.getByRole("button", { name: "Open chat" }).click();
        const dialog = page.getByRole("dialog");
        await dialog.waitFor();
        await expect
          .poll(() =>
            page.evaluate(() => document.querySelector("confide-chat")?.shadowRoot?.querySelector("[lang]")?.getAttribute("lang")),
          )
          .toBe(language);
        const shownDir = await page.evaluate(
          () => document.querySelector("confide-chat")?.shadowRoot?.querySelector("[dir]")?.getAttribute("dir") ?? "ltr",
        );
        expect(shownDir).toBe(dir);
        if (startLabel) await page.getByRole("button", { name: startLabel }).waitFor();
        await page.screenshot({ path: `test-results/widget-${language}.png` });
      } finally {
        await context.close();
      }
    });
  }
});
