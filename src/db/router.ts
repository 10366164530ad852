import { and, asc, eq } from "drizzle-orm";
import { routerConditionsSchema } from "../shared/admin-api";
import type { RouterRule } from "../widget-router/evaluate";
import { type Db, newId } from "./client";
import { routerRules, widgets } from "./schema";

/** The account's router rules in order. */
export async function listRouterRules(db: Db, accountId: string): Promise<RouterRule[]> {
  return (await listRouterRulesWithDepartments(db, accountId)).map(({ departmentId: _department, ...rule }) => rule);
}

/**
 * The account's rules in order, each with the department of the widget it picks. A reader limited
 * to departments is shown only the rules whose widget is in one of them; the others stay hidden.
 */
export async function listRouterRulesWithDepartments(db: Db, accountId: string): Promise<(RouterRule & { departmentId: string | null })[]> {
  const rows = await db
    .select({ rule: routerRules, departmentId: widgets.departmentId })
    .from(routerRules)
    .leftJoin(widgets, and(eq(widgets.id, routerRules.widgetId), eq(widgets.accountId, accountId)))
    .where(eq(routerRules.accountId, accountId))
    .orderBy(asc(routerRules.position));
  return rows.map(({ rule: r, departmentId }) => ({
    name: r.name,
    widgetId: r.widgetId,
    conditions: routerConditionsSchema.parse(JSON.parse(r.conditions)),
    departmentId,
  }));
}

/** Replaces the whole ordered list at once (one batch), so the router never sees half an edit. */
export async function replaceRouterRules(db: Db, accountId: string, rules: RouterRule[], now: number): Promise<void> {
  await db.batch([
    db.delete(routerRules).where(eq(routerRules.accountId, accountId)),
    ...rules.map((rule, position) =>
      db.insert(routerRules).values({
        id: newId(),
        accountId,
        position,
        name: rule.name,
        conditions: JSON.stringify(rule.conditions),
        widgetId: rule.widgetId,
        createdAt: now,
      }),
    ),
  ]);
}
