import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AUDIT_EXPORT_MAX_DAYS, auditSigningKey, exportAuditLog, verifyAuditExport } from "../src/compliance/audit-export";
import { buildRecordOfProcessing, type RecordOfProcessing } from "../src/compliance/record-of-processing";
import { fromBase64 } from "../src/crypto/encoding";
import { createRole } from "../src/db/accounts";
import { audit } from "../src/db/audit";
import { openDb } from "../src/db/client";
import { builtInRoles } from "../src/shared/permissions";
import { accountsD1, addOperator, BASE, departmentWithWidget, login, patchWidget, seedAccount, type TestAccount } from "./helpers";

// The record of processing follows the live configuration and lists only what the deployment
// does; the signed audit export verifies with the account's public key and with nothing else.

const get = (path: string, cookie: string, headers: Record<string, string> = {}) =>
  SELF.fetch(`${BASE}/api/v1/compliance${path}`, { headers: { Cookie: cookie, ...headers } });

async function record(cookie: string): Promise<RecordOfProcessing> {
  const res = await get("/record", cookie);
  expect(res.status).toBe(200);
  return (await res.json()) as RecordOfProcessing;
}

/** A webhooks API call as the app makes it (state-changing requests carry the app's Origin). */
const webhooks = (method: string, path: string, cookie: string, body?: unknown) =>
  SELF.fetch(`${BASE}/api/v1/webhooks${path}`, {
    method,
    headers: { Origin: BASE, Cookie: cookie, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function createEndpoint(cookie: string, url: string, events: string[]): Promise<string> {
  const res = await webhooks("POST", "", cookie, { url, events });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { endpoint: { id: string } }).endpoint.id;
}

const webhookRecipients = (r: RecordOfProcessing) => r.recipients.filter((x) => x.kind === "webhook");
const transferKeys = (r: RecordOfProcessing) => r.transfers.map((x) => x.transfer);

const widgetOf = (r: RecordOfProcessing, id: string) => r.widgets.find((w) => w.id === id)!;
const categories = (r: RecordOfProcessing, id: string) => widgetOf(r, id).data.map((d) => d.category);
const services = (r: RecordOfProcessing) => r.processors.map((p) => p.service);
const measureKeys = (r: RecordOfProcessing) => r.measures.map((m) => m.key);

const today = () => new Date().toISOString().slice(0, 10);
const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function adminOf(account: TestAccount) {
  return login(account.adminEmail);
}

describe("GET /api/v1/compliance/record", () => {
  it("changes when a widget's privacy mode, retention or attachments change through the settings API", async () => {
    const account = await seedAccount();
    const admin = await adminOf(account);
    const before = await record(admin);
    expect(widgetOf(before, account.widgetId)).toMatchObject({
      name: "Support",
      department: "General",
      privacyMode: { value: false, source: "widget.privacyMode" },
      retention: { mode: "months", months: 12, source: "account.retentionMonths" },
    });
    expect(categories(before, account.widgetId)).toEqual(
      expect.arrayContaining(["messages", "visitor_name", "visitor_email", "visit_details", "typing_preview", "attachments"]),
    );
    expect(services(before)).toContain("r2");

    expect((await patchWidget(admin, account.widgetId, { privacyMode: true })).status).toBe(200);
    const privacy = await record(admin);
    expect(widgetOf(privacy, account.widgetId).privacyMode).toEqual({ value: true, source: "widget.privacyMode" });
    // Privacy mode switches off visit details and live preview whatever their own switches say.
    expect(categories(privacy, account.widgetId)).not.toContain("visit_details");
    expect(categories(privacy, account.widgetId)).not.toContain("typing_preview");

    expect((await patchWidget(admin, account.widgetId, { retention: { mode: "months", months: 6 } })).status).toBe(200);
    expect(widgetOf(await record(admin), account.widgetId).retention).toEqual({ mode: "months", months: 6, source: "widget.retention" });

    expect((await patchWidget(admin, account.widgetId, { attachments: { enabled: false } })).status).toBe(200);
    const noFiles = await record(admin);
    expect(categories(noFiles, account.widgetId)).not.toContain("attachments");
    // No widget takes files and none are stored: R2 is not a processor of this account.
    expect(services(noFiles)).not.toContain("r2");

    expect((await patchWidget(admin, account.widgetId, { attachments: { enabled: true, types: ["pdf"], maxMegabytes: 5 } })).status).toBe(
      200,
    );
    const files = await record(admin);
    expect(widgetOf(files, account.widgetId).data).toContainEqual({
      category: "attachments",
      types: ["pdf"],
      maxMegabytes: 5,
      source: "widget.attachments",
    });
    expect(files.processors).toContainEqual({
      service: "r2",
      provider: "Cloudflare, Inc.",
      location: "eu_declared",
      source: "binding.ATTACHMENTS",
    });
  });

  it("names the SMTP host as a processor only while SMTP is configured", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    // The test worker sends to a local SMTP server (vitest.config.ts).
    const configured = await buildRecordOfProcessing(env, db, account.accountId, Date.now());
    expect(configured.processors).toContainEqual({
      service: "smtp",
      provider: env.SMTP_HOST,
      location: "provider_decides",
      source: "env.SMTP_HOST",
    });
    expect(configured.purposes.map((p) => p.purpose)).toContain("email");

    const withoutSmtp = await buildRecordOfProcessing({ ...env, SMTP_HOST: undefined }, db, account.accountId, Date.now());
    expect(services(withoutSmtp)).not.toContain("smtp");
    expect(withoutSmtp.transfers.map((t) => t.transfer)).not.toContain("smtp_provider");
    expect(withoutSmtp.purposes.map((p) => p.purpose)).not.toContain("email");
    expect(JSON.stringify(withoutSmtp)).not.toContain(env.SMTP_HOST);
  });

  it("claims EU jurisdiction, R2 and a required second factor only where the deployment and account have them", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    // Tests run with DATA_JURISDICTION=none: no fail-closed claim, Durable Objects unrestricted.
    const local = await buildRecordOfProcessing(env, db, account.accountId, Date.now());
    expect(measureKeys(local)).not.toContain("eu_jurisdiction_fail_closed");
    expect(local.processors.find((p) => p.service === "durable_objects")?.location).toBe("unrestricted");
    expect(local.transfers.map((t) => t.transfer)).toContain("durable_objects_unrestricted");
    expect(measureKeys(local)).not.toContain("two_factor_required");

    const production = await buildRecordOfProcessing({ ...env, DATA_JURISDICTION: "eu" }, db, account.accountId, Date.now());
    expect(measureKeys(production)).toContain("eu_jurisdiction_fail_closed");
    expect(production.processors.find((p) => p.service === "durable_objects")?.location).toBe("eu_enforced");
    expect(production.transfers.map((t) => t.transfer)).not.toContain("durable_objects_unrestricted");
    // The Worker itself is never claimed to stay in the EU.
    expect(production.processors.find((p) => p.service === "workers")?.location).toBe("nearest_location");
    expect(production.transfers.map((t) => t.transfer)).toContain("worker_nearest_location");

    // A deployment without the R2 binding has no R2 processor, whatever the widgets allow.
    const noBucket = await buildRecordOfProcessing({ ...env, ATTACHMENTS: undefined }, db, account.accountId, Date.now());
    expect(categories(noBucket, account.widgetId)).toContain("attachments");
    expect(services(noBucket)).not.toContain("r2");
    // Undeclared D1 and R2 jurisdictions are said to be undeclared, not assumed.
    const undeclared = await buildRecordOfProcessing(
      { ...env, D1_JURISDICTION: undefined, R2_JURISDICTION: "" },
      db,
      account.accountId,
      Date.now(),
    );
    expect(undeclared.processors.filter((p) => p.service === "d1" || p.service === "r2").map((p) => p.location)).toEqual([
      "not_declared",
      "not_declared",
    ]);

    const admin = await adminOf(account);
    const res = await SELF.fetch(`${BASE}/api/v1/settings`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json", Origin: BASE, Cookie: admin },
      body: JSON.stringify({ requireTwoFactor: true }),
    });
    expect(res.status).toBe(200);
    expect((await record(admin)).measures).toContainEqual({ key: "two_factor_required", source: "account.requireTwoFactor" });
  });

  it("reports the key ring's active key, its age when KEY_RING records it, and this account's keys still on older ones", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    const current = (await buildRecordOfProcessing(env, db, account.accountId, Date.now())).measures.find((m) => m.key === "key_rotation");
    expect(current).toMatchObject({ activeKeyId: "k2", keysInRing: 2, activeSince: null, ageDays: null, dataKeysOnOlderKeys: 0 });
    const ring = { ...JSON.parse(env.KEY_RING), activeSince: "2026-01-01" };
    const now = Date.parse("2026-01-31T12:00:00Z");
    const dated = (await buildRecordOfProcessing({ ...env, KEY_RING: JSON.stringify(ring) }, db, account.accountId, now)).measures.find(
      (m) => m.key === "key_rotation",
    );
    expect(dated).toMatchObject({ activeSince: "2026-01-01", ageDays: 30, source: "secret.KEY_RING" });
  });

  it("lists operators by role, never by name, and Gravatar only where identity lookup works", async () => {
    const account = await seedAccount();
    await addOperator(account, "Agent", "Zelda Secretname");
    const admin = await adminOf(account);
    const r = await record(admin);
    expect(JSON.stringify(r)).not.toContain("Zelda");
    expect(r.recipients).toContainEqual({
      kind: "operators",
      role: "Agent",
      builtIn: true,
      operators: 1,
      reads: ["live_chats", "transcripts"],
      departments: null,
      source: "team.roles",
    });
    expect(r.recipients.some((x) => x.kind === "identity_lookup")).toBe(false);
    expect((await patchWidget(admin, account.widgetId, { identityLookup: true })).status).toBe(200);
    expect((await record(admin)).recipients).toContainEqual(
      expect.objectContaining({ kind: "identity_lookup", widgets: [account.widgetId] }),
    );
    expect((await patchWidget(admin, account.widgetId, { privacyMode: true })).status).toBe(200);
    expect((await record(admin)).recipients.some((x) => x.kind === "identity_lookup")).toBe(false);
  });

  it("is refused to roles without settings read, to department-scoped roles, and shows only the caller's account", async () => {
    const account = await seedAccount();
    const other = await seedAccount();
    const db = openDb(accountsD1);
    await departmentWithWidget(account, "Sales", "Secret sales widget");
    const scopedRole = await createRole(db, {
      accountId: account.accountId,
      name: "General admin",
      permissions: builtInRoles.Admin,
      departmentIds: [account.departmentId],
      now: Date.now(),
    });
    const scoped = await login(await addOperator(account, { roleId: scopedRole }));
    const agent = await login(await addOperator(account, "Agent"));
    const supervisor = await login(await addOperator(account, "Supervisor"));

    for (const path of ["/record", "/record.html"]) {
      const refusedAgent = await get(path, agent);
      expect(refusedAgent.status).toBe(403);
      expect(await refusedAgent.json()).toMatchObject({ error: { code: "forbidden" } });
      const refusedScoped = await get(path, scoped);
      expect(refusedScoped.status).toBe(403);
      const body = await refusedScoped.text();
      expect(JSON.parse(body)).toMatchObject({ error: { code: "requires_all_departments" } });
      expect(body).not.toContain("Secret sales widget");
      expect((await get(path, "")).status).toBe(401);
    }
    expect((await record(supervisor)).widgets.map((w) => w.name)).toContain("Secret sales widget");
    const theirs = JSON.stringify(await record(await adminOf(other)));
    expect(theirs).not.toContain("Secret sales widget");
    expect(theirs).not.toContain(account.widgetId);
  });
});

describe("the record and webhook endpoints", () => {
  it("lists an enabled endpoint's host and events, Queues, and the personal-data transfer only while it applies", async () => {
    const account = await seedAccount();
    const admin = await adminOf(account);
    const none = await record(admin);
    expect(webhookRecipients(none)).toEqual([]);
    expect(services(none)).not.toContain("queues");
    expect(transferKeys(none).filter((x) => x.startsWith("webhook_"))).toEqual([]);

    // The receiver's URL with a token in its query: the record names the host and nothing after it.
    const url = `${env.WEBHOOK_RECEIVER_URL}hooks/${crypto.randomUUID()}?token=record-secret-token`;
    const id = await createEndpoint(admin, url, ["conversation.started", "conversation.ended"]);
    const withEndpoint = await record(admin);
    expect(webhookRecipients(withEndpoint)).toEqual([
      {
        kind: "webhook",
        host: new URL(url).host,
        events: ["conversation.started", "conversation.ended"],
        personalData: false,
        source: "webhooks.endpoints",
      },
    ]);
    expect(JSON.stringify(withEndpoint)).not.toContain("record-secret-token");
    expect(JSON.stringify(withEndpoint)).not.toContain("/hooks/");
    expect(withEndpoint.processors).toContainEqual({
      service: "queues",
      provider: "Cloudflare, Inc.",
      location: "no_jurisdiction_available",
      source: "webhooks.endpoints",
    });
    expect(transferKeys(withEndpoint)).toEqual(expect.arrayContaining(["webhook_queue", "webhook_metadata"]));
    expect(transferKeys(withEndpoint)).not.toContain("webhook_personal_data");

    expect((await webhooks("PATCH", `/${id}`, admin, { includePersonalData: true })).status).toBe(200);
    const personal = await record(admin);
    expect(webhookRecipients(personal)).toMatchObject([{ host: new URL(url).host, personalData: true }]);
    expect(personal.transfers).toContainEqual({ transfer: "webhook_personal_data", source: "webhooks.endpoints.includePersonalData" });

    // Paused: it receives nothing, so the record shows neither it nor what only it caused.
    expect((await webhooks("PATCH", `/${id}`, admin, { enabled: false })).status).toBe(200);
    const paused = await record(admin);
    expect(webhookRecipients(paused)).toEqual([]);
    expect(services(paused)).not.toContain("queues");
    expect(transferKeys(paused).filter((x) => x.startsWith("webhook_"))).toEqual([]);

    expect((await webhooks("PATCH", `/${id}`, admin, { enabled: true })).status).toBe(200);
    expect(webhookRecipients(await record(admin))).toHaveLength(1);
    expect((await webhooks("DELETE", `/${id}`, admin)).status).toBe(204);
    const deleted = await record(admin);
    expect(webhookRecipients(deleted)).toEqual([]);
    expect(services(deleted)).not.toContain("queues");
    expect(transferKeys(deleted).filter((x) => x.startsWith("webhook_"))).toEqual([]);
  });

  it("names the webhook host escaped on the printable German page, never the URL's path or query", async () => {
    const account = await seedAccount();
    const admin = await adminOf(account);
    // A host name may hold ' and & (WHATWG URL); the page must escape them like any configured value.
    await createEndpoint(admin, "https://o'brien&co.example/in/hook?token=page-secret-token", ["conversation.rated"]);
    const html = await (await get("/record.html?lang=de", admin)).text();
    expect(html).toContain(
      "Webhook-Endpunkt bei o&#39;brien&amp;co.example: erhält die Ereignisse conversation.rated; nur IDs und Metadaten",
    );
    expect(html).not.toContain("o'brien&co");
    expect(html).not.toContain("page-secret-token");
    expect(html).not.toContain("/in/hook");
    expect(html).toContain("Cloudflare Queues");
    expect(html).toContain("Für diesen Dienst ist keine Jurisdiktion verfügbar");
  });
});

describe("GET /api/v1/compliance/record.html", () => {
  it("is a German page with German headings when asked, and escapes a hostile widget name", async () => {
    const account = await seedAccount();
    const admin = await adminOf(account);
    const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
    expect((await patchWidget(admin, account.widgetId, { name: hostile })).status).toBe(200);
    for (const res of [
      await get("/record.html?lang=de", admin),
      await get("/record.html", admin, { "Accept-Language": "de-AT,en;q=0.5" }),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toContain("text/html");
      expect(res.headers.get("Content-Security-Policy")).toMatch(/default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'/);
      const html = await res.text();
      expect(html).toContain('<html lang="de">');
      expect(html).toContain("<h1>Verzeichnis von Verarbeitungstätigkeiten</h1>");
      expect(html).toContain("<h2>Technische und organisatorische Maßnahmen</h2>");
      expect(html).toContain("@page { size: A4;");
      expect(html).not.toContain("<script");
      expect(html).not.toContain("<img");
      expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    }
    const english = await (await get("/record.html", admin)).text();
    expect(english).toContain("<h1>Record of processing activities</h1>");
    const bad = await get("/record.html?lang=xx", admin);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_request" } });
  });
});

describe("GET /api/v1/compliance/audit-export", () => {
  async function publicKey(cookie: string): Promise<{ keyId: string; publicKey: string; publicKeyPem: string }> {
    const res = await get("/audit-export/public-key", cookie);
    expect(res.status).toBe(200);
    return (await res.json()) as { keyId: string; publicKey: string; publicKeyPem: string };
  }

  it("signs the window's entries so the public key verifies the file, and no longer after a one-byte change", async () => {
    const account = await seedAccount();
    const admin = await adminOf(account);
    expect((await patchWidget(admin, account.widgetId, { privacyMode: true })).status).toBe(200);
    const res = await get(`/audit-export?from=${today()}&to=${today()}`, admin);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toContain(`confide-audit-${today()}-to-${today()}.jsonl`);
    const file = await res.text();
    const lines = file
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const key = await publicKey(admin);
    expect(lines[0]).toMatchObject({ type: "confide.audit-export", accountId: account.accountId, algorithm: "Ed25519", keyId: key.keyId });
    expect(lines.slice(1, -1).map((l) => l.action)).toEqual(expect.arrayContaining(["login", "widget.updated"]));
    expect(lines[0]!.entries).toBe(lines.length - 2);
    expect(lines.at(-1)).toMatchObject({ type: "signature", algorithm: "Ed25519", keyId: key.keyId });
    expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=]+\n-----END PUBLIC KEY-----\n$/);

    const raw = fromBase64(key.publicKey);
    expect(await verifyAuditExport(file, raw)).toBe(true);
    const at = file.indexOf('"widget.updated"') + 2;
    const tampered = `${file.slice(0, at)}${file[at] === "x" ? "y" : "x"}${file.slice(at + 1)}`;
    expect(tampered.length).toBe(file.length);
    expect(await verifyAuditExport(tampered, raw)).toBe(false);
    // Another account's key does not verify this account's file.
    const other = await seedAccount();
    expect(await verifyAuditExport(file, fromBase64((await publicKey(await adminOf(other))).publicKey))).toBe(false);

    // The export is itself audited, with how many entries it carried.
    const log = (await (await SELF.fetch(`${BASE}/api/v1/audit-log?action=audit_log.exported`, { headers: { Cookie: admin } })).json()) as {
      items: { action: string; count: number }[];
    };
    expect(log.items).toEqual([expect.objectContaining({ action: "audit_log.exported", count: lines.length - 2 })]);
  });

  it("refuses bad windows with 400 and roles without audit-log read with 403", async () => {
    const account = await seedAccount();
    const admin = await adminOf(account);
    const cases = [
      `from=${today()}&to=${daysFromToday(-1)}`,
      `from=${daysFromToday(-AUDIT_EXPORT_MAX_DAYS)}&to=${today()}`,
      `from=${daysFromToday(2)}&to=${daysFromToday(3)}`,
      `from=2026-02-30&to=${today()}`,
      `from=${today()}`,
      `from=${today()}&to=${today()}&extra=1`,
    ];
    for (const query of cases) {
      const res = await get(`/audit-export?${query}`, admin);
      expect(res.status, query).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "invalid_request" } });
    }
    // 366 days, today included, is the widest window allowed.
    expect((await get(`/audit-export?from=${daysFromToday(-(AUDIT_EXPORT_MAX_DAYS - 1))}&to=${today()}`, admin)).status).toBe(200);
    const supervisor = await login(await addOperator(account, "Supervisor"));
    for (const path of [`/audit-export?from=${today()}&to=${today()}`, "/audit-export/public-key"]) {
      const res = await get(path, supervisor);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
    }
  });

  it("gives a department-scoped reader only its departments' entries, as the audit log does", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    const { departmentId: sales, widgetId: salesWidget } = await departmentWithWidget(account);
    const admin = await adminOf(account);
    expect((await patchWidget(admin, account.widgetId, { livePreview: false })).status).toBe(200);
    expect((await patchWidget(admin, salesWidget, { livePreview: false })).status).toBe(200);
    const role = await createRole(db, {
      accountId: account.accountId,
      name: "Sales auditor",
      permissions: builtInRoles.Admin,
      departmentIds: [sales],
      now: Date.now(),
    });
    const reader = await login(await addOperator(account, { roleId: role }));
    const file = await (await get(`/audit-export?from=${today()}&to=${today()}`, reader)).text();
    const lines = file
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ departmentIds: [sales] });
    const entries = lines.slice(1, -1);
    expect(entries.map((e) => e.targetId)).toContain(salesWidget);
    expect(entries.map((e) => e.targetId)).not.toContain(account.widgetId);
    expect(entries.every((e) => e.departmentId === sales)).toBe(true);
  });

  it("pages through a window oldest first without losing or repeating an entry, and refuses more than the limit instead of cutting it short", async () => {
    const account = await seedAccount();
    const db = openDb(accountsD1);
    const base = Date.parse("2026-03-10T12:00:00Z");
    // Five entries, two of them at the same millisecond, so the keyset cursor must break the tie by id.
    for (const offset of [0, 1000, 1000, 2000, 3000]) {
      await audit(db, {
        accountId: account.accountId,
        actorKind: "system",
        actorId: null,
        action: "retention.sweep",
        count: 1,
        now: base + offset,
      });
    }
    const key = await auditSigningKey(env.TOKEN_SIGNING_KEY, account.accountId);
    const scope = { accountId: account.accountId, departmentIds: null };
    const window = { from: Date.parse("2026-03-10T00:00:00Z"), to: Date.parse("2026-03-11T00:00:00Z") };
    const whole = await exportAuditLog(db, key, scope, window, Date.now());
    const paged = await exportAuditLog(db, key, scope, window, Date.now(), { maxEntries: 5, pageSize: 2 });
    const entries = (file: string) =>
      file
        .trimEnd()
        .split("\n")
        .slice(1, -1)
        .map((line) => JSON.parse(line) as { id: string; createdAt: number });
    expect(entries(paged.body).map((e) => e.id)).toEqual(entries(whole.body).map((e) => e.id));
    expect(entries(paged.body).map((e) => e.createdAt)).toEqual([0, 1000, 1000, 2000, 3000].map((o) => base + o));
    expect(new Set(entries(paged.body).map((e) => e.id)).size).toBe(5);
    await expect(exportAuditLog(db, key, scope, window, Date.now(), { maxEntries: 4, pageSize: 2 })).rejects.toMatchObject({
      status: 400,
      code: "audit_export_too_large",
    });
  });
});
