import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { INBOX_SUBSCRIBER_HEADER, type InboxSubscriber } from "../conversation/account-inbox";
import { accountInboxes } from "../conversation/namespaces";
import { connectToConversation, requireUpgrade, summarise, withMutableHeaders } from "../conversation/service";
import { findConversation, listConversations } from "../db/conversations";
import { HttpError } from "../errors";
import { requireOperator, requirePermission, seesDepartment } from "../middleware/auth";
import { allows } from "../shared/permissions";
import { listConversationsQuerySchema, socketQuerySchema } from "../shared/api";
import { valid } from "./validate";

/** The operators' side of conversations: lists, details, the inbox feed and the chat socket. */
export const conversationRoutes = new Hono<AppEnv>()
  .use(requireOperator, requirePermission("chats", "read"))
  .get("/", valid("query", listConversationsQuerySchema), async (c) => {
    const query = c.req.valid("query");
    const p = c.var.principal;
    const page = await listConversations(c.var.db, { accountId: p.account.id, departmentIds: p.role.departmentIds, ...query });
    return c.json({ items: await Promise.all(page.rows.map((row) => summarise(c.env, c.var.db, row))), nextCursor: page.nextCursor });
  })
  .get("/:id", async (c) => {
    const row = await visibleConversation(c.var.db, c.var.principal, c.req.param("id"));
    return c.json(await summarise(c.env, c.var.db, row));
  })
  .get("/:id/socket", valid("query", socketQuerySchema), async (c) => {
    requireUpgrade(c.req.raw);
    const p = c.var.principal;
    const row = await visibleConversation(c.var.db, p, c.req.param("id"));
    return connectToConversation(
      c.env,
      c.var.db,
      c.req.raw,
      row,
      {
        role: "operator",
        operatorId: p.operator.id,
        name: p.operator.aliasName ?? p.operator.displayName,
        ...(p.operator.aliasAvatarUrl ? { avatarUrl: p.operator.aliasAvatarUrl } : {}),
        canWrite: allows(p.role.permissions.chats, "manage"),
        credential: p.credential,
      },
      c.req.valid("query").after,
    );
  });

/** The conversation if it is this account's and in the caller's departments; otherwise 404, so ids of others stay invisible. */
async function visibleConversation(db: AppEnv["Variables"]["db"], p: AppEnv["Variables"]["principal"], id: string) {
  const row = await findConversation(db, p.account.id, id);
  if (!row || !seesDepartment(p, row.departmentId)) throw new HttpError(404, "not_found", "No such conversation.");
  return row;
}

/** The live feed of which conversations changed, for the operators' inbox lists. */
export const inboxRoutes = new Hono<AppEnv>()
  .use(requireOperator, requirePermission("chats", "read"))
  .get("/socket", async (c) => {
    requireUpgrade(c.req.raw);
    const p = c.var.principal;
    const subscriber: InboxSubscriber = { operatorId: p.operator.id, departmentIds: p.role.departmentIds, credential: p.credential };
    const inboxes = accountInboxes(c.env);
    return withMutableHeaders(
      await inboxes.get(inboxes.idFromName(p.account.id)).fetch(
        new Request(c.req.url, { headers: { Upgrade: "websocket", [INBOX_SUBSCRIBER_HEADER]: JSON.stringify(subscriber) } }),
      ),
    );
  });
