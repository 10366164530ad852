import {
  createExecutionContext,
  createScheduledController,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import type { ConversationRoom } from "../src/conversation/conversation-room";
import type { RoomState, StoredMessage } from "../src/conversation/room-storage";
import { loadKeyRing, openDataKey } from "../src/crypto/key-ring";
import { openDb } from "../src/db/client";
import worker from "../src/index";
import { rewrapDataKeys } from "../src/privacy/key-rotation";
import { accountsD1, BASE, login, roomStub, SITE_ORIGIN, seedAccount, visitorSocket } from "./helpers";
import { seedTranscript } from "./helpers/transcripts";

// The test ring holds k1 and k2 with k2 active. Conversations are created here as they were before
// the rotation (k1 active); the sweep must move every wrapped key to k2, after which a ring
// without k1 reads everything.

const { keys } = JSON.parse(env.KEY_RING) as { active: string; keys: Record<string, string> };
const BEFORE_ROTATION = JSON.stringify({ active: "k1", keys });
const K1_RETIRED = JSON.stringify({ active: "k2", keys: { k2: keys.k2 } });

/** The worker with another KEY_RING: what a deploy with that secret would run. */
async function fetchWith(keyRing: string, url: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${BASE}${url}`, init) as Parameters<typeof worker.fetch>[0],
    { ...env, KEY_RING: keyRing } as Env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

const keysOn = async (keyId: string) =>
  (await accountsD1
    .prepare("SELECT count(*) AS n FROM conversation_keys WHERE substr(wrapped_key, 1, ?) = ?")
    .bind(keyId.length + 4, `e1.${keyId}.`)
    .first<{ n: number }>())!.n;

const roomWrappedKey = (conversationId: string) =>
  runInDurableObject(
    roomStub(conversationId),
    (_instance: ConversationRoom, state) =>
      (JSON.parse(state.storage.sql.exec("SELECT state FROM room_state").one().state as string) as RoomState).wrappedKey,
  );

describe("key rotation", () => {
  it("re-wraps every data key in the background, in bounded runs, so the old ring key can be retired", async () => {
    const account = await seedAccount();
    const names = ["Anna Alt", "Bruno Bauer", "Carla Conti"];
    const ended = await Promise.all(
      names.map((name, i) =>
        seedTranscript(account, {
          name,
          email: `old-${i}@example.org`,
          bodies: [`question ${i}`, `answer ${i}`],
          keyRing: BEFORE_ROTATION,
        }),
      ),
    );
    // A conversation still open when the key changes: its room holds its own copy of the wrapped key.
    const started = await fetchWith(BEFORE_ROTATION, `/w/${account.siteKey}/conversations`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: SITE_ORIGIN },
      body: JSON.stringify({ consent: true, name: "Lena Live" }),
    });
    expect(started.status).toBe(201);
    const live = (await started.json()) as { conversationId: string; visitorToken: string };
    const visitor = await visitorSocket(account.siteKey, live.conversationId, live.visitorToken);
    visitor.send({ type: "message.send", clientId: "l1", body: "still talking during the rotation" });
    await visitor.until((s) => s.messages().length === 1);
    await runDurableObjectAlarm(roomStub(live.conversationId)); // flushed to D1 too
    const all = [...ended, live.conversationId];

    expect(await keysOn("k1")).toBe(4);
    expect(await roomWrappedKey(live.conversationId)).toMatch(/^e1\.k1\./);
    // Retiring k1 now would lose them: the retired ring cannot open a single one.
    const cookie = await login(account.adminEmail);
    expect(
      (await fetchWith(K1_RETIRED, `/api/v1/conversations/${ended[0]}/messages`, { headers: { Origin: BASE, Cookie: cookie } })).status,
    ).toBe(500);

    // Bounded: a run with a budget of 2 re-wraps 2 and says how many are left.
    expect(await rewrapDataKeys(env, openDb(accountsD1), 2)).toEqual({ activeKeyId: "k2", rewrapped: 2, failed: 0, remaining: 2 });

    // The hourly cron does the rest and logs its progress.
    const log = vi.spyOn(console, "log");
    // The handler awaits the whole sweep (it takes no execution context).
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "17 * * * *" }), env);
    expect(log).toHaveBeenCalledWith("key rotation", JSON.stringify({ activeKeyId: "k2", rewrapped: 2, failed: 0, remaining: 0 }));
    log.mockRestore();

    expect(await keysOn("k1")).toBe(0);
    expect(await keysOn("k2")).toBe(4);
    expect(await roomWrappedKey(live.conversationId)).toMatch(/^e1\.k2\./);

    // k1 retired: a worker whose KEY_RING no longer has it reads every conversation, names and messages.
    const headers = { Origin: BASE, Cookie: cookie, "Content-Type": "application/json" };
    const exported = await fetchWith(K1_RETIRED, "/api/v1/conversations/export", {
      method: "POST",
      headers,
      body: JSON.stringify({ format: "json", conversationIds: all }),
    });
    expect(exported.status).toBe(200);
    const file = (await exported.json()) as { conversations: { id: string; visitorName: string; messages: { body: string }[] }[] };
    const byId = new Map(file.conversations.map((c) => [c.id, c]));
    names.forEach((name, i) => {
      expect(byId.get(ended[i]!)).toMatchObject({ visitorName: name, messages: [{ body: `question ${i}` }, { body: `answer ${i}` }] });
    });
    expect(byId.get(live.conversationId)).toMatchObject({
      visitorName: "Lena Live",
      messages: [{ body: "still talking during the rotation" }],
    });
    // And the open room's own copy opens with that ring too.
    const ring = await loadKeyRing(K1_RETIRED);
    const liveBodies = await runInDurableObject(roomStub(live.conversationId), async (_instance: ConversationRoom, state) => {
      const room = JSON.parse(state.storage.sql.exec("SELECT state FROM room_state").one().state as string) as RoomState;
      const cipher = await openDataKey(ring, room.wrappedKey, room.accountId, room.conversationId);
      const rows = state.storage.sql
        .exec(
          "SELECT seq, author_kind AS authorKind, author_operator_id AS authorOperatorId, body_enc AS bodyEnc FROM messages ORDER BY seq",
        )
        .toArray() as unknown as Pick<StoredMessage, "seq" | "authorKind" | "authorOperatorId" | "bodyEnc">[];
      return Promise.all(rows.map((m) => cipher.decryptMessage(m)));
    });
    expect(liveBodies).toEqual(["still talking during the rotation"]);

    // Nothing is left, so a further run re-wraps nothing and reports zero.
    expect(await rewrapDataKeys(env, openDb(accountsD1))).toEqual({ activeKeyId: "k2", rewrapped: 0, failed: 0, remaining: 0 });
    // A ring holding only its active key has nothing to rotate and costs no query.
    expect(await rewrapDataKeys({ ...env, KEY_RING: K1_RETIRED } as Env, openDb(accountsD1))).toBeNull();
    visitor.close();
  });
});
