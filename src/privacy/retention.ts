import { and, asc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import { auditInsert } from "../db/audit";
import { type Db, inAccount } from "../db/client";
import { accounts, conversations, widgets } from "../db/schema";
import { ERASE_CHUNK, eraseConversations } from "./erasure";

/** The moment `months` calendar months before `now` (UTC); the day is clamped to the month's end. */
export function retentionCutoff(now: number, months: number): number {
  const d = new Date(now);
  const target = new Date(
    Date.UTC(
      d.getUTCFullYear(),
      d.getUTCMonth() - months,
      1,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime();
}

/** A widget's retention: its own months, else its account's; null or 0 means kept until deleted. */
export const effectiveRetention = (widgetMonths: number | null, accountMonths: number | null): number | null =>
  widgetMonths === null ? accountMonths : widgetMonths === 0 ? null : widgetMonths;

const WIDGET_PAGE = 100;

/**
 * Conversations one hourly run may erase. bench/retention.ts measured about 0.7 ms each (2,000 in
 * 1.3 s locally): 10,000 keep a run well inside a cron invocation's time and drain a backlog of
 * 100,000 (a retention shortened on a busy account) in ten hours rather than fifty.
 */
export const RETENTION_BUDGET_PER_RUN = 10_000;
/** And at most this long; the next hourly run continues. */
export const RETENTION_SECONDS_PER_RUN = 20;

/**
 * Erases ended conversations whose last message is older than their widget's retention, in chunks
 * and at most `budget` per run (the next run goes on). Idempotent: a second run finds nothing.
 * Each chunk erased gets an audit entry with its count.
 */
export async function sweepRetention(env: Env, db: Db, now: number, budget = RETENTION_BUDGET_PER_RUN): Promise<number> {
  let erased = 0;
  let lastWidgetId = "";
  // Wall time too: a run must end well inside a Cron Trigger's limits, whatever a chunk costs.
  const stopAt = Date.now() + RETENTION_SECONDS_PER_RUN * 1000;
  const more = () => erased < budget && Date.now() < stopAt;
  while (more()) {
    const page = await db
      .select({
        id: widgets.id,
        accountId: widgets.accountId,
        widgetMonths: widgets.retentionMonths,
        accountMonths: accounts.retentionMonths,
      })
      .from(widgets)
      .innerJoin(accounts, eq(accounts.id, widgets.accountId))
      .where(gt(widgets.id, lastWidgetId))
      .orderBy(asc(widgets.id))
      .limit(WIDGET_PAGE);
    for (const widget of page) {
      const months = effectiveRetention(widget.widgetMonths, widget.accountMonths);
      if (!months) continue;
      const cutoff = retentionCutoff(now, months);
      while (more()) {
        const expired = await expiredOfWidget(db, widget, cutoff, Math.min(ERASE_CHUNK, budget - erased));
        if (expired.length === 0) break;
        const { conversations: count, files } = await eraseConversations(
          env,
          db,
          widget.accountId,
          expired.map((c) => c.id),
          now,
        );
        erased += count;
        // Recorded chunk by chunk, so a run that fails later still leaves what it did in the log.
        if (count > 0)
          await auditInsert(db, {
            accountId: widget.accountId,
            actorKind: "system",
            actorId: null,
            action: "retention.sweep",
            targetType: "conversation",
            count,
            fileCount: files,
            now,
          });
        if (count === 0) break;
      }
    }
    if (page.length < WIDGET_PAGE) break;
    lastWidgetId = page.at(-1)!.id;
  }
  return erased;
}

/** Up to `limit` ended conversations of a widget whose last message (or start, without any) is before `cutoff`. */
export const expiredOfWidget = (db: Db, widget: { id: string; accountId: string }, cutoff: number, limit: number) =>
  db
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(
        inAccount(conversations.accountId, widget.accountId),
        eq(conversations.widgetId, widget.id),
        // A literal, not a bound value: only then can SQLite use the partial conversations_retention index.
        sql`${conversations.status} = 'closed'`,
        // Spelt out rather than coalesce(), so the conversations_retention index answers it.
        or(lt(conversations.lastMessageAt, cutoff), and(isNull(conversations.lastMessageAt), lt(conversations.createdAt, cutoff))),
      ),
    )
    .limit(limit);
