import { verifiedUserIndex } from "../crypto/blind-index";
import { randomToken, utf8 } from "../crypto/encoding";
import { type ConversationCipher, loadKeyRing, openWidgetSecret, sealWidgetSecret } from "../crypto/key-ring";
import { resealWithActiveKey } from "../crypto/reseal";
import type { Db } from "../db/client";
import { findWidgetBySiteKey, replaceWidgetSecret, setIdentitySecret, type Widget, widgetSecretsNotSealedWith } from "../db/widgets";
import type { StartConversation } from "../shared/api";

// Verified visitors. A customer's page may say who its signed-in user is (data-user-id) with an
// HMAC-SHA256 of that id under the widget's secret (data-user-hash), computed on the customer's
// server, which alone knows the secret besides Confide. A claim that does not verify is dropped
// without a word to the visitor and nothing of it is kept: an unverified id is never shown or linked.

/** A claim as the widget passes it on (src/shared/api.ts startConversationSchema). */
export type IdentityClaim = NonNullable<StartConversation["identity"]>;

/** What a verified claim leaves on the conversation: the id sealed with its data key, and its blind index. */
export interface VerifiedUser {
  enc: string;
  bidx: string;
}

/** A new secret: 256 random bits, base64url. The customer's server uses its characters as the HMAC key. */
export const newIdentitySecret = (): string => randomToken();

/** The widget's identity secret in clear; null when it has none. */
export async function identitySecretOf(env: Pick<Env, "KEY_RING">, widget: Pick<Widget, "id" | "accountId" | "identitySecretEnc">) {
  if (!widget.identitySecretEnc) return null;
  return openWidgetSecret(await loadKeyRing(env.KEY_RING), widget.identitySecretEnc, widget.accountId, widget.id);
}

/** Seals and stores a fresh secret for the widget (turning verification on, when asked); answers it in clear. */
export async function renewIdentitySecret(
  env: Pick<Env, "KEY_RING">,
  db: Db,
  widget: Pick<Widget, "id" | "accountId">,
  verification?: boolean,
) {
  const secret = newIdentitySecret();
  const secretEnc = await sealWidgetSecret(await loadKeyRing(env.KEY_RING), widget.accountId, widget.id, secret);
  await setIdentitySecret(db, widget.accountId, widget.id, { secretEnc, ...(verification !== undefined ? { verification } : {}) });
  return secret;
}

/** Hex (either case) of 32 bytes into those bytes; null for anything else. */
function hashBytes(hex: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return null;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** True when `userHash` is HMAC-SHA256(secret, userId); HMAC verify compares in constant time. */
export async function hashMatches(secret: string, userId: string, userHash: string): Promise<boolean> {
  const expected = hashBytes(userHash);
  if (!expected) return false;
  const key = await crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  return crypto.subtle.verify("HMAC", key, expected, utf8(userId));
}

/**
 * The claimed user id when `claim` verifies for a chat on `widget`, else null. Both the widget
 * serving the chat and the widget whose secret signed the claim (the embedded one, which the router
 * may have replaced: `claim.siteKey`) must be of one account and have verification on.
 */
export async function verifiedClaim(
  env: Pick<Env, "KEY_RING">,
  db: Db,
  widget: Widget,
  claim: IdentityClaim | undefined,
): Promise<string | null> {
  if (!claim || !widget.identityVerification) return null;
  const signer = claim.siteKey && claim.siteKey !== widget.siteKey ? await findWidgetBySiteKey(db, claim.siteKey) : widget;
  if (!signer || signer.accountId !== widget.accountId || !signer.identityVerification) return null;
  const secret = await identitySecretOf(env, signer);
  if (!secret || !(await hashMatches(secret, claim.userId, claim.userHash))) return null;
  return claim.userId;
}

/** The verified id sealed for the conversation, with its blind index for linking. */
export async function sealVerifiedUser(
  env: Pick<Env, "BLIND_INDEX_KEY">,
  cipher: ConversationCipher,
  accountId: string,
  userId: string,
): Promise<VerifiedUser> {
  return {
    enc: await cipher.encrypt("visitor.verified_user", userId),
    bidx: await verifiedUserIndex(env.BLIND_INDEX_KEY, accountId, userId),
  };
}

/** Widget secrets one sweep re-seals at most: a deployment has few widgets, so one run usually finishes. */
const RESEAL_BATCH = 500;

/**
 * Key rotation for widget identity secrets: seals those still on an older ring key with the active
 * one (the hourly sweep). The secret itself stays, so customers' hashes stay valid. Null when the
 * ring holds only its active key.
 */
export const resealWidgetSecrets = (env: Env, db: Db) =>
  resealWithActiveKey(env.KEY_RING, {
    name: "a widget identity secret",
    pending: (prefix) => widgetSecretsNotSealedWith(db, prefix, RESEAL_BATCH),
    reseal: async (row, ring) => {
      if (!row.identitySecretEnc) return;
      const secret = await openWidgetSecret(ring, row.identitySecretEnc, row.accountId, row.id);
      await replaceWidgetSecret(db, row.id, row.identitySecretEnc, await sealWidgetSecret(ring, row.accountId, row.id, secret));
    },
    remaining: async (prefix) => (await widgetSecretsNotSealedWith(db, prefix, RESEAL_BATCH)).length,
  });
