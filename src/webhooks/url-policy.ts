import { isLoopbackHost } from "../shared/links";

// Which URLs may receive webhooks (SSRF). The worker cannot resolve DNS before it fetches, so the
// check is on the URL as written: HTTPS only; no IP literal in a private, loopback, link-local,
// shared (CGNAT), documentation, multicast or unique-local range; no host name that only means
// something inside a network (localhost, *.local, *.internal, a single label). A public name that
// resolves to a private address (DNS rebinding) does not reach anything either: Cloudflare's
// outbound fetch from a Worker goes to the public internet only, never into a private network.
// Redirects are not followed (src/webhooks/delivery.ts), so a public URL cannot bounce inward.
// Local runs and tests may allow loopback explicitly (WEBHOOKS_ALLOW_LOOPBACK=1), and then only
// loopback, over http or https; production never sets it.

/** IPv4 ranges (first address, prefix length) no webhook may reach. */
const BLOCKED_V4: [string, number][] = [
  ["0.0.0.0", 8], // "this" network
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // shared address space (CGNAT)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata endpoints live here)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

/** Suffixes of names that resolve only inside a network. */
const INTERNAL_SUFFIXES = [".localhost", ".local", ".internal", ".intranet", ".lan", ".home", ".corp", ".home.arpa", ".localdomain"];

function ipv4ToNumber(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = value * 256 + Number(part);
  }
  return value;
}

function blockedIpv4(value: number): boolean {
  return BLOCKED_V4.some(([base, bits]) => {
    const size = 2 ** (32 - bits);
    const start = ipv4ToNumber(base)!;
    return value >= start && value < start + size;
  });
}

/** The 8 groups of an IPv6 literal (as the URL parser writes it: compressed, lower case), or null. */
function ipv6Groups(text: string): number[] | null {
  let host = text;
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (v4) {
    const n = ipv4ToNumber(v4[1]!);
    if (n === null) return null;
    host = `${host.slice(0, -v4[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail, ...rest] = host.split("::");
  if (rest.length > 0) return null;
  const parse = (s: string | undefined) => (s ? s.split(":").map((g) => Number.parseInt(g, 16)) : []);
  const a = parse(head);
  const b = parse(tail);
  if ([...a, ...b].some((g) => Number.isNaN(g) || g < 0 || g > 0xffff)) return null;
  const fill = tail === undefined ? 0 : 8 - a.length - b.length;
  const groups = [...a, ...new Array<number>(fill).fill(0), ...b];
  return groups.length === 8 ? groups : null;
}

function blockedIpv6(groups: number[]): boolean {
  const [g0 = 0, g1 = 0, , , , g5 = 0, g6 = 0, g7 = 0] = groups;
  const allZeroTo = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (allZeroTo(8)) return true; // ::
  if (allZeroTo(7) && g7 === 1) return true; // ::1
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d): judged as the IPv4 address.
  if (allZeroTo(5) && (g5 === 0xffff || g5 === 0)) return blockedIpv4(g6 * 65536 + g7);
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g0 & 0xff00) === 0xff00) return true; // multicast
  if (g0 === 0x2001 && g1 === 0x0db8) return true; // documentation
  if (g0 === 0x0064 && g1 === 0xff9b) return true; // NAT64 (embeds IPv4)
  if (g0 === 0x2002) return true; // 6to4 (embeds IPv4)
  return false;
}

/** Why this URL may not receive webhooks, or null when it may. */
export function webhookUrlProblem(value: string, options: { allowLoopback: boolean }): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "not a URL";
  }
  if (url.username || url.password) return "credentials in the URL are not allowed; use the signature to authenticate deliveries";
  const host = url.hostname.toLowerCase();
  if (options.allowLoopback && isLoopbackHost(host) && (url.protocol === "http:" || url.protocol === "https:")) return null;
  if (url.protocol !== "https:") return "must be an https URL";
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  const v4 = ipv4ToNumber(bare);
  if (v4 !== null) return blockedIpv4(v4) ? "a private, loopback or reserved address" : null;
  if (bare.includes(":")) {
    const groups = ipv6Groups(bare);
    return groups === null || blockedIpv6(groups) ? "a private, loopback or reserved address" : null;
  }
  const name = bare.replace(/\.$/, "");
  if (name === "localhost" || INTERNAL_SUFFIXES.some((suffix) => name.endsWith(suffix))) return "a local or internal host name";
  if (!name.includes(".")) return "a host name without a domain";
  return null;
}

/** Whether this deployment allows loopback endpoints (local runs and tests only). */
export const allowsLoopback = (env: Pick<Env, "WEBHOOKS_ALLOW_LOOPBACK">): boolean => env.WEBHOOKS_ALLOW_LOOPBACK === "1";
