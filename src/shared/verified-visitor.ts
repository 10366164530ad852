// Verified visitors, the widget's side of the claim (zod-free, so the widget may import it): what the
// embed tag's data-user-id and data-user-hash must look like to be sent at all. The server checks
// the hash (src/conversation/verified-visitor.ts); the widget only drops what could never verify.

/** The longest user id a verified visitor may carry, in UTF-16 code units. */
export const MAX_VERIFIED_USER_ID_CHARS = 256;

/** A user id and its HMAC-SHA256 in hex, and the embedded widget whose secret made it. */
export interface IdentityClaim {
  userId: string;
  userHash: string;
  siteKey: string;
}

/** The claim the embed tag's attributes make, or null when either is missing or malformed (then the chat starts unverified). */
export function identityClaimOf(data: { userId?: string; userHash?: string } | undefined, siteKey: string): IdentityClaim | null {
  const userId = data?.userId;
  const userHash = data?.userHash?.trim();
  if (!userId || userId.length > MAX_VERIFIED_USER_ID_CHARS || !userHash || !/^[0-9a-fA-F]{64}$/.test(userHash)) return null;
  return { userId, userHash, siteKey };
}
