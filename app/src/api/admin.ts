import type { EmailSettings } from "../../../src/shared/email-settings";
import type {
  AccountSettings,
  Analytics,
  AnalyticsQuery,
  ApiToken,
  AuditEntry,
  AuditQuery,
  CreateApiToken,
  CreatedApiToken,
  CreateOperator,
  CreateRole,
  CreateSavedReply,
  CreateWebhookEndpoint,
  CreateWidget,
  Department,
  DepartmentBody,
  Operator,
  Page,
  Role,
  RouterDecision,
  RouterDryRun,
  RouterRules,
  RouterRulesView,
  SavedReply,
  UpdateAccountSettings,
  UpdateOperator,
  UpdateRole,
  UpdateSavedReply,
  UpdateWebhookEndpoint,
  UpdateWidget,
  WebhookDelivery,
  WebhookEndpoint,
  WidgetSettings,
} from "../types";
import { allPages, json, readJson, send, withQuery } from "./http";

// Typed calls to the admin areas of the REST API. The server checks every permission; the app
// only hides what a role could not use.

const item = (collection: string, id: string) => `${collection}/${encodeURIComponent(id)}`;
const pageOf =
  <T>(collection: string) =>
  async (cursor?: string) =>
    readJson<Page<T>>(await send(withQuery(collection, { limit: 100, cursor })));

export const settingsApi = {
  async account(): Promise<AccountSettings> {
    return readJson<AccountSettings>(await send("/settings"));
  },
  async updateAccount(change: UpdateAccountSettings): Promise<AccountSettings> {
    return readJson<AccountSettings>(await send("/settings", json(change, "PATCH")));
  },
  /** Every widget of the account (settings read). */
  async widgets(): Promise<WidgetSettings[]> {
    return allPages(pageOf<WidgetSettings>("/settings/widgets"));
  },
  /** A new widget, in privacy mode, with a site key of its own. */
  async createWidget(widget: CreateWidget): Promise<WidgetSettings> {
    return readJson<WidgetSettings>(await send("/settings/widgets", json(widget)));
  },
  async updateWidget(id: string, change: UpdateWidget): Promise<WidgetSettings> {
    return readJson<WidgetSettings>(await send(item("/settings/widgets", id), json(change, "PATCH")));
  },
  /** The widget's identity-verification secret, for the customer's server (settings manage; audited). */
  async widgetIdentitySecret(id: string): Promise<string> {
    return (await readJson<{ secret: string }>(await send(`${item("/settings/widgets", id)}/identity-secret`))).secret;
  },
  /** Replaces the widget's identity-verification secret: hashes made with the old one stop verifying. */
  async rotateWidgetIdentitySecret(id: string): Promise<string> {
    return (await readJson<{ secret: string }>(await send(`${item("/settings/widgets", id)}/identity-secret`, { method: "POST" }))).secret;
  },
  async routerRules(): Promise<RouterRulesView> {
    return readJson<RouterRulesView>(await send("/settings/router"));
  },
  /** Replaces the whole ordered list of rules at once. */
  async saveRouterRules(rules: RouterRules): Promise<RouterRulesView> {
    return readJson<RouterRulesView>(await send("/settings/router", json(rules, "PUT")));
  },
  /** Whether email is configured and the outbox's state (no recipients, no content). */
  async email(): Promise<EmailSettings> {
    return readJson<EmailSettings>(await send("/settings/email"));
  },
  /** Sends every failed email again now (audited). */
  async retryEmails(): Promise<{ retried: number }> {
    return readJson<{ retried: number }>(await send("/settings/email/retry", json({})));
  },
  /** The saved replies the role sees: account-wide ones and its departments' (settings read). */
  async savedReplies(): Promise<SavedReply[]> {
    return allPages(pageOf<SavedReply>("/settings/saved-replies"));
  },
  async createSavedReply(reply: CreateSavedReply): Promise<SavedReply> {
    return readJson<SavedReply>(await send("/settings/saved-replies", json(reply)));
  },
  async updateSavedReply(id: string, change: UpdateSavedReply): Promise<SavedReply> {
    return readJson<SavedReply>(await send(item("/settings/saved-replies", id), json(change, "PATCH")));
  },
  async deleteSavedReply(id: string): Promise<void> {
    await send(item("/settings/saved-replies", id), { method: "DELETE" });
  },
  /** Which widget a visitor like `visitor` would get under the saved rules. */
  async routerDryRun(visitor: RouterDryRun): Promise<RouterDecision> {
    return readJson<RouterDecision>(await send("/settings/router/dry-run", json(visitor)));
  },
};

export const teamApi = {
  async operators(): Promise<Operator[]> {
    return allPages(pageOf<Operator>("/team/operators"));
  },
  async createOperator(operator: CreateOperator): Promise<Operator> {
    return readJson<Operator>(await send("/team/operators", json(operator)));
  },
  async updateOperator(id: string, change: UpdateOperator): Promise<Operator> {
    return readJson<Operator>(await send(item("/team/operators", id), json(change, "PATCH")));
  },
  async removeOperator(id: string): Promise<void> {
    await send(item("/team/operators", id), { method: "DELETE" });
  },
  /** Removes the operator's authenticator and recovery codes and ends their sessions. */
  async resetSecondFactor(id: string): Promise<void> {
    await send(`${item("/team/operators", id)}/second-factor/reset`, { method: "POST" });
  },
  async departments(): Promise<Department[]> {
    return allPages(pageOf<Department>("/team/departments"));
  },
  async createDepartment(department: DepartmentBody): Promise<Department> {
    return readJson<Department>(await send("/team/departments", json(department)));
  },
  async renameDepartment(id: string, department: DepartmentBody): Promise<Department> {
    return readJson<Department>(await send(item("/team/departments", id), json(department, "PATCH")));
  },
  async deleteDepartment(id: string): Promise<void> {
    await send(item("/team/departments", id), { method: "DELETE" });
  },
  async roles(): Promise<Role[]> {
    return allPages(pageOf<Role>("/team/roles"));
  },
  async createRole(role: CreateRole): Promise<Role> {
    return readJson<Role>(await send("/team/roles", json(role)));
  },
  async updateRole(id: string, change: UpdateRole): Promise<Role> {
    return readJson<Role>(await send(item("/team/roles", id), json(change, "PATCH")));
  },
  async deleteRole(id: string): Promise<void> {
    await send(item("/team/roles", id), { method: "DELETE" });
  },
};

export const apiTokensApi = {
  async list(): Promise<ApiToken[]> {
    return allPages(pageOf<ApiToken>("/api-tokens"));
  },
  /** The answer holds the token itself: shown to its creator this once, never again. */
  async create(token: CreateApiToken): Promise<CreatedApiToken> {
    return readJson<CreatedApiToken>(await send("/api-tokens", json(token)));
  },
  async revoke(id: string): Promise<void> {
    await send(item("/api-tokens", id), { method: "DELETE" });
  },
};

export const webhooksApi = {
  async list(): Promise<WebhookEndpoint[]> {
    return (await readJson<{ items: WebhookEndpoint[] }>(await send("/webhooks"))).items;
  },
  /** The answer holds the signing secret: shown this once, never again. */
  async create(endpoint: CreateWebhookEndpoint): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    return readJson<{ endpoint: WebhookEndpoint; secret: string }>(await send("/webhooks", json(endpoint)));
  },
  async update(id: string, change: UpdateWebhookEndpoint): Promise<WebhookEndpoint> {
    return readJson<WebhookEndpoint>(await send(item("/webhooks", id), json(change, "PATCH")));
  },
  async remove(id: string): Promise<void> {
    await send(item("/webhooks", id), { method: "DELETE" });
  },
  /** A new secret, shown this once; the old one stops signing at once. */
  async rotateSecret(id: string): Promise<string> {
    return (await readJson<{ secret: string }>(await send(`${item("/webhooks", id)}/secret`, { method: "POST" }))).secret;
  },
  async sendTest(id: string): Promise<void> {
    await send(`${item("/webhooks", id)}/test`, { method: "POST" });
  },
  async deliveries(id: string): Promise<WebhookDelivery[]> {
    return (await readJson<{ items: WebhookDelivery[] }>(await send(`${item("/webhooks", id)}/deliveries`))).items;
  },
  async resend(id: string, deliveryId: string): Promise<void> {
    await send(`${item("/webhooks", id)}/deliveries/${encodeURIComponent(deliveryId)}/resend`, { method: "POST" });
  },
};

export const governanceApi = {
  /** One page of the audit log, newest first. */
  async auditLog(query: Omit<AuditQuery, "limit"> = {}): Promise<Page<AuditEntry>> {
    const { action, actorId, from, to, cursor } = query;
    return readJson<Page<AuditEntry>>(await send(withQuery("/audit-log", { action, actorId, from, to, cursor, limit: 50 })));
  },
  async analytics(query: AnalyticsQuery): Promise<Analytics> {
    return readJson<Analytics>(await send(withQuery("/analytics", { ...query })));
  },
};
