import { attachmentSettingsOf } from "../attachments/widget-settings";
import { envelopePrefix } from "../crypto/envelope";
import { loadKeyRing } from "../crypto/key-ring";
import type { Db } from "../db/client";
import { rolesWithOperatorCounts, storedAttachmentCount, widgetsWithDepartments } from "../db/compliance";
import { accountKeysNotWrappedWith } from "../db/conversation-keys";
import { findAccount } from "../db/settings";
import { listAllDepartments } from "../db/team";
import { listWebhookEndpoints } from "../db/webhooks";
import { smtpConfigFrom } from "../email/smtp";
import type { AttachmentCategory } from "../shared/attachments";
import { allows, type Permissions } from "../shared/permissions";
import type { WebhookEventType } from "../shared/webhooks";

// The record of processing activities (Art. 30(1) GDPR), built from what this deployment and
// account are configured to do at the moment of asking. Every value names where it comes from
// (`source`): a widget or account setting as the settings API calls it, a worker variable or
// binding (`env.X`, `binding.X`, `secret.X`), or `built-in` for what the code always does. What the
// configuration does not do is left out rather than listed as "off": a processor, a recipient or a
// measure appears only while it is in use.

/** Where a value comes from: a setting path (`widget.privacyMode`), `env.X`, `binding.X`, `secret.X`, or `built-in`. */
export type Source = string;

export type Purpose = "live_chat" | "offline_messages" | "email" | "operator_accounts" | "accountability" | "abuse_prevention";

export type DataSubject = "website_visitors" | "operators";

/** Categories of personal data a widget's chats carry. */
export type DataCategory =
  | "messages"
  | "visitor_name"
  | "visitor_email"
  | "consent_receipt"
  | "visit_details"
  | "typing_preview"
  | "identity_lookup"
  | "attachments";

export interface DataItem {
  category: DataCategory;
  source: Source;
  /** Pre-chat fields: whether the visitor must give it. */
  requirement?: "optional" | "required";
  /** Attachments: the kinds of file allowed and the size limit. */
  types?: AttachmentCategory[];
  maxMegabytes?: number;
}

export type Retention = { mode: "months"; months: number } | { mode: "until_deleted" };

export interface WidgetRecord {
  id: string;
  name: string;
  department: string;
  privacyMode: { value: boolean; source: Source };
  data: DataItem[];
  retention: Retention & { source: Source };
}

/** Who receives the data. Operators appear by role, never by name; webhook endpoints by host. */
export type Recipient =
  | {
      kind: "operators";
      role: string;
      builtIn: boolean;
      operators: number;
      /** What of the visitors' data the role opens: live chats, ended transcripts. */
      reads: ("live_chats" | "transcripts")[];
      /** Department names the role is limited to; null = all departments. */
      departments: string[] | null;
      source: Source;
    }
  | { kind: "identity_lookup"; provider: string; widgets: string[]; source: Source }
  | {
      kind: "webhook";
      /** The endpoint URL's host only: its path and query may carry the receiver's tokens. */
      host: string;
      events: WebhookEventType[];
      /** Whether payloads carry the visitor's name, email and messages (`includePersonalData`). */
      personalData: boolean;
      source: Source;
    };

/** Where a processor keeps or handles the data, as far as this worker can tell. */
export type Location =
  /** Durable Objects reached through `jurisdiction("eu")`: enforced by the worker's own code. */
  | "eu_enforced"
  /** Held in the EU according to a deployment variable; the worker cannot read it back from the binding. */
  | "eu_declared"
  /** No jurisdiction declared for it. */
  | "not_declared"
  /** Local development: jurisdictions switched off explicitly (DATA_JURISDICTION=none). */
  | "unrestricted"
  /** The Cloudflare location nearest to each request. */
  | "nearest_location"
  /** Replicated across Cloudflare's network. */
  | "global"
  /** Decided by the provider; not known to this deployment. */
  | "provider_decides"
  /** Cloudflare offers no jurisdiction for the service (Queues): any Cloudflare location. */
  | "no_jurisdiction_available";

export type ProcessorService = "workers" | "durable_objects" | "d1" | "r2" | "kv" | "smtp" | "queues";

export interface Processor {
  service: ProcessorService;
  provider: string;
  location: Location;
  source: Source;
}

export type Transfer =
  | "worker_nearest_location"
  | "kv_global"
  | "identity_lookup"
  | "smtp_provider"
  | "durable_objects_unrestricted"
  /** Queue messages (delivery ids only) in a queue that no jurisdiction holds. */
  | "webhook_queue"
  /** Ids and metadata of events to the endpoints' hosts. */
  | "webhook_metadata"
  /** Visitors' names, emails and messages to the hosts of endpoints with `includePersonalData`. */
  | "webhook_personal_data";

export type Measure =
  | { key: "encryption_at_rest"; source: Source }
  | {
      key: "key_rotation";
      source: Source;
      activeKeyId: string;
      keysInRing: number;
      /** The day the active key became active, when KEY_RING records it. */
      activeSince: string | null;
      ageDays: number | null;
      /** This account's data keys still wrapped with an older ring key (re-wrapped by the hourly sweep). */
      dataKeysOnOlderKeys: number;
    }
  | { key: "two_factor_required"; source: Source }
  | { key: "audit_log"; source: Source }
  | { key: "eu_jurisdiction_fail_closed"; source: Source }
  | { key: "retention_erasure"; source: Source }
  | { key: "session_limits"; source: Source };

export interface RecordOfProcessing {
  generatedAt: string;
  controller: { account: string; source: Source };
  purposes: { purpose: Purpose; source: Source }[];
  dataSubjects: { subject: DataSubject; source: Source }[];
  widgets: WidgetRecord[];
  recipients: Recipient[];
  processors: Processor[];
  transfers: { transfer: Transfer; source: Source }[];
  measures: Measure[];
}

/** The worker variables and bindings the record reads: only what the running worker can see. */
export type RecordEnv = Pick<Env, "DATA_JURISDICTION" | "KEY_RING"> &
  Partial<Pick<Env, "ATTACHMENTS" | "D1_JURISDICTION" | "R2_JURISDICTION" | "SMTP_HOST" | "SMTP_FROM" | "SMTP_PORT" | "SMTP_SECURITY">>;

const CLOUDFLARE = "Cloudflare, Inc.";
const GRAVATAR = "Gravatar (Automattic Inc.)";
const DAY_MS = 86_400_000;

/** A declared jurisdiction variable: "eu" is the only value that claims anything. */
const declared = (value: string | undefined): Location => (value === "eu" ? "eu_declared" : "not_declared");

/** The SMTP host when email is configured and usable; a broken configuration sends nothing, so it is no processor. */
function smtpHost(env: RecordEnv): string | null {
  try {
    return smtpConfigFrom(env)?.host ?? null;
  } catch {
    return null;
  }
}

function widgetRecord(row: Awaited<ReturnType<typeof widgetsWithDepartments>>[number], accountMonths: number | null): WidgetRecord {
  const w = row.widget;
  const privacy = w.privacyMode;
  const data: DataItem[] = [{ category: "messages", source: "built-in" }];
  if (w.preChatName !== "hidden") data.push({ category: "visitor_name", requirement: w.preChatName, source: "widget.preChat.name" });
  if (w.preChatEmail !== "hidden") data.push({ category: "visitor_email", requirement: w.preChatEmail, source: "widget.preChat.email" });
  if (w.consentRequired) data.push({ category: "consent_receipt", source: "widget.disclaimer.enabled" });
  // Privacy mode overrides these three switches (docs/design.md): only what actually happens is listed.
  if (!privacy) data.push({ category: "visit_details", source: "widget.privacyMode" });
  if (!privacy && w.livePreview) data.push({ category: "typing_preview", source: "widget.livePreview" });
  if (!privacy && w.identityLookup) data.push({ category: "identity_lookup", source: "widget.identityLookup" });
  const files = attachmentSettingsOf(w);
  if (files.enabled)
    data.push({ category: "attachments", types: files.types, maxMegabytes: files.maxMegabytes, source: "widget.attachments" });
  const retention: WidgetRecord["retention"] =
    w.retentionMonths === null
      ? accountMonths === null
        ? { mode: "until_deleted", source: "account.retentionMonths" }
        : { mode: "months", months: accountMonths, source: "account.retentionMonths" }
      : w.retentionMonths === 0
        ? { mode: "until_deleted", source: "widget.retention" }
        : { mode: "months", months: w.retentionMonths, source: "widget.retention" };
  return {
    id: w.id,
    name: w.name,
    department: row.departmentName,
    privacyMode: { value: privacy, source: "widget.privacyMode" },
    data,
    retention,
  };
}

function operatorRecipients(rows: Awaited<ReturnType<typeof rolesWithOperatorCounts>>, departmentNames: Map<string, string>): Recipient[] {
  return rows.flatMap(({ role, operators }) => {
    const permissions = JSON.parse(role.permissions) as Permissions;
    const reads: ("live_chats" | "transcripts")[] = [];
    if (allows(permissions.chats, "read")) reads.push("live_chats");
    if (allows(permissions.transcripts, "read")) reads.push("transcripts");
    // A role nobody holds, or one that opens no conversation, passes no visitor data to anyone.
    if (operators === 0 || reads.length === 0) return [];
    const ids = role.departmentIds === null ? null : (JSON.parse(role.departmentIds) as string[]);
    return [
      {
        kind: "operators" as const,
        role: role.name,
        builtIn: role.builtIn,
        operators,
        reads,
        departments: ids?.map((id) => departmentNames.get(id) ?? id) ?? null,
        source: "team.roles",
      },
    ];
  });
}

/** The record of one account under this deployment, as configured at `now`. */
export async function buildRecordOfProcessing(env: RecordEnv, db: Db, accountId: string, now: number): Promise<RecordOfProcessing> {
  const account = (await findAccount(db, accountId))!;
  const [widgetRows, roleRows, filesStored, departments, endpointRows] = await Promise.all([
    widgetsWithDepartments(db, accountId),
    rolesWithOperatorCounts(db, accountId),
    storedAttachmentCount(db, accountId),
    listAllDepartments(db, accountId),
    listWebhookEndpoints(db, accountId),
  ]);
  // Paused endpoints are left out: they get no new deliveries, and one queued when it was paused is
  // marked failed unsent (src/webhooks/delivery.ts), so nothing reaches them until they are resumed,
  // and then they appear again. Listing them "paused" would describe a transfer that does not happen.
  const endpoints = endpointRows.filter((e) => e.enabled);
  const widgets = widgetRows.map((row) => widgetRecord(row, account.retentionMonths));
  const departmentNames = new Map(departments.map((d) => [d.id, d.name]));
  const has = (category: DataCategory) => widgets.some((w) => w.data.some((d) => d.category === category));
  const host = smtpHost(env);

  const purposes: RecordOfProcessing["purposes"] = [];
  if (widgets.length > 0) purposes.push({ purpose: "live_chat", source: "widgets" });
  if (widgetRows.some((r) => r.widget.outsideHours === "message" || r.widget.offerMessageAfterMinutes !== null))
    purposes.push({ purpose: "offline_messages", source: "widget.outsideHours" });
  if (host) purposes.push({ purpose: "email", source: "env.SMTP_HOST" });
  purposes.push({ purpose: "operator_accounts", source: "team.operators" });
  purposes.push({ purpose: "accountability", source: "built-in" });
  purposes.push({ purpose: "abuse_prevention", source: "built-in" });

  const dataSubjects: RecordOfProcessing["dataSubjects"] = [];
  if (widgets.length > 0) dataSubjects.push({ subject: "website_visitors", source: "widgets" });
  dataSubjects.push({ subject: "operators", source: "team.operators" });

  const recipients = operatorRecipients(roleRows, departmentNames);
  const lookupWidgets = widgets.filter((w) => w.data.some((d) => d.category === "identity_lookup")).map((w) => w.id);
  if (lookupWidgets.length > 0)
    recipients.push({ kind: "identity_lookup", provider: GRAVATAR, widgets: lookupWidgets, source: "widget.identityLookup" });
  for (const e of endpoints)
    recipients.push({
      kind: "webhook",
      host: new URL(e.url).host,
      events: JSON.parse(e.events) as WebhookEventType[],
      personalData: e.includePersonalData,
      source: "webhooks.endpoints",
    });

  const jurisdiction = env.DATA_JURISDICTION;
  const processors: Processor[] = [
    { service: "workers", provider: CLOUDFLARE, location: "nearest_location", source: "built-in" },
    {
      service: "durable_objects",
      provider: CLOUDFLARE,
      location: jurisdiction === "eu" ? "eu_enforced" : "unrestricted",
      source: "env.DATA_JURISDICTION",
    },
    { service: "d1", provider: CLOUDFLARE, location: declared(env.D1_JURISDICTION), source: "env.D1_JURISDICTION" },
  ];
  // R2 holds files only where a widget allows them, or files from before remain until their chats go.
  if (env.ATTACHMENTS && (has("attachments") || filesStored > 0))
    processors.push({ service: "r2", provider: CLOUDFLARE, location: declared(env.R2_JURISDICTION), source: "binding.ATTACHMENTS" });
  processors.push({ service: "kv", provider: CLOUDFLARE, location: "global", source: "built-in" });
  if (host) processors.push({ service: "smtp", provider: host, location: "provider_decides", source: "env.SMTP_HOST" });
  // The webhook queue carries messages only while an endpoint can receive deliveries.
  if (endpoints.length > 0)
    processors.push({ service: "queues", provider: CLOUDFLARE, location: "no_jurisdiction_available", source: "webhooks.endpoints" });

  const transfers: RecordOfProcessing["transfers"] = [
    { transfer: "worker_nearest_location", source: "built-in" },
    { transfer: "kv_global", source: "built-in" },
  ];
  if (jurisdiction !== "eu") transfers.push({ transfer: "durable_objects_unrestricted", source: "env.DATA_JURISDICTION" });
  if (lookupWidgets.length > 0) transfers.push({ transfer: "identity_lookup", source: "widget.identityLookup" });
  if (host) transfers.push({ transfer: "smtp_provider", source: "env.SMTP_HOST" });
  if (endpoints.length > 0) {
    transfers.push({ transfer: "webhook_queue", source: "webhooks.endpoints" });
    transfers.push({ transfer: "webhook_metadata", source: "webhooks.endpoints" });
  }
  if (endpoints.some((e) => e.includePersonalData))
    transfers.push({ transfer: "webhook_personal_data", source: "webhooks.endpoints.includePersonalData" });

  const ring = await loadKeyRing(env.KEY_RING);
  const since = ring.activeSince ? Date.parse(`${ring.activeSince}T00:00:00Z`) : null;
  const measures: Measure[] = [
    { key: "encryption_at_rest", source: "built-in" },
    {
      key: "key_rotation",
      source: "secret.KEY_RING",
      activeKeyId: ring.activeId,
      keysInRing: ring.keys.size,
      activeSince: ring.activeSince,
      ageDays: since === null ? null : Math.max(0, Math.floor((now - since) / DAY_MS)),
      dataKeysOnOlderKeys: await accountKeysNotWrappedWith(db, accountId, envelopePrefix(ring.activeId)),
    },
  ];
  if (account.requireTwoFactor) measures.push({ key: "two_factor_required", source: "account.requireTwoFactor" });
  measures.push({ key: "audit_log", source: "built-in" });
  if (jurisdiction === "eu") measures.push({ key: "eu_jurisdiction_fail_closed", source: "env.DATA_JURISDICTION" });
  measures.push({ key: "retention_erasure", source: "built-in" });
  measures.push({ key: "session_limits", source: "built-in" });

  return {
    generatedAt: new Date(now).toISOString(),
    controller: { account: account.name, source: "account.name" },
    purposes,
    dataSubjects,
    widgets,
    recipients,
    processors,
    transfers,
    measures,
  };
}
