import { fromBase64, toBase64Url, toHex } from "../crypto/encoding";
import type { Db } from "../db/client";
import { type AuditRow, auditWindowPage } from "../db/compliance";
import { HttpError } from "../errors";

// The signed export of the audit log for a time window (breach readiness, Art. 33(5) GDPR): a JSON
// Lines file whose last line is an Ed25519 signature over every byte before it. Anyone holding the
// account's public key can later show that the file is exactly what Confide exported. The key pair
// is derived with HKDF from TOKEN_SIGNING_KEY and the account id, so it needs no secret of its own,
// and two accounts never share a key. Rotating TOKEN_SIGNING_KEY gives a new key pair: keep the old
// public key (its id is in every file) to verify files exported before.

/** The widest window one file covers, and the most entries it carries: a bigger export is refused, never cut short. */
export const AUDIT_EXPORT_MAX_DAYS = 366;
export const AUDIT_EXPORT_MAX_ENTRIES = 100_000;
const PAGE = 5_000;
const DAY_MS = 86_400_000;

const encoder = new TextEncoder();

// PKCS #8 and SPKI framings of a raw Ed25519 key (RFC 8410): WebCrypto imports a private key only wrapped.
const PKCS8_PREFIX = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
const SPKI_PREFIX = new Uint8Array([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

export interface AuditSigningKey {
  privateKey: CryptoKey;
  /** The raw 32-byte public key. */
  publicKey: Uint8Array<ArrayBuffer>;
  /** The first 16 hex digits of the public key's SHA-256: names the key in files and in the public-key answer. */
  keyId: string;
}

/** Standard, padded base64: what openssl and node:crypto read without options. */
export function toBase64(bytes: Uint8Array): string {
  const url = toBase64Url(bytes).replace(/-/g, "+").replace(/_/g, "/");
  return url + "=".repeat((4 - (url.length % 4)) % 4);
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

/** The account's audit-export key pair, derived from TOKEN_SIGNING_KEY (HKDF-SHA-256, its own label and the account id). */
export async function auditSigningKey(tokenSigningKey: string, accountId: string): Promise<AuditSigningKey> {
  const base = await crypto.subtle.importKey("raw", fromBase64(tokenSigningKey), "HKDF", false, ["deriveBits"]);
  const seed = new Uint8Array(
    await crypto.subtle.deriveBits(
      { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode(`confide audit export ed25519 v1:${accountId}`) },
      base,
      256,
    ),
  );
  const pkcs8 = concat(PKCS8_PREFIX, seed);
  seed.fill(0);
  // Extractable once, to read the public half; the signing key itself is imported without export rights.
  const jwk = (await crypto.subtle.exportKey(
    "jwk",
    await crypto.subtle.importKey("pkcs8", pkcs8, "Ed25519", true, ["sign"]),
  )) as JsonWebKey;
  const privateKey = await crypto.subtle.importKey("pkcs8", pkcs8, "Ed25519", false, ["sign"]);
  pkcs8.fill(0);
  const publicKey = fromBase64(jwk.x!);
  return { privateKey, publicKey, keyId: toHex(await crypto.subtle.digest("SHA-256", publicKey)).slice(0, 16) };
}

/** The public key as PEM (SPKI), the form `openssl` and node:crypto read. */
export function publicKeyPem(publicKey: Uint8Array): string {
  return `-----BEGIN PUBLIC KEY-----\n${toBase64(concat(SPKI_PREFIX, publicKey))}\n-----END PUBLIC KEY-----\n`;
}

/** The window of an export from calendar days (UTC, `to` inclusive); a reversed, too wide or future window is refused. */
export function exportWindow(from: string, to: string, now: number): { from: number; to: number } {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`) + DAY_MS;
  if (end <= start) throw new HttpError(400, "invalid_request", "to: must not be before from.");
  if (end - start > AUDIT_EXPORT_MAX_DAYS * DAY_MS)
    throw new HttpError(400, "invalid_request", `to: a window is at most ${AUDIT_EXPORT_MAX_DAYS} days; export a longer period in parts.`);
  if (start > now) throw new HttpError(400, "invalid_request", "from: the window starts in the future.");
  return { from: start, to: end };
}

/** One entry as a line of the file: the audit log's own fields, times as ISO 8601 too. */
const entryLine = (e: AuditRow): string =>
  JSON.stringify({
    id: e.id,
    createdAt: e.createdAt,
    time: new Date(e.createdAt).toISOString(),
    actorKind: e.actorKind,
    actorId: e.actorId,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    count: e.count,
    fileCount: e.fileCount,
    departmentId: e.departmentId,
  });

export interface AuditExport {
  /** The whole file: header line, entry lines, signature line. */
  body: string;
  entries: number;
  keyId: string;
}

/**
 * The audit entries of [window.from, window.to) as signed JSON Lines. Line 1 says what the file is
 * (account, window, reader's departments, count, key id); then one entry per line, oldest first; the
 * last line is `{"type":"signature",...}` whose `signature` is Ed25519 over the UTF-8 bytes of all
 * lines before it, newlines included. More than AUDIT_EXPORT_MAX_ENTRIES is refused with 400.
 */
export async function exportAuditLog(
  db: Db,
  key: AuditSigningKey,
  scope: { accountId: string; departmentIds: string[] | null },
  window: { from: number; to: number },
  now: number,
  limits: { maxEntries: number; pageSize: number } = { maxEntries: AUDIT_EXPORT_MAX_ENTRIES, pageSize: PAGE },
): Promise<AuditExport> {
  const rows: AuditRow[] = [];
  let after: { createdAt: number; id: string } | null = null;
  for (;;) {
    const page = await auditWindowPage(db, scope.accountId, scope.departmentIds, window, after, limits.pageSize);
    rows.push(...page);
    if (rows.length > limits.maxEntries)
      throw new HttpError(
        400,
        "audit_export_too_large",
        `This window holds more than ${limits.maxEntries} audit entries; export it in shorter windows.`,
      );
    if (page.length < limits.pageSize) break;
    const last = page.at(-1)!;
    after = { createdAt: last.createdAt, id: last.id };
  }
  const header = JSON.stringify({
    type: "confide.audit-export",
    version: 1,
    accountId: scope.accountId,
    departmentIds: scope.departmentIds,
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    generatedAt: new Date(now).toISOString(),
    entries: rows.length,
    algorithm: "Ed25519",
    keyId: key.keyId,
  });
  const signed = `${[header, ...rows.map(entryLine)].join("\n")}\n`;
  const signature = new Uint8Array(await crypto.subtle.sign("Ed25519", key.privateKey, encoder.encode(signed)));
  const trailer = JSON.stringify({ type: "signature", algorithm: "Ed25519", keyId: key.keyId, signature: toBase64(signature) });
  return { body: `${signed}${trailer}\n`, entries: rows.length, keyId: key.keyId };
}

/**
 * Whether `file` is an untouched export signed by `publicKey` (raw 32 bytes): the same check
 * `npm run audit:verify` makes with node:crypto.
 */
export async function verifyAuditExport(file: string, publicKey: Uint8Array<ArrayBuffer>): Promise<boolean> {
  const body = file.endsWith("\n") ? file.slice(0, -1) : file;
  const cut = body.lastIndexOf("\n");
  if (cut < 0) return false;
  let trailer: { type?: unknown; signature?: unknown };
  try {
    trailer = JSON.parse(body.slice(cut + 1)) as typeof trailer;
  } catch {
    return false;
  }
  if (trailer.type !== "signature" || typeof trailer.signature !== "string") return false;
  const key = await crypto.subtle.importKey("raw", publicKey, "Ed25519", false, ["verify"]);
  try {
    return await crypto.subtle.verify("Ed25519", key, fromBase64(trailer.signature), encoder.encode(body.slice(0, cut + 1)));
  } catch {
    return false;
  }
}
