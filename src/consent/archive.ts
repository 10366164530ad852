import { sha256Hex } from "../crypto/encoding";
import { auditInsert } from "../db/audit";
import type { Db } from "../db/client";
import {
  type ArchivedText,
  type ConsentTextRow,
  deleteUnreferencedTexts,
  findReceipt,
  openPeriods,
  periodsOfHash,
  replaceInForce,
} from "../db/consent-texts";
import { findWidget } from "../db/widgets";
import { defaultDisclaimer, disclaimerFor, perLanguage } from "../locales/disclaimer";
import { WIDGET_LANGUAGES } from "../locales/widget-texts";
import type { ConversationConsent } from "../shared/consent-api";

// The consent text archive (Art. 7(1): the controller must be able to show what a person agreed
// to). A receipt holds only the SHA-256 of the disclaimer; the archive holds the words, with the
// widget, the language and the period they were in force. Texts go in when a widget's disclaimer
// changes and, defensively, with every receipt written; they leave only when no receipt names
// them and they are no longer in force (the sweep).

/** The disclaimer a visitor of this widget sees in `language`, as the archive records it. */
export async function shownText(
  widget: { id: string; accountId: string; disclaimerTexts: string | null },
  language: string | null | undefined,
): Promise<ArchivedText> {
  const shown = disclaimerFor(widget.disclaimerTexts, language);
  return {
    accountId: widget.accountId,
    widgetId: widget.id,
    language: shown.language,
    hash: await sha256Hex(shown.text),
    text: shown.text,
    builtIn: perLanguage(widget.disclaimerTexts)[shown.language] === undefined,
  };
}

/**
 * A widget's disclaimer texts changed (settings save): for every language whose text is now
 * different, the old text's period ends and the new one's begins, in one batch. Built-in texts are
 * recorded too when a language moves to or from one, so a period always has its words.
 */
export async function recordDisclaimerChange(
  db: Db,
  widget: { id: string; accountId: string },
  before: string | null,
  after: string | null,
  now: number,
): Promise<number> {
  const open = new Set((await openPeriods(db, widget.accountId, widget.id)).map((p) => `${p.language}\0${p.hash}`));
  const statements = [];
  for (const language of WIDGET_LANGUAGES) {
    const old = await shownText({ ...widget, disclaimerTexts: before }, language);
    const next = await shownText({ ...widget, disclaimerTexts: after }, language);
    if (old.hash === next.hash) continue;
    statements.push(...replaceInForce(db, { ...old, archived: open.has(`${language}\0${old.hash}`) }, next, now));
  }
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
  return statements.length;
}

/** Where the words of a receipt came from: the archive, or (receipts older than it) today's texts. */
export type ConsentTextSource = "archive" | "widget_current" | "built_in" | "missing";

export interface ResolvedConsent {
  text: string | null;
  source: ConsentTextSource;
  /** The period the text was in force on the receipt's widget, when the archive has it. */
  inForceFrom: number | null;
  inForceUntil: number | null;
}

/** The archived period of this widget and language that covers `at`, else the nearest of the same widget, else any. */
function bestPeriod(rows: ConsentTextRow[], widgetId: string, language: string, at: number): ConsentTextRow | undefined {
  const covers = (r: ConsentTextRow) => (r.inForceFrom ?? 0) <= at && (r.inForceUntil === null || at <= r.inForceUntil);
  const sameWidget = rows.filter((r) => r.widgetId === widgetId && r.language === language);
  return sameWidget.find(covers) ?? sameWidget[0] ?? rows[0];
}

/**
 * The exact words a consent receipt names. From the archive first (checked against the hash, so
 * a row that was tampered with is not shown as what the visitor agreed to); receipts written
 * before the archive began resolve only while the widget's text, or the built-in one, still has
 * the same hash.
 */
export async function resolveConsentText(
  db: Db,
  receipt: { accountId: string; widgetId: string; disclaimerHash: string; language: string; consentedAt: number },
  widget: { disclaimerTexts: string | null } | null,
): Promise<ResolvedConsent> {
  const rows = await periodsOfHash(db, receipt.accountId, receipt.disclaimerHash);
  const period = bestPeriod(rows, receipt.widgetId, receipt.language, receipt.consentedAt);
  if (period && (await sha256Hex(period.text)) === receipt.disclaimerHash) {
    const own = period.widgetId === receipt.widgetId;
    return {
      text: period.text,
      source: "archive",
      inForceFrom: own ? period.inForceFrom : null,
      inForceUntil: own ? period.inForceUntil : null,
    };
  }
  const none = { inForceFrom: null, inForceUntil: null };
  const current = widget ? perLanguage(widget.disclaimerTexts)[receipt.language] : undefined;
  if (current !== undefined && (await sha256Hex(current)) === receipt.disclaimerHash)
    return { text: current, source: "widget_current", ...none };
  const builtIn = defaultDisclaimer(receipt.language).text;
  if ((await sha256Hex(builtIn)) === receipt.disclaimerHash) return { text: builtIn, source: "built_in", ...none };
  return { text: null, source: "missing", ...none };
}

/** A conversation's consent receipt with the words it names (GET /conversations/{id}/consent). */
export async function conversationConsent(db: Db, accountId: string, conversationId: string): Promise<ConversationConsent> {
  const receipt = await findReceipt(db, accountId, conversationId);
  if (!receipt) return { receipt: null };
  const widget = await findWidget(db, accountId, receipt.widgetId);
  const resolved = await resolveConsentText(db, receipt, widget ?? null);
  return {
    receipt: {
      consentedAt: receipt.consentedAt,
      language: receipt.language,
      disclaimerHash: receipt.disclaimerHash,
      emailReplies: receipt.emailReplies,
      ...resolved,
    },
  };
}

/**
 * Texts no longer in force that no receipt names any more (their conversations were erased) are
 * deleted; one audit entry per account. How many went.
 */
export async function sweepConsentTexts(db: Db, now: number): Promise<number> {
  let deleted = 0;
  for (const { accountId, count } of await deleteUnreferencedTexts(db, now)) {
    deleted += count;
    await auditInsert(db, {
      accountId,
      actorKind: "system",
      actorId: null,
      action: "consent_text.retention_sweep",
      targetType: "consent_text",
      count,
      now,
    });
  }
  return deleted;
}

/** The receipt as the data-subject export carries it: with the exact words agreed to (null when not held). */
export async function exportedConsent(db: Db, accountId: string, conversationId: string) {
  const { receipt } = await conversationConsent(db, accountId, conversationId);
  if (!receipt) return null;
  return {
    disclaimerHash: receipt.disclaimerHash,
    language: receipt.language,
    consentedAt: new Date(receipt.consentedAt).toISOString(),
    emailReplies: receipt.emailReplies,
    text: receipt.text,
  };
}
