import { archivedFrames } from "../conversation/archive";
import { encodeIdentity, IDENTITY_HEADER, type SocketIdentity } from "../conversation/conversation-room";
import { visitorDisplayName } from "../conversation/message-frame";
import { conversationRooms } from "../conversation/namespaces";
import { recordJoin } from "../conversation/session-sockets";
import { openConversationVault } from "../conversation/vault";
import type { Db } from "../db/client";
import { type ConversationRow, findConversation } from "../db/conversations";
import { HttpError } from "../errors";
import { CLOSE_CONVERSATION_ERASED, type ServerFrame } from "../shared/frames";

// The HTTP side of a conversation's socket, shared by the widget's and the operators' routes:
// the upgrade check, the hand-over to the room, the archive replay and the "erased" socket.

/**
 * Connects an authenticated socket: to the conversation's room while it lives, else (ended and
 * erased) to its archive in D1, so a client reconnecting after the end still gets every message.
 * `mayReadArchive` says whether the caller may read a stored transcript (the visitor its own;
 * operators with transcripts read): the archive is a transcript, whatever door it is reached by.
 */
export async function connectToConversation(
  env: Env,
  db: Db,
  request: Request,
  row: ConversationRow,
  identity: SocketIdentity,
  after: number,
  mayReadArchive: boolean,
): Promise<Response> {
  if (row.status === "open") {
    // Recorded before the room accepts the socket, so an end of the credential from now on finds it.
    if (identity.operatorId && identity.credential) {
      await recordJoin(env, {
        accountId: row.accountId,
        operatorId: identity.operatorId,
        conversationId: row.id,
        credential: identity.credential,
        now: Date.now(),
      });
    }
    const rooms = conversationRooms(env);
    const url = new URL(request.url);
    url.search = `?after=${after}`;
    const headers = new Headers({ Upgrade: "websocket", [IDENTITY_HEADER]: encodeIdentity(identity) });
    const protocol = request.headers.get("Sec-WebSocket-Protocol");
    if (protocol) headers.set("Sec-WebSocket-Protocol", protocol);
    const response = await rooms.get(rooms.idFromString(row.id)).fetch(new Request(url, { headers }));
    if (response.status !== 410) return withMutableHeaders(response);
    // The room erased itself after our read: D1 now holds it all (or nothing, if it was erased).
    const current = await findConversation(db, row.accountId, row.id);
    if (!current) return erasedConversationSocket(request);
    row = current;
  }
  if (!mayReadArchive)
    throw new HttpError(403, "forbidden", "This conversation has ended; reading its transcript needs read access to transcripts.");
  return replayArchive(env, db, request, row, identity, after);
}

/** hello, every archived message after `after`, conversation.closed, close: one short-lived socket. */
async function replayArchive(
  env: Env,
  db: Db,
  request: Request,
  row: ConversationRow,
  identity: SocketIdentity,
  after: number,
): Promise<Response> {
  const cipher = await openConversationVault(env, db, row.accountId, row.id);
  if (!cipher) return erasedConversationSocket(request);
  const visitorName = await visitorDisplayName(cipher, row.visitorNameEnc);
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  const send = (frame: ServerFrame) => server.send(JSON.stringify(frame));
  send({ type: "hello", conversationId: row.id, role: identity.role, lastSeq: row.messageCount, livePreview: false, status: "closed" });
  for await (const frame of archivedFrames(db, cipher, row, visitorName, after)) send(frame);
  send({ type: "conversation.closed" });
  server.close(1000, "conversation closed");
  return switchingProtocols(request, client);
}

/**
 * The socket of a conversation that is not there (erased, or never the caller's: the same answer,
 * so nothing is learnt about other accounts): `conversation.erased`, then CLOSE_CONVERSATION_ERASED.
 * A browser cannot read the status of a refused upgrade, so a 404 would look like a network
 * failure and be retried forever.
 */
export function erasedConversationSocket(request: Request): Response {
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  server.send(JSON.stringify({ type: "conversation.erased" } satisfies ServerFrame));
  server.close(CLOSE_CONVERSATION_ERASED, "conversation erased");
  return switchingProtocols(request, client);
}

/** The 101 answer, agreeing to the protocol's subprotocol when the client offered it. */
function switchingProtocols(request: Request, client: WebSocket): Response {
  const protocol = request.headers.get("Sec-WebSocket-Protocol")?.includes("confide.v1")
    ? { "Sec-WebSocket-Protocol": "confide.v1" }
    : undefined;
  return new Response(null, { status: 101, webSocket: client, headers: protocol });
}

/** `lookup`'s row, or null where it answers 404: for sockets, which say "erased" instead. */
export async function foundOrNull<T>(lookup: Promise<T>): Promise<T | null> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) return null;
    throw error;
  }
}

/** Responses from a Durable Object have immutable headers; middleware needs to add its own. */
export const withMutableHeaders = (response: Response): Response =>
  new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    webSocket: response.webSocket,
  });

/** Only the `Upgrade: websocket` requests reach a room. */
export function requireUpgrade(request: Request): void {
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
    throw new HttpError(426, "upgrade_required", "Connect with a WebSocket.");
  }
}
