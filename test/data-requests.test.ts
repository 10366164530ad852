import { SELF } from "cloudflare:test";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { sweepRegister } from "../src/data-requests/register";
import { createRole } from "../src/db/accounts";
import { openDb } from "../src/db/client";
import { DUE_SOON_DAYS, dueDate, monthsAfter, urgencyOf } from "../src/shared/data-requests";
import type { DataRequest, DataRequestCounts } from "../src/shared/data-requests-api";
import { builtInRoles } from "../src/shared/permissions";
import { accountsD1, addOperator, BASE, login, seedAccount, type TestAccount } from "./helpers";
import { seedTranscript } from "./helpers/transcripts";

const DAY = 86_400_000;

async function call(cookie: string, method: string, url: string, body?: unknown): Promise<Response> {
  return SELF.fetch(`${BASE}/api/v1${url}`, {
    method,
    headers: { Origin: BASE, Cookie: cookie, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function ok<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
}

async function expectError(res: Response, status: number, code: string): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(JSON.parse(text)).toMatchObject({ error: { code, message: expect.any(String) } });
}

const log = (cookie: string, body: Record<string, unknown>) => call(cookie, "POST", "/data-requests", body);
const list = async (cookie: string, filter: string) =>
  (await ok<{ items: DataRequest[] }>(await call(cookie, "GET", `/data-requests?filter=${filter}`))).items;
const counts = async (cookie: string) => ok<DataRequestCounts>(await call(cookie, "GET", "/data-requests/counts"));

/** The register's rows and its audit entries, as stored: what a refused change must leave alone. */
async function stateOf(account: TestAccount): Promise<string> {
  const rows = await accountsD1.prepare("SELECT * FROM data_requests WHERE account_id = ? ORDER BY id").bind(account.accountId).all();
  const audit = await accountsD1
    .prepare("SELECT action FROM audit_log WHERE account_id = ? AND action LIKE 'data_request.%' ORDER BY id")
    .bind(account.accountId)
    .all();
  return JSON.stringify([rows.results, audit.results]);
}

describe("deadlines", () => {
  it("ends one calendar month after receipt, at the end of that day (UTC), clamped to the month's end", () => {
    expect(new Date(monthsAfter(Date.UTC(2026, 2, 15, 10, 30), 1)).toISOString()).toBe("2026-04-15T23:59:59.999Z");
    expect(new Date(monthsAfter(Date.UTC(2026, 0, 31, 9), 1)).toISOString()).toBe("2026-02-28T23:59:59.999Z");
    expect(new Date(monthsAfter(Date.UTC(2028, 0, 31, 9), 1)).toISOString()).toBe("2028-02-29T23:59:59.999Z");
    expect(new Date(monthsAfter(Date.UTC(2026, 11, 20), 1)).toISOString()).toBe("2027-01-20T23:59:59.999Z");
    // An extension counts from receipt, not from the clamped deadline.
    expect(new Date(dueDate(Date.UTC(2026, 0, 31), 2)).toISOString()).toBe("2026-04-30T23:59:59.999Z");
  });

  it("is due soon within 7 days, overdue once passed, done once answered", () => {
    const dueAt = Date.UTC(2026, 3, 15, 23, 59, 59, 999);
    expect(urgencyOf({ status: "open", dueAt }, dueAt - 8 * DAY)).toBe("on_time");
    expect(urgencyOf({ status: "open", dueAt }, dueAt - 7 * DAY)).toBe("due_soon");
    expect(urgencyOf({ status: "extended", dueAt }, dueAt)).toBe("due_soon");
    expect(urgencyOf({ status: "open", dueAt }, dueAt + 1)).toBe("overdue");
    expect(urgencyOf({ status: "answered", dueAt }, dueAt + 1)).toBe("done");
  });
});

describe("POST /api/v1/data-requests", () => {
  it("logs a request received today with its due date, keeping only the email's blind index", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const before = Date.now();
    const created = await ok<DataRequest>(await log(cookie, { kind: "access", email: "Person@Example.com" }), 201);
    expect(created).toMatchObject({ kind: "access", status: "open", urgency: "on_time", loggedByName: "Ada Admin", answeredAt: null });
    expect(created.receivedAt).toBeGreaterThanOrEqual(before);
    expect(created.dueAt).toBe(monthsAfter(created.receivedAt, 1));
    const stored = JSON.stringify(await accountsD1.prepare("SELECT * FROM data_requests WHERE id = ?").bind(created.id).first());
    expect(stored.toLowerCase()).not.toContain("person@example.com");
    expect(stored.toLowerCase()).not.toContain("example.com");
    expect(await counts(cookie)).toEqual({ pending: 1, dueSoon: 0, overdue: 0 });
    // Found again by the address, whatever its case; not by another.
    const found = await ok<{ items: DataRequest[] }>(await call(cookie, "POST", "/data-requests/lookup", { email: " person@example.COM" }));
    expect(found.items.map((r) => r.id)).toEqual([created.id]);
    const none = await ok<{ items: DataRequest[] }>(await call(cookie, "POST", "/data-requests/lookup", { email: "other@example.com" }));
    expect(none.items).toEqual([]);
    const audit = await accountsD1
      .prepare("SELECT action, target_id FROM audit_log WHERE account_id = ? AND action LIKE 'data_request.%' ORDER BY created_at")
      .bind(account.accountId)
      .all();
    expect(audit.results).toEqual([
      { action: "data_request.logged", target_id: created.id },
      { action: "data_request.searched", target_id: null },
      { action: "data_request.searched", target_id: null },
    ]);
  });

  it("shows a request as overdue once the clock passes its due date", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const created = await ok<DataRequest>(await log(cookie, { kind: "erasure", email: "late@example.com" }), 201);
    expect(await list(cookie, "overdue")).toEqual([]);
    // The clock passes due dates by requests received earlier, not by a faked Date: tests run
    // side by side in one workerd, and a month-later Date.now() there made other files' rooms
    // treat their operators' sessions as lapsed (an operator missed a broadcast in CI).
    const soon = await ok<DataRequest>(
      await log(cookie, { kind: "access", email: "soon@example.com", receivedAt: Date.now() - 27 * DAY }),
      201,
    );
    const late = await ok<DataRequest>(
      await log(cookie, { kind: "erasure", email: "later@example.com", receivedAt: Date.now() - 33 * DAY }),
      201,
    );
    expect(soon.dueAt - Date.now()).toBeLessThan(DUE_SOON_DAYS * DAY);
    expect(late.dueAt).toBeLessThan(Date.now());
    expect((await list(cookie, "due_soon")).map((r) => [r.id, r.urgency])).toEqual([[soon.id, "due_soon"]]);
    expect((await list(cookie, "overdue")).map((r) => [r.id, r.urgency, r.dueAt])).toEqual([[late.id, "overdue", late.dueAt]]);
    expect(await counts(cookie)).toEqual({ pending: 3, dueSoon: 1, overdue: 1 });
    expect(created.dueAt).toBeGreaterThan(Date.now() + DUE_SOON_DAYS * DAY);
  });

  it("takes a receivedAt in the past for a request that came by letter: received 40 days ago, it is overdue now", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const receivedAt = Date.now() - 40 * DAY;
    const created = await ok<DataRequest>(await log(cookie, { kind: "portability", email: "letter@example.com", receivedAt }), 201);
    expect(created).toMatchObject({ receivedAt, dueAt: monthsAfter(receivedAt, 1), urgency: "overdue" });
    expect((await list(cookie, "overdue")).map((r) => r.id)).toEqual([created.id]);
  });

  it("refuses bad input and changes nothing", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const before = await stateOf(account);
    for (const body of [
      { kind: "rectification", email: "a@example.com" },
      { kind: "access", email: "not an email" },
      { kind: "access" },
      { kind: "access", email: "a@example.com", receivedAt: Date.now() + DAY },
      { kind: "access", email: "a@example.com", receivedAt: Date.now() - 91 * DAY },
      { kind: "access", email: "a@example.com", note: "extra" },
    ]) {
      await expectError(await log(cookie, body), 400, "invalid_request");
    }
    expect(await stateOf(account)).toBe(before);
  });

  it("needs transcripts manage over all departments to log, transcripts read to list", async () => {
    const account = await seedAccount();
    const agent = await login(await addOperator(account, "Agent"));
    await expectError(await log(agent, { kind: "access", email: "a@example.com" }), 403, "forbidden");
    expect(await list(agent, "all")).toEqual([]);
    // A role that manages transcripts of one department only: a request covers everything held about the person.
    const roleId = await createRole(openDb(accountsD1), {
      accountId: account.accountId,
      name: "Department admin",
      permissions: builtInRoles.Admin,
      departmentIds: [account.departmentId],
      now: Date.now(),
    });
    const scoped = await login(await addOperator(account, { roleId }));
    await expectError(await log(scoped, { kind: "access", email: "a@example.com" }), 403, "requires_all_departments");
    const readOnly = await login(await addOperator(account, "Read-only"));
    expect(await counts(readOnly)).toEqual({ pending: 0, dueSoon: 0, overdue: 0 });
  });
});

describe("PATCH /api/v1/data-requests/{id}", () => {
  it("extends once, within the first month, by one or two months with a ground; then answers, and nothing changes after", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const created = await ok<DataRequest>(await log(cookie, { kind: "access", email: "x@example.com" }), 201);
    const patch = (body: unknown) => call(cookie, "PATCH", `/data-requests/${created.id}`, body);
    await expectError(await patch({ status: "extended", extensionMonths: 3, extensionReason: "complexity" }), 400, "invalid_request");
    await expectError(await patch({ status: "extended", extensionMonths: 2 }), 400, "invalid_request");
    await expectError(await patch({ status: "refused" }), 400, "invalid_request");
    const extended = await ok<DataRequest>(await patch({ status: "extended", extensionMonths: 2, extensionReason: "complexity" }));
    expect(extended).toMatchObject({ status: "extended", extensionMonths: 2, extensionReason: "complexity", handledByName: "Ada Admin" });
    expect(extended.dueAt).toBe(monthsAfter(created.receivedAt, 3));
    const before = await stateOf(account);
    await expectError(
      await patch({ status: "extended", extensionMonths: 1, extensionReason: "number_of_requests" }),
      409,
      "data_request_already_extended",
    );
    expect(await stateOf(account)).toBe(before);
    const answered = await ok<DataRequest>(await patch({ status: "answered" }));
    expect(answered).toMatchObject({ status: "answered", urgency: "done", handledByName: "Ada Admin" });
    expect(answered.answeredAt).toEqual(expect.any(Number));
    const closed = await stateOf(account);
    await expectError(await patch({ status: "refused", refusalReason: "excessive" }), 409, "data_request_closed");
    expect(await stateOf(account)).toBe(closed);
    expect(await counts(cookie)).toEqual({ pending: 0, dueSoon: 0, overdue: 0 });
  });

  it("refuses an extension once the first month has passed", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const late = await ok<DataRequest>(
      await log(cookie, { kind: "access", email: "y@example.com", receivedAt: Date.now() - 35 * DAY }),
      201,
    );
    const before = await stateOf(account);
    await expectError(
      await call(cookie, "PATCH", `/data-requests/${late.id}`, { status: "extended", extensionMonths: 1, extensionReason: "complexity" }),
      409,
      "extension_too_late",
    );
    expect(await stateOf(account)).toBe(before);
    const refused = await ok<DataRequest>(
      await call(cookie, "PATCH", `/data-requests/${late.id}`, { status: "refused", refusalReason: "identity_not_confirmed" }),
    );
    expect(refused).toMatchObject({ status: "refused", refusalReason: "identity_not_confirmed", urgency: "done" });
  });

  it("answers 404 for another account's request, and removes one logged by mistake (audited)", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const created = await ok<DataRequest>(await log(cookie, { kind: "access", email: "z@example.com" }), 201);
    const other = await login((await seedAccount()).adminEmail);
    await expectError(await call(other, "PATCH", `/data-requests/${created.id}`, { status: "answered" }), 404, "not_found");
    await expectError(await call(other, "DELETE", `/data-requests/${created.id}`), 404, "not_found");
    expect((await call(cookie, "DELETE", `/data-requests/${created.id}`)).status).toBe(204);
    expect(await list(cookie, "all")).toEqual([]);
    expect(
      await accountsD1
        .prepare("SELECT COUNT(*) AS n FROM audit_log WHERE account_id = ? AND action = 'data_request.deleted'")
        .bind(account.accountId)
        .first(),
    ).toEqual({ n: 1 });
  });
});

describe("erasure answering a logged request", () => {
  it("marks the erasure request of the same address answered, and refuses another address's before erasing anything", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const id = await seedTranscript(account, { email: "gone@example.com", closed: true });
    const request = await ok<DataRequest>(await log(cookie, { kind: "erasure", email: "gone@example.com" }), 201);
    const access = await ok<DataRequest>(await log(cookie, { kind: "access", email: "gone@example.com" }), 201);
    const erase = (body: unknown) => call(cookie, "POST", "/data-subject/erase", body);
    await expectError(await erase({ email: "someone@example.com", requestId: request.id }), 409, "data_request_mismatch");
    await expectError(await erase({ email: "gone@example.com", requestId: access.id }), 409, "data_request_mismatch");
    expect(await accountsD1.prepare("SELECT COUNT(*) AS n FROM conversations WHERE id = ?").bind(id).first()).toEqual({ n: 1 });
    expect(await ok<{ deleted: number }>(await erase({ email: "gone@example.com", requestId: request.id }))).toEqual({ deleted: 1 });
    const found = await ok<{ items: DataRequest[] }>(await call(cookie, "POST", "/data-requests/lookup", { email: "gone@example.com" }));
    expect(Object.fromEntries(found.items.map((r) => [r.kind, r.status]))).toEqual({ erasure: "answered", access: "open" });
  });
});

describe("the register's retention", () => {
  it("deletes requests answered longer ago than the account's setting, keeps pending ones, and audits it", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const settings = (body: unknown) => call(cookie, "PATCH", "/settings", body);
    await expectError(await settings({ dataRequestRetentionMonths: 11 }), 400, "invalid_request");
    await expectError(await settings({ dataRequestRetentionMonths: 73 }), 400, "invalid_request");
    expect(await ok<{ dataRequestRetentionMonths: number }>(await settings({ dataRequestRetentionMonths: 12 }))).toMatchObject({
      dataRequestRetentionMonths: 12,
    });
    const old = await ok<DataRequest>(await log(cookie, { kind: "access", email: "old@example.com" }), 201);
    const recent = await ok<DataRequest>(await log(cookie, { kind: "access", email: "recent@example.com" }), 201);
    const pending = await ok<DataRequest>(await log(cookie, { kind: "access", email: "pending@example.com" }), 201);
    for (const r of [old, recent]) await call(cookie, "PATCH", `/data-requests/${r.id}`, { status: "answered" });
    const now = Date.now();
    await accountsD1
      .prepare("UPDATE data_requests SET answered_at = ? WHERE id = ?")
      .bind(now - 13 * 31 * DAY, old.id)
      .run();
    await accountsD1
      .prepare("UPDATE data_requests SET answered_at = ?, received_at = ?, due_at = ? WHERE id = ?")
      .bind(now - 300 * DAY, now - 330 * DAY, now - 300 * DAY, pending.id)
      .run();
    await accountsD1.prepare("UPDATE data_requests SET status = 'open', answered_at = NULL WHERE id = ?").bind(pending.id).run();
    await sweepRegister(openDb(accountsD1), now);
    expect((await list(cookie, "all")).map((r) => r.id).sort()).toEqual([recent.id, pending.id].sort());
    expect(
      await accountsD1
        .prepare("SELECT count FROM audit_log WHERE account_id = ? AND action = 'data_request.retention_sweep'")
        .bind(account.accountId)
        .all(),
    ).toMatchObject({ results: [{ count: 1 }] });
  });
});

describe("the data-subject export", () => {
  it("carries the register's entries of that address, without who handled them, and none of another address", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    await ok(await log(cookie, { kind: "access", email: "Nina@Example.org" }), 201);
    await ok(await log(cookie, { kind: "erasure", email: "other@example.org" }), 201);
    const registerOf = async (email: string) => {
      const res = await call(cookie, "POST", "/data-subject/export", { email, format: "json" });
      expect(res.status).toBe(200);
      const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
      return JSON.parse(new TextDecoder().decode(entries["data-requests.json"])) as { dataRequests: Record<string, unknown>[] };
    };
    const nina = await registerOf("nina@example.org");
    expect(nina.dataRequests).toEqual([
      expect.objectContaining({
        kind: "access",
        status: "open",
        receivedAt: expect.any(String),
        dueAt: expect.any(String),
        answeredAt: null,
      }),
    ]);
    expect(JSON.stringify(nina)).not.toContain(account.adminId);
    expect((await registerOf("nobody@example.org")).dataRequests).toEqual([]);
  });
});
