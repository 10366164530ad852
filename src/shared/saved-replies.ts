// Saved replies: what the server checks and the composer does with them. No zod here, so the app
// can use the same key, the same choice of language and the same filling of placeholders.

/** How long a title may be, once trimmed. */
export const SAVED_REPLY_TITLE_MAX = 100;
/** How long a shortcut may be (what follows "/" in the composer). */
export const SAVED_REPLY_SHORTCUT_MAX = 30;
/**
 * How long one language's text may be: below the message limit (4,000), so the filled-in names
 * still fit into one message.
 */
export const SAVED_REPLY_TEXT_MAX = 3000;

/** The placeholders a text may hold, written `{visitor_name}`; anything else in braces of that shape is refused. */
export const SAVED_REPLY_PLACEHOLDERS = ["visitor_name", "operator_name"] as const;
export type SavedReplyPlaceholder = (typeof SAVED_REPLY_PLACEHOLDERS)[number];

/** Anything that looks like a placeholder: lower-case letters and underscores in braces. */
const PLACEHOLDER = /\{([a-z_]+)\}/g;

/**
 * The language a reply falls back to when it has no text in the visitor's: English, as the
 * widget's own texts do (an account has no language of its own).
 */
export const SAVED_REPLY_DEFAULT_LANGUAGE = "en";

/** What a shortcut is matched by: trimmed, without a leading "/", NFKC-normalised and lower-cased without a locale. */
export const shortcutKey = (shortcut: string): string => shortcut.trim().replace(/^\//, "").normalize("NFKC").toLowerCase();

/** Letters, digits, "-" and "_": what can follow "/" in the composer without a space ending it. */
export const SHORTCUT_PATTERN = /^[\p{L}\p{N}_-]+$/u;

/** The placeholders in `text` that are not ones we fill, each once, in their order. */
export function unknownPlaceholders(text: string): string[] {
  const unknown = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (!(SAVED_REPLY_PLACEHOLDERS as readonly string[]).includes(name)) unknown.add(name);
  }
  return [...unknown];
}

/**
 * The text a visitor speaking `language` gets: theirs (by primary subtag, "de-AT" is "de"), else
 * the default language's, else the first language in code order, so the choice never depends on
 * the order the texts were stored in.
 */
export function pickReplyText(texts: Readonly<Record<string, string>>, language: string | null): { language: string; text: string } {
  const primary = (language ?? "").toLowerCase().split(/[-_]/)[0] ?? "";
  for (const code of [primary, SAVED_REPLY_DEFAULT_LANGUAGE]) {
    const text = texts[code];
    if (code && text) return { language: code, text };
  }
  const first = Object.keys(texts).sort()[0] ?? SAVED_REPLY_DEFAULT_LANGUAGE;
  return { language: first, text: texts[first] ?? "" };
}

/**
 * `text` with each placeholder replaced by its value; a placeholder whose value is null (a visitor
 * who gave no name) stays as written, for the operator to replace before sending.
 */
export function fillPlaceholders(text: string, values: Readonly<Record<SavedReplyPlaceholder, string | null>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = (values as Record<string, string | null | undefined>)[name];
    return typeof value === "string" ? value : whole;
  });
}
