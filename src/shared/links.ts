// Which links the widget may show, shared by the server's schema and the operator app's form
// (no dependencies, so the app bundle stays free of zod).

/** 127.0.0.0/8, ::1 and localhost: a page there is only ever seen on the same machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** https, or http on a loopback host (a local demo has no certificate); never plain http on the internet. */
export function isSafeLinkUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
}
