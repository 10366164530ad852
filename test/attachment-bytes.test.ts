import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  acceptFor,
  allowedKind,
  CATEGORY_ACCEPT,
  CATEGORY_MIME_TYPES,
  DETECTION_HEAD_BYTES,
  detectFileKind,
  isInlineImage,
  readHead,
} from "../src/attachments/file-kind";
import { createStripper, describeStripping, metadataStripper, PDF_DICTIONARY_LIMIT } from "../src/attachments/strip-metadata";
import { ATTACHMENT_CATEGORIES, INLINE_IMAGE_TYPES } from "../src/shared/attachments";
import { SECRETS } from "./fixtures/attachments";
import { fixture, jpegSegments, type Segment, tiffTags } from "./helpers/file-formats";

// The byte-level part of attachments (src/attachments/): detection from the bytes, and the
// streaming metadata strippers, on the small real files of test/fixtures/attachments/ (made by
// scripts/make-attachment-fixtures.mjs, which also checks with sharp that stripped images decode).

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The stripper's output for `bytes` cut at `cuts` (sorted offsets). */
function strip(mime: string, bytes: Uint8Array, cuts: number[] = []): Uint8Array {
  const stripper = createStripper(mime);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    parts.push(...stripper.push(bytes.subarray(from, cut)));
    from = cut;
  }
  parts.push(...stripper.end());
  return concat(parts);
}

const text = (bytes: Uint8Array) => new TextDecoder("latin1").decode(bytes);
const be16 = (b: Uint8Array, i: number) => ((b[i] as number) << 8) | (b[i + 1] as number);
const be32 = (b: Uint8Array, i: number) => be16(b, i) * 0x10000 + be16(b, i + 2);
const le32 = (b: Uint8Array, i: number) => new DataView(b.buffer, b.byteOffset).getUint32(i, true);

// ——— Parsers of the formats, to check the output's structure ———

/** A PNG's chunks: type and data. */
function pngChunks(bytes: Uint8Array): { type: string; data: Uint8Array }[] {
  const chunks = [];
  for (let at = 8; at < bytes.length; ) {
    const length = be32(bytes, at);
    chunks.push({ type: text(bytes.subarray(at + 4, at + 8)), data: bytes.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return chunks;
}

/** A WebP's chunks after "RIFF size WEBP". */
function riffChunks(bytes: Uint8Array): { fourcc: string; data: Uint8Array }[] {
  const chunks = [];
  for (let at = 12; at < bytes.length; ) {
    const size = le32(bytes, at + 4);
    chunks.push({ fourcc: text(bytes.subarray(at, at + 4)), data: bytes.subarray(at + 8, at + 8 + size) });
    at += 8 + size + (size % 2);
  }
  return chunks;
}

const hasSecret = (bytes: Uint8Array) => SECRETS.filter((secret) => text(bytes).includes(secret));

describe("JPEG stripping", () => {
  const original = fixture("photo-gps.jpg");
  const stripped = strip("image/jpeg", original);

  it("the fixture carries GPS, make, model, serial, artist, XMP, IPTC and a comment", () => {
    const { segments } = jpegSegments(original);
    const exif = segments.find((s) => s.marker === 0xe1 && text(s.payload).startsWith("Exif\0"));
    const tags = tiffTags((exif as Segment).payload.subarray(6));
    expect(tags.get("gps")).toEqual(expect.arrayContaining([0x0002, 0x0004]));
    expect(tags.get("ifd0")).toEqual(expect.arrayContaining([0x010f, 0x0110, 0x013b, 0x0112]));
    expect(tags.get("exif")).toContain(0xa431);
    expect(segments.map((s) => s.marker)).toEqual(expect.arrayContaining([0xed, 0xfe]));
    expect(hasSecret(original).length).toBeGreaterThan(3);
  });

  it("keeps JFIF (without its thumbnail), ICC, Adobe and an EXIF with Orientation alone: no GPS, make, model, serial or artist", () => {
    const { segments } = jpegSegments(stripped);
    const markers = segments.map((s) => s.marker);
    expect(markers).not.toContain(0xed); // APP13 IPTC
    expect(markers).not.toContain(0xfe); // COM
    expect(segments.filter((s) => s.marker >= 0xe0 && s.marker <= 0xef).map((s) => [s.marker, text(s.payload.subarray(0, 5))])).toEqual([
      [0xe0, "JFIF\0"],
      [0xe1, "Exif\0"],
      [0xee, "Adobe"],
      [0xe2, "ICC_P"],
    ]);
    const exif = segments.find((s) => s.marker === 0xe1) as Segment;
    const tags = tiffTags(exif.payload.subarray(6));
    expect([...tags.keys()]).toEqual(["ifd0"]);
    expect(tags.get("ifd0")).toEqual([0x0112]);
    const orientation = new DataView(exif.payload.buffer, exif.payload.byteOffset).getUint16(6 + 8 + 2 + 8);
    expect(orientation).toBe(6);
    expect(hasSecret(stripped)).toEqual([]);
    expect(text(stripped)).not.toContain("http://ns.adobe.com/xap/1.0/");
  });

  it("passes the tables, frame, scan header and image data unchanged, from SOI to EOI", () => {
    expect([stripped[0], stripped[1]]).toEqual([0xff, 0xd8]);
    const before = jpegSegments(original);
    const after = jpegSegments(stripped);
    const body = (s: Segment[]) => s.filter((x) => x.marker < 0xe0 || x.marker > 0xef).filter((x) => x.marker !== 0xfe);
    expect(body(after.segments).map((s) => [s.marker, [...s.payload]])).toEqual(
      body(before.segments).map((s) => [s.marker, [...s.payload]]),
    );
    expect([...stripped.subarray(after.scanStart)]).toEqual([...original.subarray(before.scanStart)]);
    expect([...stripped.subarray(-2)]).toEqual([0xff, 0xd9]);
  });

  it("drops what follows EOI (further MPF images, motion-photo videos)", () => {
    const trailer = new TextEncoder().encode("\xff\xd8 second image with Jane Doe");
    expect([...strip("image/jpeg", concat([original, trailer]))]).toEqual([...stripped]);
  });
});

describe("PNG stripping", () => {
  const original = fixture("photo-text.png");
  const stripped = strip("image/png", original);

  it("drops eXIf, tEXt, zTXt, iTXt and tIME and keeps every other chunk as it was", () => {
    const dropped = ["eXIf", "tEXt", "zTXt", "iTXt", "tIME"];
    const before = pngChunks(original);
    expect(before.map((c) => c.type)).toEqual(expect.arrayContaining(dropped));
    expect(text(before.find((c) => c.type === "tEXt")?.data ?? new Uint8Array())).toBe("Author\0Jane Doe");
    const after = pngChunks(stripped);
    expect(after.map((c) => c.type)).toEqual(before.map((c) => c.type).filter((t) => !dropped.includes(t)));
    expect(after.map((c) => [...c.data])).toEqual(before.filter((c) => !dropped.includes(c.type)).map((c) => [...c.data]));
    expect([...stripped.subarray(0, 8)]).toEqual([...original.subarray(0, 8)]);
    expect(after.at(-1)?.type).toBe("IEND");
    expect(hasSecret(stripped)).toEqual([]);
  });
});

describe("WebP stripping", () => {
  const original = fixture("photo-meta.webp");
  const stripped = strip("image/webp", original);

  it("turns EXIF and XMP into zeroed JUNK chunks of the same length and clears their VP8X flags", () => {
    const before = riffChunks(original);
    expect(before.map((c) => c.fourcc)).toEqual(expect.arrayContaining(["VP8X", "EXIF", "XMP "]));
    expect((before[0]?.data[0] as number) & 0x0c).toBe(0x0c);
    expect(stripped.length).toBe(original.length);
    expect(le32(stripped, 4)).toBe(stripped.length - 8);
    const after = riffChunks(stripped);
    expect(after.map((c) => c.fourcc)).toEqual(before.map((c) => (c.fourcc === "EXIF" || c.fourcc === "XMP " ? "JUNK" : c.fourcc)));
    for (const junk of after.filter((c) => c.fourcc === "JUNK")) expect(junk.data.every((b) => b === 0)).toBe(true);
    expect(after[0]?.fourcc).toBe("VP8X");
    expect((after[0]?.data[0] as number) & 0x0c).toBe(0);
    expect([...(after[0]?.data.subarray(1) ?? [])]).toEqual([...(before[0]?.data.subarray(1) ?? [])]);
    const image = (chunks: { fourcc: string; data: Uint8Array }[]) =>
      chunks.filter((c) => c.fourcc.startsWith("VP8 ")).map((c) => [...c.data]);
    expect(image(after)).toEqual(image(before));
    expect(hasSecret(stripped)).toEqual([]);
  });
});

describe("PDF stripping", () => {
  const original = fixture("document.pdf");
  const stripped = strip("application/pdf", original);
  const out = text(stripped);

  it("blanks the information dictionary's strings and the XMP packet in place, so every xref offset still holds", () => {
    expect(hasSecret(original).length).toBeGreaterThan(3);
    expect(stripped.length).toBe(original.length);
    expect(hasSecret(stripped)).toEqual([]);
    expect(out).toMatch(/\/Title \( +\) \/Author \( +\) \/Creator \( +\) \/Producer < +> \/Subject \( +\) \/Keywords \( +\)/);
    expect(out).toContain("/CreationDate (D:20240501103000Z)");
    expect(out).toMatch(/<\?xpacket begin="[^"]*" id="W5M0MpCehiHzreSzNTczkc9d"\?> +<\?xpacket end="w"\?>/);
    // What is not metadata stays: an outline item's title, the page's text.
    expect(out).toContain("/Title (Chapter One)");
    expect(out).toContain("(Hello from Confide) Tj");
    // The xref table: each in-use entry's offset still starts its object.
    const xrefAt = out.lastIndexOf("\nxref\n") + 1;
    const xref = out.slice(xrefAt);
    const offsets = [...xref.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets.length).toBe(9);
    offsets.forEach((offset, i) => {
      expect(out.slice(offset, offset + 8)).toBe(`${i + 1} 0 obj\n`);
    });
    expect(Number(out.match(/startxref\n(\d+)/)?.[1])).toBe(xrefAt);
  });

  it("blanks a value split across chunks, and leaves a dictionary without information keys alone", () => {
    const pdf = new TextEncoder().encode(
      "1 0 obj << /Title (Keep me) /Parent 2 0 R >> endobj 2 0 obj << /Producer (Phone (x) \\) 12) /Title <4142> >> endobj",
    );
    const whole = text(strip("application/pdf", pdf));
    expect(whole).toBe(
      "1 0 obj << /Title (Keep me) /Parent 2 0 R >> endobj 2 0 obj << /Producer (               ) /Title <    > >> endobj",
    );
    for (let cut = 1; cut < pdf.length; cut++) expect(text(strip("application/pdf", pdf, [cut]))).toBe(whole);
  });
});

describe("any split of the input gives the same output", () => {
  const cases: [string, string][] = [
    ["photo-gps.jpg", "image/jpeg"],
    ["photo-text.png", "image/png"],
    ["photo-meta.webp", "image/webp"],
    ["document.pdf", "application/pdf"],
    ["notes.txt", "text/plain"],
  ];
  for (const [name, mime] of cases) {
    it(`${name} (${mime})`, () => {
      const bytes = fixture(name);
      const whole = strip(mime, bytes);
      fc.assert(
        fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }), (cuts) => {
          const out = strip(
            mime,
            bytes,
            cuts.sort((a, b) => a - b),
          );
          expect(out.length).toBe(whole.length);
          expect(out).toEqual(whole);
        }),
        { numRuns: 150 },
      );
      // And byte by byte; the input itself is never changed.
      expect(
        strip(
          mime,
          bytes,
          Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
        ),
      ).toEqual(whole);
      expect(bytes).toEqual(fixture(name));
    });
  }
});

describe("memory stays bounded on a 20 MB file", () => {
  const MB = 1024 * 1024;
  /** Pseudo-random bytes with no 0xFF (so a JPEG scan can be built from them). */
  function noise(length: number, seed: number): Uint8Array {
    const out = new Uint8Array(length);
    let x = seed;
    for (let i = 0; i < length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      out[i] = (x >>> 16) % 255;
    }
    return out;
  }
  /** Feeds head, `count` times `body`, then tail, in pieces of `piece` bytes; measures the output and the most held back. */
  function feed(mime: string, head: Uint8Array, body: Uint8Array, count: number, tail: Uint8Array, piece: number) {
    const stripper = createStripper(mime);
    let output = 0;
    let maxBuffered = 0;
    let maxOutChunk = 0;
    const take = (parts: Uint8Array[]) => {
      for (const part of parts) {
        output += part.length;
        maxOutChunk = Math.max(maxOutChunk, part.length);
      }
      maxBuffered = Math.max(maxBuffered, stripper.bufferedBytes);
    };
    const push = (bytes: Uint8Array) => {
      for (let i = 0; i < bytes.length; i += piece) take(stripper.push(bytes.subarray(i, i + piece)));
    };
    push(head);
    for (let n = 0; n < count; n++) push(body);
    push(tail);
    take(stripper.end());
    return { output, maxBuffered, maxOutChunk };
  }

  it("JPEG: a 20 MB scan after a 60 KB EXIF segment", () => {
    const scan = noise(MB, 1);
    scan.set([0xff, 0x00, 0xff, 0xd3], 1000); // a stuffed byte and a restart marker inside the scan
    const exif = new Uint8Array(60_000);
    exif.set(new TextEncoder().encode("Exif\0\0MM\0\x2a\0\0\0\x08\0\0"));
    const head = concat([
      new Uint8Array([0xff, 0xd8, 0xff, 0xe1, ...[(exif.length + 2) >> 8, (exif.length + 2) & 255]]),
      exif,
      new Uint8Array([0xff, 0xfe, 0, 6, 0x41, 0x42, 0x43, 0x44, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0]),
    ]);
    const tail = new Uint8Array([0xff, 0xd9]);
    for (const piece of [65_536, 1000, 7]) {
      const { output, maxBuffered, maxOutChunk } = feed("image/jpeg", head, scan, piece === 7 ? 1 : 20, tail, piece);
      // EXIF without Orientation and the comment go; SOI, SOS header, scan and EOI stay.
      expect(output).toBe(2 + 10 + (piece === 7 ? 1 : 20) * MB + 2);
      expect(maxBuffered).toBeLessThanOrEqual(4 + 65_535);
      expect(maxOutChunk).toBeLessThanOrEqual(Math.max(piece, 65_535));
    }
  });

  it("PNG: a 20 MB IDAT chunk", () => {
    const ihdr = [0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0x10, 0, 0, 0, 0x10, 0, 8, 2, 0, 0, 0, 0, 0, 0, 0];
    const text = [0, 0, 0, 4, 0x74, 0x45, 0x58, 0x74, 0x41, 0x00, 0x42, 0x43, 0, 0, 0, 0];
    const idatLength = 20 * MB;
    const head = new Uint8Array([
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      ...ihdr,
      ...text,
      ...[0x01, 0x40, 0, 0],
      0x49,
      0x44,
      0x41,
      0x54,
    ]);
    const tail = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
    expect(be32(head, 8 + 25 + 16)).toBe(idatLength);
    const { output, maxBuffered } = feed("image/png", head, noise(MB, 2), 20, tail, 65_536);
    expect(output).toBe(head.length - text.length + idatLength + tail.length);
    expect(maxBuffered).toBeLessThanOrEqual(8);
  });

  it("WebP: a 20 MB VP8L chunk", () => {
    const size = 20 * MB;
    const riff = 4 + 8 + size;
    const head = new Uint8Array([
      0x52,
      0x49,
      0x46,
      0x46,
      riff & 255,
      (riff >> 8) & 255,
      (riff >> 16) & 255,
      riff >>> 24,
      0x57,
      0x45,
      0x42,
      0x50,
      0x56,
      0x50,
      0x38,
      0x4c,
      0,
      0,
      0x40,
      0x01,
    ]);
    const { output, maxBuffered } = feed("image/webp", head, noise(MB, 3), 20, new Uint8Array(), 65_536);
    expect(output).toBe(head.length + size);
    expect(maxBuffered).toBeLessThanOrEqual(12);
  });

  it("PDF: a 20 MB stream", () => {
    const head = new TextEncoder().encode("%PDF-1.4\n1 0 obj\n<< /Length 20971520 >>\nstream\n");
    const tail = new TextEncoder().encode("\nendstream\nendobj\n2 0 obj\n<< /Author (Jane Doe) >>\nendobj\n");
    const { output, maxBuffered } = feed("application/pdf", head, noise(MB, 4), 20, tail, 65_536);
    expect(output).toBe(head.length + 20 * MB + tail.length);
    expect(maxBuffered).toBeLessThanOrEqual(PDF_DICTIONARY_LIMIT + 64 * 1024);
  });
});

describe("metadataStripper", () => {
  it("is a TransformStream over the stripper", async () => {
    const original = fixture("photo-gps.jpg");
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < original.length; i += 300) controller.enqueue(original.slice(i, i + 300));
        controller.close();
      },
    });
    const out = new Uint8Array(await new Response(source.pipeThrough(metadataStripper("image/jpeg"))).arrayBuffer());
    expect(out).toEqual(strip("image/jpeg", original));
  });

  it("passes other types unchanged, and says what it strips per type", () => {
    const docx = fixture("document.docx");
    expect(strip("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx, [10, 500])).toEqual(docx);
    expect(describeStripping("image/jpeg").stripped.join(" ")).toContain("GPS");
    expect(describeStripping("application/pdf").kept.join(" ")).toContain("compressed");
    expect(describeStripping("image/gif").stripped).toEqual([]);
  });
});

describe("detectFileKind", () => {
  const detect = (name: string, claimedType?: string, as = name) =>
    detectFileKind(fixture(name).subarray(0, DETECTION_HEAD_BYTES), { name: as, claimedType });

  it("accepts the fixtures of each category, from their bytes", async () => {
    expect(await detect("photo-gps.jpg", "image/jpeg")).toEqual({ ok: true, mime: "image/jpeg", category: "image", extension: "jpg" });
    expect(await detect("photo-text.png", "image/png")).toEqual({ ok: true, mime: "image/png", category: "image", extension: "png" });
    expect(await detect("photo-meta.webp", "image/webp")).toEqual({ ok: true, mime: "image/webp", category: "image", extension: "webp" });
    expect(await detect("document.pdf", "application/pdf")).toEqual({
      ok: true,
      mime: "application/pdf",
      category: "pdf",
      extension: "pdf",
    });
    expect(await detect("document.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")).toEqual({
      ok: true,
      mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      category: "office",
      extension: "docx",
    });
    expect(await detect("notes.txt", "text/plain")).toEqual({ ok: true, mime: "text/plain", category: "text", extension: "txt" });
    // Without a name or a type, the bytes decide alone; an alias of the type is the same type.
    expect(await detectFileKind(fixture("photo-gps.jpg"))).toMatchObject({ ok: true, mime: "image/jpeg" });
    expect(await detect("photo-gps.jpg", "image/pjpeg", "IMG_0001.JPEG")).toMatchObject({ ok: true, mime: "image/jpeg" });
    expect(await detect("notes.txt", "application/octet-stream", "notes")).toMatchObject({ ok: true, category: "text" });
  });

  it("refuses a file whose bytes disagree with its name or claimed type, naming what it really is", async () => {
    const html = await detect("page-as.png", "image/png");
    expect(html).toMatchObject({ ok: false, code: "attachment_type_mismatch" });
    expect(html.ok || html.message).toBe("“page-as.png” is really an HTML page, not a PNG image as its name says.");
    expect(await detect("photo-text.png", "image/png", "report.pdf")).toMatchObject({
      ok: false,
      code: "attachment_type_mismatch",
      message: "“report.pdf” is really a PNG image, not a PDF document as its name says.",
    });
    expect(await detect("notes.txt", "image/png", "notes.txt")).toMatchObject({
      code: "attachment_type_mismatch",
      message: expect.stringContaining("image/png"),
    });
    expect(await detect("notes.txt", "text/html", "notes.txt")).toMatchObject({ code: "attachment_type_mismatch" });
    expect(await detect("notes.txt", undefined, "notes.html")).toMatchObject({ code: "attachment_type_mismatch" });
    expect(await detect("page-as.png", "text/plain", "page.txt")).toMatchObject({
      code: "attachment_type_mismatch",
      message: expect.stringContaining("HTML page"),
    });
    expect(await detect("program.exe", undefined, "invoice.pdf")).toMatchObject({
      code: "attachment_type_mismatch",
      message: expect.stringContaining("Windows program"),
    });
  });

  it("refuses types outside every category: SVG, ZIP, a Windows program, HTML, legacy Office", async () => {
    const svg = await detect("drawing.svg", "image/svg+xml");
    expect(svg).toMatchObject({ ok: false, code: "attachment_type_not_allowed", message: expect.stringContaining("an SVG image") });
    expect(await detect("archive.zip", "application/zip")).toMatchObject({
      code: "attachment_type_not_allowed",
      message: expect.stringContaining("a ZIP archive"),
    });
    expect(await detect("program.exe", "application/x-msdownload")).toMatchObject({
      code: "attachment_type_not_allowed",
      message: expect.stringContaining("a Windows program"),
    });
    expect(await detect("page-as.png", "text/html", "page.html")).toMatchObject({ code: "attachment_type_not_allowed" });
    const bare = (s: string) => detectFileKind(new TextEncoder().encode(s), { name: "x.svg" });
    expect(await bare('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')).toMatchObject({
      code: "attachment_type_not_allowed",
    });
    expect(await bare('\ufeff  <!-- x --><svg onload="alert(1)"/>')).toMatchObject({ code: "attachment_type_not_allowed" });
    const cfb = new Uint8Array(4100);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(await detectFileKind(cfb, { name: "old.doc" })).toMatchObject({ ok: false });
    const binary = await detectFileKind(new Uint8Array([1, 2, 0, 4, 5]), { name: "data.bin" });
    expect(binary).toMatchObject({ code: "attachment_type_not_allowed", message: expect.stringContaining("unknown binary") });
    expect(await detectFileKind(new Uint8Array([0xc3, 0x28, 0x41]), { name: "bad.txt" })).toMatchObject({
      code: "attachment_type_mismatch",
    });
  });

  it("accepts text that ends inside a character at the head's end, and refuses markup after a BOM and white space", async () => {
    const head = new TextEncoder().encode(`${"é".repeat(2049)}`).subarray(0, 4097);
    expect(await detectFileKind(head, { name: "a.txt" })).toMatchObject({ ok: true, category: "text" });
    expect(await detectFileKind(new TextEncoder().encode("\ufeff \n\t<!DOCTYPE html><p>x"), { name: "a.txt" })).toMatchObject({
      ok: false,
    });
    expect(await detectFileKind(new TextEncoder().encode("<script>alert(1)</script>"), {})).toMatchObject({
      ok: false,
      code: "attachment_type_not_allowed",
    });
    expect(await detectFileKind(new TextEncoder().encode("a < b and <bold> is not a tag"), { name: "a.txt" })).toMatchObject({ ok: true });
  });

  it("applies a widget's allowed categories", async () => {
    const pdf = await detect("document.pdf");
    expect(allowedKind(pdf, ["pdf", "image"])).toBe(pdf);
    expect(allowedKind(pdf, ["image", "text"])).toEqual({
      ok: false,
      code: "attachment_type_not_allowed",
      message: "The file is a PDF document; this chat accepts only images (JPEG, PNG, WebP, GIF), plain text.",
    });
    const refused = await detect("archive.zip");
    expect(allowedKind(refused, [...ATTACHMENT_CATEGORIES])).toBe(refused);
  });

  it("reads the head of a stream and gives the whole stream back", async () => {
    const original = fixture("photo-text.png");
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < original.length; i += 1000) controller.enqueue(original.slice(i, i + 1000));
        controller.close();
      },
    });
    const { head, stream } = await readHead(source, 2500);
    expect(head).toEqual(original.subarray(0, 2500));
    expect(new Uint8Array(await new Response(stream).arrayBuffer())).toEqual(original);
  });
});

describe("constants for the upload route and the clients", () => {
  it("lists MIME types, accept strings and inline image types per category", () => {
    expect(CATEGORY_MIME_TYPES.image).toEqual(["image/jpeg", "image/png", "image/webp", "image/gif"]);
    expect(CATEGORY_MIME_TYPES.office).toHaveLength(6);
    expect(CATEGORY_ACCEPT.image).toContain(".jpg");
    expect(CATEGORY_ACCEPT.office).toContain(".docx");
    expect(acceptFor(["pdf", "text"])).toBe("application/pdf,.pdf,text/plain,.txt,.text,.log,.md,.csv");
    expect(Object.values(CATEGORY_ACCEPT).join(",")).not.toMatch(/svg|html/);
    expect(INLINE_IMAGE_TYPES).toEqual(["image/jpeg", "image/png", "image/webp", "image/gif"]);
    expect(isInlineImage("image/svg+xml")).toBe(false);
    expect(isInlineImage("image/png")).toBe(true);
  });
});
