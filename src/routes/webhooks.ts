import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { Principal } from "../db/auth";
import type { Db } from "../db/client";
import {
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  recentWebhookDeliveries,
  toWebhookEndpoint,
  updateWebhookEndpoint,
} from "../db/webhooks";
import { requireAllDepartments, requireOperator, requirePermission } from "../middleware/auth";
import { auditAction } from "../privacy/audit";
import { idParamsSchema } from "../shared/admin-api";
import type { AuditAction } from "../shared/audit-actions";
import {
  createdWebhookEndpointSchema,
  createWebhookEndpointSchema,
  updateWebhookEndpointSchema,
  webhookDeliveryParamsSchema,
  webhookDeliverySchema,
  webhookEndpointSchema,
  webhookSecretSchema,
} from "../shared/webhooks-api";
import { publishTestEvent } from "../webhooks/events";
import { createEndpoint, requireDeliverableUrl, requireEndpoint, resendDelivery, rotateEndpointSecret } from "../webhooks/manage";
import { apiRouter, errorSchema, errors, json, jsonBody, scoped } from "./openapi";

// Webhook endpoints of the account (src/webhooks/). Endpoints receive events of every department,
// so only a role with settings manage over all departments sees or changes them; other accounts'
// endpoints answer 404. Every change is audited; opting an endpoint in to personal data has its own
// audit action, as does opting it out.

const tags = ["Webhooks"];
/** Deliveries listed per endpoint in the admin view. */
const DELIVERIES_LISTED = 20;
const conflict = { 409: json(errorSchema, "The account has the most endpoints it may have") };

async function audit(db: Db, p: Principal, action: AuditAction, endpointId: string, now = Date.now()): Promise<void> {
  await auditAction(db, p, { action, targetType: "webhook_endpoint", targetId: endpointId, count: 1, departmentId: null, now });
}

/** Settings manage over every department, for every route here. */
const requireWebhookAdmin = requirePermission("settings", "manage");

export const webhookRoutes = apiRouter(requireOperator, requireWebhookAdmin, async (c, next) => {
  requireAllDepartments(c.var.principal);
  await next();
})
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      operationId: "listWebhookEndpoints",
      security: scoped(["settings:manage"]),
      summary: "The account's webhook endpoints, without their secrets (settings manage over all departments)",
      responses: { 200: json(z.object({ items: z.array(webhookEndpointSchema) }), "The endpoints"), ...errors },
    }),
    async (c) => {
      const rows = await listWebhookEndpoints(c.var.db, c.var.principal.account.id);
      return c.json({ items: rows.map(toWebhookEndpoint) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags,
      operationId: "createWebhookEndpoint",
      security: scoped(["settings:manage"]),
      summary:
        "Add an endpoint: a public HTTPS URL, the events it receives, and whether payloads carry personal data (visitor name and email, message content; audited). The signing secret is answered here once.",
      request: { body: jsonBody(createWebhookEndpointSchema) },
      responses: { 201: json(createdWebhookEndpointSchema, "The endpoint and its signing secret (shown once)"), ...errors, ...conflict },
    }),
    async (c) => {
      const p = c.var.principal;
      const body = c.req.valid("json");
      const now = Date.now();
      const { id, secret } = await createEndpoint(c.env, c.var.db, p.account.id, body, now);
      await audit(c.var.db, p, "webhook.created", id, now);
      if (body.includePersonalData) await audit(c.var.db, p, "webhook.personal_data_enabled", id, now);
      return c.json({ endpoint: toWebhookEndpoint(await requireEndpoint(c.var.db, p.account.id, id)), secret }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags,
      operationId: "updateWebhookEndpoint",
      security: scoped(["settings:manage"]),
      summary: "Change an endpoint's URL, description, events, personal-data opt-in (audited) or pause it (enabled false)",
      request: { params: idParamsSchema, body: jsonBody(updateWebhookEndpointSchema) },
      responses: { 200: json(webhookEndpointSchema, "The endpoint"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const { id } = c.req.valid("param");
      const changes = c.req.valid("json");
      const before = await requireEndpoint(c.var.db, p.account.id, id);
      if (changes.url !== undefined) requireDeliverableUrl(c.env, changes.url);
      const now = Date.now();
      await updateWebhookEndpoint(
        c.var.db,
        p.account.id,
        id,
        { ...changes, events: changes.events === undefined ? undefined : JSON.stringify(changes.events) },
        now,
      );
      await audit(c.var.db, p, "webhook.updated", id, now);
      if (changes.includePersonalData !== undefined && changes.includePersonalData !== before.includePersonalData)
        await audit(c.var.db, p, changes.includePersonalData ? "webhook.personal_data_enabled" : "webhook.personal_data_disabled", id, now);
      return c.json(toWebhookEndpoint(await requireEndpoint(c.var.db, p.account.id, id)), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags,
      operationId: "deleteWebhookEndpoint",
      security: scoped(["settings:manage"]),
      summary: "Delete an endpoint with its deliveries; deliveries still queued are dropped",
      request: { params: idParamsSchema },
      responses: { 204: { description: "Deleted" }, ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const { id } = c.req.valid("param");
      await requireEndpoint(c.var.db, p.account.id, id);
      await deleteWebhookEndpoint(c.var.db, p.account.id, id);
      await audit(c.var.db, p, "webhook.deleted", id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/secret",
      tags,
      operationId: "rotateWebhookSecret",
      security: scoped(["settings:manage"]),
      summary: "Replace the endpoint's signing secret; the new one is answered here once and signs every delivery from now on",
      request: { params: idParamsSchema },
      responses: { 200: json(webhookSecretSchema, "The new secret (shown once)"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const { id } = c.req.valid("param");
      const endpoint = await requireEndpoint(c.var.db, p.account.id, id);
      const now = Date.now();
      const secret = await rotateEndpointSecret(c.env, c.var.db, endpoint, now);
      await audit(c.var.db, p, "webhook.secret_rotated", id, now);
      return c.json({ secret }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/deliveries",
      tags,
      operationId: "listWebhookDeliveries",
      security: scoped(["settings:manage"]),
      summary: "The endpoint's newest deliveries (20) with their last attempts: status code, duration, error class; never payloads",
      request: { params: idParamsSchema },
      responses: { 200: json(z.object({ items: z.array(webhookDeliverySchema) }), "The deliveries, newest first"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const { id } = c.req.valid("param");
      await requireEndpoint(c.var.db, p.account.id, id);
      return c.json({ items: await recentWebhookDeliveries(c.var.db, p.account.id, id, DELIVERIES_LISTED) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/deliveries/{deliveryId}/resend",
      tags,
      operationId: "resendWebhookDelivery",
      security: scoped(["settings:manage"]),
      summary: "Send a delivery again (same delivery id, payload built anew): a failed one, or any other",
      request: { params: webhookDeliveryParamsSchema },
      responses: { 202: { description: "Queued" }, ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const { id, deliveryId } = c.req.valid("param");
      await resendDelivery(c.env, c.var.db, p.account.id, id, deliveryId);
      await audit(c.var.db, p, "webhook.resent", id);
      return c.body(null, 202);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/test",
      tags,
      operationId: "sendWebhookTest",
      security: scoped(["settings:manage"]),
      summary: "Queue a `webhook.test` delivery to the endpoint (no personal data), to check the receiver and its signature check",
      request: { params: idParamsSchema },
      responses: { 202: json(z.object({ deliveryId: z.string() }), "Queued"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const { id } = c.req.valid("param");
      const endpoint = await requireEndpoint(c.var.db, p.account.id, id);
      const deliveryId = await publishTestEvent(c.env, c.var.db, endpoint);
      await audit(c.var.db, p, "webhook.tested", id);
      return c.json({ deliveryId }, 202);
    },
  );
