import { emailIndex, nameTokenIndexes } from "../crypto/blind-index";
import { sha256Hex } from "../crypto/encoding";
import { createDataKey, loadKeyRing, openDataKey } from "../crypto/key-ring";
import { signVisitorToken } from "../crypto/visitor-token";
import type { Db } from "../db/client";
import { findWrappedKey, insertConversation, markClosed, type ConversationRow } from "../db/conversations";
import type { Widget } from "../db/widgets";
import { HttpError } from "../errors";
import { defaultDisclaimer } from "../locales/disclaimer";
import type { ConversationSummary, StartConversation, StartedConversation } from "../shared/api";
import { IDENTITY_HEADER, type SocketIdentity } from "./conversation-room";
import { accountInboxes, conversationRooms } from "./namespaces";

/**
 * Starts a conversation on `widget`: a room in the configured jurisdiction, a fresh data key,
 * the visitor's name and email encrypted with blind indexes, and the consent receipt.
 */
export async function startConversation(env: Env, db: Db, widget: Widget, input: StartConversation, now: number): Promise<StartedConversation> {
  if (widget.consentRequired && input.consent !== true) {
    throw new HttpError(400, "consent_required", "Please agree to the privacy notice before starting the chat.");
  }
  const rooms = conversationRooms(env);
  const roomId = rooms.newUniqueId();
  const conversationId = roomId.toString();
  const ring = await loadKeyRing(env.KEY_RING);
  const { cipher, wrappedKey } = await createDataKey(ring, widget.accountId, conversationId);
  const disclaimer = defaultDisclaimer(input.language);
  const visitorNameEnc = input.name ? await cipher.encrypt("visitor.name", input.name) : null;
  await insertConversation(db, {
    id: conversationId,
    accountId: widget.accountId,
    widgetId: widget.id,
    departmentId: widget.departmentId,
    language: input.language,
    wrappedKey,
    visitorNameEnc,
    visitorEmailEnc: input.email ? await cipher.encrypt("visitor.email", input.email) : null,
    visitorEmailBidx: input.email ? await emailIndex(env.BLIND_INDEX_KEY, input.email) : null,
    nameTokenBidx: input.name ? await nameTokenIndexes(env.BLIND_INDEX_KEY, input.name) : [],
    consent: widget.consentRequired ? { disclaimerHash: await sha256Hex(disclaimer.text) } : null,
    now,
  });
  try {
    await rooms.get(roomId).init({
      conversationId,
      accountId: widget.accountId,
      departmentId: widget.departmentId,
      wrappedKey,
      livePreview: widget.livePreview,
      visitorNameEnc,
    });
  } catch (error) {
    // Without its room the conversation cannot carry messages: close it rather than leave it dangling.
    await markClosed(db, widget.accountId, conversationId, now);
    throw error;
  }
  const inboxes = accountInboxes(env);
  await inboxes.get(inboxes.idFromName(widget.accountId)).notify(widget.departmentId, conversationId);
  return { conversationId, visitorToken: await signVisitorToken(env.TOKEN_SIGNING_KEY, { conversationId, accountId: widget.accountId }, now) };
}

/** The operator's view of a conversation row, with name and email decrypted. */
export async function summarise(env: Env, db: Db, row: ConversationRow): Promise<ConversationSummary> {
  let visitorName: string | null = null;
  let visitorEmail: string | null = null;
  if (row.visitorNameEnc || row.visitorEmailEnc) {
    const wrapped = await findWrappedKey(db, row.accountId, row.id);
    if (wrapped) {
      const cipher = await openDataKey(await loadKeyRing(env.KEY_RING), wrapped, row.accountId, row.id);
      visitorName = row.visitorNameEnc ? await cipher.decrypt("visitor.name", row.visitorNameEnc) : null;
      visitorEmail = row.visitorEmailEnc ? await cipher.decrypt("visitor.email", row.visitorEmailEnc) : null;
    }
  }
  return {
    id: row.id,
    status: row.status,
    widgetId: row.widgetId,
    departmentId: row.departmentId,
    visitorName,
    visitorEmail,
    language: row.language,
    messageCount: row.messageCount,
    createdAt: row.createdAt,
    lastMessageAt: row.lastMessageAt,
    closedAt: row.closedAt,
  };
}

/** Hands an authenticated WebSocket upgrade to the conversation's room. */
export async function connectToRoom(env: Env, request: Request, conversationId: string, identity: SocketIdentity, after: number): Promise<Response> {
  const rooms = conversationRooms(env);
  let id: DurableObjectId;
  try {
    id = rooms.idFromString(conversationId);
  } catch {
    throw new HttpError(404, "not_found", "No such conversation.");
  }
  const url = new URL(request.url);
  url.search = `?after=${after}`;
  const headers = new Headers({ Upgrade: "websocket", [IDENTITY_HEADER]: JSON.stringify(identity) });
  const protocol = request.headers.get("Sec-WebSocket-Protocol");
  if (protocol) headers.set("Sec-WebSocket-Protocol", protocol);
  return withMutableHeaders(await rooms.get(id).fetch(new Request(url, { headers })));
}

/** Responses from a Durable Object have immutable headers; middleware needs to add its own. */
export const withMutableHeaders = (response: Response): Response =>
  new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers, webSocket: response.webSocket });

/** Only the `Upgrade: websocket` requests reach a room. */
export function requireUpgrade(request: Request): void {
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
    throw new HttpError(426, "upgrade_required", "Connect with a WebSocket.");
  }
}
