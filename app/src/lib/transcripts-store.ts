import { api, type ErrorInfo, errorInfo } from "../api";
import type { ConversationFilter, ConversationSummary } from "../types";
import { noSelection, type RowSelection, toSelection } from "./selection";
import { Store } from "./store";

const PAGE_SIZE = 50;

export interface TranscriptsSnapshot {
  phase: "loading" | "ready" | "error";
  /** The filter of the results shown (not what the form holds now). */
  filter: ConversationFilter;
  items: readonly ConversationSummary[];
  nextCursor: string | null;
  loadingMore: boolean;
  error: ErrorInfo | null;
  /** How many conversations the filter matches in all; only known to roles that may delete. */
  matchCount: number | null;
  selection: RowSelection;
}

/** A transcript search: its pages, the total, and which rows are selected for a bulk action. */
export class TranscriptsStore extends Store<TranscriptsSnapshot> {
  /** Counting uses the deletion dry run, which needs transcripts: manage. */
  readonly #canCount: boolean;
  /** Only the newest search may apply its answers. */
  #generation = 0;

  constructor(canCount: boolean) {
    super({
      phase: "loading",
      filter: {},
      items: [],
      nextCursor: null,
      loadingMore: false,
      error: null,
      matchCount: null,
      selection: noSelection,
    });
    this.#canCount = canCount;
  }

  /** Replaces the results with the first page for `filter`, and clears the selection. */
  async search(filter: ConversationFilter): Promise<void> {
    const generation = ++this.#generation;
    this.update({ phase: "loading", filter, error: null, loadingMore: false, matchCount: null, selection: noSelection });
    if (this.#canCount) void this.#count(filter, generation);
    try {
      const page = await api.searchConversations({ ...filter, limit: PAGE_SIZE });
      if (generation !== this.#generation) return;
      this.update({ phase: "ready", items: page.items, nextCursor: page.nextCursor });
    } catch (error) {
      if (generation !== this.#generation) return;
      this.update({ phase: "error", items: [], nextCursor: null, error: errorInfo(error) });
    }
  }

  /** The same search again, after a deletion changed what it finds. */
  refresh(): Promise<void> {
    return this.search(this.snapshot.filter);
  }

  async loadMore(): Promise<void> {
    const { nextCursor: cursor, loadingMore, filter } = this.snapshot;
    if (!cursor || loadingMore) return;
    const generation = this.#generation;
    this.update({ loadingMore: true });
    try {
      const page = await api.searchConversations({ ...filter, limit: PAGE_SIZE, cursor });
      if (generation !== this.#generation) return;
      const known = new Set(this.snapshot.items.map((item) => item.id));
      this.update({
        loadingMore: false,
        error: null,
        items: [...this.snapshot.items, ...page.items.filter((item) => !known.has(item.id))],
        nextCursor: page.nextCursor,
      });
    } catch (error) {
      if (generation !== this.#generation) return;
      this.update({ loadingMore: false, error: errorInfo(error) });
    }
  }

  /** Shows a row's new summary (its tags changed) where it is listed. */
  replace(summary: ConversationSummary): void {
    this.update({ items: this.snapshot.items.map((item) => (item.id === summary.id ? summary : item)) });
  }

  toggle(id: string, selected: boolean): void {
    const { selection } = this.snapshot;
    if (selection.kind !== "ids") return;
    const ids = new Set(selection.ids);
    if (selected) ids.add(id);
    else ids.delete(id);
    this.update({ selection: { kind: "ids", ids } });
  }

  /** Selects (or clears) every row shown, keeping the rest of the selection. */
  selectPage(selected: boolean): void {
    const { selection, items } = this.snapshot;
    const ids = new Set(selection.kind === "ids" ? selection.ids : []);
    for (const item of items) {
      if (selected) ids.add(item.id);
      else ids.delete(item.id);
    }
    this.update({ selection: { kind: "ids", ids } });
  }

  selectAllMatching(): void {
    this.update({ selection: { kind: "matching" } });
  }

  clearSelection(): void {
    this.update({ selection: noSelection });
  }

  async #count(filter: ConversationFilter, generation: number): Promise<void> {
    try {
      const count = await api.countConversations(toSelection({ kind: "matching" }, filter));
      if (generation === this.#generation) this.update({ matchCount: count });
    } catch {
      // The total is a convenience; the results themselves report any error.
    }
  }
}
