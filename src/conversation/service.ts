import { emailIndex, nameTokenIndexes, normaliseEmail } from "../crypto/blind-index";
import { sha256Hex } from "../crypto/encoding";
import { createDataKey, loadKeyRing, openDataKey, type ConversationField } from "../crypto/key-ring";
import { signVisitorToken } from "../crypto/visitor-token";
import type { Db } from "../db/client";
import { findConversation, findWrappedKey, findWrappedKeys, insertConversation, markClosed, messagesAfter, pageViewsOf, withConsent, type ConversationRow } from "../db/conversations";
import { tagsOf } from "../db/search";
import type { Widget } from "../db/widgets";
import { HttpError } from "../errors";
import { disclaimerFor } from "../locales/disclaimer";
import { widgetTexts } from "../locales/widget-texts";
import type { ConversationSummary, StartConversation, StartedConversation, VisitorDetails } from "../shared/api";
import { CLOSE_CONVERSATION_ERASED, type MessageCreatedFrame, type ServerFrame } from "../shared/frames";
import { encodeIdentity, IDENTITY_HEADER, type SocketIdentity } from "./conversation-room";
import { messageFrame, visitorDisplayName } from "./message-frame";
import { accountInboxes, conversationRooms } from "./namespaces";
import { closeSockets, recordJoin } from "./session-sockets";

const ARCHIVE_PAGE = 200;
/** Page views kept per visit at most; older visits rarely need more, and it bounds the data. */
export const MAX_PAGE_VIEWS = 50;

/**
 * Starts a conversation on `widget`: a room in the configured jurisdiction, a fresh data key,
 * the visitor's name and email encrypted with blind indexes, and the consent receipt.
 */
/** What the request itself says about the visitor; used only outside privacy mode. */
export interface ClientFacts {
  ip: string | null;
  userAgent: string | null;
  /** ISO 3166-1 alpha-2, from Cloudflare's location of the IP. */
  country: string | null;
}

export async function startConversation(env: Env, db: Db, widget: Widget, input: StartConversation, client: ClientFacts, now: number): Promise<StartedConversation> {
  if (widget.consentRequired && input.consent !== true) {
    throw new HttpError(400, "consent_required", "Please agree to the privacy notice before starting the chat.");
  }
  // The pre-chat form as the widget asks for it: a hidden field is never taken, a required one must come.
  for (const [field, mode] of [["name", widget.preChatName], ["email", widget.preChatEmail]] as const) {
    if (mode === "hidden" && input[field] !== undefined) throw new HttpError(400, "invalid_request", `${field}: this widget does not ask for it`);
    if (mode === "required" && input[field] === undefined) throw new HttpError(400, "invalid_request", `${field}: required`);
  }
  const rooms = conversationRooms(env);
  const roomId = rooms.newUniqueId();
  const conversationId = roomId.toString();
  const ring = await loadKeyRing(env.KEY_RING);
  const { cipher, wrappedKey } = await createDataKey(ring, widget.accountId, conversationId);
  const disclaimer = disclaimerFor(widget.disclaimerTexts, input.language);
  const disclaimerHash = await sha256Hex(disclaimer.text);
  // The receipt must name the text the visitor saw: if it changed since the widget loaded, ask again.
  if (widget.consentRequired && input.disclaimerHash !== undefined && input.disclaimerHash !== disclaimerHash) {
    // Said to the visitor, so in the language of the notice they were shown.
    throw new HttpError(409, "disclaimer_changed", widgetTexts(input.language).texts.noticeChanged);
  }
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
    visitorEmailBidx: input.email ? await emailIndex(env.BLIND_INDEX_KEY, widget.accountId, input.email) : null,
    nameTokenBidx: input.name ? await nameTokenIndexes(env.BLIND_INDEX_KEY, widget.accountId, input.name) : [],
    privacyMode: widget.privacyMode,
    // Privacy mode overrides the identity-lookup switch.
    identityLookup: widget.identityLookup && !widget.privacyMode,
    // In privacy mode none of this is read into storage, whatever the request carried.
    visit: widget.privacyMode
      ? null
      : {
          ipEnc: client.ip ? await cipher.encrypt("visitor.ip", client.ip) : null,
          userAgentEnc: client.userAgent ? await cipher.encrypt("visitor.user_agent", client.userAgent) : null,
          referrerEnc: input.referrer ? await cipher.encrypt("visitor.referrer", input.referrer) : null,
          countryEnc: client.country ? await cipher.encrypt("visitor.country", client.country) : null,
          firstPageEnc: input.pageUrl ? await cipher.encrypt("visitor.page_view", input.pageUrl) : null,
        },
    consent: widget.consentRequired ? { disclaimerHash, language: disclaimer.language } : null,
    now,
  });
  try {
    await rooms.get(roomId).init({
      conversationId,
      accountId: widget.accountId,
      departmentId: widget.departmentId,
      wrappedKey,
      // Privacy mode overrides the live-preview switch.
      livePreview: widget.livePreview && !widget.privacyMode,
      visitorNameEnc,
      language: input.language,
    });
  } catch (error) {
    // Without its room the conversation cannot carry messages: close it rather than leave it dangling.
    await markClosed(db, widget.accountId, conversationId, now);
    throw error;
  }
  const inboxes = accountInboxes(env);
  await inboxes.get(inboxes.idFromName(widget.accountId)).notify(widget.departmentId, conversationId);
  return { conversationId, visitorToken: await signVisitorToken(env.TOKEN_SIGNING_KEY, { conversationId, accountId: widget.accountId, widgetId: widget.id }, now) };
}

/**
 * Identity lookup: the visitor's public avatar, as a Gravatar URL from the SHA-256 of the
 * normalised email. The operator's browser loads it; the server makes no outbound request.
 */
export const gravatarUrl = async (email: string): Promise<string> => `https://www.gravatar.com/avatar/${await sha256Hex(normaliseEmail(email))}?s=80&d=mp`;

/** What was kept about the visit, decrypted for an operator; empty in privacy mode. */
export async function visitorDetails(env: Env, db: Db, row: ConversationRow): Promise<VisitorDetails> {
  const details: VisitorDetails = { privacyMode: row.privacyMode, ip: null, userAgent: null, referrer: null, country: null, pageViews: [] };
  if (row.privacyMode) return details;
  const wrapped = await findWrappedKey(db, row.accountId, row.id);
  if (!wrapped) return details;
  const cipher = await openDataKey(await loadKeyRing(env.KEY_RING), wrapped, row.accountId, row.id);
  const open = (field: ConversationField, value: string | null) => (value ? cipher.decrypt(field, value) : Promise.resolve(null));
  details.ip = await open("visitor.ip", row.visitorIpEnc);
  details.userAgent = await open("visitor.user_agent", row.visitorUserAgentEnc);
  details.referrer = await open("visitor.referrer", row.visitorReferrerEnc);
  details.country = await open("visitor.country", row.visitorCountryEnc);
  details.pageViews = await Promise.all(
    (await pageViewsOf(db, row.accountId, row.id, MAX_PAGE_VIEWS)).map(async (v) => ({ url: await cipher.decrypt("visitor.page_view", v.urlEnc), viewedAt: v.viewedAt })),
  );
  return details;
}

/** The operators' view of conversation rows: name and email decrypted, tags and consent attached. */
export async function summarise(env: Env, db: Db, accountId: string, rows: ConversationRow[]): Promise<ConversationSummary[]> {
  const ids = rows.map((r) => r.id);
  // One query for all the page's keys, not one per row.
  const [tags, consented, ring, keys] = await Promise.all([
    tagsOf(db, accountId, ids),
    withConsent(db, accountId, ids),
    loadKeyRing(env.KEY_RING),
    findWrappedKeys(db, accountId, rows.filter((r) => r.visitorNameEnc || r.visitorEmailEnc).map((r) => r.id)),
  ]);
  return Promise.all(
    rows.map(async (row) => {
      let visitorName: string | null = null;
      let visitorEmail: string | null = null;
      if (row.visitorNameEnc || row.visitorEmailEnc) {
        const wrapped = keys.get(row.id);
        if (wrapped) {
          const cipher = await openDataKey(ring, wrapped, row.accountId, row.id);
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
        assignedOperatorId: row.assignedOperatorId,
        rating: row.rating,
        tags: tags.get(row.id) ?? [],
        hasConsent: consented.has(row.id),
        avatarUrl: row.identityLookup && visitorEmail ? await gravatarUrl(visitorEmail) : null,
        createdAt: row.createdAt,
        lastMessageAt: row.lastMessageAt,
        closedAt: row.closedAt,
      };
    }),
  );
}

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
      await recordJoin(env, { accountId: row.accountId, operatorId: identity.operatorId, conversationId: row.id, credential: identity.credential, now: Date.now() });
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
  if (!mayReadArchive) throw new HttpError(403, "forbidden", "This conversation has ended; reading its transcript needs read access to transcripts.");
  return replayArchive(env, db, request, row, identity, after);
}

/** hello, every archived message after `after`, conversation.closed, close: one short-lived socket. */
async function replayArchive(env: Env, db: Db, request: Request, row: ConversationRow, identity: SocketIdentity, after: number): Promise<Response> {
  const wrappedKey = await findWrappedKey(db, row.accountId, row.id);
  if (!wrappedKey) return erasedConversationSocket(request);
  const cipher = await openDataKey(await loadKeyRing(env.KEY_RING), wrappedKey, row.accountId, row.id);
  const visitorName = await visitorDisplayName(cipher, row.visitorNameEnc);
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  const send = (frame: ServerFrame) => server.send(JSON.stringify(frame));
  send({ type: "hello", conversationId: row.id, role: identity.role, lastSeq: row.messageCount, livePreview: false, status: "closed" });
  for (let cursor = after; ; ) {
    const page = await messagesAfter(db, row.accountId, row.id, cursor, ARCHIVE_PAGE);
    for (const message of page) send(await messageFrame(cipher, message, visitorName));
    if (page.length < ARCHIVE_PAGE) break;
    cursor = page.at(-1)!.seq;
  }
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
  const protocol = request.headers.get("Sec-WebSocket-Protocol")?.includes("confide.v1") ? { "Sec-WebSocket-Protocol": "confide.v1" } : undefined;
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

/** The whole conversation as plain text, for the visitor to keep: from the room while it lives, else from D1. */
export async function transcriptText(env: Env, db: Db, row: ConversationRow): Promise<string> {
  let frames: MessageCreatedFrame[] = [];
  if (row.status === "open") {
    const rooms = conversationRooms(env);
    frames = await rooms.get(rooms.idFromString(row.id)).transcript();
  }
  if (frames.length === 0) {
    const wrapped = await findWrappedKey(db, row.accountId, row.id);
    if (!wrapped) throw new HttpError(404, "not_found", "No such conversation.");
    const cipher = await openDataKey(await loadKeyRing(env.KEY_RING), wrapped, row.accountId, row.id);
    const visitorName = await visitorDisplayName(cipher, row.visitorNameEnc);
    for (let cursor = 0; ; ) {
      const page = await messagesAfter(db, row.accountId, row.id, cursor, ARCHIVE_PAGE);
      for (const message of page) frames.push(await messageFrame(cipher, message, visitorName));
      if (page.length < ARCHIVE_PAGE) break;
      cursor = page.at(-1)!.seq;
    }
  }
  const lines = frames.map((f) => `[${new Date(f.createdAt).toISOString().replace("T", " ").slice(0, 19)} UTC] ${f.author.name}: ${f.body}`);
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * Closes an operator's live sockets (of one credential, or all) in its inbox and in every
 * conversation they joined, with 1008: they reconnect if the credential still stands. Sessions
 * that end go through endOperatorSessions (src/auth/end-sessions.ts) instead.
 */
export async function revokeOperatorSockets(env: Env, _db: Db, accountId: string, operatorId: string, credentialId?: string): Promise<void> {
  await closeSockets(env, accountId, { operatorId, ended: [], others: credentialId ? [credentialId] : "all" });
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
