import type { ConversationActivity } from "../shared/frames";
import type { RoomInit } from "./conversation-room";
import type { SealedMessage } from "./message-frame";

// The room's own SQLite storage. Synchronous by design: inside one event nothing can interleave
// between reading lastSeq and appending, which is what makes the sequence gap-free.
// Message bodies arrive here already encrypted; nothing plaintext is written.

export interface RoomState extends RoomInit {
  status: "open" | "closed";
  lastSeq: number;
  flushedSeq: number;
  /** When the last message was appended (or the room created): the idle clock. */
  lastActivityAt: number;
  /** How far operators who can answer have read (the visitor's "Seen"); absent until one has. */
  operatorReadSeq?: number;
}

export interface StoredMessage extends SealedMessage {
  /** "visitor", "operator:<id>" or "system": whose clientIds a repeated clientId is checked against. */
  authorKey: string;
}

type Row = Record<string, SqlStorageValue>;

const toMessage = (row: Row): StoredMessage => ({
  seq: row.seq as number,
  authorKey: row.author_key as string,
  clientId: row.client_id as string,
  authorKind: row.author_kind as StoredMessage["authorKind"],
  authorOperatorId: row.author_operator_id as string | null,
  authorName: row.author_name as string | null,
  authorAvatarUrl: row.author_avatar_url as string | null,
  bodyEnc: row.body_enc as string,
  attachment: (row.attachment as string | null | undefined) ?? null,
  createdAt: row.created_at as number,
});

export class RoomStorage {
  private cached: RoomState | null | undefined;
  /** Rooms made before messages could carry files lack the column: added once per instance (addAttachmentColumn). */
  private columnsChecked = false;

  constructor(private readonly storage: DurableObjectStorage) {}

  /** Creates the tables and the state row unless they exist; true when this call created them. */
  initialise(state: RoomState): boolean {
    this.storage.sql.exec(`CREATE TABLE IF NOT EXISTS room_state (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL)`);
    this.storage.sql.exec(`CREATE TABLE IF NOT EXISTS messages (
      seq INTEGER PRIMARY KEY,
      author_key TEXT NOT NULL,
      client_id TEXT NOT NULL,
      author_kind TEXT NOT NULL,
      author_operator_id TEXT,
      author_name TEXT,
      author_avatar_url TEXT,
      body_enc TEXT NOT NULL,
      attachment TEXT,
      created_at INTEGER NOT NULL,
      UNIQUE (author_key, client_id)
    )`);
    this.columnsChecked = true;
    const inserted =
      this.storage.sql.exec(`INSERT OR IGNORE INTO room_state (id, state) VALUES (1, ?)`, JSON.stringify(state)).rowsWritten > 0;
    this.cached = undefined;
    return inserted;
  }

  /** The room's state, or null when the room was never initialised or has erased itself. */
  state(): RoomState | null {
    if (this.cached !== undefined) return this.cached;
    // Reading sqlite_master creates nothing, so a woken, erased room stays empty.
    const hasTable = this.storage.sql.exec(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'room_state'`).toArray().length > 0;
    const row = hasTable ? this.storage.sql.exec(`SELECT state FROM room_state WHERE id = 1`).toArray()[0] : undefined;
    this.cached = row ? this.withLastMessage(JSON.parse(row.state as string) as RoomState) : null;
    if (this.cached) this.addAttachmentColumn();
    return this.cached;
  }

  /**
   * The saved state with the last message's seq and time: append() writes only the message, not
   * the state row as well (a row written per message fewer), so the newest message is the truth
   * for lastSeq and lastActivityAt. The room keeps every message until it erases itself.
   */
  private withLastMessage(saved: RoomState): RoomState {
    const last = this.storage.sql.exec(`SELECT seq, created_at FROM messages ORDER BY seq DESC LIMIT 1`).toArray()[0];
    if (!last) return saved;
    return {
      ...saved,
      lastSeq: Math.max(saved.lastSeq, last.seq as number),
      lastActivityAt: Math.max(saved.lastActivityAt, last.created_at as number),
    };
  }

  /** A room older than attachments gets the messages' `attachment` column (NULL for every message it holds). */
  private addAttachmentColumn(): void {
    if (this.columnsChecked) return;
    const columns = this.storage.sql.exec(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'messages'`).toArray()[0];
    if (columns && !String(columns.sql).includes("attachment")) this.storage.sql.exec(`ALTER TABLE messages ADD COLUMN attachment TEXT`);
    this.columnsChecked = true;
  }

  /** Drops the in-memory copy after the storage was deleted. */
  forget(): void {
    this.cached = null;
  }

  private save(state: RoomState): void {
    this.storage.sql.exec(`UPDATE room_state SET state = ? WHERE id = 1`, JSON.stringify(state));
    this.cached = state;
  }

  setStatus(status: RoomState["status"]): void {
    const state = this.state();
    if (state) this.save({ ...state, status });
  }

  setOrigin(origin: NonNullable<RoomState["origin"]>): void {
    const state = this.state();
    if (state) this.save({ ...state, origin });
  }

  /** The unanswered alert went (or was not needed): it never comes again. The new state. */
  clearUnansweredAlert(): RoomState | null {
    const state = this.state();
    if (!state) return null;
    const { unansweredAlertAt: _done, ...rest } = state;
    this.save(rest);
    return rest;
  }

  /** Whether an operator has written in the conversation (the room keeps every message until it ends). */
  hasOperatorMessage(): boolean {
    return this.storage.sql.exec(`SELECT 1 FROM messages WHERE author_kind = 'operator' LIMIT 1`).toArray().length > 0;
  }

  setDepartment(departmentId: string): void {
    const state = this.state();
    if (state) this.save({ ...state, departmentId });
  }

  setFlushedSeq(seq: number): void {
    const state = this.state();
    if (state && seq > state.flushedSeq) this.save({ ...state, flushedSeq: seq });
  }

  /** Moves the operators' read position on (never back, never past the last message); true when it moved. */
  setOperatorReadSeq(seq: number): boolean {
    const state = this.state();
    const readSeq = Math.min(seq, state?.lastSeq ?? 0);
    if (!state || readSeq <= (state.operatorReadSeq ?? 0)) return false;
    this.save({ ...state, operatorReadSeq: readSeq });
    return true;
  }

  /** The seq the next appended message gets; its body is sealed for that seq before it is appended. */
  nextSeq(): number {
    const state = this.state();
    if (!state) throw new Error("room not initialised");
    return state.lastSeq + 1;
  }

  /**
   * Stores the message under its seq, which must be the next one: the body was sealed for that
   * seq, so a message that lost its place would never open. The room's queue makes this hold.
   */
  append(message: StoredMessage): StoredMessage {
    const state = this.state();
    if (!state) throw new Error("room not initialised");
    const seq = state.lastSeq + 1;
    if (message.seq !== seq) throw new Error("message sealed for another seq");
    this.storage.sql.exec(
      `INSERT INTO messages (seq, author_key, client_id, author_kind, author_operator_id, author_name, author_avatar_url, body_enc, attachment, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      seq,
      message.authorKey,
      message.clientId,
      message.authorKind,
      message.authorOperatorId,
      message.authorName,
      message.authorAvatarUrl,
      message.bodyEnc,
      message.attachment,
      message.createdAt,
    );
    // In memory only: state() reads both from the newest message after a restart (withLastMessage).
    this.cached = { ...state, lastSeq: seq, lastActivityAt: message.createdAt };
    return message;
  }

  /** Replaces the room's copy of its wrapped data key (rotation: same key, wrapped anew). */
  setWrappedKey(wrappedKey: string): void {
    const state = this.state();
    if (state) this.save({ ...state, wrappedKey });
  }

  findByClientId(authorKey: string, clientId: string): StoredMessage | null {
    const row = this.storage.sql.exec(`SELECT * FROM messages WHERE author_key = ? AND client_id = ?`, authorKey, clientId).toArray()[0];
    return row ? toMessage(row) : null;
  }

  /** At most `limit` messages with seq > `after`, in order: a cursor, never the whole history. */
  messagesAfter(after: number, limit: number): StoredMessage[] {
    return this.storage.sql.exec(`SELECT * FROM messages WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit).toArray().map(toMessage);
  }

  /**
   * What D1 holds of the conversation's activity once it has every message up to the flushed seq:
   * the values its summary shows (src/conversation/summaries.ts), worked out the same way as
   * unansweredSince in src/db/inbox-activity.ts, from the room's own copy of those messages.
   */
  flushedActivity(state: RoomState): ConversationActivity {
    const upTo = state.flushedSeq;
    const row = this.storage.sql
      .exec<{ last_at: number | null; waiting_since: number | null }>(
        `SELECT
           (SELECT created_at FROM messages WHERE seq = ?) AS last_at,
           (SELECT min(created_at) FROM messages
             WHERE author_kind = 'visitor' AND seq <= ?
               AND seq > coalesce((SELECT max(seq) FROM messages WHERE author_kind = 'operator' AND seq <= ?), 0)) AS waiting_since`,
        upTo,
        upTo,
        upTo,
      )
      .one();
    return {
      status: state.status,
      messageCount: upTo,
      lastMessageAt: row.last_at,
      waitingSince: state.status === "open" ? row.waiting_since : null,
    };
  }

  unflushed(flushedSeq: number, limit: number): StoredMessage[] {
    return this.messagesAfter(flushedSeq, limit);
  }
}
