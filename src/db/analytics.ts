import { sql } from "drizzle-orm";
import type { Db } from "./client";

export interface AnalyticsRow {
  key: string;
  chats: number;
  avgFirstResponseMs: number | null;
  avgDurationMs: number | null;
  avgRating: number | null;
  ratings: number;
}

/**
 * Chats, mean first response, mean duration and ratings of the conversations started in
 * [from, to), grouped by UTC day, department, or the operator who answered first. Computed in
 * SQL over metadata and message times; no message is decrypted.
 */
export async function chatStatistics(
  db: Db,
  args: { accountId: string; departmentIds: string[] | null; from: number; to: number; groupBy: "day" | "operator" | "department" },
): Promise<AnalyticsRow[]> {
  const scope = args.departmentIds
    ? args.departmentIds.length > 0
      ? sql`AND c.department_id IN (${sql.join(
          args.departmentIds.map((d) => sql`${d}`),
          sql`, `,
        )})`
      : sql`AND 0`
    : sql``;
  const key =
    args.groupBy === "day"
      ? sql`strftime('%Y-%m-%d', created_at / 1000, 'unixepoch')`
      : args.groupBy === "department"
        ? sql`department_id`
        : sql`coalesce(first_operator_id, '')`;
  return db.all<AnalyticsRow>(sql`
    WITH per AS (
      SELECT c.created_at, c.closed_at, c.rating, c.department_id,
        (SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND m.author_kind = 'visitor') AS first_visitor_at,
        (SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND m.author_kind = 'operator') AS first_operator_at,
        (SELECT m.author_operator_id FROM messages m WHERE m.conversation_id = c.id AND m.author_kind = 'operator' ORDER BY m.seq LIMIT 1) AS first_operator_id
      FROM conversations c
      WHERE c.account_id = ${args.accountId} AND c.created_at >= ${args.from} AND c.created_at < ${args.to} ${scope}
    )
    SELECT ${key} AS key,
      COUNT(*) AS chats,
      AVG(CASE WHEN first_operator_at >= first_visitor_at THEN first_operator_at - first_visitor_at END) AS avgFirstResponseMs,
      AVG(CASE WHEN closed_at IS NOT NULL THEN closed_at - created_at END) AS avgDurationMs,
      AVG(rating) AS avgRating,
      COUNT(rating) AS ratings
    FROM per GROUP BY 1 ORDER BY 1`);
}
