import { fromBase64, randomBytes, timingSafeEqual, toBase64Url, utf8 } from "./encoding";

// Operator passwords: PBKDF2-HMAC-SHA256 with a 16-byte random salt. 100,000 iterations is the
// most workerd allows. The format names its parameters so they can change later.

const ITERATIONS = 100_000;

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<string> {
  const material = await crypto.subtle.importKey("raw", utf8(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, material, 256);
  return toBase64Url(bits);
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `pbkdf2-sha256$${ITERATIONS}$${toBase64Url(salt)}$${await derive(password, salt, ITERATIONS)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterationsText, saltText, hash] = stored.split("$");
  const iterations = Number(iterationsText);
  if (scheme !== "pbkdf2-sha256" || !saltText || !hash || !Number.isInteger(iterations) || iterations > ITERATIONS) {
    return false;
  }
  return timingSafeEqual(await derive(password, fromBase64(saltText), iterations), hash);
}

/** A hash to verify against when the email is unknown, so timing does not reveal which emails exist. */
export const DUMMY_PASSWORD_HASH = `pbkdf2-sha256$${ITERATIONS}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
