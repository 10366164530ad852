import { createRoute } from "@hono/zod-openapi";
import type { z } from "zod";
import { attachmentSettingsOf } from "../attachments/widget-settings";
import { businessHoursOf, widgetOpenState } from "../availability/business-hours";
import { recordDisclaimerChange } from "../consent/archive";
import { renewIdentitySecret } from "../conversation/verified-visitor";
import { randomToken } from "../crypto/encoding";
import { createWidget, newWidgetRetention } from "../db/accounts";
import type { Principal } from "../db/auth";
import type { Db } from "../db/client";
import { pageById } from "../db/client";
import { listRouterRulesWithDepartments, replaceRouterRules } from "../db/router";
import type { accounts, widgets } from "../db/schema";
import {
  findAccount,
  findWidgetById,
  listAudit,
  listWidgets,
  retentionFromColumn,
  retentionToColumn,
  updateAccount,
  updateWidget,
} from "../db/settings";
import { existingDepartments } from "../db/team";
import { findWidgetBySiteKey, findWidgets, isAllowedOrigin, routableWidgets } from "../db/widgets";
import { HttpError } from "../errors";
import { perLanguage } from "../locales/disclaimer";
import { requireAllDepartments, requireOperator, requirePermission, seesDepartment } from "../middleware/auth";
import { auditAction } from "../privacy/audit";
import {
  accountSettingsSchema,
  auditEntrySchema,
  auditQuerySchema,
  createWidgetSchema,
  idParamsSchema,
  routerDecisionSchema,
  routerDryRunSchema,
  routerRulesSchema,
  routerRulesViewSchema,
  updateAccountSettingsSchema,
  updateWidgetSchema,
  widgetSettingsSchema,
} from "../shared/admin-api";
import { idCursorQuerySchema } from "../shared/api";
import { deviceClass, inEu, pagePath, primaryLanguage, route, routerProblems, type VisitorContext } from "../widget-router/evaluate";
import { scopeDecision, visibleRules } from "../widget-router/scope";
import { apiRouter, errors, json, jsonBody, pageOf, scoped } from "./openapi";

const toWidget = (w: typeof widgets.$inferSelect) => ({
  id: w.id,
  siteKey: w.siteKey,
  name: w.name,
  departmentId: w.departmentId,
  privacyMode: w.privacyMode,
  livePreview: w.livePreview,
  identityLookup: w.identityLookup,
  identityVerification: w.identityVerification,
  consentRequired: w.consentRequired,
  allowedOrigins: JSON.parse(w.allowedOrigins) as string[],
  retention: retentionFromColumn(w.retentionMonths),
  businessHours: businessHoursOf(w),
  hoursNow: widgetOpenState(w, Date.now()),
  outsideHours: w.outsideHours,
  offerMessageAfterMinutes: w.offerMessageAfterMinutes,
  routing: w.routing,
  unansweredAlertMinutes: w.unansweredAlertMinutes,
  attachments: attachmentSettingsOf(w),
  greeting: w.greeting,
  greetings: perLanguage(w.greetingTexts),
  titles: perLanguage(w.titleTexts),
  privacyPolicy: w.privacyPolicyUrl ? { url: w.privacyPolicyUrl, labels: perLanguage(w.privacyPolicyLabels) } : null,
  disclaimer: { enabled: w.consentRequired, texts: perLanguage(w.disclaimerTexts) },
  preChat: { name: w.preChatName, email: w.preChatEmail },
  accentColor: w.accentColor,
  position: w.position,
  operatorNames: w.operatorNames,
});

/** The columns of a change to a widget's file settings; files on with no kind allowed is refused. */
function attachmentColumns(widget: typeof widgets.$inferSelect, change: NonNullable<z.infer<typeof updateWidgetSchema>["attachments"]>) {
  const current = attachmentSettingsOf(widget);
  const enabled = change.enabled ?? current.enabled;
  const types = change.types ?? current.types;
  if (enabled && types.length === 0)
    throw new HttpError(400, "invalid_request", "attachments.types: allow at least one kind of file, or turn files off.");
  return {
    ...(change.enabled !== undefined ? { attachmentsEnabled: change.enabled } : {}),
    ...(change.maxMegabytes !== undefined ? { attachmentMaxMegabytes: change.maxMegabytes } : {}),
    ...(change.types ? { attachmentTypes: JSON.stringify(change.types) } : {}),
  };
}

const toAccountSettings = (a: typeof accounts.$inferSelect) => ({
  name: a.name,
  retentionMonths: a.retentionMonths,
  pseudonymousAnalytics: a.pseudonymousAnalytics,
  requireTwoFactor: a.requireTwoFactor,
  awayAfterIdleMinutes: a.awayAfterIdleMinutes,
  dataRequestRetentionMonths: a.dataRequestRetentionMonths,
});

const keepForeverUnconfirmed = () =>
  new HttpError(
    400,
    "keep_forever_unconfirmed",
    "Keeping chats until someone deletes them must be chosen explicitly: send confirmKeepForever: true.",
  );

/** Texts per language as their JSON column; none at all is null. */
const perLanguageColumn = (texts: Record<string, string>): string | null => (Object.keys(texts).length > 0 ? JSON.stringify(texts) : null);

/** Account settings (retention default, pseudonymous analytics) and widget settings. */
export const settingsRoutes = apiRouter(requireOperator)
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "getSettings",
      security: scoped(["settings:read"]),
      tags: ["Settings"],
      summary: "Account settings (settings read)",
      middleware: requirePermission("settings", "read"),
      responses: { 200: json(accountSettingsSchema, "The settings"), ...errors },
    }),
    async (c) => {
      const account = (await findAccount(c.var.db, c.var.principal.account.id))!;
      return c.json(toAccountSettings(account), 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/",
      operationId: "updateSettings",
      security: scoped(["settings:manage"]),
      tags: ["Settings"],
      summary:
        "Change account settings (requireTwoFactor: every operator needs a second factor, enforced at sign-in; awayAfterIdleMinutes: 1 to 120 minutes without input, or with every app tab hidden, before an operator shows as away); retention is 1 to 36 months, or null (kept until deleted) with confirmKeepForever: true, which is audited (settings manage)",
      middleware: requirePermission("settings", "manage"),
      request: { body: jsonBody(updateAccountSettingsSchema) },
      responses: { 200: json(accountSettingsSchema, "The settings"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      requireAllDepartments(p);
      const { confirmKeepForever, ...changes } = c.req.valid("json");
      const before = (await findAccount(c.var.db, p.account.id))!;
      const toForever = changes.retentionMonths === null && before.retentionMonths !== null;
      if (toForever && !confirmKeepForever) throw keepForeverUnconfirmed();
      await updateAccount(c.var.db, p.account.id, changes);
      await auditAction(c.var.db, p, {
        action: "settings.updated",
        targetType: "account",
        targetId: p.account.id,
        count: 1,
        now: Date.now(),
      });
      if (toForever)
        await auditAction(c.var.db, p, {
          action: "settings.retention_forever",
          targetType: "account",
          targetId: p.account.id,
          count: 1,
          now: Date.now(),
        });
      // Who required (or stopped requiring) two factors of everyone is worth its own entry.
      if (changes.requireTwoFactor !== undefined && changes.requireTwoFactor !== before.requireTwoFactor) {
        await auditAction(c.var.db, p, {
          action: changes.requireTwoFactor ? "settings.two_factor_required" : "settings.two_factor_optional",
          targetType: "account",
          targetId: p.account.id,
          count: 1,
          now: Date.now(),
        });
      }
      const account = (await findAccount(c.var.db, p.account.id))!;
      return c.json(toAccountSettings(account), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/widgets",
      operationId: "listWidgets",
      security: scoped(["settings:read"]),
      tags: ["Settings"],
      summary: "Widgets (settings read)",
      middleware: requirePermission("settings", "read"),
      request: { query: idCursorQuerySchema },
      responses: { 200: json(pageOf(widgetSettingsSchema), "A page of widgets"), ...errors },
    }),
    async (c) => {
      const { cursor, limit } = c.req.valid("query");
      const page = pageById(
        await listWidgets(c.var.db, c.var.principal.account.id, c.var.principal.role.departmentIds, cursor, limit),
        limit,
      );
      return c.json({ items: page.items.map(toWidget), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/widgets",
      operationId: "createWidget",
      security: scoped(["settings:manage"]),
      tags: ["Settings"],
      summary:
        "Add a widget: privacy mode on, consent asked, finite retention (the account's, or 12 months under an account that keeps chats forever), its own site key (settings manage)",
      middleware: requirePermission("settings", "manage"),
      request: { body: jsonBody(createWidgetSchema) },
      responses: { 201: json(widgetSettingsSchema, "The widget"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const { name, departmentId, allowedOrigins } = c.req.valid("json");
      if (!(await existingDepartments(c.var.db, p.account.id, [departmentId])).has(departmentId)) {
        throw new HttpError(400, "invalid_request", "departmentId: not a department of this account");
      }
      if (!seesDepartment(p, departmentId)) throw new HttpError(403, "forbidden", "You can only add widgets to your own departments.");
      // Public (it is in every page's HTML) but unguessable, so nobody enumerates other customers' widgets.
      const siteKey = randomToken().slice(0, 20);
      const retentionMonths = newWidgetRetention((await findAccount(c.var.db, p.account.id))!.retentionMonths);
      const id = await createWidget(c.var.db, {
        accountId: p.account.id,
        departmentId,
        siteKey,
        name,
        allowedOrigins,
        retentionMonths,
        now: Date.now(),
      });
      await auditAction(c.var.db, p, {
        action: "widget.created",
        targetType: "widget",
        targetId: id,
        count: 1,
        departmentId,
        now: Date.now(),
      });
      return c.json(toWidget((await findWidgetById(c.var.db, p.account.id, id))!), 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/widgets/{id}",
      operationId: "updateWidget",
      security: scoped(["settings:manage"]),
      tags: ["Settings"],
      summary:
        'Change a widget, its retention, business hours and chat behaviour included (outsideHours, offerMessageAfterMinutes 1 to 60 or null, routing, unansweredAlertMinutes 1 to 120 or null); retention that becomes "until deleted" needs confirmKeepForever: true and is audited (settings manage)',
      middleware: requirePermission("settings", "manage"),
      request: { params: idParamsSchema, body: jsonBody(updateWidgetSchema) },
      responses: { 200: json(widgetSettingsSchema, "The widget"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const { id } = c.req.valid("param");
      const {
        retention,
        allowedOrigins,
        privacyPolicy,
        disclaimer,
        preChat,
        greetings,
        titles,
        businessHours,
        confirmKeepForever,
        attachments,
        ...rest
      } = c.req.valid("json");
      const widget = await findWidgetById(c.var.db, p.account.id, id);
      if (!widget || !seesDepartment(p, widget.departmentId)) throw new HttpError(404, "not_found", "No such widget.");
      // "The account's" retention is forever too when the account keeps chats forever.
      const accountMonths = (await findAccount(c.var.db, p.account.id))!.retentionMonths;
      const keptForever = (column: number | null) => column === 0 || (column === null && accountMonths === null);
      const toForever = retention !== undefined && keptForever(retentionToColumn(retention)) && !keptForever(widget.retentionMonths);
      if (toForever && !confirmKeepForever) throw keepForeverUnconfirmed();
      if (rest.departmentId && !(await existingDepartments(c.var.db, p.account.id, [rest.departmentId])).has(rest.departmentId)) {
        throw new HttpError(400, "invalid_request", "departmentId: not a department of this account");
      }
      if (rest.departmentId && !seesDepartment(p, rest.departmentId))
        throw new HttpError(403, "forbidden", "You can only move widgets to your own departments.");
      await updateWidget(c.var.db, p.account.id, id, {
        ...rest,
        ...(retention ? { retentionMonths: retentionToColumn(retention) } : {}),
        ...(allowedOrigins ? { allowedOrigins: JSON.stringify(allowedOrigins) } : {}),
        ...(privacyPolicy !== undefined
          ? {
              privacyPolicyUrl: privacyPolicy?.url ?? null,
              privacyPolicyLabels: privacyPolicy?.labels ? JSON.stringify(privacyPolicy.labels) : null,
            }
          : {}),
        ...(disclaimer
          ? { consentRequired: disclaimer.enabled, ...(disclaimer.texts ? { disclaimerTexts: JSON.stringify(disclaimer.texts) } : {}) }
          : {}),
        ...(preChat ? { preChatName: preChat.name, preChatEmail: preChat.email } : {}),
        ...(greetings ? { greetingTexts: perLanguageColumn(greetings) } : {}),
        ...(titles ? { titleTexts: perLanguageColumn(titles) } : {}),
        ...(businessHours !== undefined ? { businessHours: businessHours && JSON.stringify(businessHours) } : {}),
        ...(attachments ? attachmentColumns(widget, attachments) : {}),
      });
      // Verification turned on for the first time: the secret the customer's server will need.
      if (rest.identityVerification && !widget.identitySecretEnc) await renewIdentitySecret(c.env, c.var.db, widget);
      // The consent text archive: the old texts' periods end now, the new ones' begin.
      if (disclaimer?.texts)
        await recordDisclaimerChange(c.var.db, widget, widget.disclaimerTexts, JSON.stringify(disclaimer.texts), Date.now());
      await auditAction(c.var.db, p, {
        action: "widget.updated",
        targetType: "widget",
        targetId: id,
        count: 1,
        departmentId: rest.departmentId ?? widget.departmentId,
        now: Date.now(),
      });
      if (toForever)
        await auditAction(c.var.db, p, {
          action: "widget.retention_forever",
          targetType: "widget",
          targetId: id,
          count: 1,
          departmentId: rest.departmentId ?? widget.departmentId,
          now: Date.now(),
        });
      return c.json(toWidget((await findWidgetById(c.var.db, p.account.id, id))!), 200);
    },
  );

/** The audit log: read-only through the API, by design. */
export const auditLogRoutes = apiRouter(requireOperator).openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "listAuditLog",
    security: scoped(["audit_log:read"]),
    tags: ["Audit log"],
    summary: "Who did what, when, to how many; newest first. Append-only: there is no way to change or delete entries (audit log read).",
    middleware: requirePermission("auditLog", "read"),
    request: { query: auditQuerySchema },
    responses: { 200: json(pageOf(auditEntrySchema), "A page of entries"), ...errors },
  }),
  async (c) => {
    const { cursor, limit, from, to, ...filter } = c.req.valid("query");
    const range = { ...(from ? { from: Date.parse(from) } : {}), ...(to ? { to: Date.parse(to) + 86_400_000 } : {}) };
    const p = c.var.principal;
    const page = await listAudit(c.var.db, p.account.id, p.role.departmentIds, { ...filter, ...range }, cursor, limit);
    return c.json({ items: page.items.map(({ accountId: _account, ...entry }) => entry), nextCursor: page.nextCursor }, 200);
  },
);

/**
 * The rules and their misconfigurations. Problems name widgets and origins of every department,
 * so only a role over all departments sees them.
 */
/** The rules the caller may see (a role limited to departments: only those for its widgets), and their problems. */
async function rulesView(db: Db, p: Principal) {
  const rules = visibleRules(await listRouterRulesWithDepartments(db, p.account.id), p.role.departmentIds);
  return { rules, problems: p.role.departmentIds === null ? routerProblems(rules, await routableWidgets(db, p.account.id)) : [] };
}

/** The widget router: ordered rules from visitor conditions to widgets, and a dry run that explains a choice. */
export const routerRoutes = apiRouter(requireOperator)
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "getWidgetRouter",
      security: scoped(["settings:read"]),
      tags: ["Widget router"],
      summary: "The router's rules, in order, and the problems that leave visitors without a widget (settings read)",
      middleware: requirePermission("settings", "read"),
      responses: { 200: json(routerRulesViewSchema, "The rules and their problems"), ...errors },
    }),
    async (c) => c.json(await rulesView(c.var.db, c.var.principal), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/",
      operationId: "setWidgetRouter",
      security: scoped(["settings:manage"]),
      tags: ["Widget router"],
      summary: "Replace the router's rules; the first rule whose conditions all hold picks the widget (settings manage)",
      middleware: requirePermission("settings", "manage"),
      request: { body: jsonBody(routerRulesSchema) },
      responses: { 200: json(routerRulesViewSchema, "The rules and their problems"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      requireAllDepartments(p);
      const { rules } = c.req.valid("json");
      for (const [i, rule] of rules.entries()) {
        if (!(await findWidgetById(c.var.db, p.account.id, rule.widgetId)))
          throw new HttpError(400, "invalid_request", `rules.${i}.widgetId: not a widget of this account`);
      }
      await replaceRouterRules(c.var.db, p.account.id, rules, Date.now());
      await auditAction(c.var.db, p, { action: "router.updated", targetType: "router", count: rules.length, now: Date.now() });
      return c.json(await rulesView(c.var.db, p), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/dry-run",
      operationId: "dryRunWidgetRouter",
      security: scoped(["settings:read"]),
      tags: ["Widget router"],
      summary: "Which widget would a visitor get, and why? Nothing is stored (settings read)",
      middleware: requirePermission("settings", "read"),
      request: { body: jsonBody(routerDryRunSchema) },
      responses: { 200: json(routerDecisionSchema, "The choice and its reasons"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const q = c.req.valid("json");
      const entry = q.siteKey
        ? await findWidgetBySiteKey(c.var.db, q.siteKey)
        : (await listWidgets(c.var.db, p.account.id, p.role.departmentIds, undefined, 1))[0];
      // Another department's widget is answered as one of another account: not there for this caller.
      if (!entry || entry.accountId !== p.account.id || !seesDepartment(p, entry.departmentId))
        throw new HttpError(400, "invalid_request", "siteKey: not a widget of this account");
      const visitor: VisitorContext = {
        page: pagePath(q.url),
        country: q.country ?? null,
        continent: q.continent ?? null,
        // As live: an unknown location counts as the EU, the privacy-safe side.
        euMember: q.euMember ?? inEu(q.country ?? null, undefined),
        device: deviceClass(q.userAgent ?? null),
        language: primaryLanguage(q.language ?? null),
      };
      // As live: a matched rule whose widget does not allow the page's origin means no widget.
      const pageOrigin = q.url ? new URL(q.url).origin : null;
      // Every rule counts, as live; what the caller is told of them is limited to its departments.
      const rules = await listRouterRulesWithDepartments(c.var.db, p.account.id);
      const candidates = new Map(
        (
          await findWidgets(
            c.var.db,
            p.account.id,
            rules.map((r) => r.widgetId),
          )
        ).map((w) => [w.id, w]),
      );
      const decision = route(
        rules,
        visitor,
        (id) => pageOrigin === null || (candidates.has(id) && isAllowedOrigin(candidates.get(id)!, pageOrigin)),
      );
      const told = scopeDecision(rules, decision, p.role.departmentIds);
      if (pageOrigin === null) told.reasons.push("no url given: allowed origins were not checked");
      if (told.hidden) return c.json({ widget: null, rule: null, reasons: told.reasons }, 200);
      const widget =
        decision.outcome === "none"
          ? null
          : decision.outcome === "rule"
            ? (await findWidgetById(c.var.db, p.account.id, decision.rule.widgetId))!
            : entry;
      return c.json(
        {
          widget: widget && { id: widget.id, siteKey: widget.siteKey, name: widget.name },
          rule: decision.rule ? { index: told.index!, name: decision.rule.name } : null,
          reasons: told.reasons,
        },
        200,
      );
    },
  );
