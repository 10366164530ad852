import type { AttachmentInfo } from "../../../src/shared/attachments";
import { ApiError, sessionExpired } from "../api";

// Files in a conversation, for the operator: where a file is (same origin, the session cookie goes
// along, so <img> and <a download> need nothing else), and an upload with progress and Cancel.

/** A file of the conversation; `inline` shows an image in the page rather than downloading it. */
export const attachmentUrl = (conversationId: string, attachmentId: string, inline = false): string =>
  `/api/v1/conversations/${encodeURIComponent(conversationId)}/attachments/${encodeURIComponent(attachmentId)}${inline ? "?inline=1" : ""}`;

/** An upload under way: its answer (the file as stored) and a way to stop it. */
export interface Upload {
  /** Rejects with an ApiError (the server's code, or network_error), or a DOMException "AbortError" when cancelled. */
  done: Promise<AttachmentInfo>;
  abort(): void;
}

/**
 * Sends `file` as the raw body of POST …/attachments. XMLHttpRequest, not fetch: only it reports
 * upload progress (`progress` gets 0–1). The server checks the size and the kind of the bytes.
 */
export function uploadAttachment(conversationId: string, file: File, progress: (fraction: number) => void): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<AttachmentInfo>((resolve, reject) => {
    xhr.open(
      "POST",
      `/api/v1/conversations/${encodeURIComponent(conversationId)}/attachments?name=${encodeURIComponent(file.name || "file")}`,
    );
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.responseType = "json";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) progress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = xhr.response as { attachment?: AttachmentInfo; error?: { code?: unknown; message?: unknown } } | null;
      if (xhr.status === 201 && body?.attachment) return resolve(body.attachment);
      const code = typeof body?.error?.code === "string" ? body.error.code : `http_${xhr.status}`;
      const message = typeof body?.error?.message === "string" ? body.error.message : xhr.statusText;
      if (xhr.status === 401) sessionExpired();
      reject(new ApiError(xhr.status, code, message));
    };
    xhr.onerror = () => reject(new ApiError(0, "network_error", "The server could not be reached."));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
