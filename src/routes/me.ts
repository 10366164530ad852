import { createRoute } from "@hono/zod-openapi";
import { changeOwnPassword } from "../auth/password-change";
import { accountInboxes } from "../conversation/namespaces";
import { requireOperator, requireSession } from "../middleware/auth";
import { changeNotificationSettings, notificationSettingsOf } from "../notifications/operator-settings";
import {
  changePasswordSchema,
  notificationSettingsSchema,
  operatorStatusAnswerSchema,
  operatorStatusChoiceSchema,
  passwordChangedSchema,
} from "../shared/api";
import { apiRouter, errorSchema, errors, json, jsonBody, scoped, sessionOnly } from "./openapi";

const tags = ["Authentication"];
const availabilityTags = ["Availability"];

/**
 * The signed-in operator's own credentials: a person in a session only, never an API token. The
 * checks sit on each route, not on the router: mounted at /me, router-wide middleware would also
 * catch GET /me, which tokens may call.
 */
export const meRoutes = apiRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/password",
      operationId: "changePassword",
      security: sessionOnly,
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
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/notifications",
      operationId: "getNotificationSettings",
      tags: ["Notifications"],
      middleware: [requireOperator] as const,
      summary: "Your own desktop notification settings, as they apply to your role now (both off until you switch them on).",
      responses: { 200: json(notificationSettingsSchema, "The settings"), ...errors },
    }),
    async (c) => c.json(await notificationSettingsOf(c.var.db, c.var.principal), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/notifications",
      operationId: "setNotificationSettings",
      security: scoped(["chats:read"]),
      tags: ["Notifications"],
      middleware: [requireOperator] as const,
      summary:
        "Switch your own desktop notifications, and whether they show the message (audited). Switching either on needs chats read; off is always allowed.",
      request: { body: jsonBody(notificationSettingsSchema) },
      responses: { 200: json(notificationSettingsSchema, "The settings now"), ...errors },
    }),
    async (c) => c.json(await changeNotificationSettings(c.var.db, c.var.principal, c.req.valid("json"), Date.now()), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/status",
      operationId: "getMyStatus",
      security: sessionOnly,
      tags: availabilityTags,
      middleware: [requireOperator, requireSession] as const,
      summary: "Your availability: the status you chose, and the one colleagues and routing see (offline while no app of yours is open)",
      responses: { 200: json(operatorStatusAnswerSchema, "Your chosen and current status"), ...errors },
    }),
    async (c) => c.json(await ownStatus(c.env, c.var.principal.account.id, c.var.principal.operator.id), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/status",
      operationId: "setMyStatus",
      security: sessionOnly,
      tags: availabilityTags,
      middleware: [requireOperator, requireSession] as const,
      summary:
        "Choose your availability: online (new chats may come to you), away, or offline (hidden even with the app open). Away also comes by itself when every app tab of yours is idle.",
      request: { body: jsonBody(operatorStatusChoiceSchema) },
      responses: { 200: json(operatorStatusAnswerSchema, "Your chosen and current status"), ...errors },
    }),
    async (c) => {
      const { account, operator } = c.var.principal;
      await inboxOf(c.env, account.id).chooseStatus(operator.id, c.req.valid("json").status);
      return c.json(await ownStatus(c.env, account.id, operator.id), 200);
    },
  );

const inboxOf = (env: Env, accountId: string) => accountInboxes(env).get(accountInboxes(env).idFromName(accountId));

async function ownStatus(env: Env, accountId: string, operatorId: string) {
  const inbox = inboxOf(env, accountId);
  const [chosen, statuses] = await Promise.all([inbox.chosenStatus(operatorId), inbox.operatorStatuses()]);
  return { chosen, current: statuses[operatorId] ?? ("offline" as const) };
}
