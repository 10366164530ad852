import { type SealedAttachment, sealedAttachmentColumn } from "../attachments/sealed-attachment";
import { fromBase64, fromUtf8, toBase64Url, utf8 } from "../crypto/encoding";
import { type ConversationCipher, loadKeyRing, rewrapDataKey, wrappingKeyId } from "../crypto/key-ring";
import { claimForMessage } from "../db/attachments";
import { flushToAccountDatabase, markClosed } from "../db/conversations";
import { databaseFor } from "../db/databases";
import { alertOperators, emailReplyToOfflineVisitor } from "../email/emails";
import { errorBody } from "../errors";
import { type EndReason, endMessage } from "../locales/widget-texts";
import { meterDurableObject } from "../platform/usage-meter";
import type { AttachmentInfo } from "../shared/attachments";
import type { ErrorCode } from "../shared/error-codes";
import {
  CLOSE_CONVERSATION_ERASED,
  CLOSE_TOO_MANY_SOCKETS,
  type ClientFrame,
  type ConversationActivity,
  type ConversationErasedFrame,
  MAX_FRAME_BYTES,
  type MessageCreatedFrame,
  type Role,
  type SendMessage,
  type ServerFrame,
} from "../shared/frames";
import { clientFrameSchema } from "../shared/protocol";
import { publishEvent } from "../webhooks/events";
import { pagedBySeq } from "./archive";
import { HibernatingSockets, type SocketClosing, upgradeRequired } from "./hibernating-sockets";
import { frameWithBody, messageFrame, visitorDisplayName } from "./message-frame";
import { accountInboxes } from "./namespaces";
import { type RoomState, RoomStorage, type StoredMessage } from "./room-storage";
import { SendGate, type SendLimits, sendLimitsFrom } from "./send-limits";
import { beforeDeadline, endSocket, personActed, type SocketCredential } from "./socket-credential";
import { openVault } from "./vault";

/** Who a socket belongs to; set by the worker after authentication, kept across hibernation. */
export interface SocketIdentity {
  role: Role;
  /** Operators only. */
  operatorId?: string;
  /** The name visitors see: an operator's alias when it has one. */
  name?: string;
  avatarUrl?: string;
  /** Operators with chats "read" may watch but not write. */
  canWrite: boolean;
  /** Operators only: the session or API token the socket was opened with, and its deadlines. */
  credential?: SocketCredential;
}

/** Identity travels to the room in a header, base64url-encoded so any name survives intact. */
export const encodeIdentity = (identity: SocketIdentity): string => toBase64Url(utf8(JSON.stringify(identity)));
const decodeIdentity = (header: string): SocketIdentity => JSON.parse(fromUtf8(fromBase64(header))) as SocketIdentity;

/** Whose messages these are: the visitor, or one operator. Send limits, socket caps and clientIds go by it. */
const authorKeyOf = (identity: SocketIdentity): string => (identity.role === "visitor" ? "visitor" : `operator:${identity.operatorId}`);
const VISITOR: SocketIdentity = { role: "visitor", canWrite: true };
/** Sockets one author may hold in one conversation (tabs, a reconnect overlapping a dying socket). */
export const MAX_SOCKETS_PER_AUTHOR = 5;

/** Frames that are a person's doing, so they keep the operator's session alive (typing previews are the visitor's). */
const PERSON_ACTIONS: ReadonlySet<ClientFrame["type"]> = new Set(["message.send", "typing", "conversation.close"]);

interface SocketAttachment extends SocketIdentity {
  /** False until the replay for this socket is done, so live frames never overtake it. */
  ready: boolean;
}

export interface RoomInit {
  conversationId: string;
  accountId: string;
  departmentId: string;
  wrappedKey: string;
  livePreview: boolean;
  visitorNameEnc: string | null;
  /** The language the widget spoke when the chat started: system messages are written in it. Absent in rooms made before it was kept. */
  language?: string;
  /** "offline": a left message, answered whenever an operator can, so inactivity does not end it. */
  origin?: "chat" | "offline";
  /**
   * When the department's operators without an app open get an email if no operator has written
   * yet (the widget's unansweredAlertMinutes after the start); absent: never, or already sent.
   */
  unansweredAlertAt?: number;
}

export const IDENTITY_HEADER = "x-confide-identity";

/** The file a message carries: sealed as stored, and opened for the frame. */
interface MessageAttachment {
  sealed: SealedAttachment;
  info: AttachmentInfo;
}

/** A client frame, or why it is not one: not text, not JSON, or not the protocol. */
function parseFrame(message: string | ArrayBuffer): { frame: ClientFrame } | { invalid: string } {
  if (typeof message !== "string") return { invalid: "Frames must be JSON text." };
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return { invalid: "Frames must be valid JSON." };
  }
  const parsed = clientFrameSchema.safeParse(json);
  return parsed.success ? { frame: parsed.data } : { invalid: parsed.error.issues[0]?.message ?? "Invalid frame." };
}
const FLUSH_DELAY_MS = 2_000;
/** A conversation without any message for this long ends by itself, as visitors rarely say goodbye. */
export const IDLE_CLOSE_MS = 60 * 60 * 1000;
const FLUSH_BATCH = 50;
const FLUSH_ROUNDS_PER_ALARM = 20;
const REPLAY_PAGE = 100;

/**
 * One conversation: its live sockets (hibernatable), the single order of its messages, live
 * preview, and messages not yet flushed to D1. Every handler restores what it needs from SQLite
 * storage and socket attachments, so eviction or hibernation loses nothing.
 */
export class ConversationRoom extends HibernatingSockets<SocketAttachment> {
  private readonly storage: RoomStorage;
  private cipherPromise: Promise<ConversationCipher> | null = null;
  private visitorName: Promise<string> | null = null;
  /**
   * Sends, replays and closes run one at a time in arrival order. Encryption awaits, and without
   * this two sends could interleave and be numbered out of order.
   */
  private queue: Promise<void> = Promise.resolve();
  private alarmFailures = 0;
  /**
   * This instance has seen its conversation in D1. A point-in-time recovery of the object starts a
   * new instance, so checking once per instance (and per init) catches it without a D1 read per flush.
   */
  private seenInD1 = false;
  private readonly sendLimits: SendLimits;
  /**
   * One gate per author, not per socket, so opening more sockets buys no more sending. In memory:
   * a room that hibernated was idle, so a gate it forgets would have been open anyway.
   */
  private readonly gates = new Map<string, SendGate>();
  /** When each operator credential's activity last reached D1 from here (see personActed). */
  private readonly activityReported = new Map<string, number>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    meterDurableObject(this, ctx, env, "ConversationRoom");
    this.storage = new RoomStorage(ctx.storage);
    this.sendLimits = sendLimitsFrom(env);
  }

  /** Called once by the worker when the conversation is created. Idempotent. */
  async init(init: RoomInit): Promise<void> {
    const now = Date.now();
    this.seenInD1 = false;
    if (this.storage.initialise({ ...init, status: "open", lastSeq: 0, flushedSeq: 0, lastActivityAt: now })) {
      await this.alarms.set(Math.min(now + IDLE_CLOSE_MS, init.unansweredAlertAt ?? Number.POSITIVE_INFINITY));
    }
  }

  /**
   * The visitor's message left while nobody could answer (src/conversation/start.ts): stored and
   * flushed like any message. Idempotent by clientId, as a retried start sends it again.
   */
  async leaveMessage(clientId: string, body: string): Promise<void> {
    await this.enqueue(async () => {
      const state = this.storage.state();
      if (!state || state.status === "closed") throw new Error("conversation closed");
      if (this.storage.findByClientId(authorKeyOf(VISITOR), clientId)) return;
      await this.appendMessage(state, VISITOR, clientId, body);
    });
  }

  /** The waiting visitor chose to leave a message instead: the room no longer ends the chat for inactivity. */
  async becomeOffline(): Promise<void> {
    this.storage.setOrigin("offline");
  }

  /** Transferred to another department (src/conversation/transfer.ts): its inboxes hear of it from now on. */
  async moveToDepartment(departmentId: string): Promise<void> {
    this.storage.setDepartment(departmentId);
  }

  /** The WebSocket upgrade; the worker has authenticated the caller and put its identity in a header. */
  override async fetch(request: Request): Promise<Response> {
    const state = this.storage.state();
    if (!state) return Response.json(errorBody("conversation_closed", "This conversation has ended."), { status: 410 });
    const identityHeader = this.upgradeHeader(request, IDENTITY_HEADER);
    if (identityHeader === null) return upgradeRequired();
    const identity = decodeIdentity(identityHeader);
    const after = Number(new URL(request.url).searchParams.get("after") ?? "0");
    const { 0: client, 1: server } = new WebSocketPair();
    const attachment: SocketAttachment = { ...identity, ready: false };
    const authorTag = authorKeyOf(identity);
    this.makeRoomFor(authorTag);
    // The room wakes at the operator's session deadline even if nobody writes meanwhile.
    await this.acceptSocket(server, attachment, [identity.role, authorTag]);
    try {
      await this.enqueue(() => this.greet(server, attachment, after));
    } catch (error) {
      server.close(1011, "internal error");
      throw error;
    }
    const protocol = request.headers.get("Sec-WebSocket-Protocol")?.includes("confide.v1")
      ? { "Sec-WebSocket-Protocol": "confide.v1" }
      : undefined;
    return new Response(null, { status: 101, webSocket: client, headers: protocol });
  }

  /**
   * At most MAX_SOCKETS_PER_AUTHOR sockets per author: the oldest beyond it is told why and closed
   * with a terminal code, so a live tab is not fought over by reconnect loops and a stolen token
   * cannot open sockets without end.
   */
  private makeRoomFor(authorTag: string): void {
    const open = this.ctx.getWebSockets(authorTag).filter((ws) => ws.readyState === WebSocket.OPEN);
    for (const ws of open.slice(0, Math.max(0, open.length - MAX_SOCKETS_PER_AUTHOR + 1))) {
      this.sendError(ws, "too_many_connections", "This conversation was opened in too many places; this one was closed.");
      ws.close(CLOSE_TOO_MANY_SOCKETS, "too many connections");
    }
  }

  /** Whether the conversation has ended (or the room, its conversation in D1, holds nothing of it any more). */
  async hasEnded(): Promise<boolean> {
    return this.storage.state()?.status !== "open";
  }

  /** Every message so far, decrypted, in order: the visitor's own copy of a live conversation. */
  async transcript(): Promise<MessageCreatedFrame[]> {
    const state = this.storage.state();
    if (!state) return [];
    const frames: MessageCreatedFrame[] = [];
    for await (const message of this.messagesAfter(0)) frames.push(await this.toFrame(state, message));
    return frames;
  }

  /**
   * Erasure: every socket, replaying or live, hears `conversation.erased` and closes with
   * CLOSE_CONVERSATION_ERASED, so no client keeps showing the conversation or retries it; then all
   * storage and the alarm go. Safe to repeat.
   */
  async erase(): Promise<void> {
    const erased: ConversationErasedFrame = { type: "conversation.erased" };
    for (const ws of this.ctx.getWebSockets()) {
      this.send(ws, erased);
      try {
        ws.close(CLOSE_CONVERSATION_ERASED, "conversation erased");
      } catch {
        // Already closing.
      }
    }
    await this.deleteStorage();
  }

  /** Deletes all storage and the alarm; the conversation lives on in D1 or nowhere. */
  private async deleteStorage(): Promise<void> {
    await this.alarms.delete();
    await this.ctx.storage.deleteAll();
    this.storage.forget();
    this.seenInD1 = false;
    this.cipherPromise = null;
    this.visitorName = null;
  }

  /**
   * Key rotation: wraps the room's copy of its data key with the ring's active key, when another
   * key wrapped it. The data key itself does not change, so nothing sealed with it does either.
   * True when the room holds a key (re-wrapped now or already on the active key).
   */
  async rewrapKey(): Promise<boolean> {
    const state = this.storage.state();
    if (!state) return false;
    const ring = await loadKeyRing(this.env.KEY_RING);
    if (wrappingKeyId(state.wrappedKey) === ring.activeId) return true;
    const wrappedKey = await rewrapDataKey(ring, state.wrappedKey, state.accountId, state.conversationId);
    // setWrappedKey reads the state afresh: a message may have moved it on during the await.
    this.storage.setWrappedKey(wrappedKey);
    return true;
  }

  /**
   * Closes an operator's sockets of the credentials in `closing`: those of ended sessions hear
   * `session_expired` and close for good, the others close to reconnect with what they may now do.
   */
  async closeOperatorSockets(closing: SocketClosing): Promise<number> {
    const closed = this.closeMatching(closing, "operator");
    if (closed > 0) this.broadcastPresence();
    return closed;
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const size = typeof message === "string" ? new TextEncoder().encode(message).byteLength : message.byteLength;
    if (size > MAX_FRAME_BYTES) {
      ws.close(1009, "frame too large");
      return;
    }
    let attachment = this.attachmentOf(ws);
    if (attachment.credential) {
      const standing = await this.credentialStands(ws, attachment.credential);
      if (!standing) return;
      attachment = standing;
    }
    const gate = this.gateOf(attachment);
    const parsed = parseFrame(message);
    if ("invalid" in parsed) {
      // Each bad frame costs like a typing frame: a flood of them ends the socket, not the room's time.
      if (gate.invalidFrame(Date.now()) > 0) return ws.close(1008, "too many invalid frames");
      return this.sendError(ws, "invalid_frame", parsed.invalid);
    }
    const { frame } = parsed;
    if (attachment.credential && PERSON_ACTIONS.has(frame.type)) {
      const credential = personActed(this.env, attachment.credential, this.activityReported, Date.now());
      if (credential !== attachment.credential) attachment = this.updateAttachment(ws, { credential });
    }
    const waitMs = gate.admit(frame, Date.now());
    if (waitMs > 0) {
      // Refused, not queued: the client keeps the message and sends it again (same clientId) after the wait.
      const clientId = frame.type === "message.send" ? frame.clientId : undefined;
      return this.send(ws, {
        type: "error",
        code: "rate_limited",
        message: "Too many messages at once. Please wait a moment.",
        retryAfterMs: waitMs,
        ...(clientId ? { clientId } : {}),
      });
    }
    switch (frame.type) {
      case "message.send":
        return this.enqueueFor(ws, () => this.receiveMessage(ws, attachment, frame));
      case "typing.preview":
        return this.relayPreview(ws, attachment, frame.text);
      case "typing":
        if (!attachment.canWrite) return this.sendError(ws, "forbidden", "Your role may watch this conversation but not write in it.");
        // Relayed from memory, never stored. The visitor's widget hides it by itself if no update
        // comes (a closed tab sends no "stop"), so a lost frame cannot leave it showing.
        return this.broadcast(
          {
            type: "typing",
            role: attachment.role,
            active: frame.active,
            ...(attachment.role === "operator" && attachment.name ? { name: attachment.name } : {}),
          },
          (other) => other !== ws,
        );
      case "conversation.close":
        return this.enqueueFor(ws, () => this.close(ws, attachment));
      case "read":
        return this.markRead(ws, attachment, frame.seq);
    }
  }

  /**
   * Refuses every frame after the credential's deadline unless the session was used elsewhere
   * meanwhile (then the deadline moves on): the socket's attachment as it now stands, or null
   * when the frame is refused (the socket ended, or D1 did not answer).
   */
  private async credentialStands(ws: WebSocket, credential: SocketCredential): Promise<SocketAttachment | null> {
    if (beforeDeadline(credential, Date.now())) return this.attachmentOf(ws);
    let current: SocketCredential | null;
    try {
      current = await this.recheckCredential(credential);
    } catch (error) {
      // D1 did not answer: the frame is refused, the socket stays (the alarm asks again).
      console.error("session check failed", error instanceof Error ? error.name : "unknown");
      this.sendError(ws, "internal_error", "Something went wrong on our side; please retry.");
      return null;
    }
    if (!current) {
      endSocket(ws);
      this.broadcastPresence();
      return null;
    }
    // From the serialized attachment: the replay may have finished (ready) while D1 answered.
    return this.updateAttachment(ws, { credential: current });
  }

  /** A socket closed or failed: the others learn who is still here. */
  protected override socketGone(): void {
    this.broadcastPresence();
  }

  /**
   * The room's one alarm does three jobs: flush messages to D1 in batches; end a conversation idle
   * for IDLE_CLOSE_MS; and, once a closed conversation is all in D1, erase the room.
   */
  override async alarm(): Promise<void> {
    this.alarms.fired();
    // Operators' session deadlines share the room's one alarm (docs/design.md, "Sessions"): the
    // sockets whose session is over end first, whatever else the alarm was set for.
    const sessions = await this.sweepCredentials("operator");
    if (sessions.ended > 0) this.broadcastPresence();
    await this.runAlarmSafely();
    if (sessions.next !== null) await this.alarms.noLaterThan(sessions.next);
  }

  /** The room's own work of the alarm; an alarm that came early for a session deadline finds nothing due and re-arms. */
  private async runAlarmSafely(): Promise<void> {
    try {
      await this.runAlarm();
      this.alarmFailures = 0;
    } catch (error) {
      // The runtime retries a failing alarm only a few times, then drops it; a room whose alarm is
      // gone would never flush, close or erase. So the room re-arms itself, backing off to an hour.
      this.alarmFailures++;
      console.error("room alarm failed", error instanceof Error ? error.name : "unknown", this.alarmFailures);
      await this.alarms.set(Date.now() + Math.min(5_000 * 2 ** this.alarmFailures, 3_600_000));
    }
  }

  private async runAlarm(): Promise<void> {
    const before = this.storage.state();
    if (!before) return;
    // Every room's conversation is in D1 before anything wakes the room. One that is not was erased:
    // this room came back through a point-in-time recovery of the object, and goes again. The
    // flush finds out in the round trip that writes (src/db/conversations.ts flushMessages); with
    // nothing to write, it asks once per instance.
    const flushed = await this.flushToD1(before, { check: !this.seenInD1 });
    if (flushed === "conversation gone") return this.erase();
    this.seenInD1 = true;
    let state = flushed;
    if (state.unansweredAlertAt !== undefined && Date.now() >= state.unansweredAlertAt) state = this.alertIfUnanswered(state);
    if (state.flushedSeq < state.lastSeq) {
      // More than one alarm's worth: continue in the next one rather than hold the room.
      await this.alarms.set(Date.now());
    } else if (state.status === "closed") {
      await this.eraseSelf(state);
    } else if (state.origin === "offline") {
      // A left message waits for its answer: nothing to wake for until the next message.
    } else if (Date.now() >= state.lastActivityAt + IDLE_CLOSE_MS) {
      await this.enqueue(() => this.endConversation({ by: "inactivity" }));
    } else {
      await this.alarms.set(Math.min(state.lastActivityAt + IDLE_CLOSE_MS, state.unansweredAlertAt ?? Number.POSITIVE_INFINITY));
    }
  }

  /**
   * The unanswered-chat alert is due: emailed (src/email/emails.ts) unless an operator has written
   * meanwhile or the chat became a left message (which had its own alert). Once either way.
   */
  private alertIfUnanswered(state: RoomState): RoomState {
    const answered = this.storage.hasOperatorMessage();
    const after = this.storage.clearUnansweredAlert();
    if (!answered && state.status === "open" && state.origin !== "offline") {
      const alert = {
        accountId: state.accountId,
        departmentId: state.departmentId,
        conversationId: state.conversationId,
        kind: "unanswered" as const,
      };
      this.ctx.waitUntil(
        alertOperators(this.env, alert)
          .then((result) => (result.queued ? result.delivery : undefined))
          .catch((error: unknown) => console.error("unanswered alert failed", error instanceof Error ? error.name : "unknown")),
      );
    }
    return after ?? state;
  }

  /**
   * Writes up to FLUSH_ROUNDS_PER_ALARM batches of unflushed messages to the account's database, one
   * round trip each (`check`: one even with nothing to write); returns the new state, or says the
   * conversation is gone from D1.
   */
  private async flushToD1(state: RoomState, { check = false } = {}): Promise<RoomState | "conversation gone"> {
    for (let round = 0; round < FLUSH_ROUNDS_PER_ALARM; round++) {
      const batch = this.storage.unflushed(this.storage.state()!.flushedSeq, FLUSH_BATCH);
      if (batch.length === 0 && !(check && round === 0)) break;
      // After a move (src/db/move-account.ts) the batch finds the account gone and goes to the new database.
      const outcome = await flushToAccountDatabase(
        this.env,
        state.accountId,
        state.conversationId,
        batch.map((m) => ({
          accountId: state.accountId,
          conversationId: state.conversationId,
          seq: m.seq,
          clientId: m.clientId,
          authorKind: m.authorKind,
          authorOperatorId: m.authorOperatorId,
          authorName: m.authorName,
          bodyEnc: m.bodyEnc,
          attachment: m.attachment,
          createdAt: m.createdAt,
        })),
      );
      if (outcome === "conversation gone") return outcome;
      if (batch.length === 0) break;
      this.storage.setFlushedSeq(batch.at(-1)!.seq);
    }
    const after = this.storage.state()!;
    // Counts and times in D1 moved on: the operators' lists hear them (nothing personal) and fetch only the preview.
    if (after.flushedSeq > state.flushedSeq) this.notifyInbox(after, this.storage.flushedActivity(after));
    return after;
  }

  /** Everything is in D1: the room keeps nothing of a finished conversation. */
  private async eraseSelf(state: RoomState): Promise<void> {
    await markClosed(await databaseFor(this.env, state.accountId), state.accountId, state.conversationId, Date.now());
    this.notifyInbox(state, this.storage.flushedActivity(state));
    // Not an erasure: the transcript stays in D1, and sockets that connect get it from there.
    await this.deleteStorage();
  }

  /** Runs `task` after every task queued before it; the returned promise carries its outcome. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** As enqueue, for a client's frame: a failure is logged by name and answered with an error frame. */
  private enqueueFor(ws: WebSocket, task: () => Promise<void>): Promise<void> {
    return this.enqueue(task).catch((error: unknown) => {
      console.error("room task failed", error instanceof Error ? error.name : "unknown");
      this.sendError(ws, "internal_error", "Something went wrong on our side; please retry.");
    });
  }

  private cipher(state: RoomState): Promise<ConversationCipher> {
    this.cipherPromise ??= openVault(this.env, state);
    this.cipherPromise.catch(() => (this.cipherPromise = null));
    return this.cipherPromise;
  }

  private visitorDisplayName(state: RoomState): Promise<string> {
    this.visitorName ??= this.cipher(state).then((cipher) => visitorDisplayName(cipher, state.visitorNameEnc));
    this.visitorName.catch(() => (this.visitorName = null));
    return this.visitorName;
  }

  /** hello, then every message after `after`, then the socket joins live traffic. */
  private async greet(ws: WebSocket, attachment: SocketAttachment, after: number): Promise<void> {
    const state = this.storage.state();
    if (!state) {
      ws.close(1000, "conversation closed");
      return;
    }
    this.send(ws, {
      type: "hello",
      conversationId: state.conversationId,
      role: attachment.role,
      lastSeq: state.lastSeq,
      livePreview: state.livePreview,
      status: state.status,
    });
    for await (const message of this.messagesAfter(Math.max(0, Math.floor(after)) || 0)) this.send(ws, await this.toFrame(state, message));
    const readSeq = this.storage.state()?.operatorReadSeq ?? 0;
    if (attachment.role === "visitor" && readSeq > 0) this.send(ws, { type: "seen", seq: readSeq });
    if (state.status === "closed") {
      this.send(ws, { type: "conversation.closed" });
      ws.close(1000, "conversation closed");
      return;
    }
    this.updateAttachment(ws, { ready: true });
    this.broadcastPresence();
  }

  private async receiveMessage(ws: WebSocket, author: SocketAttachment, frame: SendMessage): Promise<void> {
    const state = this.storage.state();
    if (!state || state.status === "closed") return this.sendError(ws, "conversation_closed", "This conversation has ended.");
    if (!author.canWrite) return this.sendError(ws, "forbidden", "Your role may watch this conversation but not write in it.");
    const authorKey = authorKeyOf(author);
    const existing = this.storage.findByClientId(authorKey, frame.clientId);
    if (existing) {
      // A retry after a lost acknowledgement: the sender gets the original again, nobody else.
      this.send(ws, await this.toFrame(state, existing));
      return;
    }
    let attachment: MessageAttachment | null = null;
    if (frame.attachmentId !== undefined) {
      attachment = await this.claimAttachment(state, authorKey, frame.clientId, frame.attachmentId);
      if (!attachment) {
        return this.send(ws, {
          type: "error",
          code: "attachment_not_found",
          message: "This file was not uploaded by you to this conversation, or it was already sent.",
          clientId: frame.clientId,
        });
      }
    }
    // Whether the visitor is here as the reply arrives (not after it is stored: that awaits D1 for
    // a first message, and a visitor leaving meanwhile did see it).
    const visitorAway = author.role === "operator" && !this.visitorConnected();
    await this.appendMessage(state, author, frame.clientId, frame.body, attachment);
    if (visitorAway) this.emailReplyWhenAway(state, frame.body, attachment?.info.name ?? null);
  }

  /**
   * The sender's own upload to this conversation, not yet sent with another message: marked as
   * this message's in D1 (src/db/attachments.ts claimForMessage), so no file goes out twice or
   * under another author. Null when it is not one.
   */
  private async claimAttachment(
    state: RoomState,
    authorKey: string,
    clientId: string,
    attachmentId: string,
  ): Promise<MessageAttachment | null> {
    const row = await claimForMessage(
      await databaseFor(this.env, state.accountId),
      { accountId: state.accountId, conversationId: state.conversationId, attachmentId },
      authorKey,
      clientId,
    );
    if (!row) return null;
    const cipher = await this.cipher(state);
    return {
      sealed: { id: row.id, nameEnc: row.nameEnc, type: row.type, size: row.size },
      info: { id: row.id, name: await cipher.decryptAttachmentName(row.id, row.nameEnc), type: row.type, size: row.size },
    };
  }

  /** Seals, stores and announces one message of `author`; the caller runs it on the room's queue. */
  private async appendMessage(
    state: RoomState,
    author: SocketIdentity,
    clientId: string,
    body: string,
    attachment: MessageAttachment | null = null,
  ): Promise<StoredMessage> {
    const authorKey = authorKeyOf(author);
    // Sealed for the seq it will be stored under: the queue lets nothing append in between.
    const place = {
      seq: this.storage.nextSeq(),
      authorKind: author.role,
      authorOperatorId: author.role === "operator" ? (author.operatorId ?? null) : null,
    };
    const bodyEnc = await (await this.cipher(state)).encryptMessage(place, body);
    const message = this.storage.append({
      ...place,
      authorKey,
      clientId,
      authorName: author.role === "operator" ? (author.name ?? "Operator") : null,
      authorAvatarUrl: author.role === "operator" ? (author.avatarUrl ?? null) : null,
      bodyEnc,
      attachment: sealedAttachmentColumn(attachment?.sealed ?? null),
      createdAt: Date.now(),
    });
    // The storage write above is held back by the output gate until durable, so this broadcast
    // (the sender's acknowledgement included) never announces a message that could be lost.
    this.broadcast(frameWithBody(message, body, attachment?.info ?? null, await this.visitorDisplayName(state)));
    // Inboxes hear of messages only from a flush (flushToD1), once D1 holds them: the inbox lists
    // read D1, and an announcement before the flush showed a chat with messages as "0 messages".
    // The first message is written at once, so a new chat still reaches the inbox without delay.
    if (message.seq === 1) await this.flushFirstMessage(state);
    await this.scheduleFlush();
    return message;
  }

  /** Writes the conversation's first message to D1 now (the flush announces it). */
  private async flushFirstMessage(state: RoomState): Promise<void> {
    try {
      await this.flushToD1(state);
    } catch (error) {
      // The alarm's flush writes it soon, and deals with a conversation gone from D1.
      console.error("first message flush failed", error instanceof Error ? error.name : "unknown");
    }
  }

  /**
   * An operator's screen shows the conversation up to `seq`. Only operators who can answer count,
   * as only they are named to the visitor; a watcher's read is dropped without an error, since the
   * app sends it by itself. The position is kept in the room's state so a reconnecting visitor
   * sees "Seen" again; it goes with the room.
   */
  private markRead(ws: WebSocket, reader: SocketAttachment, seq: number): void {
    if (reader.role !== "operator") {
      this.sendError(ws, "forbidden", "Only operators send read positions.");
      return;
    }
    if (!reader.canWrite || !this.storage.setOperatorReadSeq(seq)) return;
    const readSeq = this.storage.state()?.operatorReadSeq ?? 0;
    this.broadcast({ type: "seen", seq: readSeq }, (_, a) => a.role === "visitor");
  }

  private visitorConnected(): boolean {
    return this.ctx.getWebSockets("visitor").some((ws) => ws.readyState === WebSocket.OPEN);
  }

  /** A visitor who left an offline message and is not here gets the reply by email, if they opted in (src/email/emails.ts decides). */
  private emailReplyWhenAway(state: RoomState, body: string, fileName: string | null): void {
    this.ctx.waitUntil(
      emailReplyToOfflineVisitor(this.env, state.accountId, state.conversationId, body, fileName)
        .then((result) => (result.queued ? result.delivery : undefined))
        .catch((error: unknown) => console.error("reply by email failed", error instanceof Error ? error.name : "unknown")),
    );
  }

  private relayPreview(ws: WebSocket, sender: SocketAttachment, text: string): void {
    if (sender.role !== "visitor") {
      this.sendError(ws, "forbidden", "Only visitors send live preview.");
      return;
    }
    const state = this.storage.state();
    // Live preview is relayed from memory to operators only, and never written anywhere.
    if (!state?.livePreview || state.status === "closed") return;
    this.broadcast({ type: "typing.preview", text }, (_, a) => a.role === "operator");
  }

  private async close(ws: WebSocket, by: SocketAttachment): Promise<void> {
    if (!by.canWrite) return this.sendError(ws, "forbidden", "Your role may not end conversations.");
    await this.endConversation(by.role === "visitor" ? { by: "visitor" } : { by: "operator", name: by.name ?? null });
  }

  /** Appends a system message saying why (in the conversation's language), tells everyone, and schedules the final flush. */
  private async endConversation(reason: EndReason): Promise<void> {
    const state = this.storage.state();
    if (!state || state.status === "closed") return;
    const place = { seq: this.storage.nextSeq(), authorKind: "system", authorOperatorId: null } as const;
    const bodyEnc = await (await this.cipher(state)).encryptMessage(place, endMessage(state.language, reason));
    const message = this.storage.append({
      ...place,
      authorKey: "system",
      clientId: crypto.randomUUID(),
      authorName: null,
      authorAvatarUrl: null,
      bodyEnc,
      attachment: null,
      createdAt: Date.now(),
    });
    this.storage.setStatus("closed");
    this.broadcast(await this.toFrame(state, message));
    this.broadcast({ type: "conversation.closed" });
    for (const socket of this.ctx.getWebSockets()) socket.close(1000, "conversation closed");
    // Flush now; the alarm erases the room once D1 holds everything.
    await this.alarms.set(Date.now());
    // After the close, in the background: a webhook must never hold up or fail the end of a chat.
    this.ctx.waitUntil(
      databaseFor(this.env, state.accountId).then((db) =>
        publishEvent(this.env, db, state.accountId, {
          type: "conversation.ended",
          data: { conversationId: state.conversationId, departmentId: state.departmentId, endedBy: reason.by },
        }),
      ),
    );
  }

  /** Flush soon, unless an earlier alarm is already set (known in memory: no storage read per message). */
  private async scheduleFlush(): Promise<void> {
    await this.alarms.noLaterThan(Date.now() + FLUSH_DELAY_MS);
  }

  private notifyInbox(state: RoomState, activity: ConversationActivity): void {
    const inbox = accountInboxes(this.env).get(accountInboxes(this.env).idFromName(state.accountId));
    inbox.notify(state.departmentId, state.conversationId, activity).catch(() => {
      // The inbox is a convenience; operators' lists also refresh over REST.
    });
  }

  private async toFrame(state: RoomState, message: StoredMessage): Promise<MessageCreatedFrame> {
    return messageFrame(await this.cipher(state), message, await this.visitorDisplayName(state));
  }

  /** Who is here. Visitors learn only the names of operators who can answer them; operators see everyone. */
  private broadcastPresence(): void {
    const operators = new Map<string, { name: string; avatarUrl?: string; canWrite: boolean }>();
    let visitorOnline = false;
    for (const ws of this.ctx.getWebSockets()) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      const a = this.attachmentOf(ws);
      if (a.role === "visitor") visitorOnline = true;
      else if (a.operatorId) operators.set(a.operatorId, { name: a.name ?? "Operator", avatarUrl: a.avatarUrl, canWrite: a.canWrite });
    }
    const all = [...operators];
    this.broadcast(
      {
        type: "presence",
        visitorOnline,
        operators: all
          .filter(([, o]) => o.canWrite)
          .map(([, o]) => (o.avatarUrl ? { name: o.name, avatarUrl: o.avatarUrl } : { name: o.name })),
      },
      (_, a) => a.role === "visitor",
    );
    this.broadcast(
      { type: "presence", visitorOnline, operators: all.map(([id, o]) => ({ id, name: o.name })) },
      (_, a) => a.role === "operator",
    );
  }

  private broadcast(frame: ServerFrame, include: (ws: WebSocket, a: SocketAttachment) => boolean = () => true): void {
    const text = JSON.stringify(frame);
    for (const ws of this.ctx.getWebSockets()) {
      const attachment = this.attachmentOf(ws);
      if (!attachment.ready || !include(ws, attachment) || !this.mayHear(ws, attachment, Date.now())) continue;
      this.sendText(ws, text);
    }
  }

  private send(ws: WebSocket, frame: ServerFrame): void {
    this.sendText(ws, JSON.stringify(frame));
  }

  /** The room's messages after `after`, in order, a page at a time. */
  private messagesAfter(after: number): AsyncGenerator<StoredMessage> {
    return pagedBySeq((cursor, limit) => this.storage.messagesAfter(cursor, limit), after, REPLAY_PAGE);
  }

  private gateOf(author: SocketIdentity): SendGate {
    const key = authorKeyOf(author);
    let gate = this.gates.get(key);
    if (!gate) {
      gate = new SendGate(this.sendLimits, Date.now());
      this.gates.set(key, gate);
    }
    return gate;
  }

  private sendError(ws: WebSocket, code: ErrorCode, message: string): void {
    this.send(ws, { type: "error", code, message });
  }
}
