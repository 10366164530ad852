import { useEffect, useRef } from "preact/hooks";
import { useTranslation } from "../hooks/use-translation";
import { fullTime, isoTime, languageName, visitorLabel } from "../lib/format";
import type { ConversationSummary } from "../types";
import { ConsentText } from "./consent-text";
import { TagEditor } from "./tag-editor";
import { TranscriptMessages } from "./transcript-messages";
import { RelatedConversations, VerifiedFacts } from "./verified-visitor";
import { VisitDetails } from "./visit-details";
import "./transcript-detail.css";

interface TranscriptDetailProps {
  summary: ConversationSummary;
  /** The operator may answer chats (chats manage), and so tag them. */
  canTag: boolean;
  onClose: () => void;
  /** Called with the summary a change of tags answered. */
  onTagged: (summary: ConversationSummary) => void;
}

/** One stored conversation, read-only: its facts, the visit, and the transcript. */
export function TranscriptDetail({ summary, canTag, onClose, onTagged }: TranscriptDetailProps) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);

  // Opening a row moves focus here, so keyboard and screen-reader users land on what they opened.
  useEffect(() => heading.current?.focus(), [summary.id]);

  const time = (value: number) => <time dateTime={isoTime(value)}>{fullTime(value)}</time>;

  return (
    <section class="panel detail" aria-labelledby="transcript-detail-heading" data-conversation-id={summary.id}>
      <header class="detail__header">
        <h3 id="transcript-detail-heading" ref={heading} class="section-heading" tabIndex={-1}>
          {visitorLabel(summary)}
        </h3>
        <button type="button" class="button" onClick={onClose}>
          {t("transcript.close")}
        </button>
      </header>
      <dl class="facts" aria-label={t("transcript.details")}>
        <dt>{t("transcript.email")}</dt>
        <dd>{summary.visitorEmail ?? t("notRecorded")}</dd>
        {summary.verifiedUserId !== null && <VerifiedFacts userId={summary.verifiedUserId} />}
        <dt>{t("transcript.status")}</dt>
        <dd>{summary.status === "open" ? t("status.open") : t("status.closed")}</dd>
        <dt>{t("transcript.started")}</dt>
        <dd>{time(summary.createdAt)}</dd>
        {summary.closedAt !== null && (
          <>
            <dt>{t("transcript.ended")}</dt>
            <dd>{time(summary.closedAt)}</dd>
          </>
        )}
        <dt>{t("transcript.language")}</dt>
        <dd>{summary.language ? languageName(summary.language) : t("notRecorded")}</dd>
        <dt>{t("transcript.rating")}</dt>
        <dd>{summary.rating !== null ? t("filters.stars", { count: summary.rating }) : t("transcript.noRating")}</dd>
        {summary.ratingComment !== null && (
          <>
            <dt>{t("transcript.ratingComment")}</dt>
            <dd class="detail__comment" dir="auto" data-testid="rating-comment">
              {summary.ratingComment}
            </dd>
          </>
        )}
        <dt>{t("transcript.consent")}</dt>
        <dd>
          {summary.hasConsent ? t("transcript.yes") : t("transcript.no")}
          {summary.hasConsent && <ConsentText key={summary.id} conversationId={summary.id} />}
        </dd>
      </dl>
      <TagEditor conversationId={summary.id} tags={summary.tags} canEdit={canTag} onSaved={onTagged} />
      {summary.verifiedUserId !== null && <RelatedConversations key={`related-${summary.id}`} conversationId={summary.id} />}
      <VisitDetails key={`visit-${summary.id}`} conversationId={summary.id} />
      <TranscriptMessages key={`messages-${summary.id}`} conversationId={summary.id} />
    </section>
  );
}
