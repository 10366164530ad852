import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { type ErrorInfo, errorInfo, isAbort } from "../api";
import { fileNameFrom, readWithProgress, saveBlob } from "../lib/download";

export type DownloadState =
  | { kind: "idle" }
  | { kind: "running"; bytes: number }
  | { kind: "done"; fileName: string; bytes: number }
  | { kind: "cancelled" }
  | { kind: "failed"; error: ErrorInfo };

/** Progress redraws at most this often: a large export arrives in thousands of chunks. */
const PROGRESS_INTERVAL_MS = 150;

/**
 * One file download at a time: `start` runs the request, streams the body with progress, then
 * saves it under the server's file name. Leaving the screen cancels it.
 */
export function useDownload() {
  const [state, setState] = useState<DownloadState>({ kind: "idle" });
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(async (request: (signal: AbortSignal) => Promise<Response>, fallbackName: string) => {
    if (controller.current) return;
    const current = new AbortController();
    controller.current = current;
    setState({ kind: "running", bytes: 0 });
    let shownAt = 0;
    try {
      const response = await request(current.signal);
      const blob = await readWithProgress(response, (bytes) => {
        const now = performance.now();
        if (now - shownAt < PROGRESS_INTERVAL_MS) return;
        shownAt = now;
        setState({ kind: "running", bytes });
      });
      const fileName = fileNameFrom(response.headers.get("Content-Disposition"), fallbackName);
      saveBlob(blob, fileName);
      setState({ kind: "done", fileName, bytes: blob.size });
    } catch (error) {
      if (current.signal.aborted || isAbort(error)) setState({ kind: "cancelled" });
      // A stream that breaks off after the headers is a TypeError from the reader, not an ApiError.
      else if (error instanceof TypeError) setState({ kind: "failed", error: { code: "download_failed" } });
      else setState({ kind: "failed", error: errorInfo(error) });
    } finally {
      controller.current = null;
    }
  }, []);

  const cancel = useCallback(() => controller.current?.abort(), []);

  return { state, start, cancel, busy: state.kind === "running" };
}
