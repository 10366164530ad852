import { z } from "zod";
import { clientIdSchema, messageBodySchema } from "./api";
import {
  type ClientFrame,
  type CloseConversation,
  type InboxActivityFrame,
  MAX_BODY_CHARS,
  type ReadUpTo,
  type SendMessage,
  type Typing,
  type TypingPreview,
} from "./frames";

// The worker's zod schemas of client frames. The frame types, limits and close codes are in
// frames.ts (no zod, so the widget and the app import it too); each schema here must produce
// exactly its type there, which `Exactly` checks at compile time.

/** `Schema` if its output is exactly `Frame` (no field missing, added or made optional on either side). */
type Exactly<Schema extends z.ZodType, Frame> =
  (<T>() => T extends z.output<Schema> ? 1 : 2) extends <T>() => T extends Frame ? 1 : 2 ? Schema : never;

const exactly =
  <Frame>() =>
  <Schema extends z.ZodType>(schema: Exactly<Schema, Frame>): Schema =>
    schema;

export const sendMessageSchema = exactly<SendMessage>()(
  z
    .strictObject({
      type: z.literal("message.send"),
      clientId: clientIdSchema,
      body: z.string().max(MAX_BODY_CHARS),
      attachmentId: z.string().uuid().optional(),
    })
    // A message says something, or carries a file (then its text may be empty).
    .superRefine((m, ctx) => {
      if (m.attachmentId !== undefined) return;
      const body = messageBodySchema.safeParse(m.body);
      if (!body.success) ctx.addIssue({ code: "custom", message: body.error.issues[0]?.message ?? "body is blank", path: ["body"] });
    }),
);

export const typingPreviewSchema = exactly<TypingPreview>()(
  z.strictObject({
    type: z.literal("typing.preview"),
    text: z.string().max(MAX_BODY_CHARS),
  }),
);

export const typingSchema = exactly<Typing>()(
  z.strictObject({
    type: z.literal("typing"),
    active: z.boolean(),
  }),
);

/** Ends the conversation for everyone (visitor leaving, or an operator closing it). */
export const closeConversationSchema = exactly<CloseConversation>()(
  z.strictObject({
    type: z.literal("conversation.close"),
  }),
);

/** Operators only: read up to `seq`. */
export const readUpToSchema = exactly<ReadUpTo>()(
  z.strictObject({
    type: z.literal("read"),
    seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  }),
);

export const clientFrameSchema = exactly<ClientFrame>()(
  z.discriminatedUnion("type", [sendMessageSchema, typingPreviewSchema, typingSchema, closeConversationSchema, readUpToSchema]),
);

/** The inbox socket's one client frame: the app's tab in use or idle (src/availability/presence.ts). */
export const inboxActivitySchema = exactly<InboxActivityFrame>()(
  z.strictObject({
    type: z.literal("activity"),
    active: z.boolean(),
  }),
);
