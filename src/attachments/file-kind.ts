// What an attachment is, decided from its bytes: the `file-type` package reads the magic numbers of
// binary formats; text (which has none) is accepted only as valid UTF-8 without NUL bytes that does
// not start like a page a browser would render. The file's name and its claimed MIME type are
// checked against what the bytes are, never trusted: a disagreement is refused
// (`attachment_type_mismatch`), and so is a type outside every category
// (`attachment_type_not_allowed`). Legacy Office files (.doc, .xls, .ppt) are refused: their
// container (CFB) is the same as a Windows installer's (.msi), which the detector cannot tell apart,
// and they carry macros. Macro-enabled OOXML (.docm, .xlsm, .pptm) is refused too.
// No dependency on the rest of the worker.
import { fileTypeFromBuffer } from "file-type";
import { type AttachmentCategory, INLINE_IMAGE_TYPES } from "../shared/attachments";

/** How many first bytes of a file detectFileKind needs (what `file-type` reads for its sample). */
export const DETECTION_HEAD_BYTES = 4100;

type KindInfo = {
  category: AttachmentCategory;
  /** The extension a stored file gets. */
  extension: string;
  /** Every extension a file of this kind may be named with. */
  extensions: readonly string[];
  /** Other MIME types browsers send for it. */
  aliases: readonly string[];
  /** For messages: "a PNG image". */
  label: string;
};

const KINDS = {
  "image/jpeg": {
    category: "image",
    extension: "jpg",
    extensions: ["jpg", "jpeg", "jpe", "jfif"],
    aliases: ["image/jpg", "image/pjpeg"],
    label: "a JPEG image",
  },
  "image/png": { category: "image", extension: "png", extensions: ["png"], aliases: ["image/x-png"], label: "a PNG image" },
  "image/webp": { category: "image", extension: "webp", extensions: ["webp"], aliases: [], label: "a WebP image" },
  "image/gif": { category: "image", extension: "gif", extensions: ["gif"], aliases: [], label: "a GIF image" },
  "application/pdf": { category: "pdf", extension: "pdf", extensions: ["pdf"], aliases: ["application/x-pdf"], label: "a PDF document" },
  "text/plain": {
    category: "text",
    extension: "txt",
    extensions: ["txt", "text", "log", "md", "csv"],
    aliases: ["text/markdown", "text/x-markdown", "text/csv", "text/x-log"],
    label: "a plain text file",
  },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
    category: "office",
    extension: "docx",
    extensions: ["docx"],
    aliases: [],
    label: "a Word document",
  },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
    category: "office",
    extension: "xlsx",
    extensions: ["xlsx"],
    aliases: [],
    label: "an Excel workbook",
  },
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": {
    category: "office",
    extension: "pptx",
    extensions: ["pptx"],
    aliases: [],
    label: "a PowerPoint presentation",
  },
  "application/vnd.oasis.opendocument.text": {
    category: "office",
    extension: "odt",
    extensions: ["odt"],
    aliases: [],
    label: "an OpenDocument text",
  },
  "application/vnd.oasis.opendocument.spreadsheet": {
    category: "office",
    extension: "ods",
    extensions: ["ods"],
    aliases: [],
    label: "an OpenDocument spreadsheet",
  },
  "application/vnd.oasis.opendocument.presentation": {
    category: "office",
    extension: "odp",
    extensions: ["odp"],
    aliases: [],
    label: "an OpenDocument presentation",
  },
} as const satisfies Record<string, KindInfo>;

/** A MIME type an attachment may have. */
export type AttachmentMime = keyof typeof KINDS;
const ALL_KINDS: Record<string, KindInfo> = KINDS;

/** The MIME types of each category. */
export const CATEGORY_MIME_TYPES: Record<AttachmentCategory, readonly AttachmentMime[]> = {
  image: mimesOf("image"),
  pdf: mimesOf("pdf"),
  text: mimesOf("text"),
  office: mimesOf("office"),
};

function mimesOf(category: AttachmentCategory): AttachmentMime[] {
  return (Object.keys(KINDS) as AttachmentMime[]).filter((mime) => KINDS[mime].category === category);
}

/** A file input's `accept` value for each category: its MIME types and extensions. */
export const CATEGORY_ACCEPT: Record<AttachmentCategory, string> = {
  image: acceptOf("image"),
  pdf: acceptOf("pdf"),
  text: acceptOf("text"),
  office: acceptOf("office"),
};

function acceptOf(category: AttachmentCategory): string {
  return CATEGORY_MIME_TYPES[category].flatMap((mime) => [mime, ...KINDS[mime].extensions.map((ext) => `.${ext}`)]).join(",");
}

/** A file input's `accept` value for a widget's allowed categories. */
export function acceptFor(categories: readonly AttachmentCategory[]): string {
  return categories.map((category) => CATEGORY_ACCEPT[category]).join(",");
}

/** Whether a client may show the file inline (`<img>`): jpeg, png, webp and gif only; never SVG. Everything else is a download. */
export function isInlineImage(mime: string): boolean {
  return INLINE_IMAGE_TYPES.includes(mime);
}

export type FileKind = { ok: true; mime: AttachmentMime; category: AttachmentCategory; extension: string };
export type FileKindRefusal = {
  ok: false;
  code: "attachment_type_mismatch" | "attachment_type_not_allowed";
  /** English, names the file and what it really is. */
  message: string;
};
export type FileKindResult = FileKind | FileKindRefusal;

/** What the uploader said about the file: its name and the MIME type the browser gave. */
export type FileClaim = { name?: string; claimedType?: string };

/** What the bytes are, when no category accepts them: for messages. */
const REFUSED_LABELS: Record<string, string> = {
  exe: "a Windows program",
  elf: "a Linux program",
  macho: "a macOS program",
  zip: "a ZIP archive",
  rar: "a RAR archive",
  "7z": "a 7-Zip archive",
  gz: "a gzip archive",
  tar: "a tar archive",
  cfb: "a legacy Office or Windows Installer file",
  docm: "a macro-enabled Word document",
  xlsm: "a macro-enabled Excel workbook",
  pptm: "a macro-enabled PowerPoint presentation",
  xml: "an XML document",
  html: "an HTML page",
  svg: "an SVG image",
  ps: "a PostScript file",
  rtf: "an RTF document",
};

/** What a name's extension says the file is, for extensions outside every category. */
const EXTENSION_LABELS: Record<string, string> = {
  ...REFUSED_LABELS,
  htm: "an HTML page",
  xhtml: "an HTML page",
  js: "a script",
  msi: "a Windows installer",
  doc: "a legacy Word document",
  xls: "a legacy Excel workbook",
  ppt: "a legacy PowerPoint presentation",
};

/**
 * What the file is, from its first bytes (`head`, DETECTION_HEAD_BYTES of them or the whole file
 * when shorter), checked against its name's extension and claimed MIME type.
 */
export async function detectFileKind(head: Uint8Array, claim: FileClaim = {}): Promise<FileKindResult> {
  const actual = await bytesKind(head);
  const name = claim.name ? `“${claim.name}”` : "The file";
  const extension = extensionOf(claim.name);
  const claimedMime = normaliseMime(claim.claimedType);
  const known = actual.mime === undefined ? undefined : ALL_KINDS[actual.mime];

  if (extension !== undefined && !fitsExtension(actual, extension)) {
    const said = EXTENSION_LABELS[extension] ?? kindByExtension(extension)?.label ?? `a .${extension} file`;
    return refuse("attachment_type_mismatch", `${name} is really ${actual.label}, not ${said} as its name says.`);
  }
  const claimed = claimedMime === undefined ? undefined : canonicalMime(claimedMime);
  if (claimed !== undefined && (known ? claimed !== actual.mime : claimed in ALL_KINDS)) {
    return refuse("attachment_type_mismatch", `${name} is really ${actual.label}, not of the type it was sent as (${claimedMime}).`);
  }
  if (!known || actual.mime === undefined) {
    return refuse("attachment_type_not_allowed", `${name} is ${actual.label}, which cannot be sent in a chat: ${ACCEPTED_SENTENCE}`);
  }
  return { ok: true, mime: actual.mime as AttachmentMime, category: known.category, extension: known.extension };
}

/** `kind` when a widget accepts its category; a refusal (`attachment_type_not_allowed`) when not. */
export function allowedKind(kind: FileKindResult, categories: readonly AttachmentCategory[]): FileKindResult {
  if (!kind.ok || categories.includes(kind.category)) return kind;
  const label = ALL_KINDS[kind.mime]?.label ?? kind.mime;
  const accepted = categories.length === 0 ? "no attachments" : `only ${categories.map((c) => CATEGORY_NAMES[c]).join(", ")}`;
  return refuse("attachment_type_not_allowed", `The file is ${label}; this chat accepts ${accepted}.`);
}

/**
 * The first `bytes` bytes of `stream` (fewer when it ends sooner), and a stream of the whole file
 * again (those bytes, then the rest), so detection reads no more than it needs.
 */
export async function readHead(
  stream: ReadableStream<Uint8Array>,
  bytes = DETECTION_HEAD_BYTES,
): Promise<{ head: Uint8Array; stream: ReadableStream<Uint8Array> }> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await reader.read();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const all = concat(chunks, length);
  const head = all.subarray(0, Math.min(bytes, length));
  const whole = new ReadableStream<Uint8Array>({
    start(controller) {
      if (all.length > 0) controller.enqueue(all);
      if (done) controller.close();
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { head, stream: whole };
}

const CATEGORY_NAMES: Record<AttachmentCategory, string> = {
  image: "images (JPEG, PNG, WebP, GIF)",
  pdf: "PDF documents",
  text: "plain text",
  office: "Office documents (Word, Excel, PowerPoint, OpenDocument)",
};
const ACCEPTED_SENTENCE = `accepted are ${Object.values(CATEGORY_NAMES).join(", ")}.`;

/** What the bytes are: an attachment MIME type, or a label (and extensions) of something refused. */
type BytesKind = { mime?: string; label: string; extensions?: readonly string[] };

/**
 * Whether a name's extension fits what the bytes are: one of the kind's own extensions; for an
 * unknown binary file, any extension that is not an accepted kind's.
 */
function fitsExtension(actual: BytesKind, extension: string): boolean {
  const own = actual.mime === undefined ? actual.extensions : ALL_KINDS[actual.mime]?.extensions;
  return own ? own.includes(extension) : !kindByExtension(extension);
}

async function bytesKind(head: Uint8Array): Promise<BytesKind> {
  const detected = await fileTypeFromBuffer(head);
  // `file-type` calls anything starting with `<?xml` XML; an SVG is named as what it is.
  if (detected?.ext === "xml") return markupKind(head) ?? { label: "an XML document", extensions: ["xml"] };
  if (detected) {
    const known = ALL_KINDS[detected.mime];
    if (known) return { mime: detected.mime, label: known.label };
    const label = REFUSED_LABELS[detected.ext] ?? `a ${detected.ext.toUpperCase()} file (${detected.mime})`;
    return { label, extensions: [detected.ext] };
  }
  const text = sniffText(head);
  if (text === "text") return { mime: "text/plain", label: KINDS["text/plain"].label };
  if (text === "binary") return { label: "a file of an unknown binary type" };
  return text;
}

const HTML: BytesKind = { label: "an HTML page", extensions: ["html", "htm", "xhtml"] };
const SVG: BytesKind = { label: "an SVG image", extensions: ["svg", "svgz"] };
/** How markup starts: the HTML patterns of the WHATWG MIME sniffing standard, and a few more that run script. */
const HTML_OPENINGS = [
  "<html",
  "<head",
  "<script",
  "<iframe",
  "<h1",
  "<div",
  "<font",
  "<table",
  "<a",
  "<style",
  "<title",
  "<b",
  "<body",
  "<br",
  "<p",
].concat(["<object", "<embed", "<img", "<meta", "<link", "<form", "<base", "<math", "<xml"]);

/** Markup a browser could render, from how the text starts (after a BOM and white space). */
function markupKind(head: Uint8Array): BytesKind | undefined {
  let start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (start < head.length && [0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(head[start] as number)) start++;
  const text = new TextDecoder().decode(head.subarray(start)).toLowerCase();
  const opens = (tag: string) => text.startsWith(tag) && (text.length === tag.length || /[\s>/]/.test(text[tag.length] as string));
  if (text.startsWith("<?xml") || text.startsWith("<!doctype") || text.startsWith("<!--")) {
    // A prolog, a doctype or a comment: what follows says which markup it is.
    if (/<svg[\s>/]/.test(text) || text.startsWith("<!doctype svg")) return SVG;
    if (text.startsWith("<!doctype html") || /<html[\s>/]/.test(text) || text.startsWith("<!--")) return HTML;
    return { label: "an XML document", extensions: ["xml"] };
  }
  if (opens("<svg")) return SVG;
  if (HTML_OPENINGS.some(opens)) return HTML;
  return undefined;
}

/** Text is valid UTF-8 (an optional BOM) without NUL bytes, and does not start like markup. */
function sniffText(head: Uint8Array): "text" | "binary" | BytesKind {
  if (head.includes(0)) return "binary";
  try {
    // `stream: true` lets the head end inside a character; anything else invalid throws.
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(head, { stream: true });
  } catch {
    return "binary";
  }
  return markupKind(head) ?? "text";
}

function extensionOf(name: string | undefined): string | undefined {
  const dot = name?.lastIndexOf(".") ?? -1;
  if (!name || dot <= 0 || dot === name.length - 1) return undefined;
  return name.slice(dot + 1).toLowerCase();
}

function normaliseMime(type: string | undefined): string | undefined {
  const mime = type?.split(";")[0]?.trim().toLowerCase();
  return !mime || mime === "application/octet-stream" ? undefined : mime;
}

function canonicalMime(mime: string): string {
  for (const [canonical, info] of Object.entries(ALL_KINDS)) if (info.aliases.includes(mime)) return canonical;
  return mime;
}

function kindByExtension(extension: string): KindInfo | undefined {
  return Object.values(ALL_KINDS).find((info) => info.extensions.includes(extension));
}

function refuse(code: FileKindRefusal["code"], message: string): FileKindRefusal {
  return { ok: false, code, message };
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
