import { runDurableObjectAlarm, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import en from "../src/locales/widget/en.json";
import { WIDGET_LANGUAGES } from "../src/locales/widget-texts";
import { BASE, noTraces, roomStub, SITE_ORIGIN, seedAccount, startChat, tracesOf, visitorSocket } from "./helpers";

const config = async (siteKey: string, acceptLanguage: string) =>
  (await (
    await SELF.fetch(`${BASE}/w/${siteKey}/config`, { headers: { Origin: SITE_ORIGIN, "Accept-Language": acceptLanguage } })
  ).json()) as {
    language: string;
    dir: string;
    texts: Record<string, string>;
    disclaimer: { text: string; language: string };
  };

describe("widget texts", () => {
  it("come in 26 languages, each with every text and its own disclaimer", async () => {
    expect(WIDGET_LANGUAGES).toHaveLength(26);
    const account = await seedAccount();
    const disclaimers = new Set<string>();
    for (const language of WIDGET_LANGUAGES) {
      const c = await config(account.siteKey, `${language};q=1`);
      expect(c.language).toBe(language);
      // Every widget text; the emails' texts (the nested "email") stay on the server.
      expect(Object.keys(c.texts).sort()).toEqual(
        Object.keys(en)
          .filter((key) => key !== "email")
          .sort(),
      );
      expect(c.disclaimer).toMatchObject({ text: c.texts.disclaimer, language });
      // The launcher's unread label in the visitor's own language, with the count's place.
      expect(c.texts.newMessages, language).toMatch(/\{n\}/);
      expect(c.texts.newMessages!.startsWith(c.texts.openChat!), language).toBe(true);
      disclaimers.add(c.disclaimer.text);
    }
    expect(disclaimers.size).toBe(26);
  });

  it("follow the browser's first language, right to left for Arabic, English otherwise", async () => {
    const account = await seedAccount();
    expect(await config(account.siteKey, "de-AT,de;q=0.9,en;q=0.5")).toMatchObject({ language: "de", dir: "ltr" });
    expect(await config(account.siteKey, "ar-EG")).toMatchObject({ language: "ar", dir: "rtl" });
    expect(await config(account.siteKey, "no")).toMatchObject({ language: "nb" });
    expect(await config(account.siteKey, "ja-JP")).toMatchObject({ language: "en", texts: { send: "Send" } });
  });
});

describe("the visitor's own conversation", () => {
  it("can be downloaded as text, live and after it ended", async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey, { consent: true, name: "Tess" });
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    visitor.send({ type: "message.send", clientId: "a", body: "Where is parcel 42?" });
    await visitor.until((s) => s.messages().length === 1);
    const download = () =>
      SELF.fetch(`${BASE}/w/${account.siteKey}/conversations/${chat.conversationId}/transcript`, {
        headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${chat.visitorToken}` },
      });
    const live = await download();
    expect(live.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(await live.text()).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\] Tess: Where is parcel 42\?\r\n$/);
    visitor.send({ type: "conversation.close" });
    await visitor.until((s) => s.ofType("conversation.closed").length === 1);
    await runDurableObjectAlarm(roomStub(chat.conversationId));
    const archived = await (await download()).text();
    expect(archived.split("\r\n").filter(Boolean)).toHaveLength(2);
    const other = await startChat(account.siteKey);
    const foreign = await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations/${chat.conversationId}/transcript`, {
      headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${other.visitorToken}` },
    });
    expect(foreign.status).toBe(403);
  });

  it("can be erased by the visitor at once, leaving nothing", async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey, { consent: true, name: "Una", email: "una@example.org" });
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    visitor.send({ type: "message.send", clientId: "a", body: "please forget me" });
    await visitor.until((s) => s.messages().length === 1);
    await runDurableObjectAlarm(roomStub(chat.conversationId));
    const res = await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations/${chat.conversationId}`, {
      method: "DELETE",
      headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${chat.visitorToken}` },
    });
    expect(res.status).toBe(204);
    await visitor.until((s) => s.closed !== null);
    expect(await tracesOf(chat.conversationId)).toEqual(noTraces);
    const again = await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations/${chat.conversationId}`, {
      method: "DELETE",
      headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${chat.visitorToken}` },
    });
    expect(again.status).toBe(404);
  });
});
