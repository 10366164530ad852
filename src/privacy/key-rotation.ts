import { conversationRooms } from "../conversation/namespaces";
import { envelopePrefix } from "../crypto/envelope";
import { loadKeyRing, rewrapDataKey } from "../crypto/key-ring";
import type { Db } from "../db/client";
import { countKeysNotWrappedWith, type KeyToRewrap, keysNotWrappedWith, replaceWrappedKeys } from "../db/conversation-keys";

// Key rotation in the background. When KEY_RING gets a new active key, new conversations are
// wrapped with it at once; this re-wraps the data keys of older ones (D1's copy, and the room's own
// copy while a conversation is open) with the new key, a bounded chunk at a time in each hourly
// sweep. The data keys themselves stay the same, so no message or field is re-encrypted. Once
// `remaining` reaches zero no wrapped key references another ring key, and those keys can be
// removed from KEY_RING (README, "Rotating the key ring").

/** Data keys one run may re-wrap: two AES-GCM operations each, and an RPC to the room of an open conversation. */
export const ROTATION_BUDGET_PER_RUN = 5_000;
/** And at most this long; the next hourly run continues. */
export const ROTATION_SECONDS_PER_RUN = 10;
/** Keys per D1 batch of updates, and open rooms asked at once. */
const ROTATION_CHUNK = 50;

export interface RotationReport {
  activeKeyId: string;
  /** Data keys re-wrapped with the active key in this run. */
  rewrapped: number;
  /** Data keys that could not be re-wrapped (their ring key is missing, or their room failed); retried next run. */
  failed: number;
  /** Data keys still wrapped with another ring key after this run. */
  remaining: number;
}

/**
 * One run of background re-wrapping. Null when the ring holds only its active key: then nothing
 * can be re-wrapped, and the run costs no query at all.
 */
export async function rewrapDataKeys(env: Env, db: Db, budget = ROTATION_BUDGET_PER_RUN): Promise<RotationReport | null> {
  const ring = await loadKeyRing(env.KEY_RING);
  if (ring.keys.size === 1) return null;
  const prefix = envelopePrefix(ring.activeId);
  const rooms = conversationRooms(env);
  const stopAt = Date.now() + ROTATION_SECONDS_PER_RUN * 1000;
  let seen = 0;
  let rewrapped = 0;
  let failed = 0;
  // A keyset over conversation ids: a key that fails is passed over, not tried again in this run.
  let after = "";
  while (seen < budget && Date.now() < stopAt) {
    const page = await keysNotWrappedWith(db, prefix, after, Math.min(ROTATION_CHUNK, budget - seen));
    if (page.length === 0) break;
    seen += page.length;
    after = page.at(-1)!.conversationId;
    const done = await Promise.all(
      page.map(async (key: KeyToRewrap) => {
        try {
          const to = await rewrapDataKey(ring, key.wrappedKey, key.accountId, key.conversationId);
          // The room's copy first: D1's copy moves only once the room's has, so a failed room is found again next run.
          if (key.status === "open") await rooms.get(rooms.idFromString(key.conversationId)).rewrapKey();
          return { conversationId: key.conversationId, accountId: key.accountId, from: key.wrappedKey, to };
        } catch (error) {
          console.error("key rotation failed for a data key", error instanceof Error ? error.name : "unknown");
          return null;
        }
      }),
    );
    const rewrappedNow = done.filter((k) => k !== null);
    await replaceWrappedKeys(db, rewrappedNow);
    rewrapped += rewrappedNow.length;
    failed += page.length - rewrappedNow.length;
  }
  return { activeKeyId: ring.activeId, rewrapped, failed, remaining: await countKeysNotWrappedWith(db, prefix) };
}
