import { assignAutomatically } from "../availability/answerers";
import { widgetOpenState } from "../availability/business-hours";
import { shownText } from "../consent/archive";
import { emailIndex, nameTokenIndexes } from "../crypto/blind-index";
import { createDataKey, loadKeyRing } from "../crypto/key-ring";
import { signVisitorToken } from "../crypto/visitor-token";
import type { Db } from "../db/client";
import { insertConversation, markClosed } from "../db/conversations";
import type { Widget } from "../db/widgets";
import { HttpError } from "../errors";
import { widgetTexts } from "../locales/widget-texts";
import type { StartConversation, StartedConversation } from "../shared/api";
import { publishEvent } from "../webhooks/events";
import { accountInboxes, conversationRooms } from "./namespaces";
import { sealVerifiedUser, verifiedClaim } from "./verified-visitor";

/** What the request itself says about the visitor; used only outside privacy mode. */
export interface ClientFacts {
  ip: string | null;
  userAgent: string | null;
  /** ISO 3166-1 alpha-2, from Cloudflare's location of the IP. */
  country: string | null;
}

/**
 * Starts a conversation on `widget`: a room in the configured jurisdiction, a fresh data key,
 * the visitor's name and email encrypted with blind indexes, a verified visitor's id likewise, and
 * the consent receipt.
 */
export async function startConversation(
  env: Env,
  db: Db,
  widget: Widget,
  input: StartConversation,
  client: ClientFacts,
  now: number,
): Promise<StartedConversation> {
  const leaving = input.leaveMessage;
  // Outside business hours the widget offers only the leave-a-message form; a live start is refused
  // (a widget page loaded before closing time learns it here).
  if (!leaving && widgetOpenState(widget, now)?.open === false) {
    throw new HttpError(409, "widget_closed", widgetTexts(input.language).texts.closedNow);
  }
  if (leaving?.emailReplies && input.email === undefined) {
    throw new HttpError(400, "email_required", "emailReplies: replies by email need an email address.");
  }
  if (widget.consentRequired && input.consent !== true) {
    throw new HttpError(400, "consent_required", "Please agree to the privacy notice before starting the chat.");
  }
  // The pre-chat form as the widget asks for it: a hidden field is never taken, a required one must come.
  for (const [field, mode] of [
    ["name", widget.preChatName],
    ["email", widget.preChatEmail],
  ] as const) {
    if (mode === "hidden" && input[field] !== undefined)
      throw new HttpError(400, "invalid_request", `${field}: this widget does not ask for it`);
    if (mode === "required" && input[field] === undefined) throw new HttpError(400, "invalid_request", `${field}: required`);
  }
  const rooms = conversationRooms(env);
  const roomId = rooms.newUniqueId();
  const conversationId = roomId.toString();
  const ring = await loadKeyRing(env.KEY_RING);
  const { cipher, wrappedKey } = await createDataKey(ring, widget.accountId, conversationId);
  const disclaimer = await shownText(widget, input.language);
  // The receipt must name the text the visitor saw: if it changed since the widget loaded, ask again.
  if (widget.consentRequired && input.disclaimerHash !== undefined && input.disclaimerHash !== disclaimer.hash) {
    // Said to the visitor, so in the language of the notice they were shown.
    throw new HttpError(409, "disclaimer_changed", widgetTexts(input.language).texts.noticeChanged);
  }
  const visitorNameEnc = input.name ? await cipher.encrypt("visitor.name", input.name) : null;
  // A claim that does not verify is dropped here, silently: the chat starts as an unverified one.
  const verifiedUserId = await verifiedClaim(env, db, widget, input.identity);
  await insertConversation(db, {
    id: conversationId,
    accountId: widget.accountId,
    widgetId: widget.id,
    departmentId: widget.departmentId,
    language: input.language,
    wrappedKey,
    visitorNameEnc,
    visitorEmailEnc: input.email ? await cipher.encrypt("visitor.email", input.email) : null,
    visitorEmailBidx: input.email ? await emailIndex(env.BLIND_INDEX_KEY, widget.accountId, input.email) : null,
    nameTokenBidx: input.name ? await nameTokenIndexes(env.BLIND_INDEX_KEY, widget.accountId, input.name) : [],
    privacyMode: widget.privacyMode,
    // Privacy mode overrides the identity-lookup switch.
    identityLookup: widget.identityLookup && !widget.privacyMode,
    // Privacy mode does not override this one: the id is what the customer's own server vouches
    // for, kept only where an admin turned verification on (off by default).
    verifiedUser: verifiedUserId ? await sealVerifiedUser(env, cipher, widget.accountId, verifiedUserId) : null,
    // In privacy mode none of this is read into storage, whatever the request carried.
    visit: widget.privacyMode
      ? null
      : {
          ipEnc: client.ip ? await cipher.encrypt("visitor.ip", client.ip) : null,
          userAgentEnc: client.userAgent ? await cipher.encrypt("visitor.user_agent", client.userAgent) : null,
          referrerEnc: input.referrer ? await cipher.encrypt("visitor.referrer", input.referrer) : null,
          countryEnc: client.country ? await cipher.encrypt("visitor.country", client.country) : null,
          firstPageEnc: input.pageUrl ? await cipher.encrypt("visitor.page_view", input.pageUrl) : null,
        },
    origin: leaving ? "offline" : "chat",
    // The receipt also records the separate opt-in to replies by email, so it exists whenever that was ticked.
    consent: widget.consentRequired || leaving?.emailReplies ? { disclaimer, emailReplies: leaving?.emailReplies ?? false } : null,
    now,
  });
  try {
    await rooms.get(roomId).init({
      conversationId,
      accountId: widget.accountId,
      departmentId: widget.departmentId,
      wrappedKey,
      // Privacy mode overrides the live-preview switch.
      livePreview: widget.livePreview && !widget.privacyMode,
      visitorNameEnc,
      language: input.language,
      origin: leaving ? "offline" : "chat",
      ...(!leaving && widget.unansweredAlertMinutes !== null ? { unansweredAlertAt: now + widget.unansweredAlertMinutes * 60_000 } : {}),
    });
    if (leaving) await rooms.get(roomId).leaveMessage(leaving.clientId, leaving.body);
  } catch (error) {
    // Without its room the conversation cannot carry messages: close it rather than leave it dangling.
    await markClosed(db, widget.accountId, conversationId, now);
    throw error;
  }
  // Routing "auto_assign": the least busy online answerer with a free slot gets it; with none, it
  // waits in line for anyone, as with "offer_all". A left message waits for whoever answers first.
  if (!leaving && widget.routing === "auto_assign") {
    await assignAutomatically(env, db, { accountId: widget.accountId, departmentId: widget.departmentId, id: conversationId });
  }
  const inboxes = accountInboxes(env);
  await inboxes.get(inboxes.idFromName(widget.accountId)).notify(widget.departmentId, conversationId);
  // Ids and metadata only; an endpoint opted in to personal data gets the rest at delivery.
  await publishEvent(
    env,
    db,
    widget.accountId,
    {
      type: leaving ? "offline_message.received" : "conversation.started",
      data: { conversationId, departmentId: widget.departmentId, widgetId: widget.id, language: input.language },
    },
    now,
  );
  return {
    conversationId,
    visitorToken: await signVisitorToken(env.TOKEN_SIGNING_KEY, { conversationId, accountId: widget.accountId, widgetId: widget.id }, now),
  };
}
