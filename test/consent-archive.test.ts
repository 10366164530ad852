import { SELF } from "cloudflare:test";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { sweepConsentTexts } from "../src/consent/archive";
import { sha256Hex } from "../src/crypto/encoding";
import { openDb } from "../src/db/client";
import { defaultDisclaimer } from "../src/locales/disclaimer";
import type { ConsentText, ConversationConsent } from "../src/shared/consent-api";
import { accountsD1, addOperator, BASE, login, patchWidget, seedAccount, startChat } from "./helpers";

const GERMAN = "Wir speichern diesen Chat zwölf Monate, um Ihre Frage zu beantworten.";
const GERMAN_NEW = "Wir speichern diesen Chat sechs Monate; Einzelheiten in unserer Datenschutzerklärung.";

async function get<T>(cookie: string, url: string, status = 200): Promise<T> {
  const res = await SELF.fetch(`${BASE}/api/v1${url}`, { headers: { Origin: BASE, Cookie: cookie } });
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

const consentOf = (cookie: string, conversationId: string) =>
  get<ConversationConsent>(cookie, `/conversations/${conversationId}/consent`).then((c) => c.receipt);

async function archiveRows(accountId: string) {
  const { results } = await accountsD1
    .prepare("SELECT language, hash, text, built_in, in_force_from, in_force_until FROM consent_texts WHERE account_id = ? ORDER BY rowid")
    .bind(accountId)
    .all<{ language: string; hash: string; text: string; built_in: number; in_force_from: number | null; in_force_until: number | null }>();
  return results;
}

describe("consent text archive", () => {
  it("resolves a consent receipt from before a disclaimer change to the old text, from the archive", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    expect((await patchWidget(cookie, account.widgetId, { disclaimer: { enabled: true, texts: { de: GERMAN } } })).status).toBe(200);
    const before = await startChat(account.siteKey, { consent: true, language: "de" });
    expect((await patchWidget(cookie, account.widgetId, { disclaimer: { enabled: true, texts: { de: GERMAN_NEW } } })).status).toBe(200);
    const after = await startChat(account.siteKey, { consent: true, language: "de" });

    const old = await consentOf(cookie, before.conversationId);
    expect(old).toMatchObject({ text: GERMAN, source: "archive", language: "de", disclaimerHash: await sha256Hex(GERMAN) });
    // The old text's period ended when the new one began.
    expect(old!.inForceFrom).not.toBeNull();
    expect(old!.inForceUntil).not.toBeNull();
    expect(old!.inForceFrom!).toBeLessThanOrEqual(old!.consentedAt);
    expect(old!.consentedAt).toBeLessThanOrEqual(old!.inForceUntil!);

    const current = await consentOf(cookie, after.conversationId);
    expect(current).toMatchObject({ text: GERMAN_NEW, source: "archive", inForceUntil: null });
    expect(current!.inForceFrom).toBe(old!.inForceUntil);
  });

  it("carries the words agreed to in the data-subject export, after the text changed", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    await patchWidget(cookie, account.widgetId, { disclaimer: { enabled: true, texts: { de: GERMAN } } });
    await startChat(account.siteKey, { consent: true, language: "de", email: "erika@example.org" });
    await patchWidget(cookie, account.widgetId, { disclaimer: { enabled: true, texts: { de: GERMAN_NEW } } });
    const res = await SELF.fetch(`${BASE}/api/v1/data-subject/export`, {
      method: "POST",
      headers: { Origin: BASE, Cookie: cookie, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "erika@example.org", format: "json" }),
    });
    expect(res.status).toBe(200);
    const zip = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const json = JSON.parse(new TextDecoder().decode(zip[Object.keys(zip).find((p) => p.endsWith(".json"))!]!)) as {
      conversations: { consent: unknown }[];
    };
    expect(json.conversations.map((c) => c.consent)).toEqual([
      { disclaimerHash: await sha256Hex(GERMAN), language: "de", consentedAt: expect.any(String), emailReplies: false, text: GERMAN },
    ]);
  });

  it("records built-in texts with the receipts that name them, and the built-in text a custom one replaced", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const chat = await startChat(account.siteKey, { consent: true, language: "fr" });
    const builtIn = defaultDisclaimer("fr").text;
    expect(await archiveRows(account.accountId)).toEqual([
      {
        language: "fr",
        hash: await sha256Hex(builtIn),
        text: builtIn,
        built_in: 1,
        in_force_from: expect.any(Number),
        in_force_until: null,
      },
    ]);
    await patchWidget(cookie, account.widgetId, { disclaimer: { enabled: true, texts: { fr: "Nous gardons ce chat six mois." } } });
    const rows = await archiveRows(account.accountId);
    expect(rows.map((r) => [r.language, r.built_in, r.in_force_until === null])).toEqual([
      ["fr", 1, false],
      ["fr", 0, true],
    ]);
    expect(await consentOf(cookie, chat.conversationId)).toMatchObject({ text: builtIn, source: "archive" });
  });

  it("archives, at the first change, a text in force before the archive began, so older receipts still resolve", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    await patchWidget(cookie, account.widgetId, { disclaimer: { enabled: true, texts: { de: GERMAN } } });
    const chat = await startChat(account.siteKey, { consent: true, language: "de" });
    // As if the receipt had been written before this version: the archive holds nothing.
    await accountsD1.prepare("DELETE FROM consent_texts WHERE account_id = ?").bind(account.accountId).run();
    // Until the text changes, the widget's current text with the same hash answers.
    expect(await consentOf(cookie, chat.conversationId)).toMatchObject({ text: GERMAN, source: "widget_current", inForceFrom: null });
    await patchWidget(cookie, account.widgetId, { disclaimer: { enabled: true, texts: { de: GERMAN_NEW } } });
    expect(await consentOf(cookie, chat.conversationId)).toMatchObject({
      text: GERMAN,
      source: "archive",
      inForceFrom: null,
      inForceUntil: expect.any(Number),
    });
  });

  it("does not show an archived text whose words no longer match the receipt's hash", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    await patchWidget(cookie, account.widgetId, { disclaimer: { enabled: true, texts: { de: GERMAN } } });
    const chat = await startChat(account.siteKey, { consent: true, language: "de" });
    await patchWidget(cookie, account.widgetId, { disclaimer: { enabled: true, texts: { de: GERMAN_NEW } } });
    await accountsD1
      .prepare("UPDATE consent_texts SET text = 'Altered.' WHERE account_id = ? AND text = ?")
      .bind(account.accountId, GERMAN)
      .run();
    expect(await consentOf(cookie, chat.conversationId)).toMatchObject({ text: null, source: "missing" });
  });

  it("answers receipt null for a conversation without consent, and 404 outside the caller's account", async () => {
    const account = await seedAccount({ consentRequired: false });
    const cookie = await login(account.adminEmail);
    const chat = await startChat(account.siteKey, { language: "en" });
    expect(await get<ConversationConsent>(cookie, `/conversations/${chat.conversationId}/consent`)).toEqual({ receipt: null });
    const other = await seedAccount();
    const res = await get<{ error: { code: string } }>(await login(other.adminEmail), `/conversations/${chat.conversationId}/consent`, 404);
    expect(res.error.code).toBe("not_found");
  });

  it("keeps texts while a receipt names them or they are in force, and sweeps the rest (audited)", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    await patchWidget(cookie, account.widgetId, { disclaimer: { enabled: true, texts: { de: GERMAN } } });
    const chat = await startChat(account.siteKey, { consent: true, language: "de" });
    // An Italian text no visitor ever agreed to, replaced at once.
    await patchWidget(cookie, account.widgetId, { disclaimer: { enabled: true, texts: { de: GERMAN, it: "Testo vecchio." } } });
    await patchWidget(cookie, account.widgetId, { disclaimer: { enabled: true, texts: { de: GERMAN_NEW, it: "Testo nuovo." } } });
    const db = openDb(accountsD1);
    await sweepConsentTexts(db, Date.now());
    const kept = (await archiveRows(account.accountId)).map((r) => r.text);
    // GERMAN stays (a receipt names it); the new texts are in force; the old Italian one went, as
    // did the built-in Italian text it had replaced.
    expect(kept).toContain(GERMAN);
    expect(kept).toContain(GERMAN_NEW);
    expect(kept).toContain("Testo nuovo.");
    expect(kept).not.toContain("Testo vecchio.");
    // The conversation goes; its text follows at the next sweep.
    const del = await SELF.fetch(`${BASE}/api/v1/conversations/${chat.conversationId}`, {
      method: "DELETE",
      headers: { Origin: BASE, Cookie: cookie },
    });
    expect(del.status).toBe(200);
    await sweepConsentTexts(db, Date.now());
    expect((await archiveRows(account.accountId)).map((r) => r.text)).not.toContain(GERMAN);
    const audit = await accountsD1
      .prepare("SELECT count FROM audit_log WHERE account_id = ? AND action = 'consent_text.retention_sweep'")
      .bind(account.accountId)
      .all<{ count: number }>();
    expect(audit.results.length).toBe(2);
  });

  it("lists the archive to those who may read settings, limited to their departments' widgets", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    await patchWidget(cookie, account.widgetId, { disclaimer: { enabled: true, texts: { de: GERMAN } } });
    await patchWidget(cookie, account.widgetId, { disclaimer: { enabled: true, texts: { de: GERMAN_NEW } } });
    const page = await get<{ items: ConsentText[]; nextCursor: string | null }>(
      cookie,
      `/consent-texts?widgetId=${account.widgetId}&limit=1`,
    );
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ text: GERMAN_NEW, inForceUntil: null, widgetId: account.widgetId, builtIn: false });
    const next = await get<{ items: ConsentText[] }>(
      cookie,
      `/consent-texts?widgetId=${account.widgetId}&cursor=${page.nextCursor}&limit=10`,
    );
    expect(next.items.map((t) => t.text)).toContain(GERMAN);
    const agent = await login(await addOperator(account, "Agent"));
    expect((await get<{ error: { code: string } }>(agent, "/consent-texts", 403)).error.code).toBe("forbidden");
  });
});
