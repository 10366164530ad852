import { type ChosenStatus, operatorStatuses, statusList } from "../availability/presence";
import { meterDurableObject } from "../platform/usage-meter";
import type {
  ConversationActivity,
  ErrorFrame,
  InboxChangedFrame,
  InboxErasedFrame,
  InboxFrame,
  InboxOperatorsFrame,
  OperatorStatus,
} from "../shared/frames";
import { inboxActivitySchema } from "../shared/protocol";
import { HibernatingSockets, matches, type SocketClosing, upgradeRequired } from "./hibernating-sockets";
import { beforeDeadline, endSocket, personActed, type SocketCredential } from "./socket-credential";

/** What an inbox socket may see: all departments (null) or a list. Set by the worker. */
export interface InboxSubscriber {
  operatorId: string;
  departmentIds: string[] | null;
  /** The session or API token the socket was opened with, and its deadlines. */
  credential: SocketCredential;
  /** An operator's app (a session), not an API token: only these make the operator present. */
  app: boolean;
  /** The app's tab is in use; false after it reported itself idle (src/availability/presence.ts). */
  active?: boolean;
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
 * It relays ids and non-personal counts and times (no names, no messages); all it stores is which conversations each operator
 * credential joined (ids), so ending a session closes its sockets there. Sockets hibernate between events.
 */
export class AccountInbox extends HibernatingSockets<InboxSubscriber> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    meterDurableObject(this, ctx, env, "AccountInbox");
    // The inbox's only storage: which conversations each credential joined (ids only).
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS joined_rooms (credential_id TEXT NOT NULL, operator_id TEXT NOT NULL, conversation_id TEXT NOT NULL, until INTEGER NOT NULL, PRIMARY KEY (credential_id, conversation_id))",
    );
    ctx.storage.sql.exec("CREATE INDEX IF NOT EXISTS joined_rooms_operator ON joined_rooms (operator_id)");
    // Each operator's chosen status, when not "online" (ids only, like joined_rooms).
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS chosen_status (operator_id TEXT PRIMARY KEY, status TEXT NOT NULL)");
  }

  override async fetch(request: Request): Promise<Response> {
    const subscriber = this.upgradeHeader(request, INBOX_SUBSCRIBER_HEADER);
    if (subscriber === null) return upgradeRequired();
    const { 0: client, 1: server } = new WebSocketPair();
    // Wakes at the session's deadline even if nothing is announced meanwhile.
    await this.acceptSocket(server, { active: true, ...(JSON.parse(subscriber) as InboxSubscriber) });
    // The newcomer learns who is there; the others hear of the newcomer only if that changed anything.
    this.sendText(server, JSON.stringify(this.operatorsFrame()));
    this.presenceMayHaveChanged();
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Who is online or away now (absent: offline), from the open app sockets and the choices made. */
  statuses(): Map<string, Exclude<OperatorStatus, "offline">> {
    const sockets = this.ctx.getWebSockets().flatMap((ws) => {
      if (ws.readyState !== WebSocket.OPEN) return [];
      const subscriber = this.attachmentOf(ws);
      return subscriber.app ? [{ operatorId: subscriber.operatorId, active: subscriber.active !== false }] : [];
    });
    const chosen = new Map(
      this.ctx.storage.sql
        .exec<{ operator_id: string; status: ChosenStatus }>("SELECT operator_id, status FROM chosen_status")
        .toArray()
        .map((row) => [row.operator_id, row.status]),
    );
    return operatorStatuses(sockets, chosen);
  }

  /** Every operator who is online or away (absent: offline). */
  async operatorStatuses(): Promise<Record<string, Exclude<OperatorStatus, "offline">>> {
    return Object.fromEntries(this.statuses());
  }

  /** The operators who are online (not away, not offline): those a new chat can go to. */
  async onlineOperators(): Promise<string[]> {
    return [...this.statuses()].filter(([, status]) => status === "online").map(([operatorId]) => operatorId);
  }

  /** The operator chose a status in the app; every app hears the result. */
  async chooseStatus(operatorId: string, status: ChosenStatus): Promise<void> {
    if (status === "online") this.ctx.storage.sql.exec("DELETE FROM chosen_status WHERE operator_id = ?", operatorId);
    else
      this.ctx.storage.sql.exec(
        "INSERT INTO chosen_status (operator_id, status) VALUES (?, ?) ON CONFLICT (operator_id) DO UPDATE SET status = excluded.status",
        operatorId,
        status,
      );
    this.presenceMayHaveChanged();
  }

  /** What the operator chose ("online" unless they chose otherwise). */
  async chosenStatus(operatorId: string): Promise<ChosenStatus> {
    const row = this.ctx.storage.sql
      .exec<{ status: ChosenStatus }>("SELECT status FROM chosen_status WHERE operator_id = ?", operatorId)
      .toArray()[0];
    return row?.status ?? "online";
  }

  private operatorsFrame(): InboxOperatorsFrame {
    return { type: "operators.status", operators: statusList(this.statuses()) as InboxOperatorsFrame["operators"] };
  }

  /**
   * Tells every socket the operators' statuses if they differ from what was last told. The last
   * list is kept in memory only: after hibernation the next change is simply announced again.
   */
  private lastAnnounced: string | null = null;
  /** When each credential's activity last reached D1 from here (see personActed). */
  private readonly activityReported = new Map<string, number>();
  private presenceMayHaveChanged(): void {
    const frame = this.operatorsFrame();
    const text = JSON.stringify(frame);
    if (text === this.lastAnnounced) return;
    this.lastAnnounced = text;
    const now = Date.now();
    for (const ws of this.ctx.getWebSockets()) if (this.mayHear(ws, this.attachmentOf(ws), now)) this.sendText(ws, text);
  }

  protected override socketGone(): void {
    this.presenceMayHaveChanged();
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
    this.alarms.fired();
    const { next } = await this.sweepCredentials();
    if (next !== null) await this.alarms.noLaterThan(next);
  }

  /**
   * Announces that a conversation of `departmentId` changed to the sockets allowed to see it; with
   * `activity` (a room's flush), apps update a row they list without asking the server.
   */
  async notify(departmentId: string, conversationId: string, activity?: ConversationActivity): Promise<void> {
    const frame: InboxChangedFrame = { type: "conversation.changed", conversationId, ...(activity ? { activity } : {}) };
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

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    // Clients ping (the auto-response answers) and say whether their tab is in use. A frame
    // arriving after the session's deadline is a chance to check it first.
    const subscriber = this.attachmentOf(ws);
    if (!beforeDeadline(subscriber.credential, Date.now())) {
      const current = await this.recheckCredential(subscriber.credential);
      if (!current) return endSocket(ws);
      this.updateAttachment(ws, { credential: current });
    }
    const activity = typeof message === "string" ? inboxActivitySchema.safeParse(safeJson(message)) : null;
    if (!activity?.success) {
      const frame: ErrorFrame = {
        type: "error",
        code: "invalid_frame",
        message: 'The inbox socket takes only {"type":"activity","active":true|false}.',
      };
      return this.sendText(ws, JSON.stringify(frame));
    }
    // A tab in use is a person acting: their session's idle clock starts again, as with a message.
    const credential = activity.data.active
      ? personActed(this.env, subscriber.credential, this.activityReported, Date.now())
      : subscriber.credential;
    if (subscriber.active !== activity.data.active || credential !== subscriber.credential) {
      this.updateAttachment(ws, { active: activity.data.active, credential });
      this.presenceMayHaveChanged();
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
