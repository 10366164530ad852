import { z } from "zod";
import type { Permissions } from "./permissions";

// Request bodies of the REST API (validated by the worker) and the shapes it answers with
// (types, shared with the widget and the operator app).

export const loginSchema = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(512),
});
export type Login = z.infer<typeof loginSchema>;

export const createApiTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(730).optional(),
});
export type CreateApiToken = z.infer<typeof createApiTokenSchema>;

export const startConversationSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  email: z.string().trim().email().max(254).optional(),
  /** The visitor ticked the consent checkbox under the disclaimer shown in `language`. */
  consent: z.boolean().optional(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/).max(35).default("en"),
});
export type StartConversation = z.infer<typeof startConversationSchema>;

export const listConversationsQuerySchema = z.strictObject({
  status: z.enum(["open", "closed"]).default("open"),
  /** The nextCursor of the previous page: "<createdAt>:<id>". */
  cursor: z.string().regex(/^\d{1,16}:[0-9a-f]{64}$/, "not a cursor from a previous page").optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListConversationsQuery = z.infer<typeof listConversationsQuerySchema>;

export const socketQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
});

export interface Me {
  operator: { id: string; email: string; displayName: string; aliasName: string | null };
  account: { id: string; name: string };
  role: { id: string; name: string; permissions: Permissions; departmentIds: string[] | null };
}

export interface ConversationSummary {
  id: string;
  status: "open" | "closed";
  widgetId: string;
  departmentId: string;
  visitorName: string | null;
  visitorEmail: string | null;
  language: string | null;
  messageCount: number;
  createdAt: number;
  lastMessageAt: number | null;
  closedAt: number | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface WidgetConfig {
  siteKey: string;
  name: string;
  greeting: string | null;
  consentRequired: boolean;
  disclaimer: { text: string; language: string };
  privacyPolicyUrl: string | null;
  preChat: { name: "optional"; email: "optional" };
}

export interface StartedConversation {
  conversationId: string;
  visitorToken: string;
}

export interface ApiError {
  error: { code: string; message: string };
}
