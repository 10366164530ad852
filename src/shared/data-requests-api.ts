import { z } from "zod";
import { DATA_REQUEST_KINDS, DATA_REQUEST_STATUSES, EXTENSION_REASONS, MAX_EXTENSION_MONTHS, REFUSAL_REASONS } from "./data-requests";

// Request and response schemas of the data-request register (/api/v1/data-requests). Shared with
// the operator app (types only). The person's email is only ever sent in request bodies, never in
// a URL, and never comes back: the register holds its blind index.

const email = z.string().trim().toLowerCase().email().max(254);

export const dataRequestSchema = z
  .object({
    id: z.string(),
    kind: z.enum(DATA_REQUEST_KINDS),
    status: z.enum(DATA_REQUEST_STATUSES),
    /** Where it stands against its deadline now: "done" once answered or refused. */
    urgency: z.enum(["done", "overdue", "due_soon", "on_time"]),
    receivedAt: z.number().int(),
    /** End of the day (UTC) one calendar month after receipt, or later by the extension. */
    dueAt: z.number().int(),
    extensionMonths: z.number().int(),
    extensionReason: z.enum(EXTENSION_REASONS).nullable(),
    refusalReason: z.enum(REFUSAL_REASONS).nullable(),
    loggedBy: z.string().nullable(),
    /** Display names; null once that operator was removed (the id stays). */
    loggedByName: z.string().nullable(),
    handledBy: z.string().nullable(),
    handledByName: z.string().nullable(),
    answeredAt: z.number().int().nullable(),
  })
  .meta({ id: "DataRequest" });
export type DataRequest = z.infer<typeof dataRequestSchema>;

export const createDataRequestSchema = z.strictObject({
  kind: z.enum(DATA_REQUEST_KINDS),
  /** The requester's address: turned into its blind index at once, never stored. */
  email,
  /**
   * When the request came, for one received earlier by letter or email (ms since the epoch); now
   * when left out. Not in the future, and at most RECEIVED_AT_MAX_AGE_DAYS days ago.
   */
  receivedAt: z.number().int().positive().optional(),
});
export type CreateDataRequest = z.infer<typeof createDataRequestSchema>;

/** Answer, refuse (with the ground), or extend the deadline once by one or two months (with the ground). */
export const updateDataRequestSchema = z.discriminatedUnion("status", [
  z.strictObject({ status: z.literal("answered") }),
  z.strictObject({ status: z.literal("refused"), refusalReason: z.enum(REFUSAL_REASONS) }),
  z.strictObject({
    status: z.literal("extended"),
    extensionMonths: z.number().int().min(1).max(MAX_EXTENSION_MONTHS),
    extensionReason: z.enum(EXTENSION_REASONS),
  }),
]);
export type UpdateDataRequest = z.infer<typeof updateDataRequestSchema>;

export const dataRequestsQuerySchema = z.object({
  filter: z.enum(["pending", "overdue", "due_soon", "all"]).default("pending"),
  /** Opaque: the previous page's nextCursor. */
  cursor: z
    .string()
    .regex(/^\d{1,9}$/, "not a cursor")
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const dataRequestLookupSchema = z.strictObject({ email });

export const dataRequestCountsSchema = z
  .object({
    /** Open or extended. */
    pending: z.number().int(),
    /** Pending, due within DUE_SOON_DAYS days. */
    dueSoon: z.number().int(),
    /** Pending, past their deadline. */
    overdue: z.number().int(),
  })
  .meta({ id: "DataRequestCounts" });
export type DataRequestCounts = z.infer<typeof dataRequestCountsSchema>;
