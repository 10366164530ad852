import { createRoute } from "@hono/zod-openapi";
import { revokeOperatorSockets } from "../conversation/session-sockets";
import { randomToken, sha256Hex } from "../crypto/encoding";
import { createApiToken, listApiTokens, type Principal, revokeApiToken } from "../db/auth";
import { newId, pageById } from "../db/client";
import { HttpError } from "../errors";
import { requireOperator, requirePermission, requireSession } from "../middleware/auth";
import { auditAction } from "../privacy/audit";
import { recordTokenRevoked } from "../privacy/revocations";
import { idParamsSchema } from "../shared/admin-api";
import { apiTokenSchema, createApiTokenSchema, createdApiTokenSchema, idCursorQuerySchema } from "../shared/api";
import { roleHoldsScope } from "../shared/api-tokens";
import { apiRouter, errors, json, jsonBody, pageOf, scoped, sessionOnly } from "./openapi";

const tags = ["API tokens"];

/**
 * Whose tokens the caller may see and revoke: everyone's with a role over all departments, else
 * only their own (a department-scoped manager must not cut off an administrator's integrations).
 */
const tokenOwnerScope = (p: Principal): string | null => (p.role.departmentIds === null ? null : p.operator.id);

const manage = requirePermission("settings", "manage");

/**
 * API tokens act as the operator who created them; only their SHA-256 is stored. Creating and
 * revoking need a signed-in session (checked before the role, so a token always hears
 * `session_required`): a token must not mint or remove tokens.
 */
export const apiTokenRoutes = apiRouter(requireOperator)
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "listApiTokens",
      security: scoped(["settings:manage"]),
      tags,
      summary: "API tokens of the account (settings manage)",
      middleware: manage,
      request: { query: idCursorQuerySchema },
      responses: { 200: json(pageOf(apiTokenSchema), "A page of tokens"), ...errors },
    }),
    async (c) => {
      const { cursor, limit } = c.req.valid("query");
      const p = c.var.principal;
      return c.json(pageById(await listApiTokens(c.var.db, p.account.id, tokenOwnerScope(p), cursor, limit), limit), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      operationId: "createApiToken",
      security: sessionOnly,
      tags,
      summary:
        "Create an API token acting as the caller within its scopes, expiring within 365 days; the token is shown this once (settings manage, signed-in session only)",
      middleware: [requireSession, manage] as const,
      request: { body: jsonBody(createApiTokenSchema) },
      responses: { 201: json(createdApiTokenSchema, "The token"), ...errors },
    }),
    async (c) => {
      const { name, scopes, expiresInDays } = c.req.valid("json");
      const p = c.var.principal;
      const beyond = scopes.filter((scope) => !roleHoldsScope(p.role.permissions, scope));
      if (beyond.length > 0)
        throw new HttpError(
          403,
          "scope_exceeds_role",
          `Your role does not hold ${beyond.join(", ")}; a token gets no more than its creator.`,
        );
      const now = Date.now();
      const token = randomToken();
      const id = newId();
      const expiresAt = now + expiresInDays * 86_400_000;
      await createApiToken(c.var.db, {
        id,
        accountId: p.account.id,
        operatorId: p.operator.id,
        name,
        tokenHash: await sha256Hex(token),
        scopes,
        now,
        expiresAt,
      });
      // The count is how many scopes it got: what the audit log can say without a list.
      await auditAction(c.var.db, p, { action: "api_token.created", targetType: "api_token", targetId: id, count: scopes.length, now });
      return c.json({ id, name, token, scopes, expiresAt }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      operationId: "revokeApiToken",
      security: sessionOnly,
      tags,
      summary: "Revoke an API token (settings manage, signed-in session only)",
      middleware: [requireSession, manage] as const,
      request: { params: idParamsSchema },
      responses: { 204: { description: "Revoked" }, ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const now = Date.now();
      const { id } = c.req.valid("param");
      const operatorId = await revokeApiToken(c.var.db, { accountId: p.account.id, ownerId: tokenOwnerScope(p), id, now });
      if (!operatorId) throw new HttpError(404, "not_found", "No such API token.");
      await recordTokenRevoked(c.env, p.account.id, id, now);
      // Sockets opened with the token close with it.
      await revokeOperatorSockets(c.env, c.var.db, p.account.id, operatorId, id);
      await auditAction(c.var.db, p, { action: "api_token.revoked", targetType: "api_token", targetId: id, count: 1, now });
      return c.body(null, 204);
    },
  );
