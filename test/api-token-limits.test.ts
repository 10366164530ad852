import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, login, PASSWORD, seedAccount } from "./helpers";

async function call(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
  return SELF.fetch(`${BASE}/api/v1${url}`, {
    method,
    headers: { Origin: BASE, ...headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const errorCode = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;

describe("what an API token can never do", () => {
  it("creates no token, revokes none, sets no password and adds no operator: 403 session_required", async () => {
    const account = await seedAccount();
    const cookie = { Cookie: await login(account.adminEmail) };
    const created = (await (await call("POST", "/api-tokens", cookie, { name: "CRM" })).json()) as { id: string; token: string };
    const bearer = { Authorization: `Bearer ${created.token}` };

    for (const res of [
      await call("POST", "/api-tokens", bearer, { name: "minted by a token" }),
      await call("DELETE", `/api-tokens/${created.id}`, bearer),
      await call("PATCH", `/team/operators/${account.adminId}`, bearer, { password: "a password the token chose" }),
      await call("POST", "/team/operators", bearer, { email: "sock@example.com", displayName: "Sock", password: "a password the token chose", roleId: account.roleIds.Admin }),
    ]) {
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe("session_required");
    }
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM api_tokens WHERE account_id = ? AND revoked_at IS NULL").bind(account.accountId).first())?.n).toBe(1);
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM operators WHERE account_id = ?").bind(account.accountId).first())?.n).toBe(1);
    // The password is unchanged, and the token still changes what is not a credential.
    await login(account.adminEmail, PASSWORD);
    expect((await call("PATCH", `/team/operators/${account.adminId}`, bearer, { displayName: "Ada" })).status).toBe(200);
  });

  it("a session cannot set its own password through the team routes, which ask no current password", async () => {
    const account = await seedAccount();
    const cookie = { Cookie: await login(account.adminEmail) };
    const res = await call("PATCH", `/team/operators/${account.adminId}`, cookie, { password: "a new password for me" });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe("current_password_required");
    await login(account.adminEmail, PASSWORD);
  });
});
