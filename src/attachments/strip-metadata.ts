// Streaming metadata strippers: a TransformStream per MIME type that removes what identifies a
// person or a device (GPS position, camera serial, author) while the file streams through, chunk by
// chunk, however the input is split. What each one holds back is bounded by a constant, whatever the
// file's size (the largest: a JPEG's EXIF segment, at most 64 KiB, read whole to keep its
// Orientation; a PDF dictionary, at most PDF_DICTIONARY_LIMIT). The image data itself passes
// unchanged. describeStripping says, per MIME type, what goes and what stays.
// No dependency on the rest of the worker.

/** The synchronous core of a stripper: feed chunks, take what is ready. For tests and the stream. */
export type Stripper = {
  /** The output that `chunk` makes ready (slices of it where nothing changes). */
  push(chunk: Uint8Array): Uint8Array[];
  /** The rest, at the end of the input. */
  end(): Uint8Array[];
  /** Bytes held back now (waiting for more input); bounded by a constant per format. */
  readonly bufferedBytes: number;
};

/** A stream that strips the metadata of a file of type `mime`; other types pass unchanged. */
export function metadataStripper(mime: string): TransformStream<Uint8Array, Uint8Array> {
  const stripper = createStripper(mime);
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      for (const out of stripper.push(chunk)) if (out.length > 0) controller.enqueue(out);
    },
    flush(controller) {
      for (const out of stripper.end()) if (out.length > 0) controller.enqueue(out);
    },
  });
}

/** The stripper for `mime` (a pass-through for types without one). */
export function createStripper(mime: string): Stripper {
  switch (mime) {
    case "image/jpeg":
      return new Machine(jpegStep);
    case "image/png":
      return new Machine(pngStep);
    case "image/webp":
      return new Machine(webpStep);
    case "application/pdf":
      return pdfStripper();
    default:
      return { push: (chunk) => [chunk], end: () => [], bufferedBytes: 0 };
  }
}

/** What the stripper of `mime` removes, and what it leaves (for the docs and the README). */
export function describeStripping(mime: string): { stripped: readonly string[]; kept: readonly string[] } {
  return (
    STRIPPING[mime] ?? {
      stripped: [],
      kept: ["the whole file as sent: no metadata is removed from this type (e.g. an Office document's author in docProps/core.xml)"],
    }
  );
}

const STRIPPING: Record<string, { stripped: readonly string[]; kept: readonly string[] }> = {
  "image/jpeg": {
    stripped: [
      "APP1 EXIF (GPS position, camera make, model and serial number, owner, artist, dates, thumbnail) and XMP",
      "APP13 IPTC / Photoshop, COM comments, the JFIF thumbnail, and every other APPn segment (MPF, FlashPix, JFXX, vendors')",
      "everything after the end of the image (further MPF images, motion-photo videos)",
    ],
    kept: [
      "APP0 JFIF (without its thumbnail), APP2 ICC_PROFILE and APP14 Adobe (colour)",
      "EXIF Orientation alone, rewritten as a minimal APP1, so photos stay upright",
      "the tables, frame and scan data unchanged",
    ],
  },
  "image/png": {
    stripped: ["eXIf, tEXt, zTXt, iTXt and tIME chunks", "anything after IEND"],
    kept: ["every other chunk, unchanged (image data, colour, transparency, animation; private ancillary chunks)"],
  },
  "image/webp": {
    stripped: [
      "EXIF and XMP chunks: renamed to JUNK chunks of the same length with zeroed content (the RIFF size stays right)",
      "the EXIF and XMP flags of VP8X",
      "anything after the RIFF chunk",
    ],
    kept: ["every other chunk, unchanged (image data, ICC profile, animation)"],
  },
  "application/pdf": {
    stripped: [
      "the values of /Author /Creator /Producer /Title /Subject /Keywords (literal and hex strings) in the document information dictionary, overwritten with spaces in place so byte offsets stay valid",
      "the content of uncompressed XMP packets (between <?xpacket begin…?> and <?xpacket end…?>), overwritten with spaces",
    ],
    kept: [
      "compressed metadata: an information dictionary inside a compressed object stream, a compressed XMP stream",
      "values given as indirect references (/Author 12 0 R), names written with # escapes, dictionaries larger than 64 KiB",
      "dates (/CreationDate, /ModDate), the document ID, and everything on the pages",
    ],
  },
};

// ——— A byte machine for the chunked formats (JPEG, PNG, WebP) ———

/**
 * One decision of a format's parser, made on `view` (the unconsumed input, at least as long as
 * the last `need`): wait for `need` bytes in view; or consume some bytes, emit something instead
 * (nothing when absent), then stream the next `next.bytes` bytes as they are, dropped or zeroed;
 * or treat everything that follows alike.
 */
type StepResult =
  | { need: number }
  | { consume: number; emit?: Uint8Array; next?: { bytes: number; as: "copy" | "drop" | "zero" } }
  | { rest: "copy" | "drop" };
type StepState = { phase: string; [key: string]: number | string };
type Step = (view: Uint8Array, state: StepState) => StepResult;

/**
 * Runs a Step over the chunks: a carry buffer only for what one decision needs in view (a header,
 * at most a JPEG segment), zero-copy slices of the input for streamed stretches.
 */
class Machine implements Stripper {
  private carry = new Uint8Array(64);
  private carried = 0;
  private needed = 0;
  private state: StepState = { phase: "start" };
  private streaming: { bytes: number; as: "copy" | "drop" | "zero" } | undefined;
  private rest: "copy" | "drop" | undefined;

  constructor(private readonly step: Step) {}

  get bufferedBytes(): number {
    return this.carried;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let input = chunk;
    while (input.length > 0) {
      if (this.rest) {
        if (this.rest === "copy") out.push(input);
        break;
      }
      if (this.streaming) {
        input = this.stream(input, out);
        continue;
      }
      if (this.carried === 0) {
        const tail = this.run(input, out);
        if (tail.length > 0) this.hold(tail);
        break;
      }
      // Top the carry up to what the step needs, then let it decide on the carry alone.
      const take = Math.min(input.length, this.needed - this.carried);
      this.hold(input.subarray(0, take));
      input = input.subarray(take);
      if (this.carried < this.needed) break;
      const view = this.carry.slice(0, this.carried);
      this.carried = 0;
      const tail = this.run(view, out);
      if (tail.length > 0) this.hold(tail);
    }
    return out;
  }

  end(): Uint8Array[] {
    // Input that ends inside a header: held bytes go out only if nothing was decided yet (a file
    // too short to be this format); a truncated segment that might be metadata is dropped.
    const out = this.carried > 0 && this.state.phase === "start" ? [this.carry.slice(0, this.carried)] : [];
    this.carried = 0;
    return out;
  }

  private hold(bytes: Uint8Array): void {
    if (this.carried + bytes.length > this.carry.length) {
      const bigger = new Uint8Array(Math.max(this.carry.length * 2, this.carried + bytes.length));
      bigger.set(this.carry.subarray(0, this.carried));
      this.carry = bigger;
    }
    this.carry.set(bytes, this.carried);
    this.carried += bytes.length;
  }

  /** Streams `input` through the current stretch; returns what follows it. */
  private stream(input: Uint8Array, out: Uint8Array[]): Uint8Array {
    const stretch = this.streaming as { bytes: number; as: "copy" | "drop" | "zero" };
    const n = Math.min(stretch.bytes, input.length);
    if (stretch.as === "copy") out.push(input.subarray(0, n));
    else if (stretch.as === "zero") out.push(new Uint8Array(n));
    stretch.bytes -= n;
    if (stretch.bytes === 0) this.streaming = undefined;
    return input.subarray(n);
  }

  /** Runs steps over `view` while they can decide; returns the tail a step needs more than. */
  private run(view: Uint8Array, out: Uint8Array[]): Uint8Array {
    let rest = view;
    while (rest.length > 0) {
      if (this.streaming) {
        rest = this.stream(rest, out);
        continue;
      }
      const result = this.step(rest, this.state);
      if ("need" in result) {
        if (result.need <= rest.length) throw new Error(`stripper step asked for ${result.need} bytes with ${rest.length} in view`);
        this.needed = result.need;
        return rest;
      }
      if ("rest" in result) {
        this.rest = result.rest;
        if (result.rest === "copy") out.push(rest);
        return new Uint8Array(0);
      }
      if (result.emit) out.push(result.emit);
      rest = rest.subarray(result.consume);
      if (result.next && result.next.bytes > 0) this.streaming = { ...result.next };
    }
    return rest;
  }
}

/** A copy of bytes of the input: never a view of it (Node's Buffer#slice is one), since it gets changed. */
const copyOf = (bytes: Uint8Array, from: number, to: number) => new Uint8Array(bytes.subarray(from, to));
const ascii = (bytes: Uint8Array, from: number, length: number) => String.fromCharCode(...bytes.subarray(from, from + length));
const be16 = (b: Uint8Array, i: number) => ((b[i] as number) << 8) | (b[i + 1] as number);
const be32 = (b: Uint8Array, i: number) => be16(b, i) * 0x10000 + be16(b, i + 2);
const le16 = (b: Uint8Array, i: number) => (b[i] as number) | ((b[i + 1] as number) << 8);
const le32 = (b: Uint8Array, i: number) => le16(b, i) + le16(b, i + 2) * 0x10000;

// ——— JPEG ———

/** The first bytes of an APPn payload that say what it is ("Exif\0\0", "ICC_PROFILE\0", "Adobe"). */
const APP_ID_BYTES = 14;

const jpegStep: Step = (view, state) => {
  if (state.phase === "start") {
    if (view.length < 2) return { need: 2 };
    if (view[0] !== 0xff || view[1] !== 0xd8) return { rest: "copy" };
    state.phase = "marker";
    return { consume: 2, emit: copyOf(view, 0, 2) };
  }
  if (state.phase === "scan") return scanStep(view, state);
  if (state.phase === "done") return { rest: "drop" }; // after EOI: further MPF images, motion-photo videos
  // At a marker.
  if (view.length < 2) return { need: 2 };
  if (view[0] !== 0xff) return { rest: "copy" }; // not a marker: a corrupt file goes on as it is
  const marker = view[1] as number;
  if (marker === 0xff) return { consume: 1 }; // a fill byte
  if (marker === 0xd9) {
    state.phase = "done";
    return { consume: 2, emit: copyOf(view, 0, 2) };
  }
  if ((marker >= 0xd0 && marker <= 0xd8) || marker === 0x01) return { consume: 2, emit: copyOf(view, 0, 2) };
  if (view.length < 4) return { need: 4 };
  const length = be16(view, 2);
  if (length < 2) return { rest: "copy" };
  const payload = length - 2;
  const isApp = (marker >= 0xe0 && marker <= 0xef) || marker === 0xfe;
  if (!isApp) {
    // Tables, frame, restart interval, the scan's header: as they are. Entropy-coded data follows SOS.
    if (marker === 0xda) state.phase = "scan";
    return { consume: 0, next: { bytes: 4 + payload, as: "copy" } };
  }
  const idLength = Math.min(payload, APP_ID_BYTES);
  if (view.length < 4 + idLength) return { need: 4 + idLength };
  const id = ascii(view, 4, idLength);
  if (marker === 0xe0 && id.startsWith("JFIF\0") && payload >= 14) {
    // JFIF without its thumbnail: its 14 bytes with a 0×0 thumbnail.
    const jfif = copyOf(view, 0, 18);
    jfif.set([0x00, 0x10], 2);
    jfif.set([0x00, 0x00], 16);
    return { consume: 4 + idLength, emit: jfif, next: { bytes: payload - idLength, as: "drop" } };
  }
  if ((marker === 0xe2 && id.startsWith("ICC_PROFILE\0")) || (marker === 0xee && id.startsWith("Adobe"))) {
    return { consume: 0, next: { bytes: 4 + payload, as: "copy" } };
  }
  if (marker === 0xe1 && id.startsWith("Exif\0")) {
    // Read whole (at most 64 KiB) for its Orientation, which alone is written back.
    if (view.length < 4 + payload) return { need: 4 + payload };
    const orientation = exifOrientation(view.subarray(4 + 6, 4 + payload));
    return orientation === undefined || orientation === 1
      ? { consume: 4 + payload }
      : { consume: 4 + payload, emit: orientationSegment(orientation) };
  }
  return { consume: 0, next: { bytes: 4 + payload, as: "drop" } };
};

/** Entropy-coded data: FF 00 is a data byte, FF D0–D7 a restart marker; any other FF xx a marker. */
function scanStep(view: Uint8Array, state: StepState): StepResult {
  let from = 0;
  for (;;) {
    const ff = view.indexOf(0xff, from);
    if (ff < 0) return { consume: 0, next: { bytes: view.length, as: "copy" } };
    if (ff + 1 >= view.length) return ff > 0 ? { consume: 0, next: { bytes: ff, as: "copy" } } : { need: 2 };
    const next = view[ff + 1] as number;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
      from = ff + 1;
      continue;
    }
    state.phase = "marker";
    return { consume: 0, next: { bytes: ff, as: "copy" } };
  }
}

/** The value of the Orientation tag (0x0112) in IFD0 of a TIFF structure, when present and valid. */
export function exifOrientation(tiff: Uint8Array): number | undefined {
  if (tiff.length < 8) return undefined;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return undefined;
  const u16 = (i: number) => (little ? le16(tiff, i) : be16(tiff, i));
  const u32 = (i: number) => (little ? le32(tiff, i) : be32(tiff, i));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const count = u16(ifd);
  for (let n = 0; n < count; n++) {
    const entry = ifd + 2 + n * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

/** A minimal APP1 EXIF segment: a big-endian TIFF header and an IFD0 with one Orientation entry. */
function orientationSegment(orientation: number): Uint8Array {
  // biome-ignore format: the segment's layout
  return new Uint8Array([
    0xff, 0xe1, 0x00, 0x22,                         // APP1, length 34
    0x45, 0x78, 0x69, 0x66, 0x00, 0x00,             // "Exif\0\0"
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // "MM", 42, IFD0 at 8
    0x00, 0x01,                                     // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, // Orientation, SHORT, one value
    0x00, orientation, 0x00, 0x00,                  // the value, padded
    0x00, 0x00, 0x00, 0x00,                         // no next IFD
  ]);
}

// ——— PNG ———

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_DROPPED = new Set(["eXIf", "tEXt", "zTXt", "iTXt", "tIME"]);

const pngStep: Step = (view, state) => {
  if (state.phase === "done") return { rest: "drop" }; // after IEND
  if (view.length < 8) return { need: 8 };
  if (state.phase === "start") {
    if (!PNG_SIGNATURE.every((byte, i) => view[i] === byte)) return { rest: "copy" };
    state.phase = "chunk";
    return { consume: 0, next: { bytes: 8, as: "copy" } };
  }
  const type = ascii(view, 4, 4);
  if (type === "IEND") state.phase = "done";
  // A chunk: 4 bytes of length, 4 of type, the data, 4 of CRC.
  return { consume: 0, next: { bytes: be32(view, 0) + 12, as: PNG_DROPPED.has(type) ? "drop" : "copy" } };
};

// ——— WebP ———

const WEBP_NEUTRALISED = new Set(["EXIF", "XMP "]);
/** The VP8X flags that announce an EXIF chunk and an XMP chunk. */
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

const webpStep: Step = (view, state) => {
  if (state.phase === "start") {
    if (view.length < 12) return { need: 12 };
    if (ascii(view, 0, 4) !== "RIFF" || ascii(view, 8, 4) !== "WEBP") return { rest: "copy" };
    state.phase = "chunk";
    state.left = le32(view, 4) - 4; // the chunks' bytes, after "WEBP"
    return { consume: 0, next: { bytes: 12, as: "copy" } };
  }
  if ((state.left as number) <= 0) return { rest: "drop" }; // past the RIFF chunk
  if (view.length < 8) return { need: 8 };
  const fourcc = ascii(view, 0, 4);
  const size = le32(view, 4);
  const padded = size + (size % 2);
  if (fourcc === "VP8X" && size >= 1) {
    if (view.length < 9) return { need: 9 };
    state.left = (state.left as number) - 8 - padded;
    const head = copyOf(view, 0, 9);
    head[8] = (head[8] as number) & ~(VP8X_EXIF | VP8X_XMP);
    return { consume: 9, emit: head, next: { bytes: padded - 1, as: "copy" } };
  }
  state.left = (state.left as number) - 8 - padded;
  if (WEBP_NEUTRALISED.has(fourcc)) {
    // Same length, so the RIFF size stays right: a JUNK chunk (which decoders skip) of zeroes.
    const junk = copyOf(view, 0, 8);
    junk.set([0x4a, 0x55, 0x4e, 0x4b]);
    return { consume: 8, emit: junk, next: { bytes: padded, as: "zero" } };
  }
  return { consume: 0, next: { bytes: 8 + padded, as: "copy" } };
};

// ——— PDF ———

/** The largest dictionary (from `<<` to `>>`) held back to find out whether it is the information dictionary. */
export const PDF_DICTIONARY_LIMIT = 64 * 1024;
/** Input is taken in pieces of at most this, so the working buffer stays bounded whatever the chunks. */
const PDF_PIECE = 16 * 1024;
/** Inside an XMP packet, the last bytes stay unblanked until it is clear they are not its end marker. */
const XMP_LOOKBEHIND = 16;
/** Keys whose string values are blanked in the information dictionary. */
const PDF_BLANKED_KEYS = new Set(["Author", "Creator", "Producer", "Title", "Subject", "Keywords"]);
/** Keys that make a dictionary the information dictionary (/Title alone is also an outline item's). */
const PDF_INFO_KEYS = new Set(["Author", "Creator", "Producer", "Subject", "Keywords", "CreationDate", "ModDate", "Trapped"]);

const enc = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const ENDSTREAM = enc("endstream");
const XPACKET_BEGIN = enc("<?xpacket begin");
const XPACKET_END = enc("<?xpacket end");
const PI_END = enc("?>");

const isWhite = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0c || b === 0x00;
const isDelimiter = (b: number) => "()<>[]{}/%".includes(String.fromCharCode(b));

/** A pattern matcher fed one byte at a time (the patterns here repeat no prefix, so no back-tracking). */
class Matcher {
  matched = 0;
  constructor(readonly pattern: Uint8Array) {}
  /** Feeds a byte; true when the pattern is complete. */
  feed(b: number): boolean {
    if (b === this.pattern[this.matched]) this.matched++;
    else this.matched = b === this.pattern[0] ? 1 : 0;
    if (this.matched < this.pattern.length) return false;
    this.matched = 0;
    return true;
  }
}

type Dictionary = { keys: Set<string>; arrays: number; key: string | undefined; values: [number, number][] };

/**
 * A small PDF lexer over a sliding window: it knows strings, comments, names, dictionaries and
 * streams well enough to find the information dictionary's values and XMP packets, and overwrites
 * them with spaces where they are. Positions are absolute (from the file's start).
 */
class PdfStripper implements Stripper {
  private buf = new Uint8Array(PDF_PIECE * 2);
  /** The absolute position of buf[0]; buf holds [base, base + length). */
  private base = 0;
  private length = 0;
  /** The next byte to read. */
  private at = 0;
  private mode: "normal" | "comment" | "string" | "hex" | "stream" | "xmp-head" | "xmp" = "normal";
  private depth = 0;
  private escaped = false;
  private valueStart = 0;
  private token = "";
  private name: string | undefined;
  /** Where the outermost open dictionary starts (held back until it closes), or -1. */
  private hold = -1;
  private dictionaries: Dictionary[] = [];
  private endstream = new Matcher(ENDSTREAM);
  private xmpBegin = new Matcher(XPACKET_BEGIN);
  private xmpEnd = new Matcher(XPACKET_END);
  private piEnd = new Matcher(PI_END);
  /** Inside an XMP packet: blanked up to here. */
  private blanked = 0;

  get bufferedBytes(): number {
    return this.length;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let from = 0; from < chunk.length; from += PDF_PIECE) {
      this.append(chunk.subarray(from, from + PDF_PIECE));
      this.lex(false);
      const ready = this.ready();
      if (ready > 0) out.push(this.take(ready));
    }
    return out;
  }

  end(): Uint8Array[] {
    this.lex(true);
    if (this.mode === "xmp") this.blank(this.blanked, this.base + this.length);
    return this.length > 0 ? [this.take(this.length)] : [];
  }

  private append(piece: Uint8Array): void {
    if (this.length + piece.length > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.length + piece.length));
      bigger.set(this.buf.subarray(0, this.length));
      this.buf = bigger;
    }
    this.buf.set(piece, this.length);
    this.length += piece.length;
  }

  /** How many bytes from the window's start are final. */
  private ready(): number {
    let upTo = this.at;
    if (this.hold >= 0) upTo = Math.min(upTo, this.hold);
    if (this.mode === "xmp") {
      const safe = Math.max(this.blanked, this.at - XMP_LOOKBEHIND);
      this.blank(this.blanked, safe);
      upTo = Math.min(upTo, safe);
    }
    return upTo - this.base;
  }

  private take(count: number): Uint8Array {
    const out = this.buf.slice(0, count);
    this.buf.copyWithin(0, count, this.length);
    this.length -= count;
    this.base += count;
    // A window grown for a large dictionary shrinks again once it is out.
    if (this.buf.length > PDF_DICTIONARY_LIMIT * 2 && this.length < PDF_PIECE) this.buf = this.buf.slice(0, PDF_PIECE * 2);
    return out;
  }

  private blank(from: number, to: number): void {
    if (to > from) this.buf.fill(0x20, from - this.base, to - this.base);
    this.blanked = Math.max(this.blanked, to);
  }

  private byteAt(position: number): number | undefined {
    return position - this.base < this.length ? this.buf[position - this.base] : undefined;
  }

  private lex(final: boolean): void {
    const end = this.base + this.length;
    while (this.at < end) {
      const b = this.buf[this.at - this.base] as number;
      if (this.hold >= 0 && this.at - this.hold > PDF_DICTIONARY_LIMIT) {
        // Too large to hold: let it go unexamined (its inner dictionaries are still looked at).
        this.hold = -1;
        this.dictionaries = [];
      }
      switch (this.mode) {
        case "comment":
          if (b === 0x0a || b === 0x0d) this.mode = "normal";
          break;
        case "string":
          if (this.escaped) this.escaped = false;
          else if (b === 0x5c) this.escaped = true;
          else if (b === 0x28) this.depth++;
          else if (b === 0x29 && --this.depth === 0) this.value(this.at);
          break;
        case "hex":
          if (b === 0x3e) this.value(this.at);
          break;
        case "stream":
          if (this.endstream.feed(b)) this.endStream();
          else if (this.xmpBegin.feed(b)) this.mode = "xmp-head";
          break;
        case "xmp-head":
          if (this.endstream.feed(b)) this.endStream();
          else if (this.piEnd.feed(b)) {
            this.mode = "xmp";
            this.blanked = this.at + 1;
          }
          break;
        case "xmp":
          // An unterminated packet ends at endstream; the packet's content is blanked either way.
          if (this.xmpEnd.feed(b)) {
            this.blank(this.blanked, this.at + 1 - XPACKET_END.length);
            this.mode = "stream";
            this.endstream.matched = 0;
          } else if (this.endstream.feed(b)) {
            this.blank(this.blanked, this.at + 1 - ENDSTREAM.length);
            this.endStream();
          }
          break;
        default: {
          if (!isWhite(b) && !isDelimiter(b)) {
            if (this.name !== undefined) this.name += String.fromCharCode(b);
            else if (this.token.length < 16) this.token += String.fromCharCode(b);
            break;
          }
          this.endToken();
          if (b === 0x3c || b === 0x3e) {
            const next = this.byteAt(this.at + 1);
            if (next === undefined && !final) return; // wait for the next byte
            if (b === 0x3c && next === 0x3c) {
              this.openDictionary();
              this.at++;
            } else if (b === 0x3e && next === 0x3e) {
              this.closeDictionary();
              this.at++;
            } else if (b === 0x3c) {
              this.mode = "hex";
              this.valueStart = this.at + 1;
            }
          } else if (b === 0x2f) this.name = "";
          else if (b === 0x25) this.mode = "comment";
          else if (b === 0x28) {
            this.mode = "string";
            this.depth = 1;
            this.valueStart = this.at + 1;
          } else if (b === 0x5b || b === 0x5d) {
            const top = this.dictionaries.at(-1);
            if (top) {
              top.arrays += b === 0x5b ? 1 : -1;
              top.key = undefined;
            }
          }
        }
      }
      this.at++;
    }
    if (final) this.endToken();
  }

  /** A name or keyword ends: a name in a dictionary is a key (its string value may follow). */
  private endToken(): void {
    if (this.name !== undefined) {
      const top = this.dictionaries.at(-1);
      if (top && top.arrays === 0) {
        top.keys.add(this.name);
        top.key = PDF_BLANKED_KEYS.has(this.name) ? this.name : undefined;
      }
      this.name = undefined;
    } else if (this.token) {
      if (this.token === "stream") {
        this.mode = "stream";
        this.endstream.matched = 0;
        this.xmpBegin.matched = 0;
      }
      const top = this.dictionaries.at(-1);
      if (top) top.key = undefined; // e.g. /Author 12 0 R: not a string
    }
    this.token = "";
  }

  private endStream(): void {
    this.mode = "normal";
    this.token = "";
  }

  /** A string ends at `end` (its closing delimiter): the value of a blanked key, maybe. */
  private value(end: number): void {
    this.mode = "normal";
    const top = this.dictionaries.at(-1);
    if (top?.key && top.arrays === 0) top.values.push([this.valueStart, end]);
    if (top) top.key = undefined;
  }

  private openDictionary(): void {
    const parent = this.dictionaries.at(-1);
    if (parent) parent.key = undefined;
    if (this.hold < 0) this.hold = this.at;
    this.dictionaries.push({ keys: new Set(), arrays: 0, key: undefined, values: [] });
  }

  private closeDictionary(): void {
    const dictionary = this.dictionaries.pop();
    if (!dictionary) return;
    if ([...dictionary.keys].some((key) => PDF_INFO_KEYS.has(key))) {
      for (const [from, to] of dictionary.values) this.buf.fill(0x20, from - this.base, to - this.base);
    }
    if (this.dictionaries.length === 0) this.hold = -1;
  }
}

function pdfStripper(): Stripper {
  return new PdfStripper();
}
