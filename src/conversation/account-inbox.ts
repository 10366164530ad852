import { DurableObject } from "cloudflare:workers";
import type { InboxChangedFrame, InboxErasedFrame, InboxFrame } from "../shared/frames";
import { alarmNoLaterThan, beforeDeadline, deadlineOf, endSocket, recheck, sweepSockets, type SocketCredential } from "./socket-credential";

/** What an inbox socket may see: all departments (null) or a list. Set by the worker. */
export interface InboxSubscriber {
  operatorId: string;
  departmentIds: string[] | null;
  /** The session or API token the socket was opened with, and its deadlines. */
  credential: SocketCredential;
}

/** Which sockets to close, and how (see AccountInbox.closeOperatorSockets). */
export interface SocketClosing {
  operatorId: string;
  /** Sessions that ended: their sockets hear `session_expired` and close with CLOSE_SESSION_ENDED. */
  ended: string[];
  /**
   * Other credentials whose sockets close with 1008 and may reconnect if the credential still
   * stands (a revoked API token; every credential of the operator after a role change): a list, or
   * "all" of the operator's.
   */
  others: string[] | "all";
}

/** A conversation socket an operator's credential opened, kept so ending it needs no search of every room. */
export interface JoinedRoom {
  operatorId: string;
  credentialId: string;
  conversationId: string;
  /** When the record may go: the credential's end (its socket cannot outlive it). */
  until: number;
}

/** Records of credentials without an end go after this long without a new join (see docs/design.md). */
export const JOIN_RECORD_MS = 30 * 24 * 60 * 60 * 1000;

/** Whether `closing` takes a socket of this operator and credential, and how it closes. */
export const matches = (closing: SocketClosing, operatorId: string, credentialId: string): "ended" | "other" | null => {
  if (operatorId !== closing.operatorId) return null;
  if (closing.ended.includes(credentialId)) return "ended";
  return closing.others === "all" || closing.others.includes(credentialId) ? "other" : null;
};

/** Closes a socket of a credential `matches` picked. */
export function closeMatched(ws: WebSocket, how: "ended" | "other"): void {
  if (how === "ended") return endSocket(ws);
  try {
    ws.close(1008, "signed out");
  } catch {
    // Already closing.
  }
}

export const INBOX_SUBSCRIBER_HEADER = "x-confide-subscriber";

/**
 * One per account: tells the operators' apps which conversations changed, so inboxes update live.
 * It relays ids only (no names, no messages); all it stores is which conversations each operator
 * credential joined (ids), so ending a session closes its sockets there. Sockets hibernate between events.
 */
export class AccountInbox extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
    // The inbox's only storage: which conversations each credential joined (ids only).
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS joined_rooms (credential_id TEXT NOT NULL, operator_id TEXT NOT NULL, conversation_id TEXT NOT NULL, until INTEGER NOT NULL, PRIMARY KEY (credential_id, conversation_id))",
    );
    ctx.storage.sql.exec("CREATE INDEX IF NOT EXISTS joined_rooms_operator ON joined_rooms (operator_id)");
  }

  override async fetch(request: Request): Promise<Response> {
    const subscriber = request.headers.get(INBOX_SUBSCRIBER_HEADER);
    if (request.headers.get("Upgrade") !== "websocket" || !subscriber) {
      return Response.json({ error: { code: "upgrade_required", message: "Expected a WebSocket upgrade." } }, { status: 426 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    const attachment = JSON.parse(subscriber) as InboxSubscriber;
    server.serializeAttachment(attachment);
    // Wakes at the session's deadline even if nothing is announced meanwhile.
    const deadline = deadlineOf(attachment.credential);
    if (deadline !== null) await alarmNoLaterThan(this.ctx.storage, deadline);
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Records that `credentialId` opened a socket on a conversation; ending the credential closes it there. */
  async joined(room: JoinedRoom): Promise<void> {
    const now = Date.now();
    this.ctx.storage.sql.exec("DELETE FROM joined_rooms WHERE until <= ?", now);
    this.ctx.storage.sql.exec(
      "INSERT INTO joined_rooms (credential_id, operator_id, conversation_id, until) VALUES (?, ?, ?, ?) ON CONFLICT (credential_id, conversation_id) DO UPDATE SET until = excluded.until",
      room.credentialId,
      room.operatorId,
      room.conversationId,
      room.until,
    );
  }

  /**
   * Closes the operator's inbox sockets of the credentials in `closing` and answers the
   * conversations those credentials joined, forgetting them: the caller closes the sockets there.
   */
  async closeOperatorSockets(closing: SocketClosing): Promise<string[]> {
    for (const ws of this.ctx.getWebSockets()) {
      const { operatorId, credential } = ws.deserializeAttachment() as InboxSubscriber;
      const how = matches(closing, operatorId, credential.id);
      if (how) closeMatched(ws, how);
    }
    const rows = this.ctx.storage.sql.exec<{ credential_id: string; conversation_id: string }>("SELECT credential_id, conversation_id FROM joined_rooms WHERE operator_id = ?", closing.operatorId).toArray();
    const picked = rows.filter((row) => matches(closing, closing.operatorId, row.credential_id));
    for (const row of picked) this.ctx.storage.sql.exec("DELETE FROM joined_rooms WHERE credential_id = ? AND conversation_id = ?", row.credential_id, row.conversation_id);
    return [...new Set(picked.map((row) => row.conversation_id))];
  }

  /** A session's deadline came: ends the sockets whose session is over, and wakes again at the next. */
  override async alarm(): Promise<void> {
    let next: number | null;
    try {
      ({ next } = await sweepSockets<InboxSubscriber>(this.env, this.ctx.getWebSockets(), Date.now()));
    } catch (error) {
      // D1 did not answer whether a session stands: ask again shortly rather than guess.
      console.error("session check failed", error instanceof Error ? error.name : "unknown");
      next = Date.now() + 5_000;
    }
    if (next !== null) await alarmNoLaterThan(this.ctx.storage, next);
  }

  /** Announces that a conversation of `departmentId` changed to the sockets allowed to see it. */
  async notify(departmentId: string, conversationId: string): Promise<void> {
    const frame: InboxChangedFrame = { type: "conversation.changed", conversationId };
    this.broadcast([{ departmentId, frame }]);
  }

  /** Announces erased conversations, each to the sockets that could see it: apps drop them at once. */
  async erased(conversations: readonly { id: string; departmentId: string }[]): Promise<void> {
    this.broadcast(conversations.map(({ id, departmentId }) => ({ departmentId, frame: { type: "conversation.erased", conversationId: id } satisfies InboxErasedFrame })));
  }

  private broadcast(events: readonly { departmentId: string; frame: InboxFrame }[]): void {
    const texts = events.map((e) => ({ departmentId: e.departmentId, text: JSON.stringify(e.frame) }));
    for (const ws of this.ctx.getWebSockets()) {
      const { departmentIds, credential } = ws.deserializeAttachment() as InboxSubscriber;
      if (credential.expiresAt !== null && Date.now() >= credential.expiresAt) {
        endSocket(ws);
        continue;
      }
      // Past its idle deadline it hears nothing until the alarm has checked the session.
      if (!beforeDeadline(credential, Date.now())) continue;
      for (const { departmentId, text } of texts) {
        if (departmentIds && !departmentIds.includes(departmentId)) continue;
        try {
          ws.send(text);
        } catch {
          // Closing; nothing to tell it.
        }
      }
    }
  }

  override async webSocketMessage(ws: WebSocket): Promise<void> {
    // The inbox socket is one-way; clients only ping, which the auto-response answers. Anything
    // else arriving after the session's deadline is a chance to check it.
    const subscriber = ws.deserializeAttachment() as InboxSubscriber;
    if (beforeDeadline(subscriber.credential, Date.now())) return;
    const current = await recheck(this.env, subscriber.credential, Date.now());
    if (current) ws.serializeAttachment({ ...subscriber, credential: current });
    else endSocket(ws);
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
    } catch {
      // Already closed.
    }
  }
}
