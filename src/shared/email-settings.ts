import { z } from "zod";

// What GET /api/v1/settings/email answers: whether email is on, where it goes (no credentials),
// and the state of the outbox. Never a recipient, a subject or a body: admins see that something
// failed and why, not what or to whom.

export const emailKindSchema = z.enum(["visitor_reply", "transcript", "offline_alert", "unanswered_alert"]);
export type EmailKind = z.infer<typeof emailKindSchema>;

export const outboxEntrySchema = z.object({
  id: z.string(),
  kind: emailKindSchema,
  status: z.enum(["pending", "failed"]),
  attempts: z.number().int(),
  createdAt: z.number().int(),
  lastAttemptAt: z.number().int().nullable(),
  /** null once failed for good. */
  nextAttemptAt: z.number().int().nullable(),
  /** Our wording and the server's reply code only. */
  lastError: z.string().nullable(),
});
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;

export const emailSettingsSchema = z
  .object({
    /** SMTP_HOST and SMTP_FROM are set (and usable): emails are queued and sent. */
    configured: z.boolean(),
    /** Why a configuration that is set cannot be used; null when it can, or when none is set. */
    problem: z.string().nullable(),
    smtp: z
      .object({
        host: z.string(),
        port: z.number().int(),
        security: z.enum(["tls", "starttls", "none"]),
        from: z.string(),
        /** Whether a user name is set; the user and password are never shown. */
        authenticated: z.boolean(),
      })
      .nullable(),
    pending: z.number().int(),
    failed: z.number().int(),
    /** The latest attempts, newest first. */
    recent: z.array(outboxEntrySchema),
  })
  .meta({ id: "EmailSettings" });
export type EmailSettings = z.infer<typeof emailSettingsSchema>;

export const retryEmailsSchema = z.strictObject({
  /** Failed entries to send again; all failed ones when absent. */
  ids: z.array(z.string().uuid()).min(1).max(100).optional(),
});

export const retriedEmailsSchema = z.object({ retried: z.number().int() });
