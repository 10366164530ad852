/** The app's screens, each at its own path under the app's base, so reloads and links keep the place. */
export type Screen = "inbox" | "transcripts" | "data-requests";

const BASE = import.meta.env.BASE_URL;

export const screenPaths: Readonly<Record<Screen, string>> = {
  inbox: BASE,
  transcripts: `${BASE}transcripts`,
  "data-requests": `${BASE}data-requests`,
};

/** The screen at `pathname`, matched exactly against the table above (a trailing slash is ignored). */
export function screenAt(pathname: string): Screen | null {
  const normalised = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  for (const [screen, path] of Object.entries(screenPaths) as [Screen, string][]) {
    if (path === pathname || path === normalised) return screen;
  }
  return null;
}
