import { ApiError, api, errorCode } from "../api";
import type { ConversationSummary } from "../types";
import { fresher, mergeOpen } from "./conversation-list";
import { parseInboxFrame } from "./frames";
import { ReconnectingSocket, type SocketState } from "./reconnecting-socket";
import { socketUrl } from "./socket-url";
import { Store } from "./store";

const PAGE_SIZE = 50;

export interface InboxSnapshot {
  phase: "loading" | "ready" | "error";
  /** Open conversations, newest first. */
  conversations: readonly ConversationSummary[];
  nextCursor: string | null;
  loadingMore: boolean;
  /** Error code of the last failed list load, if any. */
  errorCode: string | null;
  connection: SocketState;
  /** The conversation on the right; kept after it closes and leaves the open list. */
  selected: ConversationSummary | null;
  /** Conversations that changed since the operator last looked at them. */
  unreadIds: ReadonlySet<string>;
  /** Conversations that arrived while the tab was hidden, for the "(N) " title prefix. */
  hiddenArrivals: number;
}

/**
 * The operator's list of open conversations, kept live by the inbox socket: each
 * `conversation.changed` re-fetches that one conversation, each (re)connect re-fetches the list.
 */
export class InboxStore extends Store<InboxSnapshot> {
  readonly #socket = new ReconnectingSocket<never>({
    url: () => socketUrl("/api/v1/inbox/socket"),
    // Changes made while the socket was down were never announced, so every connect reloads.
    onOpen: () => void this.reload(),
    onMessage: (data) => void this.#onFrame(data),
    onStateChange: (connection) => this.update({ connection }),
  });
  /** Only the newest list load may apply its answer. */
  #loadGeneration = 0;
  /** Ids re-fetched since the current list load began: their summaries may be newer than its answer. */
  #touchedSinceLoad = new Set<string>();
  #closedIds = new Set<string>();
  #knownIds = new Set<string>();

  constructor() {
    super({
      phase: "loading",
      conversations: [],
      nextCursor: null,
      loadingMore: false,
      errorCode: null,
      connection: "stopped",
      selected: null,
      unreadIds: new Set(),
      hiddenArrivals: 0,
    });
  }

  start(): void {
    document.addEventListener("visibilitychange", this.#onVisibilityChange);
    this.#socket.start();
    void this.reload();
  }

  stop(): void {
    document.removeEventListener("visibilitychange", this.#onVisibilityChange);
    this.#socket.stop();
    this.#loadGeneration += 1;
  }

  /** Replaces the list with its first page. */
  async reload(): Promise<void> {
    const generation = ++this.#loadGeneration;
    this.#touchedSinceLoad = new Set();
    this.update({ loadingMore: false });
    try {
      const page = await api.listConversations({ status: "open", limit: PAGE_SIZE });
      if (generation !== this.#loadGeneration) return;
      for (const summary of page.items) this.#knownIds.add(summary.id);
      const touched = this.#touchedSinceLoad;
      const kept = this.snapshot.conversations.filter((summary) => touched.has(summary.id));
      this.update({
        phase: "ready",
        errorCode: null,
        conversations: mergeOpen(kept, page.items, this.#closedIds),
        nextCursor: page.nextCursor,
        selected: this.#refreshSelected(page.items),
      });
    } catch (error) {
      if (generation !== this.#loadGeneration) return;
      this.update({ phase: this.snapshot.phase === "ready" ? "ready" : "error", errorCode: errorCode(error) });
    }
  }

  /** Appends the next page. */
  async loadMore(): Promise<void> {
    const cursor = this.snapshot.nextCursor;
    if (!cursor || this.snapshot.loadingMore) return;
    const generation = this.#loadGeneration;
    this.update({ loadingMore: true });
    try {
      const page = await api.listConversations({ status: "open", limit: PAGE_SIZE, cursor });
      if (generation !== this.#loadGeneration) return;
      for (const summary of page.items) this.#knownIds.add(summary.id);
      this.update({
        loadingMore: false,
        errorCode: null,
        conversations: mergeOpen(this.snapshot.conversations, page.items, this.#closedIds),
        nextCursor: page.nextCursor,
      });
    } catch (error) {
      if (generation !== this.#loadGeneration) return;
      this.update({ loadingMore: false, errorCode: errorCode(error) });
    }
  }

  select(summary: ConversationSummary): void {
    const unreadIds = new Set(this.snapshot.unreadIds);
    unreadIds.delete(summary.id);
    this.update({ selected: summary, unreadIds });
  }

  async #onFrame(data: string): Promise<void> {
    const frame = parseInboxFrame(data);
    if (!frame) return;
    const id = frame.conversationId;
    this.#touchedSinceLoad.add(id);
    try {
      this.#apply(await api.getConversation(id));
    } catch (error) {
      // Gone (erased, or moved to a department this operator may not see): drop it.
      if (error instanceof ApiError && (error.status === 404 || error.status === 403)) this.#remove(id);
      // Anything else is transient; the reload after the next reconnect catches up.
    }
  }

  #apply(summary: ConversationSummary): void {
    const { id } = summary;
    const isArrival = summary.status === "open" && !this.#knownIds.has(id) && !this.#closedIds.has(id);
    this.#knownIds.add(id);
    if (summary.status === "closed") this.#closedIds.add(id);
    const { selected, unreadIds, hiddenArrivals } = this.snapshot;
    const isSelected = selected?.id === id;
    const nextUnread = new Set(unreadIds);
    if (summary.status === "open" && !isSelected) nextUnread.add(id);
    else nextUnread.delete(id);
    this.update({
      conversations: mergeOpen(this.snapshot.conversations, [summary], this.#closedIds),
      selected: this.#refreshSelected([summary]),
      unreadIds: nextUnread,
      hiddenArrivals: isArrival && document.hidden ? hiddenArrivals + 1 : hiddenArrivals,
    });
  }

  #remove(id: string): void {
    this.#closedIds.add(id);
    const unreadIds = new Set(this.snapshot.unreadIds);
    unreadIds.delete(id);
    this.update({
      conversations: this.snapshot.conversations.filter((summary) => summary.id !== id),
      unreadIds,
    });
  }

  /** The selected conversation, updated from `summaries` if it is among them. */
  #refreshSelected(summaries: readonly ConversationSummary[]): ConversationSummary | null {
    const { selected } = this.snapshot;
    if (!selected) return null;
    const update = summaries.find((summary) => summary.id === selected.id);
    return update ? fresher(selected, update) : selected;
  }

  readonly #onVisibilityChange = (): void => {
    if (!document.hidden && this.snapshot.hiddenArrivals > 0) this.update({ hiddenArrivals: 0 });
  };
}
