import { emailIndex } from "../crypto/blind-index";
import { auditInsert } from "../db/audit";
import type { Principal } from "../db/auth";
import type { Db } from "../db/client";
import {
  type DataRequestRow,
  deleteAnsweredBefore,
  deleteDataRequest,
  findDataRequest,
  insertDataRequest,
  type NamedDataRequest,
  registerRetentions,
  requestsOfEmail,
  updatePendingRequest,
} from "../db/data-requests";
import { HttpError } from "../errors";
import { auditAction } from "../privacy/audit";
import { retentionCutoff } from "../privacy/retention";
import { type DataRequestKind, dueDate, isPending, RECEIVED_AT_MAX_AGE_DAYS, urgencyOf } from "../shared/data-requests";
import type { DataRequest, UpdateDataRequest } from "../shared/data-requests-api";
import { publishEvent } from "../webhooks/events";

// The register of data-subject requests (Art. 12(3), 15, 17, 20 GDPR): each request recorded when
// it comes, with its deadline of one calendar month, who handled it and when it was answered, so
// the account can show it answered in time. The requester is held only as the email's blind index:
// the register answers "which requests came from this address?" for someone who types it, and
// never lists people. Answered requests leave after the account's retention (sweepRegister).

const DAY_MS = 86_400_000;
/** A clock a little ahead of ours (the operator's) must not make "now" look like the future. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** A row as the API shows it, with where it stands at `now`. */
export const toDataRequest = ({ row, loggedByName, handledByName }: NamedDataRequest, now: number): DataRequest => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  urgency: urgencyOf(row, now),
  receivedAt: row.receivedAt,
  dueAt: row.dueAt,
  extensionMonths: row.extensionMonths,
  extensionReason: row.extensionReason,
  refusalReason: row.refusalReason,
  loggedBy: row.loggedBy,
  loggedByName,
  handledBy: row.handledBy,
  handledByName,
  answeredAt: row.answeredAt,
});

/**
 * Records a data-subject request as received (by the app, or a letter logged later): its blind
 * index, its kind, and its deadline. Audited. The one place a request enters the register, so
 * whatever else must happen on receipt (an event to the account's webhooks) belongs here.
 */
export async function logDataRequest(
  env: Env,
  db: Db,
  p: Principal,
  input: { kind: DataRequestKind; email: string; receivedAt?: number | undefined },
  now: number,
): Promise<DataRequestRow> {
  const receivedAt = input.receivedAt ?? now;
  if (receivedAt > now + CLOCK_SKEW_MS) throw new HttpError(400, "invalid_request", "receivedAt: cannot be in the future.");
  if (receivedAt < now - RECEIVED_AT_MAX_AGE_DAYS * DAY_MS)
    throw new HttpError(400, "invalid_request", `receivedAt: at most ${RECEIVED_AT_MAX_AGE_DAYS} days ago.`);
  const row = await insertDataRequest(db, {
    accountId: p.account.id,
    kind: input.kind,
    emailBidx: await emailIndex(env.BLIND_INDEX_KEY, p.account.id, input.email),
    status: "open",
    receivedAt,
    dueAt: dueDate(receivedAt, 0),
    loggedBy: p.operator.id,
    createdAt: now,
  });
  await auditAction(db, p, { action: "data_request.logged", targetType: "data_request", targetId: row.id, count: 1, now });
  // Subscribed endpoints hear of it: its id and kind only, never the address.
  await publishEvent(env, db, p.account.id, { type: "data_request.received", data: { requestId: row.id, kind: row.kind } }, now);
  return row;
}

/** The register's file in a data-subject export: the person's own requests and how each was handled. */
export const REGISTER_IN_EXPORT = "data-requests.json";

/**
 * What the register holds about the person with this address, for their data-subject export
 * (Art. 15): each request's kind, dates, status and reasons; not which operators handled it,
 * which is about the operators, not them.
 */
export async function registerEntriesOf(env: Env, db: Db, accountId: string, email: string): Promise<string> {
  const rows = await requestsOfEmail(db, accountId, await emailIndex(env.BLIND_INDEX_KEY, accountId, email), 1000);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const entries = rows.map(({ row }) => ({
    kind: row.kind,
    status: row.status,
    receivedAt: iso(row.receivedAt),
    dueAt: iso(row.dueAt),
    extensionMonths: row.extensionMonths,
    extensionReason: row.extensionReason,
    refusalReason: row.refusalReason,
    answeredAt: iso(row.answeredAt),
  }));
  return `${JSON.stringify({ dataRequests: entries }, null, 2)}\n`;
}

/** The register's entries for one address (typed by the operator; only its blind index is compared). Audited like a search. */
export async function requestsOf(env: Env, db: Db, p: Principal, email: string, now: number): Promise<NamedDataRequest[]> {
  const rows = await requestsOfEmail(db, p.account.id, await emailIndex(env.BLIND_INDEX_KEY, p.account.id, email), 100);
  await auditAction(db, p, { action: "data_request.searched", targetType: "data_request", count: rows.length, now });
  return rows;
}

async function pendingRequest(db: Db, accountId: string, id: string): Promise<DataRequestRow> {
  const row = await findDataRequest(db, accountId, id);
  if (!row) throw new HttpError(404, "not_found", "No such data request.");
  if (!isPending(row.status)) throw new HttpError(409, "data_request_closed", "This request was already answered or refused.");
  return row;
}

/**
 * Answers, refuses or extends a pending request. An extension comes once, by one or two further
 * months, and only before the first month ends: Art. 12(3) wants the person told of it within a
 * month of receipt. Audited.
 */
export async function updateDataRequest(db: Db, p: Principal, id: string, change: UpdateDataRequest, now: number): Promise<DataRequestRow> {
  const row = await pendingRequest(db, p.account.id, id);
  let changes: Parameters<typeof updatePendingRequest>[3];
  if (change.status === "extended") {
    if (row.status === "extended") throw new HttpError(409, "data_request_already_extended", "The deadline was already extended once.");
    if (now > row.dueAt)
      throw new HttpError(409, "extension_too_late", "The deadline can only be extended within the first month after receipt.");
    changes = {
      status: "extended",
      extensionMonths: change.extensionMonths,
      extensionReason: change.extensionReason,
      dueAt: dueDate(row.receivedAt, change.extensionMonths),
      handledBy: p.operator.id,
    };
  } else {
    changes = {
      status: change.status,
      refusalReason: change.status === "refused" ? change.refusalReason : null,
      handledBy: p.operator.id,
      answeredAt: now,
    };
  }
  const updated = await updatePendingRequest(db, p.account.id, id, changes);
  if (!updated) throw new HttpError(409, "data_request_closed", "This request was already answered or refused.");
  await auditAction(db, p, {
    action: `data_request.${change.status}`,
    targetType: "data_request",
    targetId: id,
    count: 1,
    now,
  });
  return updated;
}

/**
 * The request an erasure answers: it must be pending, an erasure, and from the very address the
 * erasure is for (compared by blind index). Checked before anything is erased.
 */
export async function requestAnsweredBy(env: Env, db: Db, p: Principal, id: string, email: string): Promise<DataRequestRow> {
  const row = await pendingRequest(db, p.account.id, id);
  const bidx = await emailIndex(env.BLIND_INDEX_KEY, p.account.id, email);
  if (row.kind !== "erasure" || row.emailBidx !== bidx)
    throw new HttpError(409, "data_request_mismatch", "That request is not an erasure request from this email address.");
  return row;
}

/** Removes an entry logged by mistake. Audited, so the register's own history stays accountable. */
export async function removeDataRequest(db: Db, p: Principal, id: string, now: number): Promise<void> {
  if (!(await deleteDataRequest(db, p.account.id, id))) throw new HttpError(404, "not_found", "No such data request.");
  await auditAction(db, p, { action: "data_request.deleted", targetType: "data_request", targetId: id, count: 1, now });
}

/**
 * The register's own retention: requests answered or refused longer ago than the account's
 * data_request_retention_months are deleted; pending ones always stay. One audit entry per
 * account that lost any. How many went in all.
 */
export async function sweepRegister(db: Db, now: number): Promise<number> {
  let deleted = 0;
  for (const { accountId, months } of await registerRetentions(db)) {
    const count = await deleteAnsweredBefore(db, accountId, retentionCutoff(now, months));
    if (count === 0) continue;
    deleted += count;
    await auditInsert(db, {
      accountId,
      actorKind: "system",
      actorId: null,
      action: "data_request.retention_sweep",
      targetType: "data_request",
      count,
      now,
    });
  }
  return deleted;
}
