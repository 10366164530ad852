import { createRoute } from "@hono/zod-openapi";
import { and, eq, inArray } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { hmacBase64Url } from "../crypto/blind-index";
import { chatStatistics } from "../db/analytics";
import { chunks } from "../db/client";
import { departments, operators } from "../db/schema";
import { findAccount } from "../db/settings";
import { requireOperator, rightMissing } from "../middleware/auth";
import { analyticsQuerySchema, analyticsSchema } from "../shared/admin-api";
import { apiRouter, errors, json, scoped } from "./openapi";

/** A stable pseudonym: the same operator always gets the same one, and it reveals nothing. */
const pseudonym = async (secret: string, operatorId: string) =>
  `Operator ${(await hmacBase64Url(secret, `pseudonym:${operatorId}`)).slice(0, 6)}`;

/** Analytics "anonymized" or "full"; before validation, so a role without access learns nothing else. */
const requireAnalytics: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.var.principal.role.permissions.analytics === "none")
    throw rightMissing(c.var.principal, "analytics", "anonymized", "Your role needs access to analytics.");
  await next();
};

export const analyticsRoutes = apiRouter(requireOperator, requireAnalytics).openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "getAnalytics",
    security: scoped(["analytics:anonymized"]),
    tags: ["Analytics"],
    summary:
      "Chats, first response time, duration and ratings per day, department or operator. Operators appear as pseudonyms with analytics 'anonymized' or when the account asks for it.",
    request: { query: analyticsQuerySchema },
    responses: { 200: json(analyticsSchema, "The statistics"), ...errors },
  }),
  async (c) => {
    const p = c.var.principal;
    const level = p.role.permissions.analytics;
    const { from, to, groupBy } = c.req.valid("query");
    const anonymized = level === "anonymized" || (await findAccount(c.var.db, p.account.id))!.pseudonymousAnalytics;
    const rows = await chatStatistics(c.var.db, {
      accountId: p.account.id,
      departmentIds: p.role.departmentIds,
      from: Date.parse(from),
      to: Date.parse(to) + 86_400_000,
      groupBy,
    });
    const names = new Map<string, string>();
    const keys = rows.map((r) => r.key).filter(Boolean);
    for (const chunk of chunks(keys)) {
      if (groupBy === "department") {
        const found = await c.var.db
          .select({ id: departments.id, name: departments.name })
          .from(departments)
          .where(and(eq(departments.accountId, p.account.id), inArray(departments.id, chunk)));
        for (const d of found) names.set(d.id, d.name);
      }
      if (groupBy === "operator" && !anonymized) {
        const found = await c.var.db
          .select({ id: operators.id, name: operators.displayName })
          .from(operators)
          .where(and(eq(operators.accountId, p.account.id), inArray(operators.id, chunk)));
        for (const o of found) names.set(o.id, o.name);
      }
    }
    const labelled = await Promise.all(
      rows.map(async (r) => {
        if (groupBy === "operator") {
          if (!r.key) return { ...r, label: "Unanswered" };
          if (anonymized) {
            const alias = await pseudonym(c.env.TOKEN_SIGNING_KEY, r.key);
            return { ...r, key: alias, label: alias };
          }
        }
        return { ...r, label: names.get(r.key) ?? r.key };
      }),
    );
    return c.json({ groupBy, anonymized, rows: labelled }, 200);
  },
);
