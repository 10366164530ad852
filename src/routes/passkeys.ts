import { createRoute } from "@hono/zod-openapi";
import { countSignInStart } from "../auth/login-throttle";
import { addPasskey, passkeyAssertionOptions, passkeyRegistrationOptions, relyingPartyOf, verifyPasskeyAssertion } from "../auth/passkeys";
import { beginSession } from "../auth/sign-in";
import { requireSignInOutsideSso } from "../auth/sso-policy";
import { deletePasskey, listPasskeys, type PasskeyRow, renamePasskey } from "../db/passkeys";
import { passkeys } from "../db/schema";
import { HttpError } from "../errors";
import { enterAccountOf } from "../middleware/account-database";
import { requireOperator, requireSession } from "../middleware/auth";
import { auditAction } from "../privacy/audit";
import { recordPasskeyRemoved } from "../privacy/revocations";
import { meSchema } from "../shared/api";
import {
  addPasskeySchema,
  type Passkey,
  passkeyListSchema,
  passkeyOptionsSchema,
  passkeyParamsSchema,
  passkeySchema,
  passkeySignInSchema,
  renamePasskeySchema,
} from "../shared/passkeys";
import { apiRouter, errorSchema, errors, json, jsonBody, publicAccess, sessionOnly } from "./openapi";

const tags = ["Passkeys"];

const toPasskey = (row: PasskeyRow): Passkey => ({ id: row.id, name: row.name, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt });

/**
 * The signed-in operator's own passkeys, under /me/passkeys. A session only: a passkey is a way in,
 * and an API token must not be able to add one (or take one away).
 */
export const passkeyRoutes = apiRouter(requireOperator, requireSession)
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "listPasskeys",
      security: sessionOnly,
      tags,
      summary: "Your passkeys (a signed-in session, not an API token)",
      responses: { 200: json(passkeyListSchema, "Your passkeys, oldest first"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      return c.json({ items: (await listPasskeys(c.var.db, p.account.id, p.operator.id)).map(toPasskey) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/registration-options",
      operationId: "getPasskeyRegistrationOptions",
      security: sessionOnly,
      tags,
      summary:
        "Options for navigator.credentials.create(): a discoverable, user-verified passkey for you; the challenge is single-use and lasts 5 minutes",
      responses: { 200: json(passkeyOptionsSchema, "The creation options, JSON form"), ...errors },
    }),
    async (c) => {
      const options = await passkeyRegistrationOptions(c.var.db, c.env, {
        principal: c.var.principal,
        rp: relyingPartyOf(c.req.url),
        now: Date.now(),
      });
      return c.json({ options }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      operationId: "registerPasskey",
      security: sessionOnly,
      tags,
      summary: "Add a passkey: the browser's registration response to the options above, and a name",
      request: { body: jsonBody(addPasskeySchema) },
      responses: {
        201: json(passkeySchema, "The new passkey"),
        409: json(errorSchema, "Challenge used, passkey already registered, or too many"),
        ...errors,
      },
    }),
    async (c) => {
      const { name, response } = c.req.valid("json");
      const row = await addPasskey(c.var.db, c.env, {
        principal: c.var.principal,
        name,
        response,
        rp: relyingPartyOf(c.req.url),
        now: Date.now(),
      });
      return c.json(toPasskey(row), 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      operationId: "renamePasskey",
      security: sessionOnly,
      tags,
      summary: "Rename one of your passkeys",
      request: { params: passkeyParamsSchema, body: jsonBody(renamePasskeySchema) },
      responses: { 200: json(passkeySchema, "The renamed passkey"), ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const { id } = c.req.valid("param");
      const row = await renamePasskey(c.var.db, { accountId: p.account.id, operatorId: p.operator.id, id, name: c.req.valid("json").name });
      if (!row) throw new HttpError(404, "not_found", "You have no such passkey.");
      await auditAction(c.var.db, p, { action: "passkey.renamed", targetType: "passkey", targetId: id, count: 1, now: Date.now() });
      return c.json(toPasskey(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      operationId: "deletePasskey",
      security: sessionOnly,
      tags,
      summary: "Remove one of your passkeys: it signs in no more",
      request: { params: passkeyParamsSchema },
      responses: { 204: { description: "Removed" }, ...errors },
    }),
    async (c) => {
      const p = c.var.principal;
      const { id } = c.req.valid("param");
      const now = Date.now();
      if (!(await deletePasskey(c.var.db, { accountId: p.account.id, operatorId: p.operator.id, id })))
        throw new HttpError(404, "not_found", "You have no such passkey.");
      // A D1 restore must not bring it back as a way in: the ledger deletes it again.
      await recordPasskeyRemoved(c.env, p.account.id, id, now);
      await auditAction(c.var.db, p, { action: "passkey.removed", targetType: "passkey", targetId: id, count: 1, now });
      return c.body(null, 204);
    },
  );

/** Sign-in with a passkey as the first factor, under /auth/passkey: usernameless, no session needed. */
export const passkeySignInRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/options",
      operationId: "getPasskeySignInOptions",
      security: publicAccess,
      tags,
      summary:
        "Options for navigator.credentials.get() to sign in with a passkey; the challenge is single-use and lasts 5 minutes. At most 60 a quarter hour per client address.",
      responses: {
        200: json(passkeyOptionsSchema, "The request options, JSON form"),
        429: json(errorSchema, "Too many sign-in starts from this address; wait as long as Retry-After says"),
        ...errors,
      },
    }),
    async (c) => {
      const now = Date.now();
      await countSignInStart(c.var.db, c.req.header("CF-Connecting-IP") ?? "local", now);
      const options = await passkeyAssertionOptions(c.var.db, c.env, { purpose: "sign-in" }, relyingPartyOf(c.req.url), now);
      return c.json({ options }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/sign-in",
      operationId: "signInWithPasskey",
      security: publicAccess,
      tags,
      summary: "Sign in with the browser's passkey assertion; sets the session cookie. A user-verified passkey counts as two factors.",
      request: { body: jsonBody(passkeySignInSchema) },
      responses: {
        200: json(meSchema, "The operator, account and role"),
        409: json(errorSchema, "The challenge was already used"),
        ...errors,
      },
    }),
    async (c) => {
      const { response } = c.req.valid("json");
      const { origin, rpId } = relyingPartyOf(c.req.url);
      // The passkey's own database (src/db/databases.ts); an unknown credential is refused there as before.
      await enterAccountOf(c, passkeys, passkeys.id, response.id);
      const { operator } = await verifyPasskeyAssertion(c.var.db, c.env, { purpose: "sign-in", response, origin, rpId, now: Date.now() });
      // "SSO only" accounts refuse passkeys as they refuse passwords.
      await requireSignInOutsideSso(c.var.db, operator);
      return c.json(await beginSession(c, operator, "passkey"), 200);
    },
  );
