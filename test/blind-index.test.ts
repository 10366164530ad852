import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { accountsD1, BASE, login, seedAccount, startChat } from "./helpers";

async function post(path: string, cookie: string, body: unknown): Promise<Response> {
  return SELF.fetch(`${BASE}/api/v1${path}`, {
    method: "POST",
    headers: { Origin: BASE, Cookie: cookie, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

const foundIds = async (res: Response) => {
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { id: string }[] }).items.map((c) => c.id);
};

describe("blind indexes per account", () => {
  it("store different index values for the same email and name in two accounts, and search finds each account's own", async () => {
    const [one, two] = [await seedAccount(), await seedAccount()];
    const person = { consent: true, name: "Vera Lindqvist", email: "Vera.Lindqvist@example.org" };
    const inOne = await startChat(one.siteKey, person);
    const inTwo = await startChat(two.siteKey, person);

    const stored = async (id: string) => ({
      email: (await accountsD1.prepare("SELECT visitor_email_bidx AS v FROM conversations WHERE id = ?").bind(id).first<{ v: string }>())!
        .v,
      tokens: (
        await accountsD1
          .prepare("SELECT token_bidx AS t FROM conversation_name_tokens WHERE conversation_id = ? ORDER BY t")
          .bind(id)
          .all<{ t: string }>()
      ).results.map((r) => r.t),
    });
    const [a, b] = [await stored(inOne.conversationId), await stored(inTwo.conversationId)];
    expect(a.email).toBeTruthy();
    expect(a.email).not.toBe(b.email);
    expect(a.tokens).toHaveLength(2);
    for (const token of a.tokens) expect(b.tokens).not.toContain(token);

    // Search, the data-subject search too, still finds the person within each account, and only there.
    const [cookieOne, cookieTwo] = [await login(one.adminEmail), await login(two.adminEmail)];
    expect(await foundIds(await post("/conversations/search", cookieOne, { email: "vera.lindqvist@example.org" }))).toEqual([
      inOne.conversationId,
    ]);
    expect(await foundIds(await post("/conversations/search", cookieTwo, { email: " VERA.LINDQVIST@example.org" }))).toEqual([
      inTwo.conversationId,
    ]);
    expect(await foundIds(await post("/conversations/search", cookieOne, { name: "lindqvist vera" }))).toEqual([inOne.conversationId]);
    expect(await foundIds(await post("/conversations/search", cookieTwo, { name: "Lindqvist" }))).toEqual([inTwo.conversationId]);
    expect(await foundIds(await post("/data-subject/search", cookieOne, { email: "vera.lindqvist@example.org" }))).toEqual([
      inOne.conversationId,
    ]);
    expect(await foundIds(await post("/data-subject/search", cookieTwo, { email: "vera.lindqvist@example.org" }))).toEqual([
      inTwo.conversationId,
    ]);
  });
});
