import { createScheduledController, runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ConversationRoom } from "../src/conversation/conversation-room";
import { openDb } from "../src/db/client";
import worker from "../src/index";
import { eraseConversations, LEDGER_TTL_SECONDS } from "../src/privacy/erasure";
import { LEDGER_IDS_PER_RUN, reapplyErasureLedger, worstPassHours } from "../src/privacy/erasure-ledger";
import { RETENTION_BUDGET_PER_RUN } from "../src/privacy/retention";
import { accountsD1, addOperator, BASE, login, PASSWORD, roomStub, seedAccount, startChat, tracesOf, visitorSocket } from "./helpers";
import { registerSoftPasskey, softSignInResponse } from "./helpers/passkeys";
import { seedTranscript } from "./helpers/transcripts";

// A restore of D1 (Time Travel) or of a room (point-in-time recovery) rolls back to before an
// erasure or a revocation. These tests play such restores by writing the old rows back, then
// check that the hourly sweep, or the room itself, undoes them again.

const db = () => openDb(accountsD1);
const sweep = (at = Date.now()) => worker.scheduled(createScheduledController({ scheduledTime: at, cron: "17 * * * *" }), env);

type Rows = Record<string, Record<string, unknown>[]>;

/** Every D1 row of these conversations, as a backup would hold them. */
async function backupRows(ids: string[]): Promise<Rows> {
  const rows: Rows = {};
  for (const id of ids) {
    const traces = await tracesOf(id);
    for (const table of ["conversations", "conversation_keys", "consent_receipts", "conversation_name_tokens", "messages"]) {
      rows[table] = [...(rows[table] ?? []), ...(traces.d1[table] as Record<string, unknown>[])];
    }
  }
  return rows;
}

/** Puts rows back as they were, parents first: what a restore of D1 does. */
async function restoreRows(rows: Rows): Promise<void> {
  for (const table of [
    "operators",
    "sessions",
    "passkeys",
    "conversations",
    "conversation_keys",
    "consent_receipts",
    "conversation_name_tokens",
    "messages",
  ]) {
    for (const row of rows[table] ?? []) {
      const columns = Object.keys(row);
      await accountsD1
        .prepare(`INSERT OR REPLACE INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`)
        .bind(...columns.map((c) => row[c] ?? null))
        .run();
    }
  }
}

/** The room's own tables, as a point-in-time recovery of the object would hold them. */
const roomSnapshot = (id: string) =>
  runInDurableObject(roomStub(id), (_room, state) => ({
    state: state.storage.sql.exec("SELECT state FROM room_state").one().state as string,
    messages: state.storage.sql.exec("SELECT * FROM messages").toArray(),
  }));

/** Brings the room back from its snapshot, alarm included (a recovery restores the whole storage). */
async function restoreRoom(id: string, snapshot: Awaited<ReturnType<typeof roomSnapshot>>): Promise<void> {
  await runInDurableObject(roomStub(id), async (room: ConversationRoom, state) => {
    await room.init(JSON.parse(snapshot.state) as Parameters<ConversationRoom["init"]>[0]);
    state.storage.sql.exec("UPDATE room_state SET state = ?", snapshot.state);
    for (const m of snapshot.messages) {
      const columns = Object.keys(m);
      state.storage.sql.exec(
        `INSERT INTO messages (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
        ...columns.map((c) => m[c] ?? null),
      );
    }
  });
}

/** A live chat with messages in its room, flushed to D1. */
async function liveChat(siteKey: string) {
  const chat = await startChat(siteKey, { consent: true, name: "Rosa Restore" });
  const visitor = await visitorSocket(siteKey, chat.conversationId, chat.visitorToken);
  visitor.send({ type: "message.send", clientId: "r1", body: "before the erasure" });
  await visitor.until((s) => s.messages().length === 1);
  await runDurableObjectAlarm(roomStub(chat.conversationId));
  visitor.close();
  return chat.conversationId;
}

describe("the erasure ledger against restores", () => {
  it("erases a room brought back by a point-in-time recovery of the object alone", async () => {
    const account = await seedAccount();
    const id = await liveChat(account.siteKey);
    const snapshot = await roomSnapshot(id);
    await eraseConversations(env, db(), account.accountId, [id], Date.now());
    expect((await tracesOf(id)).room).toBe("[]");
    await restoreRoom(id, snapshot);
    expect((await tracesOf(id)).room).not.toBe("[]");
    // D1 did not come back: the ledger tells the room anyway.
    await sweep();
    expect((await tracesOf(id)).room).toBe("[]");
  });

  it("a restored room that wakes erases itself when D1 no longer has its conversation", async () => {
    const account = await seedAccount();
    const id = await liveChat(account.siteKey);
    const snapshot = await roomSnapshot(id);
    await eraseConversations(env, db(), account.accountId, [id], Date.now());
    await restoreRoom(id, snapshot);
    expect((await tracesOf(id)).room).not.toBe("[]");
    // Its restored alarm fires before any sweep: the room checks D1 and goes.
    await runDurableObjectAlarm(roomStub(id));
    expect((await tracesOf(id)).room).toBe("[]");
    expect(await runInDurableObject(roomStub(id), (_room, state) => state.storage.getAlarm())).toBeNull();
  });

  it("re-applies a ledger larger than one run's budget over successive runs, from a cursor, new records included", async () => {
    // This file's earlier tests left records behind: start from an empty ledger, so the counts below are this test's.
    for (const key of (await env.ERASURES.list({ prefix: "erasure:" })).keys) await env.ERASURES.delete(key.name);
    await env.ERASURES.delete("ledger-cursor");
    const account = await seedAccount();
    const base = Date.now() - 3_600_000;
    const erased: string[] = [];
    // Six records of two conversations each.
    for (let i = 0; i < 6; i++) {
      const pair = [await seedTranscript(account, { bodies: ["a"] }), await seedTranscript(account, { bodies: ["b"] })];
      const backup = await backupRows(pair);
      await eraseConversations(env, db(), account.accountId, pair, base + i);
      await restoreRows(backup);
      erased.push(...pair);
    }
    const left = async () =>
      (await accountsD1
        .prepare(`SELECT COUNT(*) AS n FROM conversations WHERE id IN (${erased.map(() => "?").join(",")})`)
        .bind(...erased)
        .first<{ n: number }>())!.n;
    expect(await left()).toBe(12);
    const run = () => reapplyErasureLedger(env, db(), Date.now(), 4);
    expect(await run()).toEqual({ reErased: 4, ids: 4, passComplete: false });
    // A record added while the pass is under way, restored too: the same pass reaches it.
    const late = await seedTranscript(account, { bodies: ["c"] });
    const lateBackup = await backupRows([late]);
    await eraseConversations(env, db(), account.accountId, [late], base + 10);
    await restoreRows(lateBackup);
    erased.push(late);
    expect(await run()).toEqual({ reErased: 4, ids: 4, passComplete: false });
    expect(await run()).toEqual({ reErased: 4, ids: 4, passComplete: false });
    expect(await run()).toEqual({ reErased: 1, ids: 1, passComplete: true });
    expect(await left()).toBe(0);
    // The next run starts a new pass from the oldest record.
    expect(await run()).toEqual({ reErased: 0, ids: 4, passComplete: false });
  });

  it("is sized to outpace the retention sweep: a pass over the largest ledger takes at most half a record's lifetime", () => {
    expect(LEDGER_IDS_PER_RUN).toBeGreaterThanOrEqual(2 * RETENTION_BUDGET_PER_RUN);
    expect(worstPassHours()).toBeLessThanOrEqual(LEDGER_TTL_SECONDS / 3600 / 2);
    // With no more than the retention sweep adds per run, the ledger would never be passed in time.
    expect(worstPassHours(RETENTION_BUDGET_PER_RUN / 2)).toBeGreaterThan(LEDGER_TTL_SECONDS / 3600);
  });
});

const me = (headers: Record<string, string>) => SELF.fetch(`${BASE}/api/v1/me`, { headers });
const api = (path: string, cookie: string, method: string, body?: unknown) =>
  SELF.fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { "Content-Type": "application/json", Origin: BASE, Cookie: cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const rowsOf = async (table: string, column: string, value: string) =>
  (await accountsD1.prepare(`SELECT * FROM ${table} WHERE ${column} = ?`).bind(value).all<Record<string, unknown>>()).results;

describe("revocations against a D1 restore", () => {
  it("a signed-out session stays signed out", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const backup = { sessions: await rowsOf("sessions", "operator_id", account.adminId) };
    expect((await api("/auth/logout", cookie, "POST")).status).toBe(204);
    await restoreRows(backup);
    expect((await me({ Cookie: cookie })).status).toBe(200);
    await sweep();
    expect((await me({ Cookie: cookie })).status).toBe(401);
  });

  it("a revoked API token stays revoked", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const created = (await (
      await api("/api-tokens", cookie, "POST", { name: "ci", scopes: ["settings:read"], expiresInDays: 30 })
    ).json()) as { id: string; token: string };
    expect((await api(`/api-tokens/${created.id}`, cookie, "DELETE")).status).toBe(204);
    await accountsD1.prepare("UPDATE api_tokens SET revoked_at = NULL WHERE id = ?").bind(created.id).run();
    const bearer = { Authorization: `Bearer ${created.token}` };
    expect((await me(bearer)).status).toBe(200);
    await sweep();
    expect((await me(bearer)).status).toBe(401);
  });

  it("a disabled operator stays disabled, its old sessions ended", async () => {
    const account = await seedAccount();
    const email = await addOperator(account, "Agent");
    const theirs = await login(email);
    const operatorId = (await rowsOf("operators", "email", email))[0]!.id as string;
    const backup = {
      operators: await rowsOf("operators", "id", operatorId),
      sessions: await rowsOf("sessions", "operator_id", operatorId),
    };
    expect((await api(`/team/operators/${operatorId}`, await login(account.adminEmail), "PATCH", { disabled: true })).status).toBe(200);
    await restoreRows(backup);
    expect((await me({ Cookie: theirs })).status).toBe(200);
    await sweep();
    expect((await me({ Cookie: theirs })).status).toBe(401);
    expect((await rowsOf("operators", "id", operatorId))[0]!.disabled).toBe(1);
  });

  it("an operator enabled again is not disabled by the sweep", async () => {
    const account = await seedAccount();
    const email = await addOperator(account, "Agent");
    const operatorId = (await rowsOf("operators", "email", email))[0]!.id as string;
    const admin = await login(account.adminEmail);
    await api(`/team/operators/${operatorId}`, admin, "PATCH", { disabled: true });
    await api(`/team/operators/${operatorId}`, admin, "PATCH", { disabled: false });
    await sweep();
    expect((await me({ Cookie: await login(email) })).status).toBe(200);
  });

  it("a removed operator stays removed", async () => {
    const account = await seedAccount();
    const email = await addOperator(account, "Agent");
    const theirs = await login(email);
    const operatorId = (await rowsOf("operators", "email", email))[0]!.id as string;
    const backup = {
      operators: await rowsOf("operators", "id", operatorId),
      sessions: await rowsOf("sessions", "operator_id", operatorId),
    };
    expect((await api(`/team/operators/${operatorId}`, await login(account.adminEmail), "DELETE")).status).toBe(204);
    await restoreRows(backup);
    expect((await me({ Cookie: theirs })).status).toBe(200);
    await sweep();
    expect((await me({ Cookie: theirs })).status).toBe(401);
    expect(await rowsOf("operators", "id", operatorId)).toEqual([]);
  });

  it("a removed passkey stays removed", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const authenticator = await registerSoftPasskey(cookie);
    const backup = { passkeys: await rowsOf("passkeys", "id", authenticator.credentialId) };
    expect((await api(`/me/passkeys/${authenticator.credentialId}`, cookie, "DELETE")).status).toBe(204);
    await restoreRows(backup);
    const signIn = async () =>
      (
        await SELF.fetch(`${BASE}/api/v1/auth/passkey/sign-in`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ response: await softSignInResponse(authenticator) }),
        })
      ).status;
    expect(await signIn()).toBe(200);
    await sweep();
    expect(await signIn()).toBe(401);
    expect(await rowsOf("passkeys", "id", authenticator.credentialId)).toEqual([]);
  });

  it("a changed password: the old one does not work again, nor sessions from before", async () => {
    const account = await seedAccount();
    const email = await addOperator(account, "Agent");
    const theirs = await login(email);
    const operatorId = (await rowsOf("operators", "email", email))[0]!.id as string;
    const backup = {
      operators: await rowsOf("operators", "id", operatorId),
      sessions: await rowsOf("sessions", "operator_id", operatorId),
    };
    expect(
      (await api(`/team/operators/${operatorId}`, await login(account.adminEmail), "PATCH", { password: "a brand new password" })).status,
    ).toBe(200);
    await restoreRows(backup);
    expect((await me({ Cookie: theirs })).status).toBe(200);
    await login(email, PASSWORD); // the restored, old password works again, for now
    await sweep();
    expect((await me({ Cookie: theirs })).status).toBe(401);
    await expect(login(email, PASSWORD)).rejects.toThrow(/401/);
  });
});
