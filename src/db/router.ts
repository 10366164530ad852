import { asc, eq } from "drizzle-orm";
import { routerConditionsSchema } from "../shared/admin-api";
import type { RouterRule } from "../widget-router/evaluate";
import { newId, type Db } from "./client";
import { routerRules } from "./schema";

/** The account's router rules in order. */
export async function listRouterRules(db: Db, accountId: string): Promise<RouterRule[]> {
  const rows = await db.select().from(routerRules).where(eq(routerRules.accountId, accountId)).orderBy(asc(routerRules.position));
  return rows.map((r) => ({ name: r.name, widgetId: r.widgetId, conditions: routerConditionsSchema.parse(JSON.parse(r.conditions)) }));
}

/** Replaces the whole ordered list at once (one batch), so the router never sees half an edit. */
export async function replaceRouterRules(db: Db, accountId: string, rules: RouterRule[], now: number): Promise<void> {
  await db.batch([
    db.delete(routerRules).where(eq(routerRules.accountId, accountId)),
    ...rules.map((rule, position) =>
      db.insert(routerRules).values({ id: newId(), accountId, position, name: rule.name, conditions: JSON.stringify(rule.conditions), widgetId: rule.widgetId, createdAt: now }),
    ),
  ]);
}
