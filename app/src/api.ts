import type { ApiErrorBody, ConversationSummary, ListConversationsQuery, Login, Me, Page } from "./types";

const API_BASE = "/api/v1";

/** A failed API call: `code` is the server's snake_case error code (or one of ours, below). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

/** The error code of anything thrown by the client, for messages keyed by code. */
export function errorCode(error: unknown): string {
  return error instanceof ApiError ? error.code : "unexpected_error";
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

interface RequestOptions {
  method?: "GET" | "POST";
  body?: unknown;
  /** False where a 401 is an ordinary answer (login, the first /me) rather than an expired session. */
  expiresSession?: boolean;
}

async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const { method = "GET", body, expiresSession = true } = options;
  const headers: Record<string, string> = { Accept: "application/json" };
  const init: RequestInit = { method, headers, credentials: "same-origin" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(API_BASE + path, init);
  } catch {
    throw new ApiError(0, "network_error", "The server could not be reached.");
  }
  if (!response.ok) {
    const error = await readError(response);
    if (response.status === 401 && expiresSession) {
      for (const listener of sessionListeners) listener();
    }
    throw error;
  }
  return response;
}

async function readJson<T>(response: Response): Promise<T> {
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
    return new ApiError(response.status, body.error.code, body.error.message);
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

/** Typed calls to the REST API of DESIGN.md, same origin, session cookie included. */
export const api = {
  /** Starts a session (the server sets an HttpOnly cookie). */
  async login(credentials: Login): Promise<Me> {
    return readJson<Me>(await send("/auth/login", { method: "POST", body: credentials, expiresSession: false }));
  },

  async logout(): Promise<void> {
    await send("/auth/logout", { method: "POST", expiresSession: false });
  },

  /** The signed-in operator; rejects with status 401 when there is no session. */
  async me(): Promise<Me> {
    return readJson<Me>(await send("/me", { expiresSession: false }));
  },

  /** One page of conversations, newest first. */
  async listConversations(query: Partial<ListConversationsQuery> = {}): Promise<Page<ConversationSummary>> {
    const params = new URLSearchParams();
    if (query.status) params.set("status", query.status);
    if (query.limit !== undefined) params.set("limit", String(query.limit));
    if (query.cursor) params.set("cursor", query.cursor);
    const search = params.toString();
    return readJson<Page<ConversationSummary>>(await send(search ? `/conversations?${search}` : "/conversations"));
  },

  async getConversation(id: string): Promise<ConversationSummary> {
    return readJson<ConversationSummary>(await send(`/conversations/${encodeURIComponent(id)}`));
  },
};
