/** The WebSocket URL of a same-origin path: wss:// on https pages, ws:// otherwise. */
export function socketUrl(path: string): string {
  const url = new URL(path, window.location.href);
  url.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}
