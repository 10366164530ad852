import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { RoutableWidget } from "../widget-router/evaluate";
import { chunks, type Db } from "./client";
import { widgets } from "./schema";

export type Widget = typeof widgets.$inferSelect;

const originsSchema = z.array(z.string());

export const findWidgetBySiteKey = (db: Db, siteKey: string) => db.query.widgets.findFirst({ where: eq(widgets.siteKey, siteKey) });

export const findWidget = (db: Db, accountId: string, widgetId: string) =>
  db.query.widgets.findFirst({ where: (t, { and, eq }) => and(eq(t.id, widgetId), eq(t.accountId, accountId)) });

/** The account's widgets among `ids`. */
export async function findWidgets(db: Db, accountId: string, ids: string[]): Promise<Widget[]> {
  const found: Widget[] = [];
  for (const chunk of chunks([...new Set(ids)])) {
    found.push(
      ...(await db
        .select()
        .from(widgets)
        .where(and(eq(widgets.accountId, accountId), inArray(widgets.id, chunk)))),
    );
  }
  return found;
}

/** Exact match of scheme, host and port; never a prefix or substring test. */
export function isAllowedOrigin(widget: Widget, origin: string): boolean {
  const allowed = originsSchema.parse(JSON.parse(widget.allowedOrigins));
  return allowed.includes(origin);
}

/** Every widget of the account with what the router's checks need: id, name and allowed origins. */
export async function routableWidgets(db: Db, accountId: string): Promise<Map<string, RoutableWidget>> {
  const rows = await db
    .select({ id: widgets.id, name: widgets.name, allowedOrigins: widgets.allowedOrigins })
    .from(widgets)
    .where(eq(widgets.accountId, accountId));
  return new Map(rows.map((w) => [w.id, { id: w.id, name: w.name, allowedOrigins: originsSchema.parse(JSON.parse(w.allowedOrigins)) }]));
}
