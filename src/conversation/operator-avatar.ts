import { isSafeLinkUrl } from "../shared/links";

// An operator's alias photo as visitors get it: through the widget's own route on Confide's
// origin, never straight from the host it lives on. A visitor's browser loading it from there
// would hand that host the visitor's address and browser, which the privacy notice does not
// name, and a customer's strict CSP would block it anyway. The worker fetches it instead, checks
// that it is a small raster image, and serves it with headers that keep it an image.

/** The largest photo served, in bytes: an avatar, not a download. */
export const MAX_AVATAR_BYTES = 256 * 1024;
const AVATAR_TIMEOUT_MS = 5_000;
/** Raster types only: an SVG can carry script and links, which a photo has no need of. */
const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"]);

/** The path (on Confide's origin) of an operator's photo as the visitors of a widget see it. */
export const operatorAvatarPath = (siteKey: string, operatorId: string): string =>
  `/w/${encodeURIComponent(siteKey)}/operators/${encodeURIComponent(operatorId)}/avatar`;

/** The photo at `url` with its type, or null when it cannot be served: not reachable, not an allowed image type, too large. */
export async function fetchAvatar(url: string): Promise<{ bytes: ArrayBuffer; type: string } | null> {
  if (!isSafeLinkUrl(url)) return null;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(AVATAR_TIMEOUT_MS), headers: { accept: [...IMAGE_TYPES].join(", ") } });
  } catch {
    return null;
  }
  const type = (response.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (!response.ok || !IMAGE_TYPES.has(type) || declared > MAX_AVATAR_BYTES) {
    await response.body?.cancel();
    return null;
  }
  const bytes = await response.arrayBuffer();
  return bytes.byteLength > MAX_AVATAR_BYTES ? null : { bytes, type };
}
