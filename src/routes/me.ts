import { createRoute } from "@hono/zod-openapi";
import { changeOwnPassword } from "../auth/password-change";
import { requireOperator, requireSession } from "../middleware/auth";
import { changePasswordSchema, passwordChangedSchema } from "../shared/api";
import { apiRouter, errorSchema, errors, json, jsonBody } from "./openapi";

const tags = ["Authentication"];

/**
 * The signed-in operator's own credentials: a person in a session only, never an API token. The
 * checks sit on each route, not on the router: mounted at /me, router-wide middleware would also
 * catch GET /me, which tokens may call.
 */
export const meRoutes = apiRouter().openapi(
  createRoute({
    method: "post",
    path: "/password",
    tags,
    middleware: [requireOperator, requireSession] as const,
    summary:
      "Change your own password with the current one (signed-in session only). Other sessions end and your API tokens are revoked; this session stays signed in.",
    request: { body: jsonBody(changePasswordSchema) },
    responses: {
      200: json(passwordChangedSchema, "Changed: how many other sessions ended and tokens were revoked"),
      429: json(errorSchema, "Too many wrong current passwords; wait 15 minutes"),
      ...errors,
    },
  }),
  async (c) => c.json(await changeOwnPassword(c.env, c.var.db, c.var.principal, c.req.valid("json"), Date.now()), 200),
);
