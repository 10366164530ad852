import type { Db } from "../db/client";
import { JOIN_RECORD_MS } from "./account-inbox";
import type { SocketClosing } from "./hibernating-sockets";
import { accountInboxes, conversationRooms } from "./namespaces";
import type { SocketCredential } from "./socket-credential";

// Where an operator's credentials have sockets open: the account's inbox keeps, per credential,
// the conversations it joined, so ending a session closes its sockets in those rooms only instead
// of asking every open conversation of the account.

/** Records, before the room accepts it, that `credential` opens a socket on this conversation. */
export async function recordJoin(
  env: Env,
  args: { accountId: string; operatorId: string; conversationId: string; credential: SocketCredential; now: number },
): Promise<void> {
  const inboxes = accountInboxes(env);
  await inboxes.get(inboxes.idFromName(args.accountId)).joined({
    operatorId: args.operatorId,
    credentialId: args.credential.id,
    conversationId: args.conversationId,
    until: args.credential.expiresAt ?? args.now + JOIN_RECORD_MS,
  });
}

/**
 * Closes the operator's sockets of the credentials in `closing`, inbox and conversations alike.
 * Returns how many conversation sockets closed.
 */
export async function closeSockets(env: Env, accountId: string, closing: SocketClosing): Promise<number> {
  const inboxes = accountInboxes(env);
  const rooms = conversationRooms(env);
  const conversationIds = await inboxes.get(inboxes.idFromName(accountId)).closeOperatorSockets(closing);
  const closed = await Promise.all(conversationIds.map((id) => rooms.get(rooms.idFromString(id)).closeOperatorSockets(closing)));
  return closed.reduce((sum, n) => sum + n, 0);
}

/**
 * Closes an operator's live sockets (of one credential, or all) in its inbox and in every
 * conversation they joined, with 1008: a client that reconnects gets in only if its credential
 * still stands (Confide's own clients stop on 1008, docs/protocol.md). Sessions
 * that end go through endOperatorSessions (src/auth/end-sessions.ts) instead.
 */
export async function revokeOperatorSockets(
  env: Env,
  _db: Db,
  accountId: string,
  operatorId: string,
  credentialId?: string,
): Promise<void> {
  await closeSockets(env, accountId, { operatorId, ended: [], others: credentialId ? [credentialId] : "all" });
}
