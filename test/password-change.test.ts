import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { CLOSE_SESSION_ENDED } from "../src/shared/frames";
import { accountsD1, BASE, login, operatorSocket, PASSWORD, seedAccount, startChat, TestSocket, upgrade, visitorSocket } from "./helpers";
import { call, createToken, errorCode } from "./helpers/api-tokens";

const NEW_PASSWORD = "a brand new passphrase";

const changePassword = (cookie: string, body: unknown) => call("POST", "/me/password", { Cookie: cookie }, body);
const me = (headers: Record<string, string>) => call("GET", "/me", headers);
const passwordHash = async (operatorId: string) =>
  (await accountsD1.prepare("SELECT password_hash FROM operators WHERE id = ?").bind(operatorId).first<{ password_hash: string }>())!
    .password_hash;
const auditActions = async (accountId: string) =>
  (
    await accountsD1
      .prepare("SELECT action, actor_id, target_id, count FROM audit_log WHERE account_id = ? ORDER BY created_at")
      .bind(accountId)
      .all<{ action: string; actor_id: string; target_id: string; count: number | null }>()
  ).results;

describe("POST /api/v1/me/password", () => {
  it("changes the password: this session stays, other sessions and their sockets end, tokens are revoked, the old password is dead", async () => {
    const account = await seedAccount();
    const here = await login(account.adminEmail);
    const elsewhere = await login(account.adminEmail);
    const token = await createToken(here, ["chats:read"]);
    const chat = await startChat(account.siteKey);
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    const other = await operatorSocket(elsewhere, chat.conversationId);
    const mine = await operatorSocket(here, chat.conversationId);
    const tokenRes = await upgrade(`${BASE}/api/v1/conversations/${chat.conversationId}/socket`, token.bearer);
    const viaToken = new TestSocket(tokenRes.webSocket!);
    for (const socket of [other, mine, viaToken]) await socket.until((s) => s.ofType("hello").length === 1);

    const res = await changePassword(here, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ endedSessions: 1, revokedTokens: 1 });

    // The other session's socket closes within 5 seconds, and what it sends goes nowhere.
    await other.until((s) => s.closed !== null, 5_000, "the other session's socket to close");
    expect(other.closed?.code).toBe(CLOSE_SESSION_ENDED);
    await viaToken.until((s) => s.closed !== null, 5_000, "the revoked token's socket to close");
    try {
      other.send({ type: "message.send", clientId: "late", body: "sent after the password changed" });
    } catch {
      // A closed socket may refuse to send at all: refused either way.
    }
    mine.send({ type: "message.send", clientId: "mine", body: "from the session that changed it" });
    await visitor.until((s) => s.messages().length === 1);
    visitor.send({ type: "message.send", clientId: "marker", body: "marker" });
    await visitor.until((s) => s.messages().length === 2);
    expect(visitor.messages().map((m) => m.body)).toEqual(["from the session that changed it", "marker"]);
    expect(mine.closed).toBeNull();

    expect((await me({ Cookie: here })).status).toBe(200);
    expect(await errorCode(await me({ Cookie: elsewhere }))).toBe("session_expired");
    expect(await errorCode(await me(token.bearer))).toBe("invalid_token");
    await expect(login(account.adminEmail, PASSWORD)).rejects.toThrow(/401/);
    await login(account.adminEmail, NEW_PASSWORD);

    const entries = await auditActions(account.accountId);
    expect(entries).toContainEqual(
      expect.objectContaining({ action: "password.changed", actor_id: account.adminId, target_id: account.adminId }),
    );
    expect(entries).toContainEqual(expect.objectContaining({ action: "session.ended.password_changed", count: 1 }));
    expect(entries).toContainEqual(expect.objectContaining({ action: "api_token.revoked_on_password_change", count: 1 }));
  });

  it("keeps the session that changed it through the hourly re-application of the revocation ledger", async () => {
    const account = await seedAccount();
    const here = await login(account.adminEmail);
    expect((await changePassword(here, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(200);
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "17 * * * *" }), env);
    expect((await me({ Cookie: here })).status).toBe(200);
    await login(account.adminEmail, NEW_PASSWORD);
  });

  it("refuses a wrong current password with invalid_current_password, changing nothing, and throttles guessing", async () => {
    const account = await seedAccount();
    const here = await login(account.adminEmail);
    const before = await passwordHash(account.adminId);
    const wrong = await changePassword(here, { currentPassword: "not my password", newPassword: NEW_PASSWORD });
    expect(wrong.status).toBe(403);
    expect(await errorCode(wrong)).toBe("invalid_current_password");
    expect(await passwordHash(account.adminId)).toBe(before);
    expect((await me({ Cookie: here })).status).toBe(200);
    expect((await auditActions(account.accountId)).filter((e) => e.action === "password.change_failed")).toHaveLength(1);

    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 10; i++)
      codes.push(await errorCode(await changePassword(here, { currentPassword: `guess ${i}`, newPassword: NEW_PASSWORD })));
    expect(codes.slice(0, 9)).toEqual(Array(9).fill("invalid_current_password"));
    expect(codes[9]).toBe("too_many_attempts");
    // Even the right one waits now: the guessing is what is limited, not the wrong answers.
    expect(await errorCode(await changePassword(here, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }))).toBe("too_many_attempts");
    expect(await passwordHash(account.adminId)).toBe(before);
  });

  it("applies the password policy: 12 characters at least, not the current one, nothing else in the body", async () => {
    const account = await seedAccount();
    const here = await login(account.adminEmail);
    const before = await passwordHash(account.adminId);
    for (const [body, code] of [
      [{ currentPassword: PASSWORD, newPassword: "too short" }, "invalid_request"],
      [{ currentPassword: PASSWORD }, "invalid_request"],
      [{ newPassword: NEW_PASSWORD }, "invalid_request"],
      [{ currentPassword: PASSWORD, newPassword: NEW_PASSWORD, operatorId: account.adminId }, "invalid_request"],
      [{ currentPassword: PASSWORD, newPassword: PASSWORD }, "password_unchanged"],
    ] as const) {
      const res = await changePassword(here, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await errorCode(res)).toBe(code);
    }
    expect(await passwordHash(account.adminId)).toBe(before);
  });

  it("needs a signed-in session from the app's origin: not a token, not another site, not nobody", async () => {
    const account = await seedAccount();
    const here = await login(account.adminEmail);
    const token = await createToken(here);
    const body = { currentPassword: PASSWORD, newPassword: NEW_PASSWORD };
    const viaToken = await call("POST", "/me/password", token.bearer, body);
    expect(viaToken.status).toBe(403);
    expect(await errorCode(viaToken)).toBe("session_required");
    expect(await errorCode(await call("POST", "/me/password", { Cookie: here, Origin: "https://evil.example" }, body))).toBe(
      "origin_not_allowed",
    );
    expect(await errorCode(await call("POST", "/me/password", {}, body))).toBe("unauthenticated");
    await login(account.adminEmail, PASSWORD);
  });
});
