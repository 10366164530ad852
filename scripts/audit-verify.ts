// Verifies a signed audit export of Confide (GET /api/v1/compliance/audit-export) with node:crypto
// alone, so it can run anywhere, years later, without Confide:
//   npm run audit:verify -- <export.jsonl> <public key: a .pem file, or the base64 of the raw 32 bytes>
// The file's last line is {"type":"signature","algorithm":"Ed25519","keyId":…,"signature":…}; the
// signature covers the UTF-8 bytes of every line before it, newlines included. Prints what the file
// covers and exits 0 when the signature holds; exits 1 when it does not, 2 on wrong usage.
import { createPublicKey, verify } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";

const [filePath, keyArgument] = process.argv.slice(2);
if (!filePath || !keyArgument) {
  console.error("usage: npm run audit:verify -- <export.jsonl> <public-key.pem | base64 public key>");
  process.exit(2);
}

// The raw key wrapped as SubjectPublicKeyInfo (RFC 8410), which node:crypto reads as DER.
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

function publicKeyFrom(argument: string) {
  if (existsSync(argument)) return createPublicKey(readFileSync(argument, "utf8"));
  const raw = Buffer.from(argument, "base64");
  if (raw.length !== 32) throw new Error("the public key must be a PEM file or the base64 of 32 bytes");
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: "der", type: "spki" });
}

function fail(reason: string): never {
  console.error(`NOT VERIFIED: ${reason}`);
  process.exit(1);
}

const bytes = readFileSync(filePath);
// Without its final newline the file ends in the signature line; everything before that line is signed.
const end = bytes.at(-1) === 0x0a ? bytes.length - 1 : bytes.length;
const cut = bytes.lastIndexOf(0x0a, end - 1);
if (cut < 0) fail("the file has no signature line");
const signed = bytes.subarray(0, cut + 1);
let trailer: { type?: unknown; algorithm?: unknown; keyId?: unknown; signature?: unknown };
try {
  trailer = JSON.parse(bytes.subarray(cut + 1, end).toString("utf8"));
} catch {
  fail("the last line is not JSON");
}
if (trailer.type !== "signature" || trailer.algorithm !== "Ed25519" || typeof trailer.signature !== "string")
  fail("the last line is not an Ed25519 signature");

let key: ReturnType<typeof createPublicKey>;
try {
  key = publicKeyFrom(keyArgument);
} catch (error) {
  console.error(error instanceof Error ? error.message : "unreadable public key");
  process.exit(2);
}
if (!verify(null, signed, key, Buffer.from(trailer.signature, "base64")))
  fail("the signature does not match this file and key (the file was changed, or it was signed with another key)");

const header = JSON.parse(signed.subarray(0, signed.indexOf(0x0a)).toString("utf8")) as Record<string, unknown>;
console.log(
  `VERIFIED: ${header.entries} audit entries of account ${header.accountId}, ${header.from} to ${header.to}, key ${trailer.keyId}`,
);
