// Tags are matched case-insensitively: "Billing" and "billing" are one tag of a conversation, and a
// filter for either finds both. No zod here, so the app can use the same key for its suggestions.

/** How long a tag may be, once trimmed. */
export const TAG_MAX_LENGTH = 50;
/** How many tags one conversation may carry. */
export const TAGS_PER_CONVERSATION = 20;

/**
 * What a tag is matched by: Unicode-normalised (NFKC, so a ligature or full-width letter matches its
 * plain form) and lower-cased without a locale (the same key in every operator's browser and on the server).
 */
export const tagKey = (tag: string): string => tag.trim().normalize("NFKC").toLowerCase();

/** `tags` with one entry per key, the first spelling of each kept, in their order. */
export function distinctTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    const key = tagKey(tag);
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    kept.push(tag);
  }
  return kept;
}
