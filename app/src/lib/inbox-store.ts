import {
  CLOSE_SESSION_ENDED,
  IDS_PER_LIST,
  type InboxActivityFrame,
  type OperatorStatus,
  parseInboxFrame,
} from "../../../src/shared/frames";
import { browserEnvironment, ReconnectingSocket, type SocketState } from "../../../src/shared/reconnecting-socket";
import { api, errorCode, sessionExpired } from "../api";
import type { ConversationSummary } from "../types";
import { fresher, mergeOpen } from "./conversation-list";
import { socketUrl } from "./socket-url";
import { Store } from "./store";

const PAGE_SIZE = 50;
/** At most one refresh of announced conversations per this long (see #queueRefresh). */
const REFRESH_INTERVAL_MS = 1_000;

/** The inbox's tabs: unassigned, assigned to this operator, every open conversation. */
export type InboxTab = "waiting" | "mine" | "all";
export const INBOX_TABS: readonly InboxTab[] = ["waiting", "mine", "all"];

export interface InboxSnapshot {
  phase: "loading" | "ready" | "error";
  /** The tab the list shows. */
  tab: InboxTab;
  /** Each tab's open conversations, newest first. */
  lists: Readonly<Record<InboxTab, readonly ConversationSummary[]>>;
  /** Each tab's cursor for its next page. */
  cursors: Readonly<Record<InboxTab, string | null>>;
  /** The shown tab's conversations (lists[tab]). */
  conversations: readonly ConversationSummary[];
  /** The shown tab's next page (cursors[tab]). */
  nextCursor: string | null;
  loadingMore: boolean;
  /** Error code of the last failed list load, if any. */
  errorCode: string | null;
  connection: SocketState;
  /** The conversation on the right; kept after it closes and leaves the open list. */
  selected: ConversationSummary | null;
  /** The conversation on the right was erased meanwhile; the screen says so until another is selected. */
  selectedErased: boolean;
  /**
   * Conversations with a new chat or a new visitor message the operator has not looked at yet: the
   * "(N) " title prefix on every screen.
   */
  unreadIds: ReadonlySet<string>;
  /**
   * The newest event worth the operator's attention (a new chat, a visitor's new message) announced
   * since the app started, not those of a list load; `seq` counts them, for the chime and notifications.
   */
  alert: InboxAlert | null;
  /** Colleagues who are online or away (absent: offline), as the inbox socket last said. */
  operatorStatuses: ReadonlyMap<string, Exclude<OperatorStatus, "offline">>;
}

/** A new chat, or a visitor's new message in one, as the app tells the operator of it. */
export interface InboxAlert {
  seq: number;
  kind: "chat" | "message";
  summary: ConversationSummary;
}

/**
 * The operator's list of open conversations, kept live by the inbox socket: a `conversation.changed`
 * with activity updates a listed row at once, and the conversations announced are fetched together
 * (new ones, and the last message's words); each (re)connect re-fetches the list.
 */
export class InboxStore extends Store<InboxSnapshot> {
  readonly #socket = new ReconnectingSocket<InboxActivityFrame>({
    url: () => socketUrl("/api/v1/inbox/socket"),
    environment: browserEnvironment(window, document),
    // Changes made while the socket was down were never announced, so every connect reloads.
    onOpen: () => {
      void this.reload(true);
      // A new socket counts as in use: an idle tab says so again.
      if (!this.#active) this.#socket.send({ type: "activity", active: false });
    },
    onMessage: (data) => void this.#onFrame(data),
    onStateChange: (connection) => this.update({ connection }),
    // The session is over (signed out elsewhere, idle, ended from the sessions screen): sign in again.
    onTerminalClose: (code) => {
      if (code === CLOSE_SESSION_ENDED) sessionExpired();
    },
  });
  /** Only the newest list load may apply its answer. */
  #loadGeneration = 0;
  /** Ids re-fetched since the current list load began: their summaries may be newer than its answer. */
  #touchedSinceLoad = new Set<string>();
  #closedIds = new Set<string>();
  /** Erased conversations: no later frame or list answer brings them back. */
  #erasedIds = new Set<string>();
  #knownIds = new Set<string>();
  /** Each conversation's message count in the last summary the server gave (what a visitor's new message is measured against). */
  #serverCounts = new Map<string, number>();
  /** Announced conversations waiting for the next refresh (#queueRefresh). */
  #refreshIds = new Set<string>();
  #refreshTimer: ReturnType<typeof setTimeout> | null = null;
  #lastRefreshAt = 0;
  /** The inbox screen is showing (the selected chat is then in front of the operator while the tab is visible). */
  #viewing = false;
  readonly #operatorId: string;
  /** When this store started: chats created after it are new to the operator (see reload). */
  #startedAt = Date.now();
  /** What this tab last said of its use (see reportActivity). */
  #active = true;

  constructor(operatorId: string) {
    super({
      phase: "loading",
      tab: "all",
      lists: { waiting: [], mine: [], all: [] },
      cursors: { waiting: null, mine: null, all: null },
      conversations: [],
      nextCursor: null,
      loadingMore: false,
      errorCode: null,
      connection: "stopped",
      selected: null,
      selectedErased: false,
      unreadIds: new Set(),
      alert: null,
      operatorStatuses: new Map(),
    });
    this.#operatorId = operatorId;
  }

  /** The inbox screen opened or closed: a selected chat counts as read only while it is shown. */
  setViewing(viewing: boolean): void {
    this.#viewing = viewing;
    if (viewing) this.#markSeen();
  }

  /** Shows another tab. */
  showTab(tab: InboxTab): void {
    if (tab === this.snapshot.tab) return;
    this.update({ tab, conversations: this.snapshot.lists[tab], nextCursor: this.snapshot.cursors[tab] });
  }

  /** Puts a summary the app got by other means (an assignment's answer) in the right tabs. */
  applySummary(summary: ConversationSummary): void {
    this.#touchedSinceLoad.add(summary.id);
    this.#apply(summary);
  }

  /** Whether an open conversation belongs in `tab`. */
  #belongs(tab: InboxTab, summary: ConversationSummary): boolean {
    if (tab === "waiting") return summary.assignedOperatorId === null;
    if (tab === "mine") return summary.assignedOperatorId === this.#operatorId;
    return true;
  }

  /** The server query of one tab's list. */
  #query(tab: InboxTab): Parameters<typeof api.listConversations>[0] {
    if (tab === "waiting") return { status: "open", assigned: false, limit: PAGE_SIZE };
    if (tab === "mine") return { status: "open", assignedTo: this.#operatorId, limit: PAGE_SIZE };
    return { status: "open", limit: PAGE_SIZE };
  }

  /** `current` and `incoming` merged, keeping only the open ones that belong in `tab`. */
  #merge(tab: InboxTab, current: readonly ConversationSummary[], incoming: readonly ConversationSummary[]) {
    return mergeOpen(current, incoming, this.#closedIds).filter((summary) => this.#belongs(tab, summary));
  }

  /** The lists and the shown tab's fields, for one update. */
  #withLists(
    lists: Record<InboxTab, readonly ConversationSummary[]>,
    cursors: Record<InboxTab, string | null> = { ...this.snapshot.cursors },
  ): Pick<InboxSnapshot, "lists" | "cursors" | "conversations" | "nextCursor"> {
    const { tab } = this.snapshot;
    return { lists, cursors, conversations: lists[tab], nextCursor: cursors[tab] };
  }

  /**
   * Whether this tab is in use (input within the account's idle time): when every tab of the
   * operator is idle, colleagues and routing see them away (src/availability/presence.ts).
   */
  reportActivity(active: boolean): void {
    if (active === this.#active) return;
    this.#active = active;
    this.#socket.send({ type: "activity", active });
  }

  start(): void {
    this.#startedAt = Date.now();
    document.addEventListener("visibilitychange", this.#onVisibilityChange);
    this.#socket.start();
    void this.reload();
  }

  stop(): void {
    document.removeEventListener("visibilitychange", this.#onVisibilityChange);
    this.#socket.stop();
    this.#loadGeneration += 1;
    if (this.#refreshTimer !== null) clearTimeout(this.#refreshTimer);
    this.#refreshTimer = null;
    this.#refreshIds.clear();
  }

  /**
   * Replaces every tab's list with its first page. `background`: the app reloads by itself (a
   * socket reconnected), which must not keep the session alive.
   */
  async reload(background = false): Promise<void> {
    const generation = ++this.#loadGeneration;
    this.#touchedSinceLoad = new Set();
    this.update({ loadingMore: false });
    try {
      const pages = await Promise.all(INBOX_TABS.map((tab) => api.listConversations(this.#query(tab), background)));
      if (generation !== this.#loadGeneration) return;
      const touched = this.#touchedSinceLoad;
      const lists = { ...this.snapshot.lists };
      const cursors = { ...this.snapshot.cursors };
      INBOX_TABS.forEach((tab, index) => {
        const page = pages[index]!;
        // Chats already there when the app started are known; one that started since is an arrival
        // until its own announcement is applied, even when a reload (a reconnect) lists it first.
        for (const summary of page.items) if (summary.createdAt <= this.#startedAt) this.#knownIds.add(summary.id);
        this.#noteServerCounts(page.items);
        const kept = this.snapshot.lists[tab].filter((summary) => touched.has(summary.id));
        lists[tab] = this.#merge(tab, kept, page.items);
        cursors[tab] = page.nextCursor;
      });
      this.update({
        phase: "ready",
        errorCode: null,
        ...this.#withLists(lists, cursors),
        selected: this.#refreshSelected(pages.flatMap((page) => page.items)),
      });
    } catch (error) {
      if (generation !== this.#loadGeneration) return;
      this.update({ phase: this.snapshot.phase === "ready" ? "ready" : "error", errorCode: errorCode(error) });
    }
  }

  /** Appends the next page of the shown tab. */
  async loadMore(): Promise<void> {
    const { tab } = this.snapshot;
    const cursor = this.snapshot.cursors[tab];
    if (!cursor || this.snapshot.loadingMore) return;
    const generation = this.#loadGeneration;
    this.update({ loadingMore: true });
    try {
      const page = await api.listConversations({ ...this.#query(tab), cursor });
      if (generation !== this.#loadGeneration) return;
      for (const summary of page.items) this.#knownIds.add(summary.id);
      this.#noteServerCounts(page.items);
      const lists = { ...this.snapshot.lists, [tab]: this.#merge(tab, this.snapshot.lists[tab], page.items) };
      const cursors = { ...this.snapshot.cursors, [tab]: page.nextCursor };
      this.update({ loadingMore: false, errorCode: null, ...this.#withLists(lists, cursors) });
    } catch (error) {
      if (generation !== this.#loadGeneration) return;
      this.update({ loadingMore: false, errorCode: errorCode(error) });
    }
  }

  select(summary: ConversationSummary): void {
    this.update({ selected: summary, selectedErased: false, unreadIds: withoutId(this.snapshot.unreadIds, summary.id) });
  }

  /**
   * An erased conversation leaves every list and the screen at once, and is never fetched again:
   * announced by the inbox socket, or found by its own chat socket.
   */
  forget(id: string): void {
    this.#erasedIds.add(id);
    this.#remove(id);
    if (this.snapshot.selected?.id === id) this.update({ selected: null, selectedErased: true });
  }

  async #onFrame(data: string): Promise<void> {
    const frame = parseInboxFrame(data);
    if (!frame) return;
    if (frame.type === "operators.status") {
      this.update({ operatorStatuses: new Map(frame.operators.map((o) => [o.operatorId, o.status])) });
      return;
    }
    const id = frame.conversationId;
    if (frame.type === "conversation.erased") return this.forget(id);
    if (this.#erasedIds.has(id)) return;
    this.#touchedSinceLoad.add(id);
    const listed = this.#listed(id);
    if (listed && frame.activity) {
      // A row the app lists: counts, times and status come with the frame; only new words need a fetch.
      const ended = frame.activity.status !== "open" && this.snapshot.unreadIds.has(id);
      this.#place({ ...listed, ...frame.activity }, ended ? { unreadIds: withoutId(this.snapshot.unreadIds, id) } : {});
      if (frame.activity.messageCount <= listed.messageCount) return;
    }
    // An ended chat this app never listed has nothing to show in an inbox of open chats.
    if (!listed && frame.activity?.status === "closed") return;
    this.#queueRefresh(id);
  }

  /** The summary the app holds of `id` (a tab's row, or the chat on the right), if any. */
  #listed(id: string): ConversationSummary | undefined {
    const { selected } = this.snapshot;
    return (
      INBOX_TABS.flatMap((tab) => this.snapshot.lists[tab]).find((item) => item.id === id) ?? (selected?.id === id ? selected : undefined)
    );
  }

  /**
   * Fetches `id`'s summary with every other one announced meanwhile, in one request: at once when
   * none went out in the last REFRESH_INTERVAL_MS, else at its end. A busy account's flushes then
   * cost each app about one request a second instead of one per flush.
   */
  #queueRefresh(id: string): void {
    this.#refreshIds.add(id);
    if (this.#refreshTimer !== null) return;
    const wait = Math.max(0, this.#lastRefreshAt + REFRESH_INTERVAL_MS - Date.now());
    this.#refreshTimer = setTimeout(() => {
      this.#refreshTimer = null;
      void this.#refresh();
    }, wait);
  }

  async #refresh(): Promise<void> {
    const ids = [...this.#refreshIds].filter((id) => !this.#erasedIds.has(id)).slice(0, IDS_PER_LIST);
    for (const id of ids) this.#refreshIds.delete(id);
    if (ids.length === 0) return;
    this.#lastRefreshAt = Date.now();
    // More than one request's worth: the rest go in the next.
    if (this.#refreshIds.size > 0) this.#queueRefresh([...this.#refreshIds][0]!);
    try {
      // Announced by the socket, not asked for by the operator: a background request.
      const page = await api.listConversations({ ids, limit: ids.length }, true);
      const found = new Set(page.items.map((summary) => summary.id));
      // Erased while the request was on its way: the answer is already stale.
      for (const summary of page.items) if (!this.#erasedIds.has(summary.id)) this.#apply(summary);
      // Left out: erased, moved to a department this operator may not see, or ended for a role that reads only live chats.
      for (const id of ids) if (!found.has(id)) this.#remove(id);
    } catch {
      // Transient; the reload after the next reconnect catches up.
    }
  }

  /** A summary from the server: placed, and the operator alerted if it brings a new chat or a visitor's new message. */
  #apply(summary: ConversationSummary): void {
    const { id } = summary;
    const isArrival = summary.status === "open" && !this.#knownIds.has(id) && !this.#closedIds.has(id);
    // Compared with the last summary the server gave, not a row a frame's activity already moved on.
    const before = this.#serverCounts.get(id) ?? this.#listed(id)?.messageCount;
    const kind = isArrival ? "chat" : before !== undefined && this.#visitorWrote(before, summary) ? "message" : null;
    this.#knownIds.add(id);
    this.#noteServerCounts([summary]);
    const { selected, unreadIds, alert } = this.snapshot;
    const inFront = selected?.id === id && this.#viewing && !document.hidden;
    const nextUnread = new Set(unreadIds);
    if (summary.status === "open" && kind && !inFront) nextUnread.add(id);
    else if (summary.status !== "open" || inFront) nextUnread.delete(id);
    this.#place(summary, {
      unreadIds: nextUnread,
      alert: kind && !inFront ? { seq: (alert?.seq ?? 0) + 1, kind, summary } : alert,
    });
  }

  /** Counts only grow: a list answer older than a fetch's keeps the fetch's. */
  #noteServerCounts(summaries: readonly ConversationSummary[]): void {
    for (const { id, messageCount } of summaries) this.#serverCounts.set(id, Math.max(this.#serverCounts.get(id) ?? 0, messageCount));
  }

  /** Puts `summary` in the tabs it belongs in (fresher wins) and on the right if shown there. */
  #place(summary: ConversationSummary, also: Partial<InboxSnapshot> = {}): void {
    const { id } = summary;
    if (summary.status === "closed") this.#closedIds.add(id);
    const lists = { ...this.snapshot.lists };
    for (const tab of INBOX_TABS) {
      // A summary already in the tab is merged (fresher wins), then the tab keeps it only if it still belongs.
      const current = lists[tab];
      const known = current.find((item) => item.id === id);
      const placed = known ? fresher(known, summary) : summary;
      lists[tab] = this.#merge(
        tab,
        current.filter((item) => item.id !== id),
        [placed],
      );
    }
    this.update({
      ...this.#withLists(lists),
      selected: this.#refreshSelected([summary]),
      ...also,
    });
  }

  /**
   * Whether `next` brings a message of the visitor that a summary of `before` messages did not
   * have: more messages, and the visitor waiting for an answer (their message is the last one a person wrote).
   */
  #visitorWrote(before: number, next: ConversationSummary): boolean {
    return next.messageCount > before && next.waitingSince !== null;
  }

  /** The selected chat is in front of the operator: nothing in it is unread. */
  #markSeen(): void {
    const id = this.snapshot.selected?.id;
    if (!id || document.hidden || !this.snapshot.unreadIds.has(id)) return;
    const unreadIds = new Set(this.snapshot.unreadIds);
    unreadIds.delete(id);
    this.update({ unreadIds });
  }

  #remove(id: string): void {
    this.#closedIds.add(id);
    const unreadIds = withoutId(this.snapshot.unreadIds, id);
    const lists = { ...this.snapshot.lists };
    for (const tab of INBOX_TABS) lists[tab] = lists[tab].filter((summary) => summary.id !== id);
    this.update({
      ...this.#withLists(lists),
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
    if (this.#viewing) this.#markSeen();
  };
}

function withoutId(ids: ReadonlySet<string>, id: string): Set<string> {
  const rest = new Set(ids);
  rest.delete(id);
  return rest;
}
