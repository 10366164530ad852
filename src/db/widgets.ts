import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
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

/** Stores a widget's sealed identity secret (a new one, or the same re-sealed), and the switch when given. */
export async function setIdentitySecret(
  db: Db,
  accountId: string,
  widgetId: string,
  change: { secretEnc: string; verification?: boolean },
): Promise<void> {
  await db
    .update(widgets)
    .set({
      identitySecretEnc: change.secretEnc,
      ...(change.verification !== undefined ? { identityVerification: change.verification } : {}),
    })
    .where(and(eq(widgets.accountId, accountId), eq(widgets.id, widgetId)));
}

/** Widgets whose identity secret is sealed with another ring key than the one `prefix` names. */
export const widgetSecretsNotSealedWith = (db: Db, prefix: string, limit: number) =>
  db
    .select({ id: widgets.id, accountId: widgets.accountId, identitySecretEnc: widgets.identitySecretEnc })
    .from(widgets)
    // substr, not LIKE: a key id may hold "_", which LIKE reads as a wildcard.
    .where(and(isNotNull(widgets.identitySecretEnc), sql`substr(${widgets.identitySecretEnc}, 1, ${prefix.length}) <> ${prefix}`))
    .limit(limit);

/** Replaces a sealed identity secret only if it is still `from` (a rotation meanwhile wins). */
export async function replaceWidgetSecret(db: Db, widgetId: string, from: string, to: string): Promise<void> {
  await db
    .update(widgets)
    .set({ identitySecretEnc: to })
    .where(and(eq(widgets.id, widgetId), eq(widgets.identitySecretEnc, from)));
}
