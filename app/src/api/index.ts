import type {
  Assignee,
  ColleagueStatus,
  ConversationSummary,
  DataSubjectExport,
  DataSubjectSearch,
  DeleteRequest,
  EnrolledLogin,
  ExportRequest,
  ListConversationsQuery,
  Login,
  LoginAnswer,
  Me,
  OperatorStatus,
  OperatorStatusAnswer,
  Page,
  SearchConversations,
  TotpEnrolment,
  TranscriptMessage,
  TransferTarget,
  UsableSavedReplies,
  VisitorDetails,
} from "../types";
import { json, readJson, send, withQuery } from "./http";

export { ApiError, type ErrorInfo, errorCode, errorInfo, isAbort, onSessionExpired, sessionExpired } from "./http";

/** Which conversations a bulk action takes: listed ids, or everything a filter matches. */
export type Selection = Pick<DeleteRequest, "conversationIds" | "filter" | "all">;

const path = (id: string, rest = "") => `/conversations/${encodeURIComponent(id)}${rest}`;

export const api = {
  /** Starts a session (the server sets an HttpOnly cookie), or answers the second step to take. */
  async login(credentials: Login): Promise<LoginAnswer> {
    return readJson<LoginAnswer>(await send("/auth/login", { method: "POST", body: credentials, expiresSession: false }));
  },

  /** The second step of a sign-in: a code from the authenticator app, or a recovery code. */
  async loginSecondFactor(token: string, method: "totp" | "recovery_code", code: string): Promise<Me> {
    return readJson<Me>(await send("/auth/login/second-factor", { method: "POST", body: { token, method, code }, expiresSession: false }));
  },

  /** Under the account's two-factor policy: a new authenticator secret for the pending sign-in. */
  async loginEnrolTotp(token: string): Promise<TotpEnrolment> {
    return readJson<TotpEnrolment>(await send("/auth/login/enrol/totp", { method: "POST", body: { token }, expiresSession: false }));
  },

  /** Confirms it with the first code: the session begins, and the recovery codes come once. */
  async loginConfirmTotp(token: string, code: string): Promise<EnrolledLogin> {
    return readJson<EnrolledLogin>(
      await send("/auth/login/enrol/totp/confirm", { method: "POST", body: { token, code }, expiresSession: false }),
    );
  },

  async logout(): Promise<void> {
    await send("/auth/logout", { method: "POST", expiresSession: false });
  },

  /** The signed-in operator; rejects with status 401 when there is no session. */
  async me(): Promise<Me> {
    return readJson<Me>(await send("/me", { expiresSession: false }));
  },

  /** One page of conversations, newest first. `background`: a refresh the app makes by itself. */
  async listConversations(query: Partial<ListConversationsQuery> = {}, background = false): Promise<Page<ConversationSummary>> {
    const { status, assigned, assignedTo, limit, cursor, ids } = query;
    return readJson<Page<ConversationSummary>>(
      await send(withQuery("/conversations", { status, assigned, assignedTo, limit, cursor, ids: ids?.join(",") }), { background }),
    );
  },

  /** The saved replies the composer offers in this conversation, in its visitor's language (chats manage). */
  async savedReplies(id: string): Promise<UsableSavedReplies> {
    return readJson<UsableSavedReplies>(await send(path(id, "/saved-replies")));
  },

  /** Assigns a conversation to an operator, or back to the waiting queue with null (chats manage). */
  async assignConversation(id: string, operatorId: string | null): Promise<ConversationSummary> {
    return readJson<ConversationSummary>(await send(path(id, "/assign"), json({ operatorId })));
  },

  /** Replaces a conversation's tags (matched case-insensitively on the server); answers the summary. */
  async setTags(id: string, tags: readonly string[]): Promise<ConversationSummary> {
    return readJson<ConversationSummary>(await send(path(id), { ...json({ tags }), method: "PATCH" }));
  },

  /** Tags in use on the operator's departments' conversations, most used first; `prefix` narrows them. */
  async tagSuggestions(prefix: string): Promise<string[]> {
    return (await readJson<{ items: string[] }>(await send(withQuery("/conversations/tags", { prefix: prefix || undefined })))).items;
  },

  /** The status this operator chose, and the one colleagues and routing see. */
  async myStatus(): Promise<OperatorStatusAnswer> {
    return readJson<OperatorStatusAnswer>(await send("/me/status"));
  },

  /** Chooses online, away or offline. */
  async chooseStatus(status: OperatorStatus): Promise<OperatorStatusAnswer> {
    return readJson<OperatorStatusAnswer>(await send("/me/status", { method: "PUT", body: { status } }));
  },

  /** The colleagues of this operator's departments, by name, with their status when asked. */
  async colleagues(): Promise<ColleagueStatus[]> {
    return (await readJson<{ items: ColleagueStatus[] }>(await send("/inbox/operators", { background: true }))).items;
  },

  /** The departments a conversation can be handed to. */
  async transferTargets(): Promise<TransferTarget[]> {
    return (await readJson<{ items: TransferTarget[] }>(await send("/inbox/departments"))).items;
  },

  /** Hands the conversation to another department, where it waits unassigned. */
  async transferConversation(id: string, departmentId: string): Promise<ConversationSummary> {
    return readJson<ConversationSummary>(await send(path(id, "/transfer"), json({ departmentId })));
  },

  /** The colleagues a conversation can be assigned to (active, may answer in its department). */
  async assignees(id: string): Promise<Assignee[]> {
    return (await readJson<{ items: Assignee[] }>(await send(path(id, "/assignees")))).items;
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

  /** A verified visitor's other conversations the operator may read, newest first (empty for an unverified one). */
  async relatedConversations(id: string, limit = 20): Promise<Page<ConversationSummary>> {
    return readJson<Page<ConversationSummary>>(await send(withQuery(path(id, "/related"), { limit })));
  },

  /** What was kept of the visit (nothing in privacy mode). `background`: a poll, not a person's look. */
  async visitorDetails(id: string, background = false): Promise<VisitorDetails> {
    return readJson<VisitorDetails>(await send(path(id, "/visitor"), { background }));
  },

  /** Every conversation of one email address, a page at a time, and how many there are in all. */
  async searchDataSubject(search: DataSubjectSearch): Promise<Page<ConversationSummary> & { count: number }> {
    return readJson<Page<ConversationSummary> & { count: number }>(await send("/data-subject/search", json(search)));
  },

  /** Everything about one email address as a streamed file, its body unread. */
  async exportDataSubject(request: DataSubjectExport, signal: AbortSignal): Promise<Response> {
    return send("/data-subject/export", { ...json(request), accept: "*/*", signal });
  },

  /** Erases everything about one email address (answering the register's erasure request `requestId`); resolves to how many conversations went. */
  async eraseDataSubject(email: string, requestId?: string): Promise<number> {
    return (await readJson<{ deleted: number }>(await send("/data-subject/erase", json({ email, ...(requestId ? { requestId } : {}) }))))
      .deleted;
  },
};
