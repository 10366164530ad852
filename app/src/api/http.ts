// The one way the app talks to the server: same origin, session cookie, JSON in and out, and
// every failure turned into an ApiError keyed by the server's error code.
import type { ApiErrorBody } from "../types";

const API_BASE = "/api/v1";

/** A failed API call: `code` is the server's snake_case error code (or one of ours, below). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Seconds the server asked to wait before trying again (its Retry-After header), when it said. */
  readonly retryAfterSeconds: number | null;

  constructor(status: number, code: string, message: string, retryAfterSeconds: number | null = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Retry-After in seconds (the HTTP-date form is not used by this server). */
function retryAfterOf(response: Response): number | null {
  const value = Number(response.headers.get("Retry-After") ?? "");
  return Number.isFinite(value) && value > 0 ? Math.ceil(value) : null;
}

/** The error code of anything thrown by the client, for messages keyed by code. */
export function errorCode(error: unknown): string {
  return error instanceof ApiError ? error.code : "unexpected_error";
}

/** A failure as the UI keeps it: the code picks the translation, the message is the fallback for unknown codes. */
export interface ErrorInfo {
  code: string;
  message?: string;
}

/** The code and server message of `error`, kept for rendering later in the current language. */
export function errorInfo(error: unknown): ErrorInfo {
  return error instanceof ApiError ? { code: error.code, message: error.message } : { code: "unexpected_error" };
}

/** True when `error` is the end of a request the app itself aborted. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

type SessionListener = () => void;
const sessionListeners = new Set<SessionListener>();

/**
 * Calls `listener` whenever an authenticated call answers 401, so the app can return to the login
 * screen. Returns the unsubscribe function.
 */
export function onSessionExpired(listener: SessionListener): () => void {
  sessionListeners.add(listener);
  return () => {
    sessionListeners.delete(listener);
  };
}

/** Tells the app that the session is over (a socket closed with CLOSE_SESSION_ENDED, say): back to the login screen. */
export function sessionExpired(): void {
  for (const listener of sessionListeners) listener();
}

/**
 * Marks a request nobody asked for at this moment (a poll, a refresh after a live event): the
 * server does not count it as activity, so an unattended tab's session still ends after 30 idle minutes.
 */
const BACKGROUND_HEADER = "X-Confide-Background";

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  /** False where a 401 is an ordinary answer (login, the first /me) rather than an expired session. */
  expiresSession?: boolean;
  /** Exports answer with a file, not JSON (their errors are still JSON). */
  accept?: string;
  signal?: AbortSignal;
  /** A request the app makes by itself, not for a person's action (see BACKGROUND_HEADER). */
  background?: boolean;
}

export async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const { method = "GET", body, expiresSession = true, accept = "application/json", signal, background = false } = options;
  const headers: Record<string, string> = { Accept: accept };
  if (background) headers[BACKGROUND_HEADER] = "1";
  const init: RequestInit = { method, headers, credentials: "same-origin" };
  if (signal) init.signal = signal;
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(API_BASE + path, init);
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, "network_error", "The server could not be reached.");
  }
  if (!response.ok) {
    const error = await readError(response);
    if (response.status === 401 && expiresSession) sessionExpired();
    throw error;
  }
  return response;
}

export async function readJson<T>(response: Response): Promise<T> {
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError(response.status, "invalid_response", "The server sent an unreadable answer.");
  }
}

async function readError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page, say): fall through to a code made from the status.
  }
  if (isErrorBody(body)) {
    return new ApiError(response.status, body.error.code, body.error.message, retryAfterOf(response));
  }
  return new ApiError(response.status, `http_${response.status}`, response.statusText || "Request failed.");
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error: unknown = value.error;
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string" &&
    "message" in error &&
    typeof error.message === "string"
  );
}

/** A JSON body sent with `method` (POST unless said otherwise). */
export const json = (body: unknown, method: RequestOptions["method"] = "POST"): RequestOptions => ({ method, body });

/** `base` with the defined entries of `query` as its query string. */
export function withQuery(base: string, query: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  return search ? `${base}?${search}` : base;
}

/** Every page of a cursor-paged list, up to `maxPages` (lists of settings are short; this bounds a bug). */
export async function allPages<T>(
  page: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>,
  maxPages = 20,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i += 1) {
    const result = await page(cursor);
    all.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return all;
}
