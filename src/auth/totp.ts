import { Secret, TOTP } from "otpauth";
import { randomBytes, sha256Hex } from "../crypto/encoding";

// TOTP (RFC 6238) as every authenticator app reads it: SHA-1, 6 digits, 30-second steps, a
// 160-bit secret (RFC 4226's recommended length).

const PERIOD = 30;
const DIGITS = 6;
/** Steps accepted either side of now: a phone clock 30 seconds off still works. */
const SKEW_STEPS = 1;
const ISSUER = "Confide";

const totpFor = (secretBase32: string, label = "") =>
  new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: DIGITS, period: PERIOD, secret: Secret.fromBase32(secretBase32) });

/** A fresh random secret, in base32 as apps take it typed in. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The otpauth:// URI the enrolment QR code carries (issuer Confide, labelled with the operator's email). */
export const totpUri = (secretBase32: string, email: string): string => totpFor(secretBase32, email).toString();

/**
 * The time step a code belongs to, within ±1 step of `now`; null when the code is wrong. The caller
 * accepts the step only if it is later than the last one accepted (src/db/second-factor.ts).
 */
export function totpStep(secretBase32: string, code: string, now: number): number | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secretBase32).validate({ token, timestamp: now, window: SKEW_STEPS });
  return delta === null ? null : TOTP.counter({ period: PERIOD, timestamp: now }) + delta;
}

// Recovery codes: 16 characters of a 31-character alphabet without look-alikes (no i, l, o, 0, 1:
// 79 random bits), in four groups. Stored as SHA-256 only: with 79 bits of entropy no dictionary or brute force over
// the hashes is feasible, so a slow password hash would add cost without adding safety.

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export const RECOVERY_CODE_COUNT = 10;

function recoveryCode(): string {
  // Bytes of 248 and above are dropped: 248 is 8 × 31, so every character stays equally likely.
  let code = "";
  while (code.length < 16) {
    for (const byte of randomBytes(24)) {
      if (byte < 248 && code.length < 16) code += RECOVERY_ALPHABET[byte % 31];
    }
  }
  return code.match(/.{4}/g)!.join("-");
}

/** Ten new recovery codes, as shown once to the operator. */
export const newRecoveryCodes = (): string[] => Array.from({ length: RECOVERY_CODE_COUNT }, recoveryCode);

/** A code as typed (any case, with or without dashes or spaces) in the form its hash was made of. */
export const normaliseRecoveryCode = (code: string): string => code.toLowerCase().replace(/[\s-]+/g, "");

/** The stored form of a recovery code, bound to its operator so equal codes of two operators differ. */
export const hashRecoveryCode = (operatorId: string, code: string): Promise<string> =>
  sha256Hex(`recovery-code:${operatorId}:${normaliseRecoveryCode(code)}`);
