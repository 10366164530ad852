import { fromBase64, randomBytes, timingSafeEqual, toBase64Url, utf8 } from "./encoding";

// Operator passwords: 600,000 iterations of HMAC-SHA256 keyed by the password (OWASP's figure for
// PBKDF2-HMAC-SHA256), with a 16-byte random salt. workerd refuses PBKDF2 calls above 100,000
// iterations, so the work is a chain of six PBKDF2 calls, each salted with the previous one's output:
//
//   D1 = PBKDF2-HMAC-SHA256(password, salt, 100000, 32 bytes)
//   Dk = PBKDF2-HMAC-SHA256(password, D(k-1), 100000, 32 bytes)   for k = 2..6;  stored: D6
//
// This is not byte-compatible with a single PBKDF2 call of 600,000 iterations (that one XORs every
// intermediate HMAC, which a call cannot hand on). The cost per guess is the same: 600,000 HMAC
// evaluations keyed by the password, each stage needing the previous stage's output, so nothing
// can be precomputed or run in parallel within one guess. Argon2id was measured too (bench/RESULTS.md):
// its only build found that loads as a WebAssembly module reserves 65 MiB of linear memory at start,
// half a Worker isolate's 128 MB, shared with every socket the isolate holds.
//
// Format (it names its parameters, so they can change later; a hash at other parameters is verified,
// then re-hashed at sign-in):
//   pbkdf2-sha256-chain$i=600000,c=100000$<salt>$<hash>

const SCHEME = "pbkdf2-sha256-chain";
/** Iterations in total, and per PBKDF2 call (workerd's ceiling). */
export const PASSWORD_ITERATIONS = 600_000;
const ITERATIONS_PER_CALL = 100_000;
/** Bounds what a stored hash may ask for, so a corrupt row cannot make a login spin. */
const MAX_ITERATIONS = 2_000_000;

async function pbkdf2(material: CryptoKey, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, material, 256));
}

const importPassword = (password: string): Promise<CryptoKey> =>
  crypto.subtle.importKey("raw", utf8(password), "PBKDF2", false, ["deriveBits"]);

/** The chain above: `total / perCall` PBKDF2 calls, each salted with the previous output. */
async function chain(material: CryptoKey, salt: Uint8Array<ArrayBuffer>, total: number, perCall: number): Promise<Uint8Array<ArrayBuffer>> {
  let derived = salt;
  for (let done = 0; done < total; done += perCall) derived = await pbkdf2(material, derived, perCall);
  return derived;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await chain(await importPassword(password), salt, PASSWORD_ITERATIONS, ITERATIONS_PER_CALL);
  return `${SCHEME}$i=${PASSWORD_ITERATIONS},c=${ITERATIONS_PER_CALL}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

function parseParams(text: string | undefined): { i: number; c: number } | null {
  const match = /^i=(\d+),c=(\d+)$/.exec(text ?? "");
  if (!match) return null;
  const i = Number(match[1]);
  const c = Number(match[2]);
  if (c < 1 || c > ITERATIONS_PER_CALL || i < c || i > MAX_ITERATIONS || i % c !== 0) return null;
  return { i, c };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, params, saltText, hash] = stored.split("$");
  const p = parseParams(params);
  if (scheme !== SCHEME || !p || !saltText || !hash) return false;
  return timingSafeEqual(toBase64Url(await chain(await importPassword(password), fromBase64(saltText), p.i, p.c)), hash);
}

/** True when `stored` is not in the current format and parameters: re-hash it once the password is known. */
export function needsRehash(stored: string): boolean {
  const [scheme, params] = stored.split("$");
  const p = scheme === SCHEME ? parseParams(params) : null;
  return !p || p.i !== PASSWORD_ITERATIONS || p.c !== ITERATIONS_PER_CALL;
}

/** A well-formed hash in the current format that no password matches (32 random bytes as the hash). */
export const unusablePasswordHash = (): string =>
  `${SCHEME}$i=${PASSWORD_ITERATIONS},c=${ITERATIONS_PER_CALL}$${toBase64Url(randomBytes(16))}$${toBase64Url(randomBytes(32))}`;

/**
 * A hash to verify against when the email is unknown, so timing does not reveal which emails exist:
 * the current format at the current cost, like every real hash after its owner's next sign-in.
 */
export const DUMMY_PASSWORD_HASH = `${SCHEME}$i=${PASSWORD_ITERATIONS},c=${ITERATIONS_PER_CALL}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
