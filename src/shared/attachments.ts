// What the worker, the widget and the operator app agree on about attachments: the categories a
// widget may allow, the size limits, and the shape of an attachment in frames and lists. No zod,
// so the widget and the app import it; src/shared/admin-api.ts builds its schemas from it.

/** The kinds of file a widget may allow; the bytes decide which one a file is, and the types and extensions of each are there (src/attachments/file-kind.ts). */
export const ATTACHMENT_CATEGORIES = ["image", "pdf", "text", "office"] as const;
export type AttachmentCategory = (typeof ATTACHMENT_CATEGORIES)[number];

/** The largest file a widget may allow, in megabytes (MB = 1,000,000 bytes), and what a new widget allows. */
export const ATTACHMENT_MAX_MEGABYTES = { min: 1, max: 25, initial: 10 } as const;
export const BYTES_PER_MEGABYTE = 1_000_000;

/** Filenames are kept (sealed) up to this many characters; longer ones are shortened, keeping the extension. */
export const MAX_ATTACHMENT_NAME_CHARS = 200;

/** A file on a message: its id, its (sanitised) name, the type its bytes showed, its size in bytes after metadata stripping. */
export interface AttachmentInfo {
  id: string;
  name: string;
  type: string;
  size: number;
}

/** Images of these types are shown inline (in the app and the widget); every other file is only downloaded. */
export const INLINE_IMAGE_TYPES: readonly string[] = ["image/jpeg", "image/png", "image/webp", "image/gif"];

/** What a widget lets visitors and operators send: on or off, a size cap and an allow-list of categories. */
export interface AttachmentSettings {
  enabled: boolean;
  maxMegabytes: number;
  types: AttachmentCategory[];
}

/**
 * A name safe to show and to offer as a download: no path, no control or bidirectional-override
 * characters (which can make "exe.pdf" read as "fdp.exe"), no leading dots, at most
 * MAX_ATTACHMENT_NAME_CHARS characters with the extension kept. Shown as text only, never as markup.
 */
export function sanitiseFilename(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    // C0/C1 controls, bidi overrides and isolates, zero-width characters.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are what the line removes.
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "")
    .replace(/[<>:"|?*]/g, "_")
    .trim()
    .replace(/^\.+/, "");
  if (cleaned === "") return "file";
  if (cleaned.length <= MAX_ATTACHMENT_NAME_CHARS) return cleaned;
  const dot = cleaned.lastIndexOf(".");
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : "";
  return cleaned.slice(0, MAX_ATTACHMENT_NAME_CHARS - extension.length) + extension;
}

/** How a file's size reads: "842 B", "12 KB", "3.4 MB" (decimal units, as the cap is set). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** A message's text with the file it carries named after it ("📎 name"): the transcript, an email, the inbox's preview. */
export const withFileNote = (body: string, fileName: string | null, separator = " "): string =>
  fileName === null ? body : `${body}${body ? separator : ""}📎 ${fileName}`;
