import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { passkeyAssertionOptions, relyingPartyOf, verifyPasskeyAssertion } from "../auth/passkeys";
import { completeSecondFactor, countSecondFactorAttempt, readPendingSignIn } from "../auth/second-factor";
import { beginSession } from "../auth/sign-in";
import {
  checkRecoveryCode,
  checkTotp,
  confirmTotpEnrolment,
  disableOwnTotp,
  regenerateRecoveryCodes,
  requireReauthentication,
  secondFactorStatus,
  startTotpEnrolment,
} from "../auth/totp-factor";
import type { Principal } from "../db/auth";
import { operators } from "../db/schema";
import { consumePendingSignIn } from "../db/second-factor";
import { HttpError } from "../errors";
import { requireOperator, requireSession } from "../middleware/auth";
import {
  enrolledLoginSchema,
  enrolmentConfirmLoginSchema,
  meSchema,
  pendingTokenBodySchema,
  reauthenticationSchema,
  recoveryCodesSchema,
  secondFactorLoginSchema,
  secondFactorStatusSchema,
  totpCodeSchema,
  totpEnrolmentSchema,
} from "../shared/api";
import { passkeyOptionsSchema, passkeySecondFactorSchema } from "../shared/passkeys";
import { apiRouter, errorSchema, errors, json, jsonBody, publicAccess, sessionOnly } from "./openapi";

const tags = ["Authentication"];
const expiredResponse = {
  401: json(errorSchema, "second_factor_expired: the pending sign-in expired, was used or ran out of attempts"),
  429: json(errorSchema, "Too many wrong codes; wait 15 minutes"),
};
const self = (p: Principal) => ({ id: p.operator.id, accountId: p.account.id });

/** The second step of a sign-in, with the pending token from POST /auth/login. */
export const signInStepRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/login/second-factor",
      operationId: "verifySecondFactor",
      security: publicAccess,
      tags,
      summary:
        "Second step of a sign-in: a TOTP code or a recovery code (each usable once) with the pending token; sets the session cookie",
      request: { body: jsonBody(secondFactorLoginSchema) },
      responses: { 200: json(meSchema, "The operator, account and role"), ...errors, ...expiredResponse },
    }),
    async (c) => {
      const { token, method, code } = c.req.valid("json");
      const me = await completeSecondFactor(c, token, method, (op) =>
        method === "totp" ? checkTotp(c.env, c.var.db, op, code) : checkRecoveryCode(c.var.db, op, code),
      );
      return c.json(me, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/login/enrol/totp",
      operationId: "startTotpEnrolmentAtLogin",
      security: publicAccess,
      tags,
      summary:
        "Under the account's two-factor policy: start setting up an authenticator with the pending token (the secret is shown now only)",
      request: { body: jsonBody(pendingTokenBodySchema) },
      responses: {
        200: json(totpEnrolmentSchema, "The secret and its otpauth:// URI"),
        ...errors,
        ...expiredResponse,
        409: json(errorSchema, "already_enrolled"),
      },
    }),
    async (c) => {
      const pending = await readPendingSignIn(c, c.req.valid("json").token, "enrol");
      const operator = await c.var.db.select({ email: operators.email }).from(operators).where(eq(operators.id, pending.id)).get();
      if (!operator) throw new HttpError(401, "second_factor_expired", "This sign-in has expired. Sign in again with your password.");
      return c.json(await startTotpEnrolment(c.env, c.var.db, { ...pending, email: operator.email }), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/login/enrol/totp/confirm",
      operationId: "confirmTotpEnrolmentAtLogin",
      security: publicAccess,
      tags,
      summary:
        "Under the account's two-factor policy: confirm the authenticator with its first code; the session begins and the recovery codes are answered once",
      request: { body: jsonBody(enrolmentConfirmLoginSchema) },
      responses: {
        200: json(enrolledLoginSchema, "The operator, and the ten recovery codes"),
        ...errors,
        ...expiredResponse,
        409: json(errorSchema, "enrolment_not_started or already_enrolled"),
      },
    }),
    async (c) => {
      const { token, code } = c.req.valid("json");
      const pending = await readPendingSignIn(c, token, "enrol");
      await countSecondFactorAttempt(c.var.db, pending, pending.nonce, Date.now());
      const recoveryCodes = await confirmTotpEnrolment(c.env, c.var.db, pending, code);
      if (!(await consumePendingSignIn(c.var.db, pending.nonce, pending.id)))
        throw new HttpError(401, "second_factor_expired", "This sign-in was already used.");
      return c.json({ me: await beginSession(c, pending, "password+totp"), recoveryCodes }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/login/second-factor/passkey-options",
      operationId: "getSecondFactorPasskeyOptions",
      security: publicAccess,
      tags,
      summary:
        "Second step with a passkey: options for navigator.credentials.get() naming the operator's own passkeys (single-use challenge, 5 minutes)",
      request: { body: jsonBody(pendingTokenBodySchema) },
      responses: { 200: json(passkeyOptionsSchema, "The request options, JSON form"), ...errors, ...expiredResponse },
    }),
    async (c) => {
      const pending = await readPendingSignIn(c, c.req.valid("json").token, "verify");
      const options = await passkeyAssertionOptions(
        c.var.db,
        c.env,
        { purpose: "second-factor", accountId: pending.accountId, operatorId: pending.id },
        relyingPartyOf(c.req.url),
        Date.now(),
      );
      return c.json({ options }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/login/second-factor/passkey",
      operationId: "verifySecondFactorPasskey",
      security: publicAccess,
      tags,
      summary: "Second step with a passkey: the browser's assertion with the pending token; sets the session cookie",
      request: { body: jsonBody(passkeySecondFactorSchema) },
      responses: {
        200: json(meSchema, "The operator, account and role"),
        ...errors,
        ...expiredResponse,
        409: json(errorSchema, "The challenge was already used (`passkey_challenge_used`)"),
      },
    }),
    async (c) => {
      const { token, response } = c.req.valid("json");
      const { origin, rpId } = relyingPartyOf(c.req.url);
      const me = await completeSecondFactor(c, token, "passkey", async (op) => {
        try {
          await verifyPasskeyAssertion(c.var.db, c.env, {
            purpose: "second-factor",
            operatorId: op.id,
            response,
            origin,
            rpId,
            now: Date.now(),
          });
          return true;
        } catch (error) {
          // A refused passkey is a wrong second factor like a wrong code; challenge problems keep their own answer.
          if (error instanceof HttpError && error.code === "passkey_not_accepted") return false;
          throw error;
        }
      });
      return c.json(me, 200);
    },
  );

/** The caller's own second factor. Session only: an API token can neither add nor remove a factor. */
export const ownSecondFactorRoutes = apiRouter(requireOperator, requireSession)
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "getSecondFactor",
      security: sessionOnly,
      tags,
      summary: "Your second factor: methods, whether the account requires one, recovery codes left (session only)",
      responses: { 200: json(secondFactorStatusSchema, "The status"), ...errors },
    }),
    async (c) => c.json(await secondFactorStatus(c.var.db, self(c.var.principal)), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/totp",
      operationId: "startTotpEnrolment",
      security: sessionOnly,
      tags,
      summary: "Start setting up an authenticator app: a new secret, shown now only (session only)",
      responses: {
        200: json(totpEnrolmentSchema, "The secret and its otpauth:// URI"),
        409: json(errorSchema, "already_enrolled"),
        ...errors,
      },
    }),
    async (c) => {
      const p = c.var.principal;
      return c.json(await startTotpEnrolment(c.env, c.var.db, { ...self(p), email: p.operator.email }), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/totp/confirm",
      operationId: "confirmTotpEnrolment",
      security: sessionOnly,
      tags,
      summary: "Confirm the authenticator with its first code; answers ten one-time recovery codes, shown once (session only)",
      request: { body: jsonBody(totpCodeSchema) },
      responses: {
        200: json(recoveryCodesSchema, "The recovery codes"),
        409: json(errorSchema, "enrolment_not_started or already_enrolled"),
        429: expiredResponse[429],
        ...errors,
      },
    }),
    async (c) => {
      const operator = self(c.var.principal);
      await countSecondFactorAttempt(c.var.db, operator, null, Date.now());
      return c.json({ recoveryCodes: await confirmTotpEnrolment(c.env, c.var.db, operator, c.req.valid("json").code) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/totp",
      operationId: "removeTotp",
      security: sessionOnly,
      tags,
      summary: "Remove your authenticator and recovery codes; needs your password or a current code (session only)",
      request: { body: jsonBody(reauthenticationSchema) },
      responses: {
        204: { description: "Removed" },
        409: json(errorSchema, "not_enrolled, or second_factor_required by the account's policy"),
        429: expiredResponse[429],
        ...errors,
      },
    }),
    async (c) => {
      const operator = self(c.var.principal);
      await requireReauthentication(c.env, c.var.db, operator, c.req.valid("json"));
      await disableOwnTotp(c.var.db, operator);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/recovery-codes",
      operationId: "regenerateRecoveryCodes",
      security: sessionOnly,
      tags,
      summary: "Ten new recovery codes in place of the old ones; needs your password or a current code (session only)",
      request: { body: jsonBody(reauthenticationSchema) },
      responses: {
        200: json(recoveryCodesSchema, "The recovery codes"),
        409: json(errorSchema, "not_enrolled"),
        429: expiredResponse[429],
        ...errors,
      },
    }),
    async (c) => {
      const operator = self(c.var.principal);
      await requireReauthentication(c.env, c.var.db, operator, c.req.valid("json"));
      return c.json({ recoveryCodes: await regenerateRecoveryCodes(c.var.db, operator) }, 200);
    },
  );
