import type { ValidationTargets } from "hono";
import { validator } from "hono/validator";
import type { z } from "zod";
import { HttpError } from "../errors";

/** The first issue of a failed validation, as `field: problem`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "The request is not valid.";
  const path = issue.path.length > 0 ? issue.path.join(".") : "request";
  return `${path}: ${issue.message}`;
}

/**
 * Validates one part of the request with a zod schema; on failure a 400 `invalid_request` names
 * the first offending field, and the handler never runs.
 */
export function valid<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  return validator(target, (value) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new HttpError(400, "invalid_request", describeIssue(parsed.error));
    return parsed.data as z.output<Schema>;
  });
}
