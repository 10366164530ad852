import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env";
import { HttpError } from "../errors";
import { ERROR_CODES } from "../shared/error-codes";
import { describeIssue } from "./validate";

// Every REST route is declared with its zod schemas once; hono validates with them and the
// OpenAPI 3.1 document at /api/v1/openapi.json is generated from them.

/**
 * A router whose validation failures become our 400 `invalid_request`, naming the field; the
 * given middleware (authentication) runs for all its routes.
 */
export function apiRouter(...middleware: MiddlewareHandler<AppEnv>[]): OpenAPIHono<AppEnv> {
  const router = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw new HttpError(400, "invalid_request", describeIssue(result.error));
    },
  });
  if (middleware.length > 0) router.use("*", ...middleware);
  return router;
}

export const errorSchema = z.object({ error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }) }).meta({ id: "Error" });

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: errorSchema } } });

/** The error answers every authenticated endpoint can give. */
export const errors = {
  400: errorResponse("Invalid input: unknown fields, wrong types, out-of-range values."),
  401: errorResponse("Not logged in, or the session or API token is no longer valid."),
  403: errorResponse("The caller's role does not allow this, or the origin is not allowed."),
  404: errorResponse("No such resource in the caller's account and departments."),
} satisfies RouteConfig["responses"];

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } }, required: true });

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
