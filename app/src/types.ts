// The app's types from src/shared, in one place. Types only: the schema modules import zod, and a
// value import from them would pull it into the bundle. Zod-free modules (frames.ts, the connection,
// the vocabularies, links, API token scopes) are imported directly where their values are needed.
import type { z } from "zod";
import type {
  accountSettingsSchema,
  analyticsQuerySchema,
  analyticsRowSchema,
  analyticsSchema,
  auditEntrySchema,
  auditQuerySchema,
  createOperatorSchema,
  createRoleSchema,
  createWidgetSchema,
  dataSubjectExportSchema,
  dataSubjectSearchSchema,
  departmentBodySchema,
  departmentSchema,
  operatorSchema,
  roleSchema,
  routerDecisionSchema,
  routerDryRunSchema,
  routerRulesSchema,
  routerRulesViewSchema,
  updateAccountSettingsSchema,
  updateOperatorSchema,
  updateRoleSchema,
  updateWidgetSchema,
  widgetSettingsSchema,
} from "../../src/shared/admin-api";
import type {
  apiTokenSchema,
  conversationFilterSchema,
  createApiTokenSchema,
  createdApiTokenSchema,
  deleteRequestSchema,
  exportRequestSchema,
  searchConversationsSchema,
  transcriptMessageSchema,
} from "../../src/shared/api";
import type { auditExportPublicKeySchema } from "../../src/shared/compliance-api";

export type { RouterConditions, WidgetRetention } from "../../src/shared/admin-api";
export type {
  ApiError as ApiErrorBody,
  Assignee,
  ColleagueStatus,
  ConversationSummary,
  CsvSeparator,
  EnrolledLogin,
  ExportFormat,
  LastMessagePreview,
  ListConversationsQuery,
  Login,
  LoginAnswer,
  Me,
  NotificationSettings,
  OperatorSession,
  OperatorStatusAnswer,
  Page,
  Reauthentication,
  RecoveryCodes,
  SecondFactorChallenge,
  SecondFactorStatus,
  TotpEnrolment,
  TransferTarget,
  VisitorDetails,
} from "../../src/shared/api";
export type { AuditAction } from "../../src/shared/audit-actions";
export type { ErrorCode } from "../../src/shared/error-codes";
export type {
  Author,
  ClientFrame,
  HelloFrame,
  InboxChangedFrame,
  InboxFrame,
  MAX_BODY_CHARS,
  MessageCreatedFrame,
  OperatorStatus,
  ServerFrame,
} from "../../src/shared/frames";
export type { Passkey } from "../../src/shared/passkeys";
export type { AccessLevel, Permissions } from "../../src/shared/permissions";
export type { CreateSavedReply, SavedReply, UpdateSavedReply, UsableSavedReplies } from "../../src/shared/saved-replies-api";
export type {
  CreateWebhookEndpoint,
  UpdateWebhookEndpoint,
  WebhookDelivery,
  WebhookEndpoint,
} from "../../src/shared/webhooks-api";

// Request bodies as the app sends them (z.input): dates are ISO strings, defaults may be left out.
export type ConversationFilter = z.input<typeof conversationFilterSchema>;
export type SearchConversations = z.input<typeof searchConversationsSchema>;
export type ExportRequest = z.input<typeof exportRequestSchema>;
export type DeleteRequest = z.input<typeof deleteRequestSchema>;
export type DataSubjectSearch = z.input<typeof dataSubjectSearchSchema>;
export type DataSubjectExport = z.input<typeof dataSubjectExportSchema>;

export type TranscriptMessage = z.output<typeof transcriptMessageSchema>;
export type WidgetSettings = z.output<typeof widgetSettingsSchema>;

// The admin areas: settings, widget router, team, API tokens, audit log and analytics.
export type AccountSettings = z.output<typeof accountSettingsSchema>;
export type UpdateAccountSettings = z.input<typeof updateAccountSettingsSchema>;
export type CreateWidget = z.input<typeof createWidgetSchema>;
export type UpdateWidget = z.input<typeof updateWidgetSchema>;
export type RouterRules = z.output<typeof routerRulesSchema>;
export type RouterRule = RouterRules["rules"][number];
/** The saved rules and the problems that leave visitors without a widget. */
export type RouterRulesView = z.output<typeof routerRulesViewSchema>;
export type RouterProblem = RouterRulesView["problems"][number];
export type RouterDryRun = z.input<typeof routerDryRunSchema>;
export type RouterDecision = z.output<typeof routerDecisionSchema>;
export type Operator = z.output<typeof operatorSchema>;
export type CreateOperator = z.input<typeof createOperatorSchema>;
export type UpdateOperator = z.input<typeof updateOperatorSchema>;
export type Department = z.output<typeof departmentSchema>;
export type DepartmentBody = z.input<typeof departmentBodySchema>;
export type Role = z.output<typeof roleSchema>;
export type CreateRole = z.input<typeof createRoleSchema>;
export type UpdateRole = z.input<typeof updateRoleSchema>;
export type ApiToken = z.output<typeof apiTokenSchema>;
export type CreateApiToken = z.input<typeof createApiTokenSchema>;
export type CreatedApiToken = z.output<typeof createdApiTokenSchema>;
export type AuditEntry = z.output<typeof auditEntrySchema>;
export type AuditQuery = z.input<typeof auditQuerySchema>;
export type AnalyticsQuery = z.input<typeof analyticsQuerySchema>;
export type Analytics = z.output<typeof analyticsSchema>;
export type AnalyticsRow = z.output<typeof analyticsRowSchema>;
export type { RecordOfProcessingView as RecordOfProcessing } from "../../src/shared/compliance-api";
export type AuditExportPublicKey = z.output<typeof auditExportPublicKeySchema>;

// Your own password (the Security screen).
export type { ChangePassword, PasswordChanged } from "../../src/shared/api";
