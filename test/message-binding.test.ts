import { runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import {
  accountsD1,
  addOperator,
  BASE,
  login,
  operatorSocket,
  roomStub,
  SITE_ORIGIN,
  seedAccount,
  startChat,
  upgrade,
  visitorSocket,
} from "./helpers";

// A message body's ciphertext is bound to its seq and author: whoever can write to storage (D1 or
// a room's SQLite) cannot move a message to another place in the transcript or another author and
// have it read as such. Every reading path must refuse, not show the moved text.

const BODIES = ["I ordered the blue one.", "Actually, cancel it.", "Done, it is cancelled."];

async function api(method: string, path: string, cookie: string, body?: unknown): Promise<Response> {
  return SELF.fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { Origin: BASE, Cookie: cookie, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A live chat with two visitor messages (seq 1, 2) and an operator's answer (seq 3). */
async function chatWithThreeMessages() {
  const account = await seedAccount();
  const cookie = await login(account.adminEmail);
  const chat = await startChat(account.siteKey, { consent: true, name: "Vera Visitor", email: "vera.binding@example.org" });
  const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
  const operator = await operatorSocket(cookie, chat.conversationId);
  visitor.send({ type: "message.send", clientId: "v1", body: BODIES[0] });
  await operator.until((s) => s.messages().length === 1);
  visitor.send({ type: "message.send", clientId: "v2", body: BODIES[1] });
  await operator.until((s) => s.messages().length === 2);
  operator.send({ type: "message.send", clientId: "o1", body: BODIES[2] });
  await visitor.until((s) => s.messages().length === 3);
  return { account, cookie, chat, visitor, operator };
}

/** The response is an error, and none of the bodies reached the client. */
async function expectRefused(res: Response): Promise<void> {
  expect(res.status).toBe(500);
  const text = await res.text();
  for (const body of BODIES) expect(text).not.toContain(body);
}

/** A streamed download that started fine must break off rather than deliver moved text. */
async function expectBrokenDownload(res: Response): Promise<void> {
  expect(res.status).toBe(200);
  let text = "";
  try {
    text = await res.text();
  } catch {
    return;
  }
  throw new Error(`download completed: ${text.slice(0, 200)}`);
}

async function swapD1Bodies(conversationId: string, a: number, b: number): Promise<void> {
  const body = async (seq: number) =>
    (await accountsD1
      .prepare("SELECT body_enc AS v FROM messages WHERE conversation_id = ? AND seq = ?")
      .bind(conversationId, seq)
      .first<{ v: string }>())!.v;
  const [first, second] = [await body(a), await body(b)];
  const set = accountsD1.prepare("UPDATE messages SET body_enc = ? WHERE conversation_id = ? AND seq = ?");
  await accountsD1.batch([set.bind(second, conversationId, a), set.bind(first, conversationId, b)]);
}

describe("message ciphertexts bound to seq and author", () => {
  it("in a live room: bodies swapped between two seqs make replay and the visitor's transcript fail", async () => {
    const { account, cookie, chat } = await chatWithThreeMessages();
    const swap = () =>
      runInDurableObject(roomStub(chat.conversationId), (_instance, state) => {
        const [one, two] = state.storage.sql.exec("SELECT body_enc FROM messages WHERE seq IN (1, 2) ORDER BY seq").toArray();
        state.storage.sql.exec("UPDATE messages SET body_enc = ? WHERE seq = 1", two!.body_enc);
        state.storage.sql.exec("UPDATE messages SET body_enc = ? WHERE seq = 2", one!.body_enc);
      });
    // Untouched, a fresh socket replays all three.
    const before = await operatorSocket(cookie, chat.conversationId);
    await before.until((s) => s.messages().length === 3);
    expect(before.messages().map((m) => m.body)).toEqual(BODIES);

    await swap();
    await expectRefused(
      await upgrade(`${BASE}/api/v1/conversations/${chat.conversationId}/socket?after=0`, { Origin: BASE, Cookie: cookie }),
    );
    await expectRefused(
      await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations/${chat.conversationId}/transcript`, {
        headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${chat.visitorToken}` },
      }),
    );

    // Put back, the same ciphertexts open again: it was their place, not their bytes, that failed.
    await swap();
    const after = await operatorSocket(cookie, chat.conversationId);
    await after.until((s) => s.messages().length === 3);
    expect(after.messages().map((m) => m.body)).toEqual(BODIES);
  });

  it("in D1: a body moved to another seq or another operator is refused by every reading path", async () => {
    const { account, cookie, chat, visitor } = await chatWithThreeMessages();
    visitor.send({ type: "conversation.close" });
    await visitor.until((s) => s.ofType("conversation.closed").length === 1);
    // The close flushes and then erases the room; from here on D1 is the only copy.
    await runDurableObjectAlarm(roomStub(chat.conversationId));
    await vi.waitFor(
      async () =>
        expect(await accountsD1.prepare("SELECT status FROM conversations WHERE id = ?").bind(chat.conversationId).first()).toEqual({
          status: "closed",
        }),
      { timeout: 5_000 },
    );
    const id = chat.conversationId;
    const read = await api("GET", `/conversations/${id}/messages`, cookie);
    expect(((await read.json()) as { items: { body: string }[] }).items.map((m) => m.body).slice(0, 3)).toEqual(BODIES);

    const everyPath = async () => {
      await expectRefused(await api("GET", `/conversations/${id}/messages`, cookie));
      await expectRefused(await upgrade(`${BASE}/api/v1/conversations/${id}/socket?after=0`, { Origin: BASE, Cookie: cookie }));
      await expectRefused(
        await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations/${id}/transcript`, {
          headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${chat.visitorToken}` },
        }),
      );
      await expectBrokenDownload(await api("POST", "/conversations/export", cookie, { format: "json", conversationIds: [id] }));
      await expectBrokenDownload(await api("POST", "/conversations/export", cookie, { format: "csv", conversationIds: [id] }));
      await expectBrokenDownload(await api("POST", "/data-subject/export", cookie, { format: "json", email: "vera.binding@example.org" }));
    };

    // Two visitor messages swap places: same author, other seq.
    await swapD1Bodies(id, 1, 2);
    await everyPath();
    await swapD1Bodies(id, 1, 2);
    expect((await api("GET", `/conversations/${id}/messages`, cookie)).status).toBe(200);

    // The operator's message credited to another operator of the account.
    const other = (await accountsD1
      .prepare("SELECT id FROM operators WHERE email = ?")
      .bind(await addOperator(account, "Agent"))
      .first<{ id: string }>())!.id;
    await accountsD1.prepare("UPDATE messages SET author_operator_id = ? WHERE conversation_id = ? AND seq = 3").bind(other, id).run();
    await everyPath();
    await accountsD1
      .prepare("UPDATE messages SET author_operator_id = ? WHERE conversation_id = ? AND seq = 3")
      .bind(account.adminId, id)
      .run();
    expect((await api("GET", `/conversations/${id}/messages`, cookie)).status).toBe(200);

    // And the visitor's first message passed off as the operator's.
    await accountsD1
      .prepare(
        "UPDATE messages SET author_kind = 'operator', author_operator_id = ?, author_name = 'Ada Admin' WHERE conversation_id = ? AND seq = 1",
      )
      .bind(account.adminId, id)
      .run();
    await everyPath();
  });
});
