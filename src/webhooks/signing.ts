import { randomBytes, timingSafeEqual, toBase64Url, toHex, utf8 } from "../crypto/encoding";
import { type Binding, envelopeKeyId, openText, sealText } from "../crypto/envelope";
import { KeyRingError, loadKeyRing } from "../crypto/key-ring";
import { resealWithActiveKey } from "../crypto/reseal";
import type { Db } from "../db/client";
import { countWebhookSecretsNotSealedWith, replaceWebhookSecret, webhookSecretsNotSealedWith } from "../db/webhooks";

// Webhook signatures, in Stripe's scheme: `Confide-Signature: t=<unix seconds>,v1=<hex>` where the
// hex is HMAC-SHA256 of "<t>.<raw body>" keyed with the endpoint's whole secret ("whsec_…" as
// UTF-8). The timestamp is signed too, so a receiver that refuses old timestamps (5 minutes, see
// README.md "Webhooks") cannot be replayed a captured delivery later. The secret is generated here,
// shown once (creation, rotation) and otherwise stored only sealed with the key ring, bound to its
// account and endpoint: copied to another endpoint's row, it does not open.

/** How old a signature a receiver should accept, in seconds (what verifySignature uses by default). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** A new endpoint secret: "whsec_" and 32 random bytes, base64url. */
export const generateWebhookSecret = (): string => `whsec_${toBase64Url(randomBytes(32))}`;

const secretBinding = (accountId: string, endpointId: string): Binding => ({
  accountId,
  conversationId: `webhook:${endpointId}`,
  field: "webhook.secret",
});

export async function sealWebhookSecret(
  env: Pick<Env, "KEY_RING">,
  accountId: string,
  endpointId: string,
  secret: string,
): Promise<string> {
  const ring = await loadKeyRing(env.KEY_RING);
  const key = ring.keys.get(ring.activeId);
  if (!key) throw new KeyRingError("the active key is not in the ring");
  return sealText(key, ring.activeId, secret, secretBinding(accountId, endpointId));
}

export async function openWebhookSecret(
  env: Pick<Env, "KEY_RING">,
  accountId: string,
  endpointId: string,
  sealed: string,
): Promise<string> {
  const ring = await loadKeyRing(env.KEY_RING);
  const key = ring.keys.get(envelopeKeyId(sealed));
  if (!key) throw new KeyRingError("the key that sealed the webhook secret is no longer in the ring");
  return openText(key, sealed, secretBinding(accountId, endpointId));
}

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return toHex(await crypto.subtle.sign("HMAC", key, utf8(message)));
}

/** The Confide-Signature header for `body` sent at `timestampSeconds`. */
export async function signatureHeader(secret: string, body: string, timestampSeconds: number): Promise<string> {
  return `t=${timestampSeconds},v1=${await hmacHex(secret, `${timestampSeconds}.${body}`)}`;
}

/**
 * The receiver's check, as README.md documents it: a v1 signature of "<t>.<body>" matches, and t is
 * within the tolerance of now. Any v1 may match (during a secret rotation a receiver may try both).
 */
export async function verifySignature(
  secret: string,
  header: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): Promise<boolean> {
  const parts = header.split(",").map((part) => part.trim().split("="));
  const t = Number(parts.find(([k]) => k === "t")?.[1]);
  const signatures = parts.filter(([k, v]) => k === "v1" && v).map(([, v]) => v!);
  if (!Number.isInteger(t) || signatures.length === 0 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = await hmacHex(secret, `${t}.${body}`);
  return signatures.some((s) => timingSafeEqual(s, expected));
}

/** Endpoint secrets one sweep may re-seal. */
export const WEBHOOK_RESEAL_PER_RUN = 1_000;

/**
 * Re-seals endpoint secrets with the ring's active key (the hourly sweep, during a key rotation), so
 * the old key can leave the ring without breaking any endpoint's signatures. Null when the ring
 * holds only its active key.
 */
export const resealWebhookSecrets = (env: Env, db: Db, budget = WEBHOOK_RESEAL_PER_RUN) =>
  resealWithActiveKey(env.KEY_RING, {
    name: "a webhook secret",
    pending: (prefix) => webhookSecretsNotSealedWith(db, prefix, budget),
    reseal: async (row) => {
      const secret = await openWebhookSecret(env, row.accountId, row.id, row.secretEnc);
      await replaceWebhookSecret(db, row.id, row.secretEnc, await sealWebhookSecret(env, row.accountId, row.id, secret));
    },
    remaining: (prefix) => countWebhookSecretsNotSealedWith(db, prefix),
  });
