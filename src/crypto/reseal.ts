import { envelopePrefix } from "./envelope";
import { type KeyRing, loadKeyRing } from "./key-ring";

// Secrets sealed with the key ring (SSO client secrets, webhook signing secrets, widget identity
// secrets) outlive a key rotation only if each is sealed again with the active key before the old
// key leaves the ring. The hourly sweep runs one pass per kind; this is that pass, once.

export interface ResealReport {
  resealed: number;
  failed: number;
  /** Still sealed with an older key after this pass (the next sweep goes on). */
  remaining: number;
}

/**
 * Opens each secret `kind.pending` finds still sealed with an older ring key and seals it with the
 * active one (`kind.reseal`). A secret that fails is logged by name and counted; the others go on.
 * Null when the ring holds only its active key: there is nothing to move.
 */
export async function resealWithActiveKey<Row>(
  keyRing: string,
  kind: {
    /** What is resealed, for the log: "an SSO client secret". */
    name: string;
    /** At most one pass's worth of rows whose sealed value does not start with `prefix`. */
    pending(prefix: string): Promise<Row[]>;
    reseal(row: Row, ring: KeyRing): Promise<void>;
    remaining(prefix: string): Promise<number>;
  },
): Promise<ResealReport | null> {
  const ring = await loadKeyRing(keyRing);
  if (ring.keys.size === 1) return null;
  const prefix = envelopePrefix(ring.activeId);
  let resealed = 0;
  let failed = 0;
  for (const row of await kind.pending(prefix)) {
    try {
      await kind.reseal(row, ring);
      resealed++;
    } catch (error) {
      console.error(`key rotation failed for ${kind.name}`, error instanceof Error ? error.name : "unknown");
      failed++;
    }
  }
  return { resealed, failed, remaining: await kind.remaining(prefix) };
}
