// The app's only window onto src/shared. Types only: the shared modules import zod, and a value
// import would pull it into the bundle.
import type { z } from "zod";
import type { dataSubjectExportSchema, dataSubjectSearchSchema, widgetSettingsSchema } from "../../src/shared/admin-api";
import type {
  conversationFilterSchema,
  deleteRequestSchema,
  exportRequestSchema,
  searchConversationsSchema,
  transcriptMessageSchema,
} from "../../src/shared/api";

export type {
  ApiError as ApiErrorBody,
  ConversationSummary,
  ExportFormat,
  ListConversationsQuery,
  Login,
  Me,
  Page,
  VisitorDetails,
} from "../../src/shared/api";
export type { AccessLevel } from "../../src/shared/permissions";
export type {
  Author,
  ClientFrame,
  HelloFrame,
  InboxChangedFrame,
  MAX_BODY_CHARS,
  MessageCreatedFrame,
  ServerFrame,
} from "../../src/shared/protocol";

// Request bodies as the app sends them (z.input): dates are ISO strings, defaults may be left out.
export type ConversationFilter = z.input<typeof conversationFilterSchema>;
export type SearchConversations = z.input<typeof searchConversationsSchema>;
export type ExportRequest = z.input<typeof exportRequestSchema>;
export type DeleteRequest = z.input<typeof deleteRequestSchema>;
export type DataSubjectSearch = z.input<typeof dataSubjectSearchSchema>;
export type DataSubjectExport = z.input<typeof dataSubjectExportSchema>;

export type TranscriptMessage = z.output<typeof transcriptMessageSchema>;
export type WidgetSettings = z.output<typeof widgetSettingsSchema>;
