import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { randomToken, sha256Hex } from "../crypto/encoding";
import { audit } from "../db/audit";
import { createApiToken, listApiTokens, revokeApiToken } from "../db/auth";
import { newId } from "../db/client";
import { HttpError } from "../errors";
import { requireOperator, requirePermission } from "../middleware/auth";
import { createApiTokenSchema } from "../shared/api";
import { valid } from "./validate";

/** API tokens act as the operator who created them; only their SHA-256 is stored. */
export const apiTokenRoutes = new Hono<AppEnv>()
  .use(requireOperator, requirePermission("settings", "manage"))
  .get("/", async (c) => c.json({ items: await listApiTokens(c.var.db, c.var.principal.account.id), nextCursor: null }))
  .post("/", valid("json", createApiTokenSchema), async (c) => {
    const { name, expiresInDays } = c.req.valid("json");
    const p = c.var.principal;
    const now = Date.now();
    const token = randomToken();
    const id = newId();
    const expiresAt = expiresInDays ? now + expiresInDays * 86_400_000 : null;
    await createApiToken(c.var.db, { id, accountId: p.account.id, operatorId: p.operator.id, name, tokenHash: await sha256Hex(token), now, expiresAt });
    await audit(c.var.db, { accountId: p.account.id, actorKind: p.kind, actorId: p.operator.id, action: "api_token.created", targetType: "api_token", targetId: id, now });
    // The token is shown this once; it cannot be recovered later.
    return c.json({ id, name, token, expiresAt }, 201);
  })
  .delete("/:id", async (c) => {
    const p = c.var.principal;
    const now = Date.now();
    const id = c.req.param("id");
    if (!(await revokeApiToken(c.var.db, { accountId: p.account.id, id, now }))) {
      throw new HttpError(404, "not_found", "No such API token.");
    }
    await audit(c.var.db, { accountId: p.account.id, actorKind: p.kind, actorId: p.operator.id, action: "api_token.revoked", targetType: "api_token", targetId: id, now });
    return c.body(null, 204);
  });
