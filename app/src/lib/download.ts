/**
 * The body of a streamed response as a Blob, reporting the bytes received so far. Exports can be
 * large and arrive slowly; reading chunk by chunk lets the app show progress while they do.
 */
export async function readWithProgress(response: Response, onProgress: (bytes: number) => void): Promise<Blob> {
  const type = response.headers.get("Content-Type") ?? "application/octet-stream";
  if (!response.body) return response.blob();
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.byteLength;
    onProgress(bytes);
  }
  return new Blob(chunks, { type });
}

/** The file name of a Content-Disposition header (RFC 6266: filename* wins), else `fallback`. */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  let name: string | undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended?.[1]) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = undefined;
    }
  }
  name ??= /filename\s*=\s*"([^"]*)"/i.exec(disposition)?.[1] ?? /filename\s*=\s*([^;\s]+)/i.exec(disposition)?.[1];
  // A name, never a path: whatever the header says, the file lands in the downloads folder.
  const safe = name?.replace(/[/\\]/g, "_").replace(/^\.+/, "").trim();
  return safe || fallback;
}

/** How long the object URL outlives the click; revoking at once can cancel the download in some browsers. */
const REVOKE_AFTER_MS = 60_000;

/** Hands `blob` to the browser as a download named `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
