import type { InboxChangedFrame, InboxErasedFrame, InboxFrame } from "../shared/frames";
import { HibernatingSockets, matches, type SocketClosing, upgradeRequired } from "./hibernating-sockets";
import { alarmNoLaterThan, beforeDeadline, endSocket, type SocketCredential } from "./socket-credential";

/** What an inbox socket may see: all departments (null) or a list. Set by the worker. */
export interface InboxSubscriber {
  operatorId: string;
  departmentIds: string[] | null;
  /** The session or API token the socket was opened with, and its deadlines. */
  credential: SocketCredential;
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

export const INBOX_SUBSCRIBER_HEADER = "x-confide-subscriber";

/**
 * One per account: tells the operators' apps which conversations changed, so inboxes update live.
 * It relays ids only (no names, no messages); all it stores is which conversations each operator
 * credential joined (ids), so ending a session closes its sockets there. Sockets hibernate between events.
 */
export class AccountInbox extends HibernatingSockets<InboxSubscriber> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // The inbox's only storage: which conversations each credential joined (ids only).
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS joined_rooms (credential_id TEXT NOT NULL, operator_id TEXT NOT NULL, conversation_id TEXT NOT NULL, until INTEGER NOT NULL, PRIMARY KEY (credential_id, conversation_id))",
    );
    ctx.storage.sql.exec("CREATE INDEX IF NOT EXISTS joined_rooms_operator ON joined_rooms (operator_id)");
  }

  override async fetch(request: Request): Promise<Response> {
    const subscriber = this.upgradeHeader(request, INBOX_SUBSCRIBER_HEADER);
    if (subscriber === null) return upgradeRequired();
    const { 0: client, 1: server } = new WebSocketPair();
    // Wakes at the session's deadline even if nothing is announced meanwhile.
    await this.acceptSocket(server, JSON.parse(subscriber) as InboxSubscriber);
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
    this.closeMatching(closing);
    const rows = this.ctx.storage.sql
      .exec<{ credential_id: string; conversation_id: string }>(
        "SELECT credential_id, conversation_id FROM joined_rooms WHERE operator_id = ?",
        closing.operatorId,
      )
      .toArray();
    const picked = rows.filter((row) => matches(closing, closing.operatorId, row.credential_id));
    for (const row of picked)
      this.ctx.storage.sql.exec(
        "DELETE FROM joined_rooms WHERE credential_id = ? AND conversation_id = ?",
        row.credential_id,
        row.conversation_id,
      );
    return [...new Set(picked.map((row) => row.conversation_id))];
  }

  /** A session's deadline came: ends the sockets whose session is over, and wakes again at the next. */
  override async alarm(): Promise<void> {
    const { next } = await this.sweepCredentials();
    if (next !== null) await alarmNoLaterThan(this.ctx.storage, next);
  }

  /** Announces that a conversation of `departmentId` changed to the sockets allowed to see it. */
  async notify(departmentId: string, conversationId: string): Promise<void> {
    const frame: InboxChangedFrame = { type: "conversation.changed", conversationId };
    this.broadcast([{ departmentId, frame }]);
  }

  /** Announces erased conversations, each to the sockets that could see it: apps drop them at once. */
  async erased(conversations: readonly { id: string; departmentId: string }[]): Promise<void> {
    this.broadcast(
      conversations.map(({ id, departmentId }) => ({
        departmentId,
        frame: { type: "conversation.erased", conversationId: id } satisfies InboxErasedFrame,
      })),
    );
  }

  private broadcast(events: readonly { departmentId: string; frame: InboxFrame }[]): void {
    const texts = events.map((e) => ({ departmentId: e.departmentId, text: JSON.stringify(e.frame) }));
    for (const ws of this.ctx.getWebSockets()) {
      const subscriber = this.attachmentOf(ws);
      if (!this.mayHear(ws, subscriber, Date.now())) continue;
      for (const { departmentId, text } of texts) {
        if (subscriber.departmentIds && !subscriber.departmentIds.includes(departmentId)) continue;
        this.sendText(ws, text);
      }
    }
  }

  override async webSocketMessage(ws: WebSocket): Promise<void> {
    // The inbox socket is one-way; clients only ping, which the auto-response answers. Anything
    // else arriving after the session's deadline is a chance to check it.
    const subscriber = this.attachmentOf(ws);
    if (beforeDeadline(subscriber.credential, Date.now())) return;
    const current = await this.recheckCredential(subscriber.credential);
    if (current) this.updateAttachment(ws, { credential: current });
    else endSocket(ws);
  }
}
