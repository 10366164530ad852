import { z } from "zod";
import { idSchema } from "./admin-api";

// Schemas of the consent text archive: a conversation's receipt resolved to its words
// (GET /conversations/{id}/consent) and the archive itself (GET /consent-texts). Shared with the
// operator app (types only).

/** Where the words came from: the archive, or (receipts older than the archive) today's texts with the same hash; "missing" when none matches. */
export const consentTextSourceSchema = z.enum(["archive", "widget_current", "built_in", "missing"]);

export const conversationConsentSchema = z
  .object({
    /** Null when the conversation has no consent receipt (consent not asked, no replies by email). */
    receipt: z
      .object({
        consentedAt: z.number().int(),
        language: z.string(),
        /** SHA-256 (hex) of the exact text the visitor agreed to. */
        disclaimerHash: z.string(),
        emailReplies: z.boolean(),
        /** The words, checked against the hash; null when nothing held matches it. */
        text: z.string().nullable(),
        source: consentTextSourceSchema,
        /** The period the text was in force on this conversation's widget, when the archive has it (from null: before the archive began). */
        inForceFrom: z.number().int().nullable(),
        inForceUntil: z.number().int().nullable(),
      })
      .nullable(),
  })
  .meta({ id: "ConversationConsent" });
export type ConversationConsent = z.infer<typeof conversationConsentSchema>;

export const consentTextSchema = z
  .object({
    id: z.string(),
    widgetId: z.string(),
    language: z.string(),
    hash: z.string(),
    text: z.string(),
    /** The built-in notice rather than the widget's own text. */
    builtIn: z.boolean(),
    /** Null: in force since before the archive began. */
    inForceFrom: z.number().int().nullable(),
    /** Null: in force now. */
    inForceUntil: z.number().int().nullable(),
  })
  .meta({ id: "ConsentText" });
export type ConsentText = z.infer<typeof consentTextSchema>;

export const consentTextsQuerySchema = z.object({
  widgetId: idSchema.optional(),
  /** Opaque: the previous page's nextCursor. */
  cursor: z
    .string()
    .regex(/^\d{1,9}$/, "not a cursor")
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
