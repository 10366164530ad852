import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { identitySecretOf, renewIdentitySecret, resealWidgetSecrets } from "../src/conversation/verified-visitor";
import { createDepartment, createWidget } from "../src/db/accounts";
import { openDb } from "../src/db/client";
import {
  accountsD1,
  addOperator,
  BASE,
  departmentAgentRole,
  login,
  patchWidget,
  SITE_ORIGIN,
  seedAccount,
  startChat,
  type TestAccount,
  tracesOf,
} from "./helpers";
import { csvText, exportAs, exportInZip, parseCsv } from "./helpers/export";

// Verified visitors: a start carrying data-user-id with data-user-hash = HMAC-SHA256(widget secret,
// user id) shows as verified and is linked with that user's other conversations; any other claim
// is dropped without a trace, and nothing of it is ever shown, linked or stored.

const call = async (method: string, url: string, cookie: string, body?: unknown) =>
  SELF.fetch(`${BASE}/api/v1${url}`, {
    method,
    headers: { Origin: BASE, Cookie: cookie, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** What the customer's server computes: HMAC-SHA256 of the user id, keyed with the secret's characters, in hex. */
async function userHash(secret: string, userId: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(userId)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Turns verification on for the widget (as an admin in Settings) and answers its secret. */
async function verificationOn(cookie: string, widgetId: string): Promise<string> {
  expect((await patchWidget(cookie, widgetId, { identityVerification: true })).status).toBe(200);
  const res = await call("GET", `/settings/widgets/${widgetId}/identity-secret`, cookie);
  expect(res.status).toBe(200);
  return ((await res.json()) as { secret: string }).secret;
}

async function verifiedAccount(widget: { privacyMode?: boolean } = {}) {
  const account = await seedAccount(widget);
  const cookie = await login(account.adminEmail);
  const secret = await verificationOn(cookie, account.widgetId);
  return { account, cookie, secret };
}

const chatAs = (account: TestAccount, identity?: unknown, extra: Record<string, unknown> = {}) =>
  startChat(account.siteKey, { consent: true, ...extra, ...(identity === undefined ? {} : { identity }) });

const summaryOf = async (cookie: string, id: string) =>
  (await (await call("GET", `/conversations/${id}`, cookie)).json()) as { verifiedUserId: string | null };

const relatedOf = async (cookie: string, id: string) => {
  const res = await call("GET", `/conversations/${id}/related`, cookie);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { id: string; verifiedUserId: string | null }[] }).items.map((c) => c.id);
};

const storedClaim = (id: string) =>
  accountsD1.prepare("SELECT verified_user_enc AS enc, verified_user_bidx AS bidx FROM conversations WHERE id = ?").bind(id).first();

describe("verified visitors", () => {
  it("shows a visitor with a valid user hash as verified and links their conversations", async () => {
    const { account, cookie, secret } = await verifiedAccount();
    const claim = { userId: "user-42", userHash: await userHash(secret, "user-42") };
    const first = await chatAs(account, claim);
    const second = await chatAs(account, { ...claim, userHash: claim.userHash.toUpperCase() });
    const stranger = await chatAs(account);

    expect((await summaryOf(cookie, first.conversationId)).verifiedUserId).toBe("user-42");
    expect((await summaryOf(cookie, second.conversationId)).verifiedUserId).toBe("user-42");
    expect((await summaryOf(cookie, stranger.conversationId)).verifiedUserId).toBeNull();
    expect(await relatedOf(cookie, second.conversationId)).toEqual([first.conversationId]);
    expect(await relatedOf(cookie, first.conversationId)).toEqual([second.conversationId]);
    expect(await relatedOf(cookie, stranger.conversationId)).toEqual([]);
    // Sealed with the conversation's key, never in clear.
    const row = (await storedClaim(first.conversationId)) as { enc: string; bidx: string };
    expect(row.enc).toMatch(/^e1\./);
    expect(JSON.stringify(await tracesOf(first.conversationId))).not.toContain("user-42");
    // The list and search carry it too; search finds the user's chats by the id (in the body, not the URL).
    const search = await call("POST", "/conversations/search", cookie, { verifiedUserId: "user-42" });
    expect(((await search.json()) as { items: { id: string }[] }).items.map((c) => c.id).sort()).toEqual(
      [first.conversationId, second.conversationId].sort(),
    );
  });

  it("ignores a forged hash, a hash of another id, one made with another widget's secret or an old secret, and stores nothing of the claim", async () => {
    const { account, cookie, secret } = await verifiedAccount();
    const genuine = await chatAs(account, { userId: "alice", userHash: await userHash(secret, "alice") });
    // Another widget of the same account, verification on, its own secret.
    const db = openDb(accountsD1);
    const otherKey = `other-${crypto.randomUUID().slice(0, 8)}`;
    const otherWidget = await createWidget(db, {
      accountId: account.accountId,
      departmentId: account.departmentId,
      siteKey: otherKey,
      name: "Other",
      allowedOrigins: [SITE_ORIGIN],
      now: Date.now(),
    });
    const otherSecret = await verificationOn(cookie, otherWidget);
    // Another account's widget, naming it as the signer.
    const foreign = await verifiedAccount();
    const rotated = await call("POST", `/settings/widgets/${account.widgetId}/identity-secret`, cookie);
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get("Cache-Control")).toBe("no-store");
    const newSecret = ((await rotated.json()) as { secret: string }).secret;
    expect(newSecret).not.toBe(secret);

    const forged = [
      { userId: "alice", userHash: "ab".repeat(32) },
      { userId: "mallory", userHash: await userHash(newSecret, "alice") },
      { userId: "alice", userHash: await userHash(otherSecret, "alice") },
      { userId: "alice", userHash: await userHash(foreign.secret, "alice"), siteKey: foreign.account.siteKey },
      // Made before the rotation: no longer valid.
      { userId: "alice", userHash: await userHash(secret, "alice") },
    ];
    for (const claim of forged) {
      const chat = await chatAs(account, claim);
      expect((await summaryOf(cookie, chat.conversationId)).verifiedUserId, JSON.stringify(claim)).toBeNull();
      expect(await storedClaim(chat.conversationId)).toEqual({ enc: null, bidx: null });
      expect(await relatedOf(cookie, chat.conversationId)).toEqual([]);
      expect(JSON.stringify(await tracesOf(chat.conversationId))).not.toContain(claim.userHash);
    }
    expect(await relatedOf(cookie, genuine.conversationId)).toEqual([]);
    // The new secret verifies, and links with the chat verified before the rotation.
    const after = await chatAs(account, { userId: "alice", userHash: await userHash(newSecret, "alice") });
    expect((await summaryOf(cookie, after.conversationId)).verifiedUserId).toBe("alice");
    expect(await relatedOf(cookie, after.conversationId)).toEqual([genuine.conversationId]);
  });

  it("keeps nothing of a valid claim while the widget's verification is off", async () => {
    const { account, cookie, secret } = await verifiedAccount();
    expect((await patchWidget(cookie, account.widgetId, { identityVerification: false })).status).toBe(200);
    const chat = await chatAs(account, { userId: "bob", userHash: await userHash(secret, "bob") });
    expect((await summaryOf(cookie, chat.conversationId)).verifiedUserId).toBeNull();
    expect(await storedClaim(chat.conversationId)).toEqual({ enc: null, bidx: null });
  });

  it("verifies in privacy mode too, once an admin turned verification on", async () => {
    const { account, cookie, secret } = await verifiedAccount({ privacyMode: true });
    const chat = await chatAs(account, { userId: "carol", userHash: await userHash(secret, "carol") });
    expect((await summaryOf(cookie, chat.conversationId)).verifiedUserId).toBe("carol");
  });

  it("verifies a claim signed by the embedded widget when the router handed the visitor to another", async () => {
    const { account, cookie, secret } = await verifiedAccount();
    const db = openDb(accountsD1);
    const routedKey = `routed-${crypto.randomUUID().slice(0, 8)}`;
    const routed = await createWidget(db, {
      accountId: account.accountId,
      departmentId: account.departmentId,
      siteKey: routedKey,
      name: "Routed",
      allowedOrigins: [SITE_ORIGIN],
      now: Date.now(),
    });
    await verificationOn(cookie, routed);
    const claim = { userId: "dave", userHash: await userHash(secret, "dave"), siteKey: account.siteKey };
    const chat = await startChat(routedKey, { consent: true, identity: claim });
    expect((await summaryOf(cookie, chat.conversationId)).verifiedUserId).toBe("dave");
  });

  it("refuses a malformed claim with a 400 and starts nothing", async () => {
    const { account } = await verifiedAccount();
    const before = await accountsD1.prepare("SELECT COUNT(*) AS n FROM conversations WHERE account_id = ?").bind(account.accountId).first();
    for (const identity of [
      { userId: "x".repeat(257), userHash: "ab".repeat(32) },
      { userId: "eve", userHash: "not-hex" },
      { userId: "", userHash: "ab".repeat(32) },
    ]) {
      const res = await SELF.fetch(`${BASE}/w/${account.siteKey}/conversations`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: SITE_ORIGIN },
        body: JSON.stringify({ consent: true, identity }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    }
    expect(
      await accountsD1.prepare("SELECT COUNT(*) AS n FROM conversations WHERE account_id = ?").bind(account.accountId).first(),
    ).toEqual(before);
  });

  it("puts the verified id in exports and the data-subject export, and erases it with the conversation", async () => {
    const { account, cookie, secret } = await verifiedAccount();
    const claim = { userId: "frank@customer", userHash: await userHash(secret, "frank@customer") };
    const kept = await chatAs(account, claim, { email: "frank@example.org" });
    const erased = await chatAs(account, claim);

    const json = (await (await exportAs(cookie, { format: "json", conversationIds: [kept.conversationId] })).json()) as {
      conversations: { verifiedUserId: string }[];
    };
    expect(json.conversations[0]!.verifiedUserId).toBe("frank@customer");
    const csv = parseCsv(await csvText(await exportAs(cookie, { format: "csv", conversationIds: [kept.conversationId] })));
    const column = csv[0]!.indexOf("verified_user_id");
    expect(column).toBeGreaterThan(-1);
    expect(csv[1]![column]).toBe("frank@customer");
    const subject = await exportInZip(
      await exportAs(cookie, { email: "frank@example.org", format: "json" }, "/api/v1/data-subject/export"),
    );
    expect(((await subject.json()) as { conversations: { verifiedUserId: string }[] }).conversations[0]!.verifiedUserId).toBe(
      "frank@customer",
    );

    expect((await call("DELETE", `/conversations/${erased.conversationId}`, cookie)).status).toBeLessThan(300);
    expect(await storedClaim(erased.conversationId)).toBeNull();
    expect(await relatedOf(cookie, kept.conversationId)).toEqual([]);
  });

  it("links only within the account, and shows an operator only the linked chats of their departments", async () => {
    const { account, cookie, secret } = await verifiedAccount();
    const db = openDb(accountsD1);
    const sales = await createDepartment(db, account.accountId, "Sales", Date.now());
    const salesKey = `sales-${crypto.randomUUID().slice(0, 8)}`;
    const salesWidget = await createWidget(db, {
      accountId: account.accountId,
      departmentId: sales,
      siteKey: salesKey,
      name: "Sales",
      allowedOrigins: [SITE_ORIGIN],
      now: Date.now(),
    });
    const salesSecret = await verificationOn(cookie, salesWidget);
    const general = await chatAs(account, { userId: "gina", userHash: await userHash(secret, "gina") });
    const inSales = await startChat(salesKey, {
      consent: true,
      identity: { userId: "gina", userHash: await userHash(salesSecret, "gina") },
    });
    // The admin sees both linked; an agent of the general department only the general one's side.
    expect(await relatedOf(cookie, general.conversationId)).toEqual([inSales.conversationId]);
    const agent = await login(await addOperator(account, { roleId: await departmentAgentRole(account, [account.departmentId]) }));
    expect((await summaryOf(agent, general.conversationId)).verifiedUserId).toBe("gina");
    expect(await relatedOf(agent, general.conversationId)).toEqual([]);
    expect((await call("GET", `/conversations/${inSales.conversationId}/related`, agent)).status).toBe(404);

    // The same user id in another account is another person: not linked, not reachable.
    const other = await verifiedAccount();
    const theirs = await chatAs(other.account, { userId: "gina", userHash: await userHash(other.secret, "gina") });
    expect(await relatedOf(other.cookie, theirs.conversationId)).toEqual([]);
    expect((await call("GET", `/conversations/${theirs.conversationId}/related`, cookie)).status).toBe(404);
  });

  it("shows the secret only to settings managers once verification is on, and audits each showing and rotation", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const secretUrl = `/settings/widgets/${account.widgetId}/identity-secret`;
    expect((await call("GET", secretUrl, cookie)).status).toBe(404);
    const widget = (await (await patchWidget(cookie, account.widgetId, { identityVerification: true })).json()) as {
      identityVerification: boolean;
    };
    expect(widget.identityVerification).toBe(true);
    const shown = await call("GET", secretUrl, cookie);
    expect(shown.headers.get("Cache-Control")).toBe("no-store");
    const { secret } = (await shown.json()) as { secret: string };
    expect(secret).toMatch(/^[\w-]{43}$/);
    // Sealed with the key ring, never stored in clear.
    const stored = (await accountsD1
      .prepare("SELECT identity_secret_enc AS enc FROM widgets WHERE id = ?")
      .bind(account.widgetId)
      .first()) as {
      enc: string;
    };
    expect(stored.enc).toMatch(/^e1\./);
    expect(stored.enc).not.toContain(secret);
    // Turning it off and on again keeps the secret: only a rotation replaces it.
    await patchWidget(cookie, account.widgetId, { identityVerification: false });
    await patchWidget(cookie, account.widgetId, { identityVerification: true });
    expect(((await (await call("GET", secretUrl, cookie)).json()) as { secret: string }).secret).toBe(secret);
    expect((await call("POST", secretUrl, cookie)).status).toBe(200);

    const agent = await login(await addOperator(account, "Agent"));
    expect((await call("GET", secretUrl, agent)).status).toBe(403);
    const audit = (await (await call("GET", "/audit-log?action=widget.", cookie)).json()) as {
      items: { action: string; targetId: string }[];
    };
    expect(
      audit.items
        .map((e) => e.action)
        .filter((a) => a.startsWith("widget.identity_secret_"))
        .sort(),
    ).toEqual(["widget.identity_secret_revealed", "widget.identity_secret_revealed", "widget.identity_secret_rotated"]);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it("moves a widget's secret to the active ring key in the sweep, unchanged, so the old key can be retired", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    const { keys } = JSON.parse(env.KEY_RING) as { active: string; keys: Record<string, string> };
    // Sealed as before a rotation (k1 active); the test ring has k2 active.
    const before = { ...env, KEY_RING: JSON.stringify({ active: "k1", keys }) } as Env;
    const secret = await renewIdentitySecret(before, db, { id: account.widgetId, accountId: account.accountId }, true);
    const sealed = () =>
      accountsD1.prepare("SELECT identity_secret_enc AS enc FROM widgets WHERE id = ?").bind(account.widgetId).first<{ enc: string }>();
    expect((await sealed())!.enc).toMatch(/^e1\.k1\./);
    const report = await resealWidgetSecrets(env, db);
    expect(report?.remaining).toBe(0);
    expect((await sealed())!.enc).toMatch(/^e1\.k2\./);
    // A ring without k1 still opens it, and it is the secret the customer's server already has.
    const retired = { ...env, KEY_RING: JSON.stringify({ active: "k2", keys: { k2: keys.k2 } }) } as Env;
    const widget = { id: account.widgetId, accountId: account.accountId, identitySecretEnc: (await sealed())!.enc };
    expect(await identitySecretOf(retired, widget)).toBe(secret);
  });
});
