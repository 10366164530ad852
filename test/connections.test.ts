import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../src/crypto/encoding";
import { defaultDisclaimer } from "../src/locales/disclaimer";
import {
  accountsD1,
  BASE,
  expectErasedSocket,
  login,
  operatorSocket,
  SITE_ORIGIN,
  seedAccount,
  startChat,
  upgrade,
  visitorSocket,
} from "./helpers";

async function errorOf(res: Response) {
  return { status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code };
}

describe("POST /w/:siteKey/conversations", () => {
  it("returns a conversation id and a visitor token", async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey, { consent: true, name: "Vera", email: "vera@example.org", language: "de" });
    expect(chat.conversationId).toMatch(/^[0-9a-f]{64}$/);
    expect(chat.visitorToken).toMatch(/^v1\./);
  });

  it("refuses to start without consent when the widget requires it, and stores nothing", async () => {
    const account = await seedAccount();
    const res = await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: SITE_ORIGIN },
      body: JSON.stringify({ consent: false, name: "Vera" }),
    });
    expect(await errorOf(res)).toEqual({ status: 400, code: "consent_required" });
    const stored = await accountsD1.prepare("SELECT COUNT(*) AS n FROM conversations WHERE account_id = ?").bind(account.accountId).first();
    expect(stored).toEqual({ n: 0 });
  });

  it("stores a consent receipt with the hash and language of the exact disclaimer shown", async () => {
    const account = await seedAccount();
    for (const [requested, shown] of [
      ["de-AT", "de"],
      ["xx", "en"],
    ] as const) {
      const chat = await startChat(account.siteKey, { consent: true, language: requested });
      const receipt = await accountsD1
        .prepare("SELECT disclaimer_hash, language FROM consent_receipts WHERE conversation_id = ?")
        .bind(chat.conversationId)
        .first<{ disclaimer_hash: string; language: string }>();
      expect(receipt).toEqual({ disclaimer_hash: await sha256Hex(defaultDisclaimer(requested).text), language: shown });
    }
  });

  it("rejects unknown fields and wrong types with a clear 400", async () => {
    const account = await seedAccount();
    for (const body of [{ consent: true, admin: true }, { consent: "yes" }, { consent: true, email: "not-an-email" }, "{"]) {
      const res = await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: SITE_ORIGIN },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      expect(await errorOf(res)).toEqual({ status: 400, code: "invalid_request" });
    }
  });

  it("refuses a page on an origin the widget does not allow, even a look-alike", async () => {
    const account = await seedAccount();
    for (const origin of ["https://evil.example", "https://shop.example.evil.example", "http://shop.example"]) {
      const res = await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: origin },
        body: JSON.stringify({ consent: true }),
      });
      expect(await errorOf(res)).toEqual({ status: 403, code: "origin_not_allowed" });
    }
  });
});

describe("visitor socket", () => {
  it("refuses a wrong Origin before the upgrade", async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey);
    const res = await upgrade(`${BASE}/w/${account.siteKey}/conversations/${chat.conversationId}/socket`, {
      Origin: "https://evil.example",
      "Sec-WebSocket-Protocol": `confide.v1, confide.token.${chat.visitorToken}`,
    });
    expect(res.webSocket).toBeNull();
    expect(await errorOf(res)).toEqual({ status: 403, code: "origin_not_allowed" });
  });

  it("refuses a missing token", async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey);
    const res = await upgrade(`${BASE}/w/${account.siteKey}/conversations/${chat.conversationId}/socket`, { Origin: SITE_ORIGIN });
    expect(await errorOf(res)).toEqual({ status: 401, code: "unauthenticated" });
  });

  it("refuses another conversation's token and a forged one", async () => {
    const account = await seedAccount();
    const mine = await startChat(account.siteKey);
    const theirs = await startChat(account.siteKey);
    const [version, payload] = mine.visitorToken.split(".");
    for (const token of [theirs.visitorToken, `${version}.${payload}.AAAA`]) {
      const res = await upgrade(`${BASE}/w/${account.siteKey}/conversations/${mine.conversationId}/socket`, {
        Origin: SITE_ORIGIN,
        "Sec-WebSocket-Protocol": `confide.v1, confide.token.${token}`,
      });
      expect(await errorOf(res)).toEqual({ status: 403, code: "invalid_token" });
    }
  });

  it("lets a visitor neither reach the operator endpoint nor act as an operator", async () => {
    const account = await seedAccount();
    const chat = await startChat(account.siteKey);
    const res = await upgrade(`${BASE}/api/v1/conversations/${chat.conversationId}/socket`, {
      Origin: BASE,
      "Sec-WebSocket-Protocol": `confide.v1, confide.token.${chat.visitorToken}`,
    });
    expect(await errorOf(res)).toEqual({ status: 401, code: "unauthenticated" });
    // On its own socket, the visitor's messages are always the visitor's, whatever it claims.
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    visitor.send({ type: "message.send", clientId: "x", body: "hi", author: { kind: "operator", name: "Boss" } });
    await visitor.until((s) => s.ofType("error").length === 1);
    visitor.send({ type: "message.send", clientId: "y", body: "hi" });
    await visitor.until((s) => s.messages().length === 1);
    expect(visitor.messages()[0]?.author.kind).toBe("visitor");
    expect(visitor.ofType("hello")[0]?.role).toBe("visitor");
  });
});

describe("operator socket", () => {
  it("refuses a foreign Origin (cross-site WebSocket hijacking)", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const chat = await startChat(account.siteKey);
    for (const origin of ["https://evil.example", SITE_ORIGIN]) {
      const res = await upgrade(`${BASE}/api/v1/conversations/${chat.conversationId}/socket`, { Origin: origin, Cookie: cookie });
      expect(await errorOf(res)).toEqual({ status: 403, code: "origin_not_allowed" });
    }
  });

  it("refuses an operator of another account as if the conversation did not exist", async () => {
    const ours = await seedAccount();
    const other = await seedAccount();
    const chat = await startChat(ours.siteKey);
    const otherCookie = await login(other.adminEmail);
    await expectErasedSocket(
      await upgrade(`${BASE}/api/v1/conversations/${chat.conversationId}/socket`, { Origin: BASE, Cookie: otherCookie }),
    );
    const get = await SELF.fetch(`${BASE}/api/v1/conversations/${chat.conversationId}`, { headers: { Cookie: otherCookie } });
    expect(await errorOf(get)).toEqual({ status: 404, code: "not_found" });
    const list = await SELF.fetch(`${BASE}/api/v1/conversations`, { headers: { Cookie: otherCookie } });
    expect(((await list.json()) as { items: { id: string }[] }).items.map((c) => c.id)).not.toContain(chat.conversationId);
  });

  it("connects the account's own operator and reports the role in hello", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const chat = await startChat(account.siteKey);
    const op = await operatorSocket(cookie, chat.conversationId);
    await op.until((s) => s.ofType("hello").length === 1);
    expect(op.ofType("hello")[0]).toMatchObject({ role: "operator", conversationId: chat.conversationId, lastSeq: 0 });
  });

  it("refuses a plain request without Upgrade", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const chat = await startChat(account.siteKey);
    const res = await SELF.fetch(`${BASE}/api/v1/conversations/${chat.conversationId}/socket`, {
      headers: { Origin: BASE, Cookie: cookie },
    });
    expect(await errorOf(res)).toEqual({ status: 426, code: "upgrade_required" });
  });
});

describe("the limit on new chats", () => {
  it("starts 20 an hour from one address per widget, refuses the 21st with 429 and stores nothing, and leaves other addresses alone", async () => {
    const account = await seedAccount();
    const start = (address: string) =>
      SELF.fetch(`${BASE}/w/${account.siteKey}/conversations`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: SITE_ORIGIN, "CF-Connecting-IP": address },
        body: JSON.stringify({ consent: true }),
      });
    for (let i = 0; i < 20; i++) expect((await start("198.18.7.7")).status).toBe(201);
    const count = async () =>
      (await accountsD1
        .prepare("SELECT COUNT(*) AS n FROM conversations WHERE account_id = ?")
        .bind(account.accountId)
        .first<{ n: number }>())!.n;
    const refused = await start("198.18.7.7");
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: "too_many_conversations" } });
    expect(await count()).toBe(20);
    expect((await start("198.18.7.8")).status).toBe(201);
  });
});
