import { DurableObject } from "cloudflare:workers";
import { errorBody } from "../errors";
import { meteredEnv } from "../platform/usage-meter";
import { beforeDeadline, deadlineOf, endSocket, recheck, type SocketCredential } from "./socket-credential";

// The plumbing every Durable Object that holds hibernating sockets shares (ConversationRoom,
// AccountInbox), after PartyServer's HibernatingConnectionManager: the upgrade check, the ping
// auto-response, typed attachments behind a cache, credential deadlines (alarm sweep, re-check,
// expiry on broadcast), closing the sockets of revoked credentials, and the close echo.

/** What a socket's attachment carries that the plumbing reads: operators' sockets have both. */
export interface SocketHolder {
  operatorId?: string;
  credential?: SocketCredential;
}

/** Which sockets to close, and how (see closeOperatorSockets of the room and the inbox). */
export interface SocketClosing {
  operatorId: string;
  /** Sessions that ended: their sockets hear `session_expired` and close with CLOSE_SESSION_ENDED. */
  ended: string[];
  /**
   * Other credentials whose sockets close with 1008 (a revoked API token; every credential of the
   * operator after a role change): a list, or "all" of the operator's. A client of your own may
   * reconnect, and gets in if its credential still stands; Confide's clients stop on 1008.
   */
  others: string[] | "all";
}

/** Whether `closing` takes a socket of this operator and credential, and how it closes. */
export const matches = (closing: SocketClosing, operatorId: string, credentialId: string): "ended" | "other" | null => {
  if (operatorId !== closing.operatorId) return null;
  if (closing.ended.includes(credentialId)) return "ended";
  return closing.others === "all" || closing.others.includes(credentialId) ? "other" : null;
};

/** Closes a socket of a credential `matches` picked. */
export function closeMatched(ws: WebSocket, how: "ended" | "other"): void {
  if (how === "ended") {
    endSocket(ws);
    return;
  }
  try {
    ws.close(1008, "signed out");
  } catch {
    // Already closing.
  }
}

/**
 * The object's one alarm, with the time it is set for kept in memory: a room asks "is a flush
 * already due by then?" for every message, and that must not be a storage read each time. Every
 * change of the alarm goes through here, so the copy is the truth; a new instance (after
 * hibernation or eviction) reads it once.
 */
export class AlarmSchedule {
  /** undefined: not read in this instance yet; null: no alarm set. */
  #at: number | null | undefined;

  constructor(private readonly storage: DurableObjectStorage) {}

  async set(at: number): Promise<void> {
    this.#at = at;
    await this.storage.setAlarm(at);
  }

  /** Sets the alarm to `at` unless an earlier one is already set. */
  async noLaterThan(at: number): Promise<void> {
    if (this.#at === undefined) {
      const stored = await this.storage.getAlarm();
      // Another change may have come first while storage answered: it is newer than what was read.
      if (this.#at === undefined) this.#at = stored;
    }
    if (this.#at === null || this.#at > at) await this.set(at);
  }

  async delete(): Promise<void> {
    this.#at = null;
    await this.storage.deleteAlarm();
  }

  /** The alarm handler started: the alarm that woke the object is spent. */
  fired(): void {
    this.#at = null;
  }
}

/** The answer to a request that is not the WebSocket upgrade the worker prepares. */
export const upgradeRequired = (): Response =>
  Response.json(errorBody("upgrade_required", "Expected a WebSocket upgrade."), { status: 426 });

/**
 * A Durable Object whose sockets hibernate, each with an attachment of type `A`. Read and write
 * attachments only through attachmentOf/setAttachment: they keep a per-instance cache, so a
 * broadcast does not deserialize every socket's attachment for every frame. The cache starts empty
 * in every instance (after hibernation or eviction) and fills from the serialized attachment on
 * first read, which stays the truth.
 */
export abstract class HibernatingSockets<A extends SocketHolder> extends DurableObject<Env> {
  private readonly attachments = new WeakMap<WebSocket, A>();
  /** The object's alarm: set and read only through this (see AlarmSchedule). */
  protected readonly alarms: AlarmSchedule;
  /**
   * One D1 re-check per credential at a time: frames that arrive meanwhile await the same answer,
   * and resume in arrival order, so a sender's frames are not reordered by the check.
   */
  private readonly rechecks = new Map<string, Promise<SocketCredential | null>>();

  constructor(ctx: DurableObjectState, env: Env) {
    // meteredEnv: `env` itself unless the cost benchmark's USAGE_METER is "1" (src/platform/usage-meter.ts).
    super(ctx, meteredEnv(env));
    this.alarms = new AlarmSchedule(ctx.storage);
    // Heartbeats are answered by the runtime without waking a hibernating object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  /** The header the worker set on a WebSocket upgrade; null when the request is not one (answer upgradeRequired()). */
  protected upgradeHeader(request: Request, header: string): string | null {
    const value = request.headers.get(header);
    return request.headers.get("Upgrade") === "websocket" && value ? value : null;
  }

  /**
   * Accepts a socket with its attachment, and sets the alarm no later than its credential's
   * deadline, so the object wakes then even if nothing happens meanwhile.
   */
  protected async acceptSocket(ws: WebSocket, attachment: A, tags?: string[]): Promise<void> {
    this.ctx.acceptWebSocket(ws, tags);
    this.setAttachment(ws, attachment);
    const deadline = attachment.credential ? deadlineOf(attachment.credential) : null;
    if (deadline !== null) await this.alarms.noLaterThan(deadline);
  }

  /** The socket's attachment, from the cache or (first read in this instance) deserialized. */
  protected attachmentOf(ws: WebSocket): A {
    let attachment = this.attachments.get(ws);
    if (!attachment) {
      attachment = ws.deserializeAttachment() as A;
      this.attachments.set(ws, attachment);
    }
    return attachment;
  }

  /** Replaces the socket's attachment, serialized (it survives hibernation) and cached. */
  protected setAttachment(ws: WebSocket, attachment: A): void {
    ws.serializeAttachment(attachment);
    this.attachments.set(ws, attachment);
  }

  /**
   * Changes some fields of the socket's attachment; returns the new one. Starts from the
   * serialized attachment, not the cache: what another handler wrote while this one awaited stays.
   */
  protected updateAttachment(ws: WebSocket, change: Partial<A>): A {
    const attachment = { ...(ws.deserializeAttachment() as A), ...change };
    this.setAttachment(ws, attachment);
    return attachment;
  }

  /**
   * Whether a broadcast reaches this socket as far as its credential goes: one whose credential
   * ended hears nothing more and is ended; one past its idle deadline hears nothing until the
   * alarm (or its next frame) has checked the session.
   */
  protected mayHear(ws: WebSocket, attachment: A, now: number): boolean {
    const credential = attachment.credential;
    if (!credential) return true;
    if (credential.expiresAt !== null && now >= credential.expiresAt) {
      endSocket(ws);
      return false;
    }
    return beforeDeadline(credential, now);
  }

  /**
   * At or after the credential's deadline: the credential as D1 says it stands now (its deadline
   * moved on when the session was used elsewhere), or null when it is over. Concurrent asks for
   * one credential share one D1 read.
   */
  protected recheckCredential(credential: SocketCredential): Promise<SocketCredential | null> {
    let pending = this.rechecks.get(credential.id);
    if (!pending) {
      pending = recheck(this.env, credential, Date.now());
      this.rechecks.set(credential.id, pending);
      const done = () => this.rechecks.delete(credential.id);
      pending.then(done, done);
    }
    return pending;
  }

  /**
   * Checks every socket (of `tag`) whose credential's deadline has come: ends those whose session
   * is over, moves the deadline of the others. One D1 read per credential, however many sockets
   * share it. Returns the next deadline among the sockets left open, for the alarm, and how many
   * it ended. When D1 does not answer, it asks again shortly rather than guess.
   */
  protected async sweepCredentials(tag?: string): Promise<{ next: number | null; ended: number }> {
    try {
      return await this.sweep(tag, Date.now());
    } catch (error) {
      console.error("session check failed", error instanceof Error ? error.name : "unknown");
      return { next: Date.now() + 5_000, ended: 0 };
    }
  }

  private async sweep(tag: string | undefined, now: number): Promise<{ next: number | null; ended: number }> {
    const verdicts = new Map<string, Promise<SocketCredential | null>>();
    let next: number | null = null;
    let ended = 0;
    for (const ws of this.ctx.getWebSockets(tag)) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      const credential = this.attachmentOf(ws).credential;
      if (!credential) continue;
      let current: SocketCredential | null = credential;
      if (!beforeDeadline(credential, now)) {
        let verdict = verdicts.get(credential.id);
        if (!verdict) {
          verdict = recheck(this.env, credential, now);
          verdicts.set(credential.id, verdict);
        }
        current = await verdict;
        if (!current) {
          endSocket(ws);
          ended++;
          continue;
        }
        // Read again: the attachment may have changed while D1 answered (a replay finishing).
        if (current.idleExpiresAt !== credential.idleExpiresAt) this.updateAttachment(ws, { credential: current } as Partial<A>);
      }
      const deadline = deadlineOf(current);
      if (deadline !== null && (next === null || deadline < next)) next = deadline;
    }
    return { next, ended };
  }

  /** Closes the sockets (of `tag`) of the credentials in `closing`, each as `matches` says; returns how many. */
  protected closeMatching(closing: SocketClosing, tag?: string): number {
    let closed = 0;
    for (const ws of this.ctx.getWebSockets(tag)) {
      const { operatorId, credential } = this.attachmentOf(ws);
      const how = operatorId && credential ? matches(closing, operatorId, credential.id) : null;
      if (!how) continue;
      closeMatched(ws, how);
      closed++;
    }
    return closed;
  }

  /** Sends a text, unless the socket closed meanwhile. */
  protected sendText(ws: WebSocket, text: string): void {
    try {
      ws.send(text);
    } catch {
      // Closed meanwhile; its close handler does what is left.
    }
  }

  /** Called when a socket closed or failed. */
  protected socketGone(_ws: WebSocket): void {}

  /** Echoes the client's close (1005 and 1006 are not codes one may send), then socketGone. */
  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
    } catch {
      // Already closed.
    }
    this.socketGone(ws);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.socketGone(ws);
  }
}
