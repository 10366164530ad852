// Makes the attachment fixtures of test/attachment-bytes.test.ts: small real files with the metadata
// the strippers remove (a JPEG with GPS EXIF, a PNG with tEXt and eXIf, a WebP with EXIF and XMP, a
// PDF with an information dictionary and XMP) and the files detection refuses (HTML named .png, an
// SVG with a script, a ZIP, a Windows program's header), written to test/fixtures/attachments/ with
// index.ts, which carries them as base64 for the workerd tests. Then it checks what workerd cannot:
// that sharp still decodes each stripped image to the same pixels.
// Run: `node --import tsx scripts/make-attachment-fixtures.mjs` (the output is committed; run it again
// only to change the fixtures).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";
import sharp from "sharp";
import { createStripper } from "../src/attachments/strip-metadata.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "test/fixtures/attachments");

/** The person and device the metadata names; the tests check none of it survives. */
export const SECRETS = ["Jane Doe", "PhoneMaker", "Phone 12 Pro", "SN-0042-7781", "Secret Title", "Holiday, Lisbon"];

const ascii = (text) => Buffer.from(text, "latin1");
const u16be = (n) => Buffer.from([n >> 8, n & 255]);
const u32be = (n) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** A big-endian TIFF structure (EXIF's): IFD0 with sub-IFDs for EXIF and GPS. */
function tiff() {
  // Entries: [tag, type, count, value Buffer]; types: 2 ASCII, 3 SHORT, 4 LONG, 5 RATIONAL.
  const str = (tag, text) => [tag, 2, text.length + 1, Buffer.concat([ascii(text), Buffer.from([0])])];
  const short = (tag, n) => [tag, 3, 1, Buffer.concat([u16be(n), Buffer.alloc(2)])];
  const long = (tag, n) => [tag, 4, 1, u32be(n)];
  const rationals = (tag, pairs) => [tag, 5, pairs.length, Buffer.concat(pairs.flatMap(([a, b]) => [u32be(a), u32be(b)]))];
  const layout = (entries, at) => {
    // An IFD at `at`: count, 12-byte entries, next-IFD 0, then the values longer than 4 bytes.
    const sorted = [...entries].sort((a, b) => a[0] - b[0]);
    let extra = at + 2 + sorted.length * 12 + 4;
    const head = [u16be(sorted.length)];
    const tail = [];
    for (const [tag, type, count, value] of sorted) {
      head.push(u16be(tag), u16be(type), u32be(count));
      if (value.length <= 4) head.push(Buffer.concat([value, Buffer.alloc(4 - value.length)]));
      else {
        head.push(u32be(extra));
        const padded = value.length % 2 ? Buffer.concat([value, Buffer.alloc(1)]) : value;
        tail.push(padded);
        extra += padded.length;
      }
    }
    head.push(u32be(0));
    return Buffer.concat([...head, ...tail]);
  };
  const gps = [
    str(0x0001, "N"),
    rationals(0x0002, [
      [38, 1],
      [42, 1],
      [3012, 100],
    ]),
    str(0x0003, "W"),
    rationals(0x0004, [
      [9, 1],
      [8, 1],
      [3384, 100],
    ]),
  ];
  const exif = [str(0xa431, "SN-0042-7781"), str(0x9003, "2024:05:01 10:30:00")];
  const ifd0 = (exifAt, gpsAt) => [
    str(0x010f, "PhoneMaker"),
    str(0x0110, "Phone 12 Pro"),
    short(0x0112, 6),
    str(0x013b, "Jane Doe"),
    long(0x8769, exifAt),
    long(0x8825, gpsAt),
  ];
  // Lay IFD0 out once to learn its size, then the EXIF and GPS IFDs after it.
  const size0 = layout(ifd0(0, 0), 8).length;
  const exifAt = 8 + size0;
  const exifIfd = layout(exif, exifAt);
  const gpsAt = exifAt + exifIfd.length;
  return Buffer.concat([ascii("MM"), u16be(42), u32be(8), layout(ifd0(exifAt, gpsAt), 8), exifIfd, layout(gps, gpsAt)]);
}

const XMP = `<?xpacket begin="\u{feff}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:exif="http://ns.adobe.com/exif/1.0/">
<dc:creator><rdf:Seq><rdf:li>Jane Doe</rdf:li></rdf:Seq></dc:creator>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Secret Title</rdf:li></rdf:Alt></dc:title>
<exif:GPSLatitude>38,42.502N</exif:GPSLatitude><exif:GPSLongitude>9,8.564W</exif:GPSLongitude>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`;

/** A picture with some detail, so the scan data is not trivial. */
async function picture(width, height) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = (x * 255) / width;
      pixels[i + 1] = (y * 255) / height;
      pixels[i + 2] = ((x ^ y) * 8) & 255;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

const segment = (marker, payload) => Buffer.concat([Buffer.from([0xff, marker]), u16be(payload.length + 2), payload]);

async function jpeg() {
  // sharp writes SOI, APP2 ICC_PROFILE (kept), tables and scan; a JFIF APP0 with a thumbnail and the
  // metadata go after SOI.
  const base = await (await picture(48, 32)).withIccProfile("srgb").jpeg({ quality: 70 }).toBuffer();
  const jfif = Buffer.concat([ascii("JFIF\0"), Buffer.from([1, 1, 0, 0, 1, 0, 1, 2, 1]), Buffer.from([255, 0, 0, 0, 0, 255])]);
  const iptc = Buffer.concat([
    ascii("Photoshop 3.0\0"),
    ascii("8BIM"),
    u16be(0x0404),
    u16be(0),
    u32be(16),
    Buffer.from([0x1c, 2, 80, 0, 8]),
    ascii("Jane Doe"),
    Buffer.alloc(3),
  ]);
  const adobe = Buffer.concat([ascii("Adobe"), u16be(100), u16be(0), u16be(0), Buffer.from([1])]);
  const metadata = Buffer.concat([
    segment(0xe0, jfif),
    segment(0xe1, Buffer.concat([ascii("Exif\0\0"), tiff()])),
    segment(0xe1, Buffer.concat([ascii("http://ns.adobe.com/xap/1.0/\0"), Buffer.from(XMP, "utf8")])),
    segment(0xed, iptc),
    segment(0xfe, ascii("Holiday, Lisbon - taken by Jane Doe")),
    segment(0xee, adobe),
  ]);
  return Buffer.concat([base.subarray(0, 2), metadata, base.subarray(2)]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 255] ^ (c >>> 8)) >>> 0;
  return (c ^ 0xffffffff) >>> 0;
}
const pngChunk = (type, data) => Buffer.concat([u32be(data.length), ascii(type), data, u32be(crc32(Buffer.concat([ascii(type), data])))]);

async function png() {
  const base = await (await picture(40, 24)).png({ compressionLevel: 9 }).toBuffer();
  const ihdrEnd = 8 + 12 + 13;
  const metadata = Buffer.concat([
    pngChunk("tEXt", ascii("Author\0Jane Doe")),
    pngChunk("tEXt", ascii("Title\0Secret Title")),
    pngChunk("zTXt", Buffer.concat([ascii("Comment\0\0"), (await import("node:zlib")).deflateSync(ascii("Holiday, Lisbon"))])),
    pngChunk("iTXt", Buffer.concat([ascii("XML:com.adobe.xmp\0\0\0\0\0"), Buffer.from(XMP, "utf8")])),
    pngChunk("tIME", Buffer.from([0x07, 0xe8, 5, 1, 10, 30, 0])),
    pngChunk("eXIf", tiff()),
  ]);
  return Buffer.concat([base.subarray(0, ihdrEnd), metadata, base.subarray(ihdrEnd)]);
}

async function webp() {
  return (await picture(40, 24))
    .webp({ quality: 60 })
    .withExif({ IFD0: { Make: "PhoneMaker", Model: "Phone 12 Pro", Artist: "Jane Doe" }, IFD2: { BodySerialNumber: "SN-0042-7781" } })
    .withXmp(XMP)
    .toBuffer();
}

/** A one-page PDF with an information dictionary, an uncompressed XMP stream and an outline. */
function pdf() {
  const content = "BT /F1 18 Tf 40 60 Td (Hello from Confide) Tj ET";
  const xmp = Buffer.from(XMP, "utf8");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R /Metadata 6 0 R /Outlines 7 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 120] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Type /Metadata /Subtype /XML /Length ${xmp.length} >>\nstream\n${xmp.toString("latin1")}\nendstream`,
    "<< /Type /Outlines /First 8 0 R /Last 8 0 R /Count 1 >>",
    "<< /Title (Chapter One) /Parent 7 0 R /Dest [3 0 R /Fit] >>",
    // The information dictionary: literal strings (one with nested parentheses and an escape) and a hex string.
    "<< /Title (Secret Title) /Author (Jane Doe \\(JD\\) (private)) /Creator (PhoneMaker Writer) /Producer <50686f6e65203132> /Subject (Holiday, Lisbon) /Keywords (SN-0042-7781) /CreationDate (D:20240501103000Z) >>",
  ];
  let body = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 9 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

/** A ZIP with a fixed time, so the fixtures come out the same on every run. */
const zip = (entries) => zipSync(entries, { mtime: new Date("2024-05-01T10:00:00Z") });

function docx() {
  const xml = (text) => new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${text}`);
  return Buffer.from(
    zip({
      "[Content_Types].xml": xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
      "_rels/.rels": xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      ),
      "word/document.xml": xml(
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hello from Confide</w:t></w:r></w:p></w:body></w:document>',
      ),
    }),
  );
}

/** The first 512 bytes of a Windows program: the DOS header pointing at a PE header. */
function exe() {
  const b = Buffer.alloc(512);
  b.write("MZ", 0, "latin1");
  b.writeUInt16LE(0x90, 2);
  b.writeUInt32LE(0x80, 0x3c);
  b.write("This program cannot be run in DOS mode.", 0x4e, "latin1");
  b.write("PE\0\0", 0x80, "latin1");
  b.writeUInt16LE(0x14c, 0x84); // i386
  b.writeUInt16LE(1, 0x86); // one section
  b.writeUInt16LE(0xe0, 0x94); // optional header size
  b.writeUInt16LE(0x0102, 0x96); // executable
  b.writeUInt16LE(0x10b, 0x98); // PE32
  return b;
}

const files = {
  "photo-gps.jpg": await jpeg(),
  "photo-text.png": await png(),
  "photo-meta.webp": await webp(),
  "document.pdf": pdf(),
  "document.docx": docx(),
  "notes.txt": Buffer.from("Meeting notes\nCafé at 10:00 ☕ — bring the contract.\n", "utf8"),
  "page-as.png": Buffer.from('<!DOCTYPE html>\n<html><body><script>alert("hi")</script></body></html>\n', "utf8"),
  "drawing.svg": Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>A square</title><script>alert("hi")</script><rect width="10" height="10"/></svg>\n',
    "utf8",
  ),
  "archive.zip": Buffer.from(zip({ "readme.txt": new TextEncoder().encode("Hello from Confide\n") })),
  "program.exe": exe(),
};

mkdirSync(out, { recursive: true });
const names = Object.keys(files).sort();
let index = `// Generated by scripts/make-attachment-fixtures.mjs: the fixtures of this folder as base64, for the workerd tests.\n`;
index += `export const SECRETS = ${JSON.stringify(SECRETS)};\n\nexport const FIXTURES: Record<string, string> = {\n`;
for (const name of names) {
  const bytes = files[name];
  if (bytes.length > 30 * 1024) throw new Error(`${name} is ${bytes.length} bytes: fixtures stay under 30 KB`);
  writeFileSync(join(out, name), bytes);
  index += `  "${name}": "${bytes.toString("base64")}",\n`;
}
index += "};\n";
writeFileSync(join(out, "index.ts"), index);
// In the repository's format, so that `npm run lint` passes on it as written.
execFileSync(join(root, "node_modules/.bin/biome"), ["format", "--write", join(out, "index.ts")], { stdio: "ignore" });
console.log(names.map((name) => `${name} ${files[name].length} bytes`).join("\n"));

// What workerd cannot check: the stripped images still decode, to the same pixels.
function strip(mime, bytes) {
  const stripper = createStripper(mime);
  const parts = [];
  for (let i = 0; i < bytes.length; i += 100) parts.push(...stripper.push(bytes.subarray(i, i + 100)));
  parts.push(...stripper.end());
  return Buffer.concat(parts);
}
let failed = 0;
for (const [name, mime] of [
  ["photo-gps.jpg", "image/jpeg"],
  ["photo-text.png", "image/png"],
  ["photo-meta.webp", "image/webp"],
]) {
  const original = files[name];
  const stripped = strip(mime, original);
  const [a, b] = await Promise.all([original, stripped].map((bytes) => sharp(bytes).raw().toBuffer()));
  const meta = await sharp(stripped).metadata();
  const same = a.equals(b);
  const leaks = SECRETS.filter((secret) => stripped.includes(secret));
  if (!same || leaks.length > 0) failed++;
  console.log(
    `${name}: ${original.length} → ${stripped.length} bytes; decodes ${same ? "to the same pixels" : "DIFFERENTLY"}` +
      `; exif ${meta.exif?.length ?? 0} bytes, xmp ${meta.xmp?.length ?? 0}, icc ${meta.icc?.length ?? 0}, orientation ${meta.orientation ?? "-"}` +
      (leaks.length > 0 ? `; STILL NAMES ${leaks.join(", ")}` : ""),
  );
}
const strippedPdf = strip("application/pdf", files["document.pdf"]);
const pdfPath = join(tmpdir(), "confide-stripped-document.pdf");
writeFileSync(pdfPath, strippedPdf);
console.log(`document.pdf: ${files["document.pdf"].length} → ${strippedPdf.length} bytes (${pdfPath}, for a look with pdfinfo)`);
process.exit(failed === 0 ? 0 : 1);
