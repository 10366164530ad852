import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../src/crypto/encoding";
import { accountsD1, BASE, login, operatorSocket, patchWidget, SITE_ORIGIN, seedAccount, startChat, visitorSocket } from "./helpers";

const config = async (siteKey: string, language: string) =>
  (await (
    await SELF.fetch(`${BASE}/w/${siteKey}/config`, { headers: { Origin: SITE_ORIGIN, "Accept-Language": language } })
  ).json()) as Record<string, unknown>;

const GERMAN = "Wir verarbeiten Ihre Nachrichten nur, um Ihnen zu antworten. (Beispieltext)";

describe("widget settings", () => {
  it("shape what visitors see: link, disclaimer per language, pre-chat fields, colours, position", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const res = await patchWidget(cookie, account.widgetId, {
      greeting: "Moin!",
      privacyPolicy: { url: "https://shop.example/privacy", labels: { de: "Datenschutz" } },
      disclaimer: { enabled: true, texts: { de: GERMAN } },
      preChat: { name: "hidden", email: "required" },
      accentColor: "#aa3300",
      position: "left",
    });
    expect(res.status).toBe(200);
    const german = await config(account.siteKey, "de-DE");
    expect(german).toMatchObject({
      greeting: "Moin!",
      privacyPolicy: { url: "https://shop.example/privacy", label: "Datenschutz" },
      disclaimer: { text: GERMAN, language: "de" },
      preChat: { name: "hidden", email: "required" },
      appearance: { accentColor: "#aa3300", position: "left" },
    });
    const french = await config(account.siteKey, "fr-FR");
    expect(french.privacyPolicy).toEqual({
      url: "https://shop.example/privacy",
      label: (french.texts as Record<string, string>).privacyPolicy,
    });
    expect((french.disclaimer as { text: string }).text).toBe((french.texts as Record<string, string>).disclaimer);

    // The server holds the pre-chat form to what the widget asks.
    const start = (body: unknown) =>
      SELF.fetch(`${BASE}/w/${account.siteKey}/conversations`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: SITE_ORIGIN },
        body: JSON.stringify(body),
      });
    expect(await (await start({ consent: true, language: "de" })).json()).toMatchObject({ error: { message: "email: required" } });
    expect(await (await start({ consent: true, language: "de", email: "a@example.org", name: "Al" })).json()).toMatchObject({
      error: { message: "name: this widget does not ask for it" },
    });
    const ok = (await (await start({ consent: true, language: "de", email: "a@example.org" })).json()) as { conversationId: string };
    // The receipt proves which text was agreed to: the widget's own German one.
    const receipt = await accountsD1
      .prepare("SELECT disclaimer_hash, language FROM consent_receipts WHERE conversation_id = ?")
      .bind(ok.conversationId)
      .first();
    expect(receipt).toEqual({ disclaimer_hash: await sha256Hex(GERMAN), language: "de" });
  });

  it("with the disclaimer off, needs no consent and keeps no receipt", async () => {
    const account = await seedAccount();
    await patchWidget(await login(account.adminEmail), account.widgetId, { disclaimer: { enabled: false } });
    expect(await config(account.siteKey, "en")).toMatchObject({ consentRequired: false });
    const chat = await startChat(account.siteKey, { language: "en" });
    expect(
      await accountsD1.prepare("SELECT COUNT(*) AS n FROM consent_receipts WHERE conversation_id = ?").bind(chat.conversationId).first(),
    ).toEqual({ n: 0 });
  });

  it("can hide operators' names from visitors", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    await patchWidget(cookie, account.widgetId, { operatorNames: "none" });
    const chat = await startChat(account.siteKey);
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    const op = await operatorSocket(cookie, chat.conversationId);
    await op.until((s) => s.ofType("hello").length === 1);
    op.send({ type: "message.send", clientId: "x", body: "Hello" });
    await visitor.until((s) => s.messages().length === 1);
    expect(visitor.messages()[0]!.author).toEqual({ kind: "operator", name: "Operator" });
    expect(JSON.stringify(visitor.frames)).not.toContain("Ada");
  });

  it("rejects bad values with a 400 and changes nothing", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const before = await config(account.siteKey, "en");
    for (const body of [
      { accentColor: "red" },
      { position: "top" },
      { privacyPolicy: { url: "http://shop.example/privacy" } },
      { privacyPolicy: { url: "https://shop.example/privacy", labels: { xx: "?" } } },
      { preChat: { name: "sometimes", email: "optional" } },
      { disclaimer: { texts: { de: "x" } } },
      { greeting: "" },
    ]) {
      const res = await patchWidget(cookie, account.widgetId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(await config(account.siteKey, "en")).toEqual(before);
  });
});

describe("adding a widget", () => {
  const post = (cookie: string, body: unknown) =>
    SELF.fetch(`${BASE}/api/v1/settings/widgets`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
      body: JSON.stringify(body),
    });

  it("starts in privacy mode with consent asked and an unguessable site key, and is audited", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const res = await post(cookie, { name: "Second shop", departmentId: account.departmentId, allowedOrigins: [SITE_ORIGIN] });
    expect(res.status).toBe(201);
    const widget = (await res.json()) as {
      id: string;
      siteKey: string;
      privacyMode: boolean;
      livePreview: boolean;
      disclaimer: { enabled: boolean };
    };
    expect(widget).toMatchObject({ privacyMode: true, disclaimer: { enabled: true } });
    expect(widget.siteKey).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(widget.siteKey).not.toBe(account.siteKey);
    // It works at once for the allowed origin, with the privacy widget's config.
    expect(await config(widget.siteKey, "en")).toMatchObject({ siteKey: widget.siteKey, consentRequired: true });
    const audit = await accountsD1
      .prepare("SELECT action, target_id FROM audit_log WHERE account_id = ? AND action = 'widget.created'")
      .bind(account.accountId)
      .all();
    expect(audit.results).toEqual([{ action: "widget.created", target_id: widget.id }]);
  });

  it("refuses a foreign or missing department and bad origins, and adds nothing", async () => {
    const account = await seedAccount();
    const other = await seedAccount();
    const cookie = await login(account.adminEmail);
    const count = async () =>
      (await accountsD1.prepare("SELECT COUNT(*) AS n FROM widgets WHERE account_id = ?").bind(account.accountId).first<{ n: number }>())!
        .n;
    const before = await count();
    for (const body of [
      { name: "x", departmentId: other.departmentId },
      { name: "x" },
      { name: "", departmentId: account.departmentId },
      { name: "x", departmentId: account.departmentId, allowedOrigins: ["https://shop.example/path"] },
      { name: "x", departmentId: account.departmentId, siteKey: "chosen" },
    ]) {
      const res = await post(cookie, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "invalid_request" } });
    }
    expect(await count()).toBe(before);
  });
});

describe("consent proof", () => {
  it("refuses a start whose disclaimer hash is not the text in force, and stores nothing", async () => {
    const account = await seedAccount();
    const shown = (await config(account.siteKey, "de")) as { disclaimer: { text: string; hash: string } };
    expect(shown.disclaimer.hash).toBe(await sha256Hex(shown.disclaimer.text));
    // The admin changes the German text after the visitor loaded the widget.
    await patchWidget(await login(account.adminEmail), account.widgetId, { disclaimer: { enabled: true, texts: { de: GERMAN } } });
    const start = (disclaimerHash: string) =>
      SELF.fetch(`${BASE}/w/${account.siteKey}/conversations`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: SITE_ORIGIN },
        body: JSON.stringify({ consent: true, language: "de", disclaimerHash }),
      });
    const stale = await start(shown.disclaimer.hash);
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: { code: "disclaimer_changed" } });
    expect(
      await accountsD1.prepare("SELECT COUNT(*) AS n FROM conversations WHERE account_id = ?").bind(account.accountId).first(),
    ).toEqual({
      n: 0,
    });
    const fresh = (await config(account.siteKey, "de")) as { disclaimer: { hash: string } };
    expect((await start(fresh.disclaimer.hash)).status).toBe(201);
  });
});
