import { type ConversationCipher, loadKeyRing, openDataKey } from "../crypto/key-ring";
import type { Db } from "../db/client";
import { findWrappedKey, findWrappedKeys } from "../db/conversations";
import { HttpError } from "../errors";

// A conversation's vault: the cipher of its data key, opened with the key ring in one call. The
// ring is parsed once per isolate (loadKeyRing caches it); each call unwraps the data key anew.

/** Which conversation a wrapped data key belongs to: the key is bound to both ids. */
export interface VaultKey {
  accountId: string;
  conversationId: string;
  wrappedKey: string;
}

/** Opens the cipher of a wrapped data key at hand (the room keeps its own copy). */
export async function openVault(env: Pick<Env, "KEY_RING">, key: VaultKey): Promise<ConversationCipher> {
  return openDataKey(await loadKeyRing(env.KEY_RING), key.wrappedKey, key.accountId, key.conversationId);
}

/** The cipher of a conversation whose wrapped key is in D1; null when it is gone (erased). */
export async function openConversationVault(
  env: Pick<Env, "KEY_RING">,
  db: Db,
  accountId: string,
  conversationId: string,
): Promise<ConversationCipher | null> {
  const wrappedKey = await findWrappedKey(db, accountId, conversationId);
  return wrappedKey ? openVault(env, { accountId, conversationId, wrappedKey }) : null;
}

/** As openConversationVault, where a conversation without a key is a 404. */
export async function requireConversationVault(
  env: Pick<Env, "KEY_RING">,
  db: Db,
  accountId: string,
  conversationId: string,
): Promise<ConversationCipher> {
  const cipher = await openConversationVault(env, db, accountId, conversationId);
  if (!cipher) throw new HttpError(404, "not_found", "No such conversation.");
  return cipher;
}

/**
 * The vaults of several conversations of one account, their wrapped keys read in one query (not
 * one per row). Each opens when asked for, so only the rows that need decrypting pay for it; null
 * for a conversation without a key (erased meanwhile).
 */
export async function conversationVaults(
  env: Pick<Env, "KEY_RING">,
  db: Db,
  accountId: string,
  conversationIds: string[],
): Promise<(conversationId: string) => Promise<ConversationCipher | null>> {
  return vaultsOfKeys(env, accountId, await findWrappedKeys(db, accountId, conversationIds));
}

/** As conversationVaults, for wrapped keys already read (with other lookups in one round trip). */
export async function vaultsOfKeys(
  env: Pick<Env, "KEY_RING">,
  accountId: string,
  keys: ReadonlyMap<string, string>,
): Promise<(conversationId: string) => Promise<ConversationCipher | null>> {
  const ring = await loadKeyRing(env.KEY_RING);
  return async (conversationId) => {
    const wrappedKey = keys.get(conversationId);
    return wrappedKey ? openDataKey(ring, wrappedKey, accountId, conversationId) : null;
  };
}
