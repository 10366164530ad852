// The proof of work a privacy-mode widget does before it may start a chat (the server keeps no
// address there to count by). Shared by the server, which checks one hash, and the widget, which
// searches for it; no imports, so the widget bundle stays free of packages.

/** What a visitor's browser hashes: the challenge as issued and its candidate solution. */
export const proofInput = (challenge: string, solution: string): string => `${challenge}:${solution}`;

/** True when the SHA-256 `hash` starts with at least `bits` zero bits. */
export function hasLeadingZeroBits(hash: Uint8Array, bits: number): boolean {
  const whole = Math.floor(bits / 8);
  for (let i = 0; i < whole; i++) if (hash[i] !== 0) return false;
  const rest = bits % 8;
  return rest === 0 || (hash[whole]! >> (8 - rest)) === 0;
}

const encoder = new TextEncoder();
/** Hashes tried at once: the digests run off the main thread, and each batch's await lets the page render. */
const BATCH = 64;

/**
 * Finds a solution (a decimal counter) for `challenge` at `difficulty` bits: 2^difficulty hashes
 * on average. WebCrypto's digest is asynchronous, so the search never holds the main thread for
 * longer than one batch's bookkeeping, whatever the difficulty.
 */
export async function solveChallenge(challenge: string, difficulty: number): Promise<string> {
  for (let start = 0; ; start += BATCH) {
    const hashes = await Promise.all(
      Array.from({ length: BATCH }, (_, i) => crypto.subtle.digest("SHA-256", encoder.encode(proofInput(challenge, String(start + i))))),
    );
    const found = hashes.findIndex((hash) => hasLeadingZeroBits(new Uint8Array(hash), difficulty));
    if (found >= 0) return String(start + found);
  }
}
