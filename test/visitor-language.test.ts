import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { IDLE_CLOSE_MS } from "../src/conversation/conversation-room";
import { WIDGET_LANGUAGES, widgetTexts } from "../src/locales/widget-texts";
import {
  accountsD1,
  BASE,
  login,
  operatorSocket,
  patchWidget,
  roomStub,
  SITE_ORIGIN,
  seedAccount,
  startChat,
  visitorSocket,
} from "./helpers";

const config = async (siteKey: string, language: string) =>
  (await (await SELF.fetch(`${BASE}/w/${siteKey}/config?lang=${language}`, { headers: { Origin: SITE_ORIGIN } })).json()) as {
    name: string;
    greeting: string | null;
  };

describe("system messages", () => {
  it("exist in every widget language, each its own words", () => {
    const english = widgetTexts("en").texts;
    for (const language of WIDGET_LANGUAGES) {
      const { texts } = widgetTexts(language);
      for (const key of ["endedByVisitor", "endedByOperator", "endedByAnOperator", "endedInactive", "noticeChanged"] as const) {
        expect(texts[key].trim(), `${language} ${key}`).not.toBe("");
        if (language !== "en") expect(texts[key], `${language} ${key}`).not.toBe(english[key]);
      }
      expect(texts.endedByOperator, language).toContain("{name}");
    }
  });

  it("say the visitor ended the chat in the language the widget spoke at the start, to the visitor and the operator", async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey, { consent: true, language: "de" });
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    const op = await operatorSocket(await login(account.adminEmail), chat.conversationId);
    await visitor.until((s) => s.ofType("hello").length === 1);
    await op.until((s) => s.ofType("hello").length === 1);
    visitor.send({ type: "conversation.close" });
    for (const socket of [visitor, op]) {
      await socket.until((s) => s.ofType("conversation.closed").length === 1);
      expect(socket.messages().map((m) => [m.author.kind, m.body])).toEqual([["system", "Der Besucher hat den Chat beendet."]]);
    }
  });

  it("name the operator who ended it, in the conversation's language", async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey, { consent: true, language: "fr" });
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    const op = await operatorSocket(await login(account.adminEmail), chat.conversationId);
    await op.until((s) => s.ofType("hello").length === 1);
    op.send({ type: "conversation.close" });
    await visitor.until((s) => s.ofType("conversation.closed").length === 1);
    expect(visitor.messages().map((m) => m.body)).toEqual(["Ada Admin a mis fin au chat."]);
  });

  it("say a chat ended after inactivity in its language (Arabic here)", async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey, { consent: true, language: "ar" });
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    await visitor.until((s) => s.ofType("hello").length === 1);
    await runInDurableObject(roomStub(chat.conversationId), (_instance, state) => {
      const saved = JSON.parse(state.storage.sql.exec("SELECT state FROM room_state").one().state as string) as { lastActivityAt: number };
      state.storage.sql.exec(
        "UPDATE room_state SET state = ?",
        JSON.stringify({ ...saved, lastActivityAt: saved.lastActivityAt - IDLE_CLOSE_MS - 1 }),
      );
    });
    await abortAllDurableObjects();
    await runDurableObjectAlarm(roomStub(chat.conversationId));
    // The room has erased itself; the closing message is in D1, and the replay serves it from there.
    await vi.waitFor(async () =>
      expect(await accountsD1.prepare("SELECT status FROM conversations WHERE id = ?").bind(chat.conversationId).first()).toEqual({
        status: "closed",
      }),
    );
    const back = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    await back.until((s) => s.ofType("conversation.closed").length === 1);
    expect(back.messages().map((m) => m.body)).toEqual([widgetTexts("ar").texts.endedInactive]);
    expect(widgetTexts("ar").texts.endedInactive).toBe("انتهت الدردشة بعد فترة من عدم النشاط.");
  });

  it("tell the visitor in their language that the privacy notice changed", async () => {
    const account = await seedAccount();
    const res = await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: SITE_ORIGIN },
      body: JSON.stringify({ consent: true, language: "it", disclaimerHash: "0".repeat(64) }),
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: { code: "disclaimer_changed", message: "L’informativa sulla privacy è cambiata. Leggila di nuovo e conferma." },
    });
  });
});

describe("greeting and title per language", () => {
  it("are shown in the visitor's language, else the defaults", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const saved = await patchWidget(cookie, account.widgetId, {
      name: "Support",
      greeting: "Hi! How can we help?",
      greetings: { de: "Hallo! Wie können wir helfen?", fr: "Bonjour ! Comment pouvons-nous aider ?" },
      titles: { de: "Kundendienst" },
    });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ greetings: { de: "Hallo! Wie können wir helfen?" }, titles: { de: "Kundendienst" } });
    expect(await config(account.siteKey, "de-AT")).toMatchObject({ name: "Kundendienst", greeting: "Hallo! Wie können wir helfen?" });
    expect(await config(account.siteKey, "fr")).toMatchObject({ name: "Support", greeting: "Bonjour ! Comment pouvons-nous aider ?" });
    expect(await config(account.siteKey, "sv")).toMatchObject({ name: "Support", greeting: "Hi! How can we help?" });
    // {} clears them.
    await patchWidget(cookie, account.widgetId, { greetings: {}, titles: {} });
    expect(await config(account.siteKey, "de")).toMatchObject({ name: "Support", greeting: "Hi! How can we help?" });
  });

  it("refuse languages the widget does not speak and empty texts, and change nothing", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    for (const body of [{ greetings: { xx: "Hallo" } }, { titles: { de: "  " } }, { titles: { de: "x".repeat(101) } }]) {
      const res = await patchWidget(cookie, account.widgetId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "invalid_request" } });
    }
    expect(await accountsD1.prepare("SELECT greeting_texts, title_texts FROM widgets WHERE id = ?").bind(account.widgetId).first()).toEqual(
      {
        greeting_texts: null,
        title_texts: null,
      },
    );
  });
});
