import { type Context, Hono, type MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { attachmentDownload, mayFetch } from "../attachments/download";
import { acceptFor } from "../attachments/file-kind";
import { storeAttachment, uploadedFile } from "../attachments/upload";
import { attachmentSettingsOf } from "../attachments/widget-settings";
import { someoneCanAnswer } from "../availability/answerers";
import { launcherVisibility, widgetOpenState } from "../availability/business-hours";
import { alertLeftMessage, queueState, switchToMessage } from "../availability/waiting";
import { fetchAvatar } from "../conversation/operator-avatar";
import { rateConversation } from "../conversation/rating";
import { startConversation } from "../conversation/start";
import { transcriptDownload } from "../conversation/transcript";
import { requireConversationVault } from "../conversation/vault";
import { MAX_PAGE_VIEWS } from "../conversation/visitor-details";
import { sha256Hex } from "../crypto/encoding";
import { issueChallenge } from "../crypto/proof-of-work";
import { verifyVisitorToken } from "../crypto/visitor-token";
import { findAttachment } from "../db/attachments";
import { audit } from "../db/audit";
import type { Db } from "../db/client";
import { findConversation, insertPageView, pageViewsOf } from "../db/conversations";
import { hit } from "../db/rate-limits";
import { listRouterRules } from "../db/router";
import { widgets } from "../db/schema";
import { findOperator } from "../db/team";
import { findWidgetBySiteKey, findWidgets, isAllowedOrigin, type Widget } from "../db/widgets";
import { emailTranscript } from "../email/emails";
import { HttpError } from "../errors";
import { disclaimerFor, perLanguage } from "../locales/disclaimer";
import { widgetTexts } from "../locales/widget-texts";
import { enterAccountOf } from "../middleware/account-database";
import { ownOrigin } from "../middleware/auth";
import { eraseConversations } from "../privacy/erasure";
import { admitNewConversation, proofOfWorkDifficulty } from "../privacy/start-limits";
import {
  pageViewSchema,
  rateConversationSchema,
  socketQuerySchema,
  startConversationSchema,
  switchToMessageSchema,
  type WidgetConfig,
} from "../shared/api";
import { BYTES_PER_MEGABYTE } from "../shared/attachments";
import { route, visitorContext } from "../widget-router/evaluate";
import { connectToConversation, erasedConversationSocket, foundOrNull, requireUpgrade } from "./conversation-socket";
import { valid } from "./validate";

const TOKEN_PROTOCOL_PREFIX = "confide.token.";
const TRANSCRIPT_EMAIL_WINDOW_MS = 60 * 60 * 1000;
const TRANSCRIPT_EMAILS_PER_WINDOW = 3;

type WidgetEnv = AppEnv & { Variables: { widget: Widget } };

/**
 * Every widget route serves one site key's widget, and only to pages on one of its allowed
 * origins (exact match). Runs before validation, so even a 400 carries the CORS header the
 * widget needs to read it.
 */
const embeddedWidget: MiddlewareHandler<WidgetEnv> = async (c, next) => {
  const siteKey = c.req.param("siteKey") ?? "";
  // The widget's account's database for the whole request (src/db/databases.ts).
  await enterAccountOf(c, widgets, widgets.siteKey, siteKey);
  const widget = await findWidgetBySiteKey(c.var.db, siteKey);
  if (!widget) throw new HttpError(404, "widget_not_found", "No widget has this site key.");
  // Browsers send Origin on every cross-origin request, POST and WebSocket; only a same-origin GET
  // comes without it, and that page is ours.
  const origin = c.req.header("Origin") ?? ownOrigin(c);
  // Confide's own origin serves only its own pages (the demo, the chat page a continue link opens,
  // src/routes/continue-page.ts), under a CSP that runs no other script: any widget may run there.
  if (origin !== ownOrigin(c) && !isAllowedOrigin(widget, origin)) {
    throw new HttpError(403, "origin_not_allowed", "This website is not allowed to use this chat widget.");
  }
  c.header("Access-Control-Allow-Origin", origin);
  c.header("Vary", "Origin");
  c.set("widget", widget);
  await next();
};

/** The visitor token travels as a WebSocket subprotocol, so it never appears in a URL or log. */
function visitorTokenFrom(request: Request): string | null {
  const offered =
    request.headers
      .get("Sec-WebSocket-Protocol")
      ?.split(",")
      .map((p) => p.trim()) ?? [];
  const token = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  return token ? token.slice(TOKEN_PROTOCOL_PREFIX.length) : null;
}

const withHash = async (d: { text: string; language: string }) => ({ ...d, hash: await sha256Hex(d.text) });

/** Outside sockets the visitor token travels as `Authorization: Bearer <token>`. */
const bearerToken = (header: string | undefined): string | null => /^Bearer ([\w.-]{10,2000})$/.exec(header ?? "")?.[1] ?? null;

/** The conversation this visitor token was issued for, on this widget; 401/403/404 otherwise. */
async function visitorsConversation(env: Env, db: Db, widget: Widget, conversationId: string, token: string | null) {
  if (!token) throw new HttpError(401, "unauthenticated", "A visitor token is required.");
  const claims = await verifyVisitorToken(env.TOKEN_SIGNING_KEY, token);
  if (!claims || claims.conversationId !== conversationId || claims.widgetId !== widget.id || claims.accountId !== widget.accountId) {
    throw new HttpError(403, "invalid_token", "This visitor token is not valid for this conversation.");
  }
  const conversation = await findConversation(db, widget.accountId, conversationId);
  if (!conversation) throw new HttpError(404, "not_found", "No such conversation.");
  return conversation;
}

/** The conversation of the route's `:id`, for the visitor token in `Authorization: Bearer`. */
const visitorsOwn = (c: Context<WidgetEnv>) =>
  visitorsConversation(c.env, c.var.db, c.var.widget, c.req.param("id") ?? "", bearerToken(c.req.header("Authorization")));

/** What the widget's file picker needs, or null when the widget takes no files. */
function widgetAttachments(widget: Widget): WidgetConfig["attachments"] {
  const settings = attachmentSettingsOf(widget);
  return settings.enabled && settings.types.length > 0
    ? { maxBytes: settings.maxMegabytes * BYTES_PER_MEGABYTE, accept: acceptFor(settings.types) }
    : null;
}

/** The public side: what the widget on a customer's page calls. No cookies, ever. */
export const widgetRoutes = new Hono<WidgetEnv>()
  .use("/:siteKey/*", embeddedWidget)
  .options("/:siteKey/*", (c) => {
    c.header("Access-Control-Allow-Methods", "GET, POST, DELETE");
    c.header("Access-Control-Allow-Headers", "Content-Type, Authorization");
    c.header("Access-Control-Max-Age", "600");
    return c.body(null, 204);
  })
  .get("/:siteKey/config", async (c) => {
    // The router reads the request's country, device, language and page to pick the widget; none of it is kept.
    const entry = c.var.widget;
    const origin = c.req.header("Origin") ?? ownOrigin(c);
    // ?own=1: a conversation resuming on another page wants its own widget, not a new routing decision.
    const rules = c.req.query("own") === "1" ? [] : await listRouterRules(c.var.db, entry.accountId);
    const candidates = new Map(
      (
        await findWidgets(
          c.var.db,
          entry.accountId,
          rules.map((r) => r.widgetId),
        )
      ).map((w) => [w.id, w]),
    );
    const decision = route(rules, visitorContext(c.req.raw, c.req.query("url") ?? null), (id) => {
      const candidate = candidates.get(id);
      return candidate !== undefined && isAllowedOrigin(candidate, origin);
    });
    // Fail closed: the widget the rule chose may not be embedded here, and no other (perhaps less
    // private) widget stands in for it. The widget shows nothing.
    if (decision.outcome === "none") {
      throw new HttpError(
        403,
        "no_widget_for_origin",
        "The chat widget chosen for this visitor does not allow this website, so no chat is offered here.",
      );
    }
    const widget = decision.outcome === "rule" ? candidates.get(decision.rule.widgetId)! : entry;
    const localised = widgetTexts(c.req.query("lang") ?? c.req.header("Accept-Language"));
    const config: WidgetConfig = {
      siteKey: widget.siteKey,
      privacyMode: widget.privacyMode,
      name: perLanguage(widget.titleTexts)[localised.language] ?? widget.name,
      greeting: perLanguage(widget.greetingTexts)[localised.language] ?? widget.greeting,
      consentRequired: widget.consentRequired,
      disclaimer: await withHash(disclaimerFor(widget.disclaimerTexts, localised.language)),
      language: localised.language,
      dir: localised.dir,
      texts: localised.texts,
      privacyPolicy: widget.privacyPolicyUrl
        ? {
            url: widget.privacyPolicyUrl,
            label: perLanguage(widget.privacyPolicyLabels)[localised.language] ?? localised.texts.privacyPolicy,
          }
        : null,
      preChat: { name: widget.preChatName, email: widget.preChatEmail },
      appearance: { accentColor: widget.accentColor, position: widget.position },
      hours: widgetOpenState(widget, Date.now()),
      available: await someoneCanAnswer(c.env, c.var.db, widget.accountId, widget.departmentId),
      outsideHours: widget.outsideHours,
      offerMessageAfterMinutes: widget.offerMessageAfterMinutes,
      attachments: widgetAttachments(widget),
    };
    return c.json(config);
  })
  // For loader.js with data-hide-when-closed: whether to show the launcher now, and until when.
  // Cookieless and personal-data-free; no-store, so the answer at a boundary is the new one.
  .get("/:siteKey/open", (c) => {
    c.header("Cache-Control", "no-store");
    return c.json(launcherVisibility(c.var.widget, Date.now()));
  })
  // Privacy mode: the proof of work a start needs (src/privacy/start-limits.ts). Signed, not
  // stored, and it asks nothing of the request; no-store, as each one may be used once.
  .post("/:siteKey/challenge", async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json(await issueChallenge(c.env.TOKEN_SIGNING_KEY, c.var.widget.id, proofOfWorkDifficulty(c.env), Date.now()));
  })
  .post("/:siteKey/conversations", valid("json", startConversationSchema), async (c) => {
    const widget = c.var.widget;
    const now = Date.now();
    const input = c.req.valid("json");
    await admitNewConversation(c.env, c.var.db, widget, input.proof, c.req.header("CF-Connecting-IP") ?? "local", now);
    const country = c.req.raw.cf?.country;
    const client = {
      ip: c.req.header("CF-Connecting-IP") ?? null,
      userAgent: c.req.header("User-Agent") ?? null,
      // "XX" is Cloudflare's "unknown"; anything else not a code is not worth keeping.
      country: typeof country === "string" && /^[A-Z][A-Z0-9]$/.test(country) && country !== "XX" ? country : null,
    };
    const started = await startConversation(c.env, c.var.db, widget, input, client, now);
    if (input.leaveMessage) {
      alertLeftMessage(c.env, (p) => c.executionCtx.waitUntil(p), {
        accountId: widget.accountId,
        departmentId: widget.departmentId,
        id: started.conversationId,
      });
    }
    return c.json(started, 201);
  })
  .post("/:siteKey/conversations/:id/page-views", valid("json", pageViewSchema), async (c) => {
    const widget = c.var.widget;
    const conversation = await visitorsOwn(c);
    // In privacy mode, or once the chat has ended, a page view is not kept, whatever the widget sent.
    if (!conversation.privacyMode && conversation.status === "open") {
      const now = Date.now();
      if ((await pageViewsOf(c.var.db, widget.accountId, conversation.id, MAX_PAGE_VIEWS)).length < MAX_PAGE_VIEWS) {
        const cipher = await requireConversationVault(c.env, c.var.db, widget.accountId, conversation.id);
        await insertPageView(c.var.db, {
          accountId: widget.accountId,
          conversationId: conversation.id,
          urlEnc: await cipher.encrypt("visitor.page_view", c.req.valid("json").url),
          now,
        });
      }
    }
    return c.body(null, 204);
  })
  // While the visitor waits: their place in line and the expected wait. No-store: it changes as chats are taken.
  .get("/:siteKey/conversations/:id/queue", async (c) => {
    const conversation = await visitorsOwn(c);
    c.header("Cache-Control", "no-store");
    return c.json(await queueState(c.env, c.var.db, conversation, Date.now()));
  })
  // The waiting visitor leaves a message instead: the chat stays, to be answered when someone can.
  .post("/:siteKey/conversations/:id/leave-message", valid("json", switchToMessageSchema), async (c) => {
    const conversation = await visitorsOwn(c);
    await switchToMessage(c.env, c.var.db, c.var.widget, conversation, c.req.valid("json"), Date.now());
    if (conversation.origin === "chat") alertLeftMessage(c.env, (p) => c.executionCtx.waitUntil(p), conversation);
    return c.body(null, 204);
  })
  // An operator's alias photo, for the widget (src/conversation/operator-avatar.ts): only where the
  // widget shows operators' names, of an operator of its account. The widget asks with CORS
  // (crossorigin), so the origin check above applies as to every other call.
  .get("/:siteKey/operators/:operatorId/avatar", async (c) => {
    const widget = c.var.widget;
    const operatorId = c.req.param("operatorId");
    const operator =
      widget.operatorNames === "alias" && /^[0-9a-f-]{36}$/.test(operatorId)
        ? await findOperator(c.var.db, widget.accountId, operatorId)
        : undefined;
    const image = operator?.aliasAvatarUrl && !operator.disabled ? await fetchAvatar(operator.aliasAvatarUrl) : null;
    if (!image) throw new HttpError(404, "not_found", "This operator has no photo here.");
    return c.body(image.bytes, 200, {
      "Content-Type": image.type,
      "Cache-Control": "private, max-age=300",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'",
      "Cross-Origin-Resource-Policy": "cross-origin",
    });
  })
  // A file from the visitor (the raw bytes as the body, the name in ?name=): checked, stripped and
  // sealed as it streams (src/attachments/upload.ts). The widget then sends it in a message.
  .post("/:siteKey/conversations/:id/attachments", async (c) => {
    const widget = c.var.widget;
    const conversation = await visitorsOwn(c);
    if (conversation.status !== "open") throw new HttpError(409, "conversation_closed", "This conversation has ended.");
    const cipher = await requireConversationVault(c.env, c.var.db, widget.accountId, conversation.id);
    const attachment = await storeAttachment(c.env, c.var.db, cipher, {
      accountId: widget.accountId,
      conversationId: conversation.id,
      uploaderKey: "visitor",
      ...uploadedFile(c.req.raw, c.req.query("name")),
      settings: attachmentSettingsOf(widget),
    });
    return c.json({ attachment }, 201);
  })
  // A file of the visitor's conversation: one sent in it, or the visitor's own upload. ?inline=1
  // shows an image in the widget; everything else comes as a download.
  .get("/:siteKey/conversations/:id/attachments/:attachmentId", async (c) => {
    const conversation = await visitorsOwn(c);
    const row = await findAttachment(c.var.db, conversation.accountId, conversation.id, c.req.param("attachmentId"));
    // An operator's upload not yet sent is not the visitor's to see.
    if (!row || !mayFetch(row, "visitor")) {
      throw new HttpError(404, "attachment_not_found", "This file is not available (any more).");
    }
    const cipher = await requireConversationVault(c.env, c.var.db, conversation.accountId, conversation.id);
    const file = await attachmentDownload(c.env, cipher, row, { inline: c.req.query("inline") === "1" });
    return c.body(file.body, 200, { ...file.headers, "Access-Control-Expose-Headers": "Content-Disposition" });
  })
  // The visitor's rating at the end: once, after the chat ended, by this conversation's token only.
  .post("/:siteKey/conversations/:id/rating", valid("json", rateConversationSchema), async (c) => {
    const conversation = await visitorsOwn(c);
    await rateConversation(c.env, c.var.db, conversation, c.req.valid("json"));
    return c.body(null, 204);
  })
  .get("/:siteKey/conversations/:id/transcript", async (c) => {
    const conversation = await visitorsOwn(c);
    // Text, or a ZIP of the text and the chat's files when files were sent.
    const download = await transcriptDownload(c.env, c.var.db, conversation);
    return c.body(download.body, 200, {
      ...download.headers,
      "Cache-Control": "no-store",
      "Access-Control-Expose-Headers": "Content-Disposition",
    });
  })
  // The transcript by email, on the visitor's own request, to the address they gave in this chat.
  .post("/:siteKey/conversations/:id/transcript/email", async (c) => {
    const conversation = await visitorsOwn(c);
    // A few per conversation and hour: the address is fixed, but nobody's mailbox is to be flooded.
    if (
      (await hit(c.var.db, `transcript-email:${conversation.id}`, TRANSCRIPT_EMAIL_WINDOW_MS, Date.now())) > TRANSCRIPT_EMAILS_PER_WINDOW
    ) {
      throw new HttpError(429, "rate_limited", "The transcript was sent several times already. Please try again later.");
    }
    const result = await emailTranscript(c.env, conversation.accountId, conversation.id);
    if (!result.queued) {
      if (result.reason === "email_off") throw new HttpError(503, "email_not_configured", "Email is not set up on this server.");
      if (result.reason === "no_email") throw new HttpError(409, "no_visitor_email", "No email address was given in this chat.");
      throw new HttpError(404, "not_found", "No such conversation.");
    }
    c.executionCtx.waitUntil(result.delivery);
    return c.body(null, 202);
  })
  // The visitor's own right to erasure, executed at once: everything of the conversation goes.
  .delete("/:siteKey/conversations/:id", async (c) => {
    const widget = c.var.widget;
    const conversation = await visitorsOwn(c);
    const now = Date.now();
    const erased = await eraseConversations(c.env, c.var.db, widget.accountId, [conversation.id], now);
    await audit(c.var.db, {
      accountId: widget.accountId,
      actorKind: "system",
      actorId: null,
      action: "conversation.erased_by_visitor",
      targetType: "conversation",
      count: erased.conversations,
      fileCount: erased.files,
      now,
    });
    return c.body(null, 204);
  })
  .get("/:siteKey/conversations/:id/socket", valid("query", socketQuerySchema), async (c) => {
    requireUpgrade(c.req.raw);
    const widget = c.var.widget;
    const conversation = await foundOrNull(visitorsConversation(c.env, c.var.db, widget, c.req.param("id"), visitorTokenFrom(c.req.raw)));
    // A valid token whose conversation is gone: it was erased (by the visitor in another tab, an operator, retention).
    if (!conversation) return erasedConversationSocket(c.req.raw);
    return connectToConversation(
      c.env,
      c.var.db,
      c.req.raw,
      conversation,
      { role: "visitor", canWrite: true },
      c.req.valid("query").after,
      true,
    );
  });
