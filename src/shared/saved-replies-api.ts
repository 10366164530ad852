import { z } from "zod";
import { idSchema, perLanguageTextsSchema } from "./admin-api";
import {
  SAVED_REPLY_PLACEHOLDERS,
  SAVED_REPLY_SHORTCUT_MAX,
  SAVED_REPLY_TEXT_MAX,
  SAVED_REPLY_TITLE_MAX,
  SHORTCUT_PATTERN,
  shortcutKey,
  unknownPlaceholders,
} from "./saved-replies";

// Request and response schemas of saved replies: managed under /settings/saved-replies, used
// through /conversations/{id}/saved-replies. Shared with the operator app (types only).

const title = z.string().trim().min(1).max(SAVED_REPLY_TITLE_MAX);
/** Stored and matched as its key; a leading "/" is forgiven. */
const shortcut = z
  .string()
  .max(SAVED_REPLY_SHORTCUT_MAX + 1)
  .transform(shortcutKey)
  .pipe(z.string().min(1).max(SAVED_REPLY_SHORTCUT_MAX).regex(SHORTCUT_PATTERN, "letters, digits, - and _ only (no spaces)"));
const placeholderList = SAVED_REPLY_PLACEHOLDERS.map((name) => `{${name}}`).join(" or ");
/** At least one language; every placeholder one we fill (a typo would otherwise reach the visitor). */
const texts = perLanguageTextsSchema(SAVED_REPLY_TEXT_MAX).superRefine((value, ctx) => {
  if (Object.keys(value).length === 0) ctx.addIssue({ code: "custom", message: "needs a text in at least one language" });
  for (const [language, text] of Object.entries(value)) {
    const unknown = unknownPlaceholders(text);
    if (unknown.length > 0)
      ctx.addIssue({
        code: "custom",
        path: [language],
        message: `unknown placeholder ${unknown.map((name) => `{${name}}`).join(", ")}; use ${placeholderList}`,
      });
  }
});

export const savedReplySchema = z
  .object({
    id: z.string(),
    /** null: every department's operators may use it. */
    departmentId: z.string().nullable(),
    title: z.string(),
    shortcut: z.string(),
    /** Texts by language code (de, en, …). */
    texts: z.record(z.string(), z.string()),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .meta({ id: "SavedReply" });
export type SavedReply = z.infer<typeof savedReplySchema>;

export const createSavedReplySchema = z.strictObject({
  title,
  shortcut,
  /** null for the whole account (a role over all departments only), else one department's operators. */
  departmentId: idSchema.nullable(),
  texts,
});
export type CreateSavedReply = z.input<typeof createSavedReplySchema>;

export const updateSavedReplySchema = z.strictObject({
  title: title.optional(),
  shortcut: shortcut.optional(),
  departmentId: idSchema.nullable().optional(),
  /** The whole set: a language left out is removed. */
  texts: texts.optional(),
});
export type UpdateSavedReply = z.input<typeof updateSavedReplySchema>;

/** A reply as one conversation's composer inserts it: the text in the visitor's language, placeholders still in it. */
export const usableSavedReplySchema = z.object({
  id: z.string(),
  title: z.string(),
  shortcut: z.string(),
  /** The language of `text`: the visitor's, else the default language, else the reply's first. */
  language: z.string(),
  text: z.string(),
});
export type UsableSavedReply = z.infer<typeof usableSavedReplySchema>;

export const usableSavedRepliesSchema = z.object({
  items: z.array(usableSavedReplySchema),
  /** What {operator_name} becomes: the caller as this conversation's visitor sees them (alias or name; the widget's "Operator" when it shows no names). */
  operatorName: z.string(),
});
export type UsableSavedReplies = z.infer<typeof usableSavedRepliesSchema>;
