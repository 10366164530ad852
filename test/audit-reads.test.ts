/// <reference types="vite/client" />
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { actionKey } from "../app/src/components/governance/audit-actions";
import { governanceTexts as de } from "../app/src/i18n/governance/de";
import { governanceTexts as en } from "../app/src/i18n/governance/en";
import { governanceTexts as es } from "../app/src/i18n/governance/es";
import { governanceTexts as fr } from "../app/src/i18n/governance/fr";
import { governanceTexts as it_ } from "../app/src/i18n/governance/it";
import { accountsD1, BASE, login, operatorSocket, seedAccount, startChat } from "./helpers";
import { seedTranscript } from "./helpers/transcripts";

// Reading a conversation is recorded like changing one: who, which conversation, when. Never what
// was read.

const call = async (method: string, url: string, headers: Record<string, string>, body?: unknown) =>
  SELF.fetch(`${BASE}/api/v1${url}`, {
    method,
    headers: { Origin: BASE, ...headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

interface AuditRow {
  actor_kind: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  count: number | null;
  department_id: string | null;
  created_at: number;
}

const auditRows = async (accountId: string, action: string) =>
  (
    await accountsD1
      .prepare("SELECT * FROM audit_log WHERE account_id = ? AND action = ? ORDER BY created_at")
      .bind(accountId, action)
      .all<AuditRow>()
  ).results;

const adminId = async (email: string) =>
  (await accountsD1.prepare("SELECT id FROM operators WHERE email = ?").bind(email).first<{ id: string }>())!.id;

describe("audit of reads", () => {
  it.each([
    ["conversation.viewed", ""],
    ["transcript.read", "/messages"],
    ["visit.viewed", "/visitor"],
  ])("writes %s (who, which conversation, when; no content) for GET /conversations/{id}%s", async (action, suffix) => {
    const account = await seedAccount();
    const chat = await seedTranscript(account, {
      name: "Valentina Visitor",
      email: "valentina@example.org",
      bodies: ["my card number is 4111"],
    });
    const cookie = await login(account.adminEmail);
    const before = Date.now();
    const res = await call("GET", `/conversations/${chat}${suffix}`, { Cookie: cookie });
    expect(res.status).toBe(200);
    const rows = await auditRows(account.accountId, action);
    expect(rows).toEqual([
      expect.objectContaining({
        actor_kind: "operator",
        actor_id: await adminId(account.adminEmail),
        target_type: "conversation",
        target_id: chat,
        department_id: account.departmentId,
      }),
    ]);
    expect(rows[0]!.created_at).toBeGreaterThanOrEqual(before);
    const everything = JSON.stringify(
      (await accountsD1.prepare("SELECT * FROM audit_log WHERE account_id = ?").bind(account.accountId).all()).results,
    );
    // Whole phrases: a random id may hold "4111" (hex digits), never a word.
    for (const content of ["Valentina", "valentina@example.org", "card number is 4111"]) expect(everything).not.toContain(content);
  });

  it("records a read through an API token as the token's, and a refused read not at all", async () => {
    const account = await seedAccount();
    const chat = await seedTranscript(account);
    const cookie = await login(account.adminEmail);
    const { token } = (await (
      await call("POST", "/api-tokens", { Cookie: cookie }, { name: "CRM", scopes: ["transcripts:read"], expiresInDays: 30 })
    ).json()) as { token: string };
    expect((await call("GET", `/conversations/${chat}/messages`, { Authorization: `Bearer ${token}` })).status).toBe(200);
    expect(await auditRows(account.accountId, "transcript.read")).toEqual([
      expect.objectContaining({ actor_kind: "api_token", actor_id: await adminId(account.adminEmail), target_id: chat }),
    ]);
    const other = await seedAccount();
    const foreign = await seedTranscript(other);
    expect((await call("GET", `/conversations/${foreign}/messages`, { Cookie: cookie })).status).toBe(404);
    expect(await auditRows(other.accountId, "transcript.read")).toEqual([]);
    expect((await auditRows(account.accountId, "transcript.read")).map((r) => r.target_id)).toEqual([chat]);
  });

  it("records one entry per reader, conversation and action within ten minutes, not one per page or refresh", async () => {
    const account = await seedAccount();
    const chat = await seedTranscript(account);
    const cookie = await login(account.adminEmail);
    for (let i = 0; i < 3; i++) expect((await call("GET", `/conversations/${chat}`, { Cookie: cookie })).status).toBe(200);
    expect(await auditRows(account.accountId, "conversation.viewed")).toHaveLength(1);
  });

  it("writes chat.opened when an operator opens a conversation's socket", async () => {
    const account = await seedAccount();
    const { conversationId } = await startChat(account.siteKey, { consent: true, name: "Vera" });
    const cookie = await login(account.adminEmail);
    const socket = await operatorSocket(cookie, conversationId);
    await socket.until((s) => s.ofType("hello").length > 0, 10_000, "hello");
    socket.close();
    expect(await auditRows(account.accountId, "chat.opened")).toEqual([
      expect.objectContaining({
        actor_kind: "operator",
        actor_id: await adminId(account.adminEmail),
        target_type: "conversation",
        target_id: conversationId,
        department_id: account.departmentId,
      }),
    ]);
  });

  it("writes data_subject.searched with how many conversations were found, never the email", async () => {
    const account = await seedAccount();
    await seedTranscript(account, { email: "dora@example.org" });
    await seedTranscript(account, { email: "dora@example.org" });
    const cookie = await login(account.adminEmail);
    const res = await call("POST", "/data-subject/search", { Cookie: cookie }, { email: "dora@example.org" });
    expect(await res.json()).toMatchObject({ count: 2 });
    expect(await auditRows(account.accountId, "data_subject.searched")).toEqual([
      expect.objectContaining({ actor_id: await adminId(account.adminEmail), count: 2 }),
    ]);
    expect(
      JSON.stringify((await accountsD1.prepare("SELECT * FROM audit_log WHERE account_id = ?").bind(account.accountId).all()).results),
    ).not.toContain("dora");
  });
});

describe("audit log labels", () => {
  // Every action code the server writes, read from its source, has a sentence in the app's audit
  // log viewer in each of its languages.
  const sources = import.meta.glob<string>("../src/**/*.ts", { query: "?raw", import: "default", eager: true });
  const actions = new Set<string>();
  for (const text of Object.values(sources)) {
    for (const match of text.matchAll(/action: "([a-z_]+(?:\.[a-z_]+)?)"/g)) actions.add(match[1]!);
    for (const match of text.matchAll(/auditRead\([^)]*?"([a-z_]+\.[a-z_]+)"/g)) actions.add(match[1]!);
  }

  it("finds the read actions in the server's source", () => {
    expect([...actions]).toEqual(
      expect.arrayContaining([
        "conversation.viewed",
        "transcript.read",
        "visit.viewed",
        "chat.opened",
        "data_subject.searched",
        "account.created",
        "login",
      ]),
    );
  });

  it.each([...actions])("labels %s in en, de, it, fr, es", (action) => {
    const key = actionKey(action);
    expect(key, action).not.toBeNull();
    for (const texts of [en, de, it_, fr, es]) expect(texts.auditLog.actions[key!].length).toBeGreaterThan(3);
  });
});
