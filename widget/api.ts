// The widget's REST calls to the worker. credentials "omit" on every one: the widget never sends or
// receives cookies.
import type { ApiError, StartConversation, WidgetConfig } from "../src/shared/api";
import { solveChallenge } from "../src/shared/proof-of-work";
import type { Session } from "./stored-session";
import { isApiError, isChallenge, isWidgetConfig } from "./validators";

/** A solved challenge, as a privacy-mode start carries it. */
export type Proof = NonNullable<StartConversation["proof"]>;

/** Answers meaning this visitor's conversation is gone (or was never theirs): forget it. */
export const GONE = new Set([401, 403, 404, 410]);

/** A non-2xx answer whose message (possibly "") the server meant for the visitor. */
export class ApiFailure extends Error {}

/** A widget's endpoints, e.g. "https://chat.example.com/w/demo". */
export function widgetEndpoint(origin: string, siteKey: string): string {
  return `${origin}/w/${encodeURIComponent(siteKey)}`;
}

/** The error an answer carries (its message meant for the visitor), or null when it has none. */
export async function apiErrorOf(response: Response): Promise<ApiError["error"] | null> {
  try {
    const body: unknown = await response.json();
    if (isApiError(body)) return body.error;
  } catch {
    // Not JSON (a proxy's error page, say): the caller's own text says enough.
  }
  return null;
}

/**
 * The config of the widget at `base`, or "withdraw" when the router chose a widget that may not be
 * embedded on this page and no other stands in for it (it could keep more about the visitor).
 * Throws an ApiFailure for any other refusal.
 */
export async function fetchConfig(base: string, query: URLSearchParams): Promise<WidgetConfig | "withdraw"> {
  const search = String(query);
  const response = await fetch(`${base}/config${search && `?${search}`}`, { credentials: "omit" });
  if (!response.ok) {
    const error = await apiErrorOf(response);
    if (response.status === 403 && error?.code === "no_widget_for_origin") return "withdraw";
    throw new ApiFailure(error?.message ?? "");
  }
  const config: unknown = await response.json();
  if (!isWidgetConfig(config)) throw new Error("unexpected config shape");
  return config;
}

/** A challenge of the widget at `base`, solved (SHA-256 in short slices, so the page stays responsive). */
export async function solvedProof(base: string): Promise<Proof> {
  const response = await fetch(`${base}/challenge`, { method: "POST", credentials: "omit" });
  if (!response.ok) throw new ApiFailure((await apiErrorOf(response))?.message ?? "");
  const issued: unknown = await response.json();
  if (!isChallenge(issued)) throw new Error("unexpected challenge shape");
  return { challenge: issued.challenge, solution: await solveChallenge(issued.challenge, issued.difficulty) };
}

/** Starts a conversation on the widget at `base`. */
export function postConversation(base: string, request: StartConversation): Promise<Response> {
  return fetch(`${base}/conversations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(request),
    credentials: "omit",
  });
}

/** fetch() with the visitor token, for the conversation's own endpoints (`path` after its id). */
export function visitorFetch(base: string, session: Session, path: string, method = "GET", body?: string): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${session.visitorToken}` };
  if (body) headers["content-type"] = "application/json";
  return fetch(`${base}/conversations/${encodeURIComponent(session.conversationId)}${path}`, {
    method,
    headers,
    body,
    credentials: "omit",
  });
}

/** An upload under way: its answer (status and JSON body, or null on a network error) and a way to stop it. */
export interface Upload {
  done: Promise<{ status: number; body: unknown } | null>;
  abort(): void;
}

/**
 * Sends `file` as the raw body of a POST to the conversation's attachments with the visitor token.
 * XMLHttpRequest, not fetch: only it reports upload progress. An aborted upload resolves to status 0.
 */
export function uploadFile(base: string, session: Session, file: File, progress: (fraction: number) => void): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<{ status: number; body: unknown } | null>((resolve) => {
    xhr.open(
      "POST",
      `${base}/conversations/${encodeURIComponent(session.conversationId)}/attachments?name=${encodeURIComponent(file.name || "file")}`,
    );
    xhr.setRequestHeader("authorization", `Bearer ${session.visitorToken}`);
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.responseType = "json";
    xhr.upload.onprogress = (event) => event.lengthComputable && progress(event.loaded / event.total);
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.response });
    xhr.onerror = () => resolve(null);
    xhr.onabort = () => resolve({ status: 0, body: null });
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}

/** The file name a download's Content-Disposition gives (filename* first), else `fallback`. */
export function dispositionName(response: Response, fallback: string): string {
  const header = response.headers.get("content-disposition") ?? "";
  const match = /filename\*=UTF-8''([^;]+)/i.exec(header);
  try {
    if (match?.[1]) return decodeURIComponent(match[1]);
  } catch {
    // A malformed escape: the plain name, or the fallback.
  }
  return /filename="([^"]+)"/.exec(header)?.[1] ?? fallback;
}
