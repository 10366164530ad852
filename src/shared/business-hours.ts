import { z } from "zod";
import { calendarDateSchema } from "./api";
import {
  endsAfterStart,
  inOrderWithoutOverlap,
  isTimeZone,
  MAX_HOURS_EXCEPTIONS,
  MAX_OPENINGS_PER_DAY,
  minutesOf,
  TIME_PATTERN,
} from "./chat-settings";

// A widget's business hours (issue 13): a weekly schedule in one IANA time zone, and dated
// exceptions (public holidays, closures, extra hours) that replace the weekly hours of their day.
// Times are the wall clock of that zone, so "09:00" stays 09:00 across daylight-saving changes.
// The worker decides whether a widget is open (src/availability/business-hours.ts); widget and
// app only show the answer, so this module's zod stays on the server and in request validation;
// its rules live zod-free in chat-settings.ts, where the app's editor checks against them too.

export { minutesOf };

/** One opening on one day: from inclusive, to exclusive, to after from (no interval crosses midnight). */
export const openingSchema = z
  .strictObject({
    from: z.string().regex(TIME_PATTERN, "must be HH:MM"),
    to: z.string().regex(TIME_PATTERN, "must be HH:MM"),
  })
  .refine(endsAfterStart, { message: "must end after it starts", path: ["to"] });
export type Opening = z.infer<typeof openingSchema>;

/** A day's openings, in order and not overlapping; an empty list is a closed day. */
const dayOpeningsSchema = z
  .array(openingSchema)
  .max(MAX_OPENINGS_PER_DAY)
  .refine(inOrderWithoutOverlap, { message: "openings must be in order and must not overlap" });

/** Monday first, as in a European week: weekly[0] is Monday, weekly[6] Sunday. */
export const businessHoursSchema = z.strictObject({
  timeZone: z.string().min(1).max(64).refine(isTimeZone, "is not an IANA time zone"),
  weekly: z.array(dayOpeningsSchema).length(7),
  exceptions: z
    .array(z.strictObject({ date: calendarDateSchema, openings: dayOpeningsSchema }))
    .max(MAX_HOURS_EXCEPTIONS)
    .refine((days) => new Set(days.map((d) => d.date)).size === days.length, "a date is listed twice"),
});
export type BusinessHours = z.infer<typeof businessHoursSchema>;
