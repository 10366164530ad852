// The proof of work a privacy-mode widget does before it may start a chat (the server keeps no
// address there to count by). Shared by the server, which checks one hash with WebCrypto, and the
// widget, which searches for it; no imports, so the widget bundle stays free of packages.

/** What a visitor's browser hashes: the challenge as issued and its candidate solution. */
export const proofInput = (challenge: string, solution: string): string => `${challenge}:${solution}`;

/** True when the SHA-256 `hash` starts with at least `bits` zero bits. */
export function hasLeadingZeroBits(hash: Uint8Array, bits: number): boolean {
  const whole = Math.floor(bits / 8);
  for (let i = 0; i < whole; i++) if (hash[i] !== 0) return false;
  const rest = bits % 8;
  return rest === 0 || hash[whole]! >> (8 - rest) === 0;
}

// SHA-256's constants: the fractional parts of the square roots (initial hash) and cube roots
// (round constants) of the first primes, computed rather than spelled out to keep the bundle small.
const INITIAL: number[] = [];
const ROUND: number[] = [];
for (let n = 2; ROUND.length < 64; n++) {
  let prime = true;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
  if (!prime) continue;
  if (INITIAL.length < 8) INITIAL.push((n ** (1 / 2) * 2 ** 32) | 0);
  ROUND.push((n ** (1 / 3) * 2 ** 32) | 0);
}

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/**
 * SHA-256 in plain JavaScript. The search hashes synchronously in short slices: WebCrypto's
 * digest is a promise per hash, about a hundred times slower for inputs this small, which would
 * force a difficulty too low to cost a flood anything.
 */
export function sha256(data: Uint8Array): Uint8Array {
  const blocks = (data.length + 72) >> 6;
  const words = new Int32Array(blocks * 16);
  for (let i = 0; i < data.length; i++) words[i >> 2]! |= data[i]! << (24 - (i & 3) * 8);
  words[data.length >> 2]! |= 0x80 << (24 - (data.length & 3) * 8);
  words[blocks * 16 - 1] = data.length * 8;
  const h = INITIAL.slice();
  const w = new Int32Array(64);
  for (let block = 0; block < words.length; block += 16) {
    for (let i = 0; i < 64; i++) {
      if (i < 16) w[i] = words[block + i]!;
      else {
        const x = w[i - 15]!;
        const y = w[i - 2]!;
        w[i] = ((rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) + w[i - 16]! + (rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10)) + w[i - 7]!) | 0;
      }
    }
    let [a, b, c, d, e, f, g, k] = h as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + ROUND[i]! + w[i]!) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    const state = [a, b, c, d, e, f, g, k];
    for (let i = 0; i < 8; i++) h[i] = (h[i]! + state[i]!) | 0;
  }
  const out = new Uint8Array(32);
  h.forEach((v, i) => {
    for (let j = 0; j < 4; j++) out[i * 4 + j] = v >>> (24 - j * 8);
  });
  return out;
}

const encoder = new TextEncoder();
/** Work done between two yields to the page: far below the 50 ms that counts as a long task. */
const SLICE_MS = 8;

/**
 * Finds a solution (a decimal counter) for `challenge` at `difficulty` bits: 2^difficulty hashes
 * on average. It hashes for a few milliseconds at a time and then gives the page back its main
 * thread (a timer), so typing, scrolling and animations go on while it works.
 */
export async function solveChallenge(challenge: string, difficulty: number): Promise<string> {
  for (let n = 0; ; await new Promise((resolve) => setTimeout(resolve, 0))) {
    const until = Date.now() + SLICE_MS;
    do {
      if (hasLeadingZeroBits(sha256(encoder.encode(proofInput(challenge, String(n)))), difficulty)) return String(n);
      n++;
    } while (n % 64 !== 0 || Date.now() < until);
  }
}
