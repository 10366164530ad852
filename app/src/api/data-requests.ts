import type { ConversationConsent } from "../../../src/shared/consent-api";
import type { CreateDataRequest, DataRequest, DataRequestCounts, UpdateDataRequest } from "../../../src/shared/data-requests-api";
import type { Page } from "../types";
import { json, readJson, send, withQuery } from "./http";

// The data-request register and the consent text archive. The person's email travels only in
// POST bodies, never in a URL.

export type RegisterFilter = "pending" | "overdue" | "due_soon" | "all";

export const dataRequestsApi = {
  /** A page of the register: pending ones by deadline, or all newest first. */
  async list(filter: RegisterFilter, cursor?: string): Promise<Page<DataRequest>> {
    return readJson<Page<DataRequest>>(await send(withQuery("/data-requests", { filter, limit: 50, cursor })));
  },

  /** The reminders' numbers. `background`: the app's own refresh, which keeps no session alive. */
  async counts(background = false): Promise<DataRequestCounts> {
    return readJson<DataRequestCounts>(await send("/data-requests/counts", { background }));
  },

  /** The requests of one address (matched by its blind index on the server). */
  async lookUp(email: string): Promise<DataRequest[]> {
    return (await readJson<{ items: DataRequest[] }>(await send("/data-requests/lookup", json({ email })))).items;
  },

  async create(request: CreateDataRequest): Promise<DataRequest> {
    return readJson<DataRequest>(await send("/data-requests", json(request)));
  },

  async update(id: string, change: UpdateDataRequest): Promise<DataRequest> {
    return readJson<DataRequest>(await send(`/data-requests/${encodeURIComponent(id)}`, { method: "PATCH", body: change }));
  },

  /** A conversation's consent receipt with the exact text the visitor agreed to. */
  async consent(conversationId: string): Promise<ConversationConsent> {
    return readJson<ConversationConsent>(await send(`/conversations/${encodeURIComponent(conversationId)}/consent`));
  },
};
