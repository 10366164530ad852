// Privacy: until a conversation is started (with consent where the widget asks for it) nothing is
// written to cookies or web storage. From then on, and only then, the conversation id, visitor token,
// its widget's site key and privacy mode, and the last seqs received and read are kept in
// sessionStorage so the chat survives moving to another page of the site; the key goes when the
// conversation ends, is erased, or the server no longer knows it. On the next page loader.ts sees the
// key and mounts the chat at once, panel closed, so the conversation reconnects by itself.
import type { StartedConversation } from "../src/shared/api";
import { isRecord, isStartedConversation } from "./validators";

/** lastSeq is written at most this often; a lost update only means a larger replay. */
const SAVE_INTERVAL_MS = 1000;

/** A started conversation and the widget it belongs to (the routed one): its site key and privacy mode. */
export interface Session extends StartedConversation {
  siteKey: string;
  privacyMode: boolean;
  /** The visitor gave an email when starting: the ended chat offers the transcript by email. */
  emailGiven?: boolean;
}

/**
 * What sessionStorage keeps under "confide:<entry site key>", once the visitor has started a chat:
 * also the highest seq received and the highest seen with the panel open (what is unread).
 */
export interface StoredSession extends Session {
  lastSeq: number;
  readSeq: number;
}

/** The tab's stored conversation: read once on mount, written only after the visitor started one. */
export class SessionStore {
  /** The session is in sessionStorage: set only once the visitor has started (and consented to) a chat. */
  private kept = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  /** `current` says what to write: the session and its seqs, or null when there is none. */
  constructor(
    private readonly key: string,
    private readonly current: () => StoredSession | null,
  ) {
    // The throttled write may still be waiting when the visitor follows a link.
    addEventListener("pagehide", () => this.save());
  }

  /** The conversation an earlier page of this tab started, if any (and if storage can be read). */
  read(): StoredSession | null {
    try {
      const raw = sessionStorage.getItem(this.key);
      const stored: unknown = raw === null ? null : JSON.parse(raw);
      return isStoredSession(stored) ? stored : null;
    } catch {
      // Storage blocked (a sandboxed frame, strict browser settings) or not ours to parse.
      return null;
    }
  }

  /** From now on the session is kept: the visitor started it, or it was read from storage. */
  keep(): void {
    this.kept = true;
  }

  /** Writes the session now (cancelling a pending throttled write). */
  save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const stored = this.kept ? this.current() : null;
    if (!stored) return;
    try {
      sessionStorage.setItem(this.key, JSON.stringify(stored));
    } catch {
      // Storage disabled or full: the chat works as before, it just ends with the page.
    }
  }

  /** Writes the session within a second, once for any number of changes. */
  scheduleSave(): void {
    if (!this.kept || this.saveTimer !== undefined) return;
    this.saveTimer = setTimeout(() => this.save(), SAVE_INTERVAL_MS);
  }

  /** Removes the session from storage and keeps nothing more until `keep` is called again. */
  forget(): void {
    this.kept = false;
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    try {
      sessionStorage.removeItem(this.key);
    } catch {
      // Storage unavailable: then nothing was stored either.
    }
  }
}

function isStoredSession(value: unknown): value is StoredSession {
  return (
    isRecord(value) &&
    typeof value.siteKey === "string" &&
    typeof value.privacyMode === "boolean" &&
    (value.emailGiven === undefined || typeof value.emailGiven === "boolean") &&
    isStartedConversation(value) &&
    Number.isSafeInteger(value.lastSeq) &&
    Number.isSafeInteger(value.readSeq)
  );
}
