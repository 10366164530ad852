import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createWidget } from "../src/db/accounts";
import { openDb } from "../src/db/client";
import {
  deviceClass,
  matchConditions,
  pagePath,
  patternCanMatchHost,
  primaryLanguage,
  type VisitorContext,
} from "../src/widget-router/evaluate";
import { accountsD1, BASE, login, SITE_ORIGIN, seedAccount } from "./helpers";

const UA = {
  iphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
  ipad: "Mozilla/5.0 (iPad; CPU OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
  androidPhone: "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
  androidTablet: "Mozilla/5.0 (Linux; Android 15; SM-X910) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  desktop: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
};

describe("visitor context", () => {
  it.each([
    ["iphone", "mobile"],
    ["ipad", "tablet"],
    ["androidPhone", "mobile"],
    ["androidTablet", "tablet"],
    ["desktop", "desktop"],
  ] as const)("classifies %s as %s", (ua, device) => {
    expect(deviceClass(UA[ua])).toBe(device);
  });

  it("reads the first browser language and the page without scheme", () => {
    expect(primaryLanguage("de-AT,de;q=0.9,en;q=0.8")).toBe("de");
    expect(primaryLanguage("*")).toBeNull();
    expect(pagePath("https://Shop.Example/de/cart?x=1")).toBe("shop.example/de/cart?x=1");
    expect(pagePath("javascript:alert(1)")).toBeNull();
  });

  const visitor: VisitorContext = {
    page: "shop.example/de/cart",
    country: "DE",
    continent: "EU",
    euMember: true,
    device: "mobile",
    language: "de",
  };
  it.each([
    [{}, true],
    [{ urlPattern: "shop.example/de/*" }, true],
    [{ urlPattern: "shop.example/fr/*" }, false],
    [{ countries: ["AT", "DE"] }, true],
    [{ countries: ["US"] }, false],
    [{ continents: ["EU"] as ("EU" | "NA")[] }, true],
    [{ euMember: false }, false],
    [{ devices: ["desktop"] as ("desktop" | "mobile")[] }, false],
    [{ languages: ["de", "fr"] }, true],
    [{ euMember: true, devices: ["mobile"] as "mobile"[], languages: ["en"] }, false],
  ])("conditions %j match: %s", (conditions, expected) => {
    expect(matchConditions(conditions, visitor).matched).toBe(expected);
  });
});

async function routedAccount() {
  const account = await seedAccount();
  const db = openDb(accountsD1);
  const privacyKey = `p-${crypto.randomUUID().slice(0, 8)}`;
  const mobileKey = `m-${crypto.randomUUID().slice(0, 8)}`;
  const privacy = await createWidget(db, {
    accountId: account.accountId,
    departmentId: account.departmentId,
    siteKey: privacyKey,
    name: "Privacy",
    allowedOrigins: [SITE_ORIGIN],
    now: Date.now(),
  });
  const mobile = await createWidget(db, {
    accountId: account.accountId,
    departmentId: account.departmentId,
    siteKey: mobileKey,
    name: "Mobile",
    allowedOrigins: [SITE_ORIGIN],
    now: Date.now(),
  });
  const cookie = await login(account.adminEmail);
  const res = await SELF.fetch(`${BASE}/api/v1/settings/router`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
    body: JSON.stringify({
      rules: [
        { name: "Help pages in French", conditions: { urlPattern: "shop.example/fr/help*", languages: ["fr"] }, widgetId: mobile },
        { name: "Visitors from the EU", conditions: { euMember: true }, widgetId: privacy },
        { name: "Phones", conditions: { devices: ["mobile"] }, widgetId: mobile },
      ],
    }),
  });
  expect(res.status).toBe(200);
  return { account, cookie, privacyKey, mobileKey };
}

const DE = { country: "DE", continent: "EU", isEUCountry: "1" };
const US = { country: "US", continent: "NA" };
const CH = { country: "CH", continent: "EU" };

describe("GET /w/:siteKey/config through the router", () => {
  it("gives each visitor the first matching rule's widget, else the default", async () => {
    const { account, privacyKey, mobileKey } = await routedAccount();
    const cases: [string, Record<string, string>, string, string, string][] = [
      ["German visitor", DE, UA.desktop, "de-DE", privacyKey],
      ["US desktop visitor", US, UA.desktop, "en-US", account.siteKey],
      ["US phone visitor", US, UA.iphone, "en-US", mobileKey],
      ["Swiss visitor (Europe, not EU)", CH, UA.desktop, "de-CH", account.siteKey],
      ["French help page beats the EU rule", { country: "FR", continent: "EU", isEUCountry: "1" }, UA.desktop, "fr-FR", mobileKey],
      // Where Cloudflare cannot place a visitor, the privacy-safe side: treated as in the EU.
      ["visitor of unknown location", { country: "XX" }, UA.desktop, "en-US", privacyKey],
      ["visitor over Tor", { country: "T1" }, UA.desktop, "en-US", privacyKey],
      ["visitor without any location", {}, UA.desktop, "en-US", privacyKey],
    ];
    for (const [label, cf, ua, language, expected] of cases) {
      const page = label.includes("help") ? "https://shop.example/fr/help/returns" : "https://shop.example/";
      const res = await SELF.fetch(`${BASE}/w/${account.siteKey}/config?url=${encodeURIComponent(page)}`, {
        headers: { Origin: SITE_ORIGIN, "User-Agent": ua, "Accept-Language": language },
        cf,
      });
      expect(res.status, label).toBe(200);
      expect(((await res.json()) as { siteKey: string }).siteKey, label).toBe(expected);
    }
  });

  it("gives no widget, not the next rule's or the embed's, when the matched rule's widget does not allow the page's origin", async () => {
    const { account, privacyKey, cookie } = await routedAccount();
    const widgets = (await (await SELF.fetch(`${BASE}/api/v1/settings/widgets`, { headers: { Cookie: cookie } })).json()) as {
      items: { id: string; siteKey: string }[];
    };
    const privacy = widgets.items.find((w) => w.siteKey === privacyKey)!;
    await SELF.fetch(`${BASE}/api/v1/settings/widgets/${privacy.id}`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
      body: JSON.stringify({ allowedOrigins: ["https://elsewhere.example"] }),
    });
    // An EU visitor matches "Visitors from the EU", whose widget may not be on shop.example.
    for (const cf of [DE, {}]) {
      const res = await SELF.fetch(`${BASE}/w/${account.siteKey}/config`, {
        headers: { Origin: SITE_ORIGIN, "User-Agent": UA.desktop },
        cf,
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "no_widget_for_origin" } });
      // The widget reads the error: the CORS header comes with it.
      expect(res.headers.get("Access-Control-Allow-Origin")).toBe(SITE_ORIGIN);
    }
    // A visitor no rule matches still gets the default widget.
    const us = await SELF.fetch(`${BASE}/w/${account.siteKey}/config`, {
      headers: { Origin: SITE_ORIGIN, "User-Agent": UA.desktop },
      cf: US,
    });
    expect(((await us.json()) as { siteKey: string }).siteKey).toBe(account.siteKey);
  });

  it("stores nothing it read", async () => {
    const { account } = await routedAccount();
    const marker = "RouterCanaryBrowser/9.9";
    await SELF.fetch(`${BASE}/w/${account.siteKey}/config?url=${encodeURIComponent("https://shop.example/secret-page-canary")}`, {
      headers: { Origin: SITE_ORIGIN, "User-Agent": marker, "Accept-Language": "mt-MT" },
      cf: { country: "MT", continent: "EU", isEUCountry: "1" },
    });
    const tables = (
      await accountsD1
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'",
        )
        .all<{ name: string }>()
    ).results;
    const dump = JSON.stringify(
      await Promise.all(tables.map(async (t) => (await accountsD1.prepare(`SELECT * FROM "${t.name}"`).all()).results)),
    );
    for (const needle of [marker, "secret-page-canary", "mt-MT", '"MT"']) expect(dump).not.toContain(needle);
  });
});

describe("router admin", () => {
  it("dry-runs a visitor and explains the choice", async () => {
    const { account, cookie, privacyKey } = await routedAccount();
    const res = await SELF.fetch(`${BASE}/api/v1/settings/router/dry-run`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
      body: JSON.stringify({
        siteKey: account.siteKey,
        url: "https://shop.example/",
        country: "DE",
        continent: "EU",
        euMember: true,
        userAgent: UA.desktop,
        language: "de-DE",
      }),
    });
    const decision = (await res.json()) as { widget: { siteKey: string }; rule: { index: number; name: string }; reasons: string[] };
    expect(decision.widget.siteKey).toBe(privacyKey);
    expect(decision.rule).toEqual({ index: 1, name: "Visitors from the EU" });
    expect(decision.reasons[0]).toMatch(/^Help pages in French: page does not match/);
  });

  it("places a visitor as live does when the tester leaves EU membership out", async () => {
    const { account, cookie, privacyKey } = await routedAccount();
    const dryRun = async (visitor: Record<string, unknown>) =>
      (
        (await (
          await SELF.fetch(`${BASE}/api/v1/settings/router/dry-run`, {
            method: "POST",
            headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
            body: JSON.stringify({ siteKey: account.siteKey, url: "https://shop.example/", userAgent: UA.desktop, ...visitor }),
          })
        ).json()) as { widget: { siteKey: string } }
      ).widget.siteKey;
    expect(await dryRun({ country: "AT" })).toBe(privacyKey);
    expect(await dryRun({ country: "CH" })).toBe(account.siteKey);
    expect(await dryRun({})).toBe(privacyKey);
    const ftp = await SELF.fetch(`${BASE}/api/v1/settings/router/dry-run`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
      body: JSON.stringify({ siteKey: account.siteKey, url: "ftp://shop.example/" }),
    });
    expect(ftp.status).toBe(400);
  });

  it("says, as live, that the visitor gets no widget when the matched rule's widget does not allow the page's origin", async () => {
    const { account, cookie } = await routedAccount();
    // shop.example and blog.example both embed the default widget; the EU rule's widget allows only the shop.
    await SELF.fetch(`${BASE}/api/v1/settings/widgets/${account.widgetId}`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
      body: JSON.stringify({ allowedOrigins: [SITE_ORIGIN, "https://blog.example"] }),
    });
    const res = await SELF.fetch(`${BASE}/api/v1/settings/router/dry-run`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
      body: JSON.stringify({ siteKey: account.siteKey, url: "https://blog.example/", euMember: true }),
    });
    const decision = (await res.json()) as { widget: unknown; rule: { index: number; name: string }; reasons: string[] };
    expect(decision.widget).toBeNull();
    expect(decision.rule).toEqual({ index: 1, name: "Visitors from the EU" });
    expect(decision.reasons.at(-1)).toBe("the matched widget does not allow this origin: the visitor gets no widget");
  });

  it("lists the rules that leave visitors without a widget", async () => {
    const { account, cookie } = await routedAccount();
    const get = async () =>
      (await (await SELF.fetch(`${BASE}/api/v1/settings/router`, { headers: { Cookie: cookie } })).json()) as {
        rules: unknown[];
        problems: { ruleIndex: number; ruleName: string; origin: string; message: string }[];
      };
    expect((await get()).problems).toEqual([]);
    const patched = await SELF.fetch(`${BASE}/api/v1/settings/widgets/${account.widgetId}`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
      body: JSON.stringify({ allowedOrigins: [SITE_ORIGIN, "https://blog.example"] }),
    });
    expect(patched.status).toBe(200);
    const { problems } = await get();
    // The EU and phone rules match any page, blog.example's too; the French help rule only shop.example's.
    expect(problems.map((p) => [p.ruleIndex, p.origin])).toEqual([
      [1, "https://blog.example"],
      [2, "https://blog.example"],
    ]);
    expect(problems[0]!.message).toMatch(/^Visitors from the EU: its widget Privacy does not allow https:\/\/blog\.example/);
    expect(problems[0]!.message).toContain("get no widget");
  });

  it("knows which hosts a page pattern can match", () => {
    expect(patternCanMatchHost("shop.example/fr/help*", "shop.example")).toBe(true);
    expect(patternCanMatchHost("shop.example/fr/help*", "blog.example")).toBe(false);
    expect(patternCanMatchHost("*.example/*", "blog.example")).toBe(true);
    expect(patternCanMatchHost("*/checkout", "anything.example:8443")).toBe(true);
    expect(patternCanMatchHost("SHOP.example", "shop.example")).toBe(false);
    expect(patternCanMatchHost("shop*", "shop.example")).toBe(true);
  });

  it("refuses rules pointing at another account's widget or with unknown fields", async () => {
    const { cookie } = await routedAccount();
    const other = await seedAccount();
    for (const rules of [
      [{ name: "x", conditions: {}, widgetId: other.widgetId }],
      [{ name: "x", conditions: { planet: "Mars" }, widgetId: other.widgetId }],
      [{ name: "x", conditions: { countries: ["de"] }, widgetId: other.widgetId }],
    ]) {
      const res = await SELF.fetch(`${BASE}/api/v1/settings/router`, {
        method: "PUT",
        headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
        body: JSON.stringify({ rules }),
      });
      expect(res.status).toBe(400);
    }
    const current = (await (await SELF.fetch(`${BASE}/api/v1/settings/router`, { headers: { Cookie: cookie } })).json()) as {
      rules: unknown[];
    };
    expect(current.rules).toHaveLength(3);
  });
});

describe("a resuming conversation", () => {
  it("gets its own widget's config with ?own=1, without routing", async () => {
    const { account } = await routedAccount();
    const res = await SELF.fetch(`${BASE}/w/${account.siteKey}/config?own=1`, {
      headers: { Origin: SITE_ORIGIN, "User-Agent": UA.iphone },
      cf: DE,
    });
    expect(((await res.json()) as { siteKey: string }).siteKey).toBe(account.siteKey);
  });
});
