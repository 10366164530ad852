import type { ConversationSummary } from "../types";

/** Newest first, as the server pages them (by creation time), ties broken by id. */
export function newestFirst(a: ConversationSummary, b: ConversationSummary): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * The more recent of two summaries of one conversation. Fetches can finish out of order, and a
 * conversation only moves forward: closed after open, more messages after fewer.
 */
export function fresher(current: ConversationSummary, incoming: ConversationSummary): ConversationSummary {
  const closedNow = current.status === "closed";
  if (closedNow !== (incoming.status === "closed")) return closedNow ? current : incoming;
  if (current.messageCount !== incoming.messageCount) {
    return current.messageCount > incoming.messageCount ? current : incoming;
  }
  return (current.lastMessageAt ?? 0) > (incoming.lastMessageAt ?? 0) ? current : incoming;
}

/**
 * The open conversations of `current` and `incoming` together, fresher summary per id, newest
 * first. Closed ones, and those in `closedIds` (known closed even if a stale summary says open),
 * are left out.
 */
export function mergeOpen(
  current: readonly ConversationSummary[],
  incoming: readonly ConversationSummary[],
  closedIds: ReadonlySet<string>,
): ConversationSummary[] {
  const byId = new Map<string, ConversationSummary>();
  for (const summary of [...current, ...incoming]) {
    const known = byId.get(summary.id);
    byId.set(summary.id, known ? fresher(known, summary) : summary);
  }
  return [...byId.values()].filter((summary) => summary.status === "open" && !closedIds.has(summary.id)).sort(newestFirst);
}
