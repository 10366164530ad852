import { fromBase64, toBase64Url, utf8 } from "./encoding";

/**
 * A client address as a rate-limit key: HMAC-SHA256 under the day's random salt
 * (src/db/address-salts.ts), over a scope and the address. The raw address is never stored; the
 * salt is not derived from any long-lived key, so once the sweep deletes it nobody, not even with
 * every secret of the deployment, can tell which address a key was made from. The scope keeps
 * uses apart: `account:<id>` for new chats, so nothing links one visitor across accounts;
 * `login` for sign-in attempts.
 */
export async function hashClientAddress(salt: string, scope: string, address: string): Promise<string> {
  // Not cached like the blind-index key: a salt must not outlive its day in an isolate's memory.
  const key = await crypto.subtle.importKey("raw", fromBase64(salt), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return toBase64Url(await crypto.subtle.sign("HMAC", key, utf8(`client-address:${scope}:${address}`)));
}
