import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { nameTokenIndexes } from "../src/crypto/blind-index";
import { createDataKey, loadKeyRing } from "../src/crypto/key-ring";
import { openDb } from "../src/db/client";
import { consentReceipts, conversationKeys, conversationNameTokens, conversations, conversationTags } from "../src/db/schema";
import type { ConversationSummary } from "../src/shared/api";
import { BASE, login, seedAccount } from "./helpers";

// A search page reads its rows with their facts (assignees' names, tags, consent, wrapped data keys) in
// one statement (src/db/search.ts, searchSummaryPage); a full page of 100 must come out whole.

async function seedClosed(account: Awaited<ReturnType<typeof seedAccount>>, count: number): Promise<string[]> {
  const db = openDb(env.DB);
  const ring = await loadKeyRing(env.KEY_RING);
  const now = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");
    ids.push(id);
    const { cipher, wrappedKey } = await createDataKey(ring, account.accountId, id);
    const name = `Visitor${i} Pagetest`;
    await db.batch([
      db.insert(conversations).values({
        id,
        accountId: account.accountId,
        widgetId: account.widgetId,
        departmentId: account.departmentId,
        status: "closed",
        language: "en",
        visitorNameEnc: await cipher.encrypt("visitor.name", name),
        assignedOperatorId: i % 2 === 0 ? account.adminId : null,
        messageCount: 0,
        createdAt: now - i * 1000,
        closedAt: now - i * 1000 + 500,
      }),
      db.insert(conversationKeys).values({ conversationId: id, accountId: account.accountId, wrappedKey, createdAt: now }),
      ...(await nameTokenIndexes(env.BLIND_INDEX_KEY, account.accountId, name)).map((token) =>
        db.insert(conversationNameTokens).values({ conversationId: id, accountId: account.accountId, tokenBidx: token }),
      ),
      db.insert(conversationTags).values({ conversationId: id, accountId: account.accountId, tag: `t${i}`, label: `T${i}` }),
      ...(i % 3 === 0
        ? [
            db.insert(consentReceipts).values({
              id: crypto.randomUUID(),
              accountId: account.accountId,
              conversationId: id,
              widgetId: account.widgetId,
              disclaimerHash: "0".repeat(64),
              language: "en",
              consentedAt: now,
            }),
          ]
        : []),
    ]);
  }
  return ids;
}

describe("a page of summaries", () => {
  it("a search page of 100 rows comes out whole: names decrypted, tags, consent and assignee read with the rows", async () => {
    const account = await seedAccount();
    const ids = await seedClosed(account, 100);
    const cookie = await login(account.adminEmail);
    const res = await SELF.fetch(`${BASE}/api/v1/conversations/search`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
      body: JSON.stringify({ name: "pagetest", limit: 100 }),
    });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: ConversationSummary[] };
    expect(items.map((s) => s.id)).toEqual(ids);
    for (const [i, s] of items.entries()) {
      expect(s.visitorName).toBe(`Visitor${i} Pagetest`);
      expect(s.tags).toEqual([`T${i}`]);
      expect(s.hasConsent).toBe(i % 3 === 0);
      expect(s.assignedOperatorName).toBe(i % 2 === 0 ? "Ada Admin" : null);
    }
  });
});
