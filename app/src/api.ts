import type {
  ApiErrorBody,
  ConversationSummary,
  DataSubjectExport,
  DataSubjectSearch,
  DeleteRequest,
  ExportRequest,
  ListConversationsQuery,
  Login,
  Me,
  Page,
  SearchConversations,
  TranscriptMessage,
  VisitorDetails,
  WidgetSettings,
} from "./types";

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

interface RequestOptions {
  method?: "GET" | "POST";
  body?: unknown;
  /** False where a 401 is an ordinary answer (login, the first /me) rather than an expired session. */
  expiresSession?: boolean;
  /** Exports answer with a file, not JSON (their errors are still JSON). */
  accept?: string;
  signal?: AbortSignal;
}

async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const { method = "GET", body, expiresSession = true, accept = "application/json", signal } = options;
  const headers: Record<string, string> = { Accept: accept };
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

/** Which conversations a bulk action takes: listed ids, or everything a filter matches. */
export type Selection = Pick<DeleteRequest, "conversationIds" | "filter" | "all">;

const json = (body: unknown): RequestOptions => ({ method: "POST", body });
const path = (id: string, rest = "") => `/conversations/${encodeURIComponent(id)}${rest}`;

function withQuery(base: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  return search ? `${base}?${search}` : base;
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
    if (query.assigned !== undefined) params.set("assigned", String(query.assigned));
    if (query.assignedTo) params.set("assignedTo", query.assignedTo);
    if (query.limit !== undefined) params.set("limit", String(query.limit));
    if (query.cursor) params.set("cursor", query.cursor);
    const search = params.toString();
    return readJson<Page<ConversationSummary>>(await send(search ? `/conversations?${search}` : "/conversations"));
  },

  async getConversation(id: string): Promise<ConversationSummary> {
    return readJson<ConversationSummary>(await send(path(id)));
  },

  /** Assigns a conversation to an operator, or back to the waiting queue with null (chats manage). */
  async assignConversation(id: string, operatorId: string | null): Promise<ConversationSummary> {
    return readJson<ConversationSummary>(await send(path(id, "/assign"), json({ operatorId })));
  },

  /** One page of conversations matching every filter (email and name stay in the body, out of URLs). */
  async searchConversations(search: SearchConversations): Promise<Page<ConversationSummary>> {
    return readJson<Page<ConversationSummary>>(await send("/conversations/search", json(search)));
  },

  /** How many conversations a deletion of `selection` would take: a dry run, nothing is deleted. */
  async countConversations(selection: Selection): Promise<number> {
    const request: DeleteRequest = { ...selection, dryRun: true };
    return (await readJson<{ deleted: number }>(await send("/conversations/delete", json(request)))).deleted;
  },

  /** Erases the selected conversations for good; resolves to how many went. */
  async deleteConversations(selection: Selection): Promise<number> {
    const request: DeleteRequest = selection;
    return (await readJson<{ deleted: number }>(await send("/conversations/delete", json(request)))).deleted;
  },

  /** The export file as a streamed response, its body unread. */
  async exportConversations(request: ExportRequest, signal: AbortSignal): Promise<Response> {
    return send("/conversations/export", { ...json(request), accept: "*/*", signal });
  },

  /** One page of a stored transcript, in seq order. */
  async transcript(id: string, cursor?: string): Promise<Page<TranscriptMessage>> {
    return readJson<Page<TranscriptMessage>>(await send(withQuery(path(id, "/messages"), { limit: 100, cursor })));
  },

  /** What was kept of the visit (nothing in privacy mode). */
  async visitorDetails(id: string): Promise<VisitorDetails> {
    return readJson<VisitorDetails>(await send(path(id, "/visitor")));
  },

  /** One page of the account's widgets (settings read). */
  async listWidgets(cursor?: string): Promise<Page<WidgetSettings>> {
    return readJson<Page<WidgetSettings>>(await send(withQuery("/settings/widgets", { limit: 100, cursor })));
  },

  /** Every conversation of one email address, a page at a time, and how many there are in all. */
  async searchDataSubject(search: DataSubjectSearch): Promise<Page<ConversationSummary> & { count: number }> {
    return readJson<Page<ConversationSummary> & { count: number }>(await send("/data-subject/search", json(search)));
  },

  /** Everything about one email address as a streamed file, its body unread. */
  async exportDataSubject(request: DataSubjectExport, signal: AbortSignal): Promise<Response> {
    return send("/data-subject/export", { ...json(request), accept: "*/*", signal });
  },

  /** Erases everything about one email address; resolves to how many conversations went. */
  async eraseDataSubject(email: string): Promise<number> {
    return (await readJson<{ deleted: number }>(await send("/data-subject/erase", json({ email })))).deleted;
  },
};
