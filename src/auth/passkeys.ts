import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { and, eq } from "drizzle-orm";
import { fromBase64, toBase64Url, utf8 } from "../crypto/encoding";
import {
  issuePasskeyChallenge,
  PASSKEY_TIMEOUT_MS,
  type PasskeyChallenge,
  type PasskeyPurpose,
  readPasskeyChallenge,
} from "../crypto/passkey-challenge";
import { audit } from "../db/audit";
import type { Principal } from "../db/auth";
import { spendChallenge } from "../db/challenges";
import type { Db } from "../db/client";
import {
  countPasskeys,
  findPasskey,
  insertPasskey,
  listPasskeys,
  MAX_PASSKEYS_PER_OPERATOR,
  type PasskeyRow,
  recordPasskeyUse,
} from "../db/passkeys";
import { operators } from "../db/schema";
import { HttpError } from "../errors";
import { auditAction } from "../privacy/audit";
import type { AuthenticationResponse, RegistrationResponse } from "../shared/passkeys";
import type { VerifiedOperator } from "./sign-in";

// Passkeys (WebAuthn) with @simplewebauthn/server, which checks responses with WebCrypto only.
// Every passkey is discoverable and user-verified: the authenticator holds the operator's handle
// (usernameless sign-in) and checked a PIN or biometric, so one passkey is two factors.

/**
 * The relying party is this deployment as the request reached it: its host name is the RP ID and
 * its origin the only origin a response may come from. Nothing to configure, and a passkey made on
 * one deployment's host never signs in on another's. (Browsers refuse IP addresses as RP IDs:
 * locally, open the app on http://localhost, not 127.0.0.1.)
 */
export interface RelyingParty {
  rpId: string;
  origin: string;
}

export const relyingPartyOf = (requestUrl: string): RelyingParty => {
  const url = new URL(requestUrl);
  return { rpId: url.hostname, origin: url.origin };
};

/** Signing secrets and the time; what the challenge functions need of the environment. */
export interface PasskeyEnv {
  TOKEN_SIGNING_KEY: string;
}

const RP_NAME = "Confide";

/** The user handle the authenticator keeps: the operator's random id, never their email. */
const userHandleOf = (operatorId: string): string => toBase64Url(utf8(operatorId));

const transportsOf = (row: PasskeyRow) => JSON.parse(row.transports) as NonNullable<RegistrationResponse["response"]["transports"]>;

/**
 * Reads and spends the challenge a response carries. Refuses one this deployment did not sign, an
 * expired one, one issued for another purpose or operator, and any second use: spent at the first
 * attempt, whether the rest of the response holds or not.
 */
async function spendResponseChallenge(
  db: Db,
  env: PasskeyEnv,
  clientDataJSON: string,
  expected: { purpose: PasskeyPurpose; operatorId: string | null },
  now: number,
): Promise<PasskeyChallenge & { encoded: string }> {
  const challenge = await readPasskeyChallenge(env.TOKEN_SIGNING_KEY, clientDataJSON, now);
  if (
    !challenge ||
    challenge.purpose !== expected.purpose ||
    (expected.operatorId !== null && challenge.operatorId !== expected.operatorId)
  ) {
    throw new HttpError(400, "passkey_challenge_invalid", "This passkey request has expired or was not made for this. Start again.");
  }
  if (!(await spendChallenge(db, `passkey:${challenge.nonce}`, challenge.expiresAt))) {
    throw new HttpError(409, "passkey_challenge_used", "This passkey request was already used. Start again.");
  }
  return challenge;
}

/** Options for navigator.credentials.create(): a discoverable, user-verified passkey for the signed-in operator. */
export async function passkeyRegistrationOptions(
  db: Db,
  env: PasskeyEnv,
  args: { principal: Principal; rp: RelyingParty; now: number },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { principal: p } = args;
  const existing = await listPasskeys(db, p.account.id, p.operator.id);
  return generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: args.rp.rpId,
    userName: p.operator.email,
    userID: utf8(p.operator.id),
    userDisplayName: p.operator.displayName,
    challenge: await issuePasskeyChallenge(env.TOKEN_SIGNING_KEY, "register", p.operator.id, args.now),
    timeout: PASSKEY_TIMEOUT_MS,
    // No attestation: any authenticator is welcome, so its maker and model would only be data about the person's device.
    attestationType: "none",
    excludeCredentials: existing.map((row) => ({ id: row.id, transports: transportsOf(row) })),
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
    extensions: { credProps: true },
  });
}

/**
 * Checks a new passkey's registration response (challenge, origin, RP ID, user verification) and
 * stores it for the signed-in operator; audited as `passkey.added`.
 */
export async function addPasskey(
  db: Db,
  env: PasskeyEnv,
  args: { principal: Principal; name: string; response: RegistrationResponse; rp: RelyingParty; now: number },
): Promise<PasskeyRow> {
  const { principal: p, now } = args;
  const challenge = await spendResponseChallenge(
    db,
    env,
    args.response.response.clientDataJSON,
    { purpose: "register", operatorId: p.operator.id },
    now,
  );
  if ((await countPasskeys(db, p.account.id, p.operator.id)) >= MAX_PASSKEYS_PER_OPERATOR) {
    throw new HttpError(409, "too_many_passkeys", `You have ${MAX_PASSKEYS_PER_OPERATOR} passkeys; remove one first.`);
  }
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>> | null;
  try {
    verified = await verifyRegistrationResponse({
      response: args.response,
      expectedChallenge: challenge.encoded,
      expectedOrigin: args.rp.origin,
      expectedRPID: args.rp.rpId,
      requireUserVerification: true,
    });
  } catch {
    verified = null;
  }
  if (!verified?.verified || !verified.registrationInfo.userVerified) {
    throw new HttpError(400, "passkey_not_verified", "The browser's answer could not be verified for this site. Try again.");
  }
  const credential = verified.registrationInfo.credential;
  const row = {
    id: credential.id,
    accountId: p.account.id,
    operatorId: p.operator.id,
    publicKey: toBase64Url(credential.publicKey),
    counter: credential.counter,
    transports: JSON.stringify(args.response.response.transports ?? []),
    name: args.name,
    createdAt: now,
  };
  if (!(await insertPasskey(db, row))) throw new HttpError(409, "passkey_exists", "This passkey is already registered.");
  await auditAction(db, p, { action: "passkey.added", targetType: "passkey", targetId: row.id, count: 1, now });
  return { ...row, lastUsedAt: null };
}

/**
 * Options for navigator.credentials.get(). A usernameless sign-in names no passkey (the browser
 * offers the discoverable ones it has); a second factor names the operator's own.
 */
export async function passkeyAssertionOptions(
  db: Db,
  env: PasskeyEnv,
  args: { purpose: "sign-in" } | { purpose: "second-factor"; accountId: string; operatorId: string },
  rp: RelyingParty,
  now: number,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const operatorId = args.purpose === "second-factor" ? args.operatorId : null;
  const allow = args.purpose === "second-factor" ? await listPasskeys(db, args.accountId, args.operatorId) : [];
  return generateAuthenticationOptions({
    rpID: rp.rpId,
    challenge: await issuePasskeyChallenge(env.TOKEN_SIGNING_KEY, args.purpose, operatorId, now),
    timeout: PASSKEY_TIMEOUT_MS,
    userVerification: "required",
    allowCredentials: allow.map((row) => ({ id: row.id, transports: transportsOf(row) })),
  });
}

const notAccepted = () => new HttpError(401, "passkey_not_accepted", "This passkey was not accepted.");

/** The signature counter in authenticator data (bytes 33–36, big-endian); null when too short. */
function counterOf(authenticatorData: string): number | null {
  const bytes = fromBase64(authenticatorData);
  return bytes.length < 37 ? null : new DataView(bytes.buffer, bytes.byteOffset).getUint32(33);
}

/**
 * Checks a passkey assertion and answers the operator it proves, or throws. The one check behind
 * passkey sign-in (`purpose: "sign-in"`, usernameless) and the passkey as a second factor after a
 * password (`purpose: "second-factor"` with the `operatorId` the password proved; the challenge must
 * have been issued for that operator by `passkeyAssertionOptions`).
 *
 * Refuses, all as 401 `passkey_not_accepted` with no detail: an unknown credential, another
 * operator's, a bad signature, another origin or RP ID, no user verification, a disabled operator,
 * and a counter that did not grow (a cloned authenticator). Challenge problems are 400
 * `passkey_challenge_invalid` / 409 `passkey_challenge_used`. Failures of a known passkey are
 * audited (`passkey.sign_in_failed`, `passkey.counter_regressed`) in its owner's account; success
 * is not: the caller's `beginSession` records the sign-in with its method.
 */
export async function verifyPasskeyAssertion(
  db: Db,
  env: PasskeyEnv,
  args: {
    purpose: "sign-in" | "second-factor";
    operatorId?: string;
    response: AuthenticationResponse;
    origin: string;
    rpId: string;
    now: number;
  },
): Promise<{ operator: VerifiedOperator & { roleId: string }; passkeyId: string }> {
  const { response, now } = args;
  if (args.purpose === "second-factor" && !args.operatorId) throw new Error("a second factor needs the operator the password proved");
  const challenge = await spendResponseChallenge(
    db,
    env,
    response.response.clientDataJSON,
    { purpose: args.purpose, operatorId: args.operatorId ?? null },
    now,
  );
  const passkey = await findPasskey(db, response.id);
  if (!passkey || (args.operatorId !== undefined && passkey.operatorId !== args.operatorId)) throw notAccepted();
  const failed = async (action: "passkey.sign_in_failed" | "passkey.counter_regressed") => {
    await audit(db, {
      accountId: passkey.accountId,
      actorKind: "operator",
      actorId: passkey.operatorId,
      action,
      targetType: "passkey",
      targetId: passkey.id,
      now,
    });
    return notAccepted();
  };
  // The handle the authenticator keeps for this credential must be its owner's.
  if (response.response.userHandle !== undefined && response.response.userHandle !== userHandleOf(passkey.operatorId))
    throw await failed("passkey.sign_in_failed");
  const operator = await db.query.operators.findFirst({
    where: and(eq(operators.id, passkey.operatorId), eq(operators.accountId, passkey.accountId)),
  });
  if (!operator || operator.disabled) throw await failed("passkey.sign_in_failed");
  const counter = counterOf(response.response.authenticatorData);
  if (counter === null) throw await failed("passkey.sign_in_failed");
  // Authenticators that keep no counter send 0 every time; any other must go up.
  if ((counter > 0 || passkey.counter > 0) && counter <= passkey.counter) throw await failed("passkey.counter_regressed");
  let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>> | null;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.encoded,
      expectedOrigin: args.origin,
      expectedRPID: args.rpId,
      credential: { id: passkey.id, publicKey: fromBase64(passkey.publicKey), counter: passkey.counter, transports: transportsOf(passkey) },
      requireUserVerification: true,
    });
  } catch {
    verified = null;
  }
  if (!verified?.verified || !verified.authenticationInfo.userVerified) throw await failed("passkey.sign_in_failed");
  // A second assertion racing with the same counter loses here.
  if (
    !(await recordPasskeyUse(db, {
      id: passkey.id,
      expectedCounter: passkey.counter,
      newCounter: verified.authenticationInfo.newCounter,
      now,
    }))
  ) {
    throw await failed("passkey.counter_regressed");
  }
  return { operator: { id: operator.id, accountId: operator.accountId, roleId: operator.roleId }, passkeyId: passkey.id };
}
