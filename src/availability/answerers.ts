import { accountInboxes } from "../conversation/namespaces";
import type { Principal } from "../db/auth";
import type { Db } from "../db/client";
import { assignWithinSlots, openChatsAssigned } from "../db/queue";
import { operatorsWhoMayAnswer, operatorsWhoMayReadAny } from "../db/team";
import type { ColleagueStatus } from "../shared/api";

/** An operator who may answer in the department and is online now, with their load. */
export interface OnlineAnswerer {
  id: string;
  displayName: string;
  /** Open chats assigned to them now. */
  openChats: number;
  /** The most open chats they take at once (their chat slots). */
  slots: number;
}

/**
 * Who can answer a chat of `departmentId` now: operators allowed to answer there (active, chats
 * manage, the department in their role) whose app is open and who are online, not away or offline.
 */
export async function onlineAnswerers(env: Env, db: Db, accountId: string, departmentId: string): Promise<OnlineAnswerer[]> {
  const answerers = await onlineWhoMayAnswer(env, db, accountId, departmentId);
  const load = await openChatsAssigned(
    db,
    accountId,
    answerers.map((o) => o.id),
  );
  return answerers.map((o) => ({ id: o.id, displayName: o.displayName, openChats: load.get(o.id) ?? 0, slots: o.chatSlots }));
}

async function onlineWhoMayAnswer(env: Env, db: Db, accountId: string, departmentId: string) {
  const inboxes = accountInboxes(env);
  const [online, allowed] = await Promise.all([
    inboxes.get(inboxes.idFromName(accountId)).onlineOperators(),
    operatorsWhoMayAnswer(db, accountId, departmentId),
  ]);
  const present = new Set(online);
  return allowed.filter((o) => present.has(o.id));
}

/** What a visitor may know: whether anyone can answer in the department now (not who, nor how many). */
export const someoneCanAnswer = async (env: Env, db: Db, accountId: string, departmentId: string): Promise<boolean> =>
  (await onlineWhoMayAnswer(env, db, accountId, departmentId)).length > 0;

/**
 * Automatic assignment: the online answerer with the fewest open chats among those with a free
 * slot (ties by id, so the choice is stable); null when every one of them is full.
 */
export function leastBusy(answerers: readonly OnlineAnswerer[]): OnlineAnswerer | null {
  let best: OnlineAnswerer | null = null;
  for (const a of answerers) {
    if (a.openChats >= a.slots) continue;
    if (!best || a.openChats < best.openChats || (a.openChats === best.openChats && a.id < best.id)) best = a;
  }
  return best;
}

/**
 * Routing "auto_assign": gives the new chat to the least busy online answerer with a free slot,
 * trying the next if a concurrent start took the last slot first. The operator, or null when
 * everyone is full (the chat then waits in line for anyone to take it).
 */
export async function assignAutomatically(
  env: Env,
  db: Db,
  chat: { accountId: string; departmentId: string; id: string },
): Promise<string | null> {
  const candidates = await onlineAnswerers(env, db, chat.accountId, chat.departmentId);
  for (;;) {
    const pick = leastBusy(candidates);
    if (!pick) return null;
    if (await assignWithinSlots(db, chat, pick.id, pick.slots)) return pick.id;
    // Someone else's start filled the slot: count it as full and try the next.
    pick.openChats = pick.slots;
  }
}

/**
 * The colleagues an operator sees the status of: active operators with chats read or more in a
 * department the caller works in (all, for a caller over all departments), by name.
 */
export async function colleagueStatuses(env: Env, db: Db, p: Principal): Promise<ColleagueStatus[]> {
  const inboxes = accountInboxes(env);
  const [statuses, colleagues] = await Promise.all([
    inboxes.get(inboxes.idFromName(p.account.id)).operatorStatuses(),
    operatorsWhoMayReadAny(db, p.account.id, p.role.departmentIds),
  ]);
  return colleagues.map((o) => ({ id: o.id, displayName: o.displayName, status: statuses[o.id] ?? "offline" }));
}
