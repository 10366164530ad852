import { useTranslation } from "../hooks/use-translation";
import type { ConversationSummary } from "../types";
import { RelatedConversations, VerifiedFacts } from "./verified-visitor";
import { VisitDetails } from "./visit-details";
import "./visitor-panel.css";

/** How often the open chat's page views are fetched again: visitors keep browsing while they chat. */
const VISIT_REFRESH_MS = 30_000;

/**
 * Who the visitor is and what was kept of their visit, beside the live chat. It shows only what
 * the server sent: nothing of the visit in privacy mode, no avatar without identity lookup, "Verified"
 * and the visitor's other conversations only for a user id the customer's server vouched for.
 */
export function VisitorPanel({ summary }: { summary: ConversationSummary }) {
  const { t } = useTranslation();
  const notGiven = t("visit.notGiven");
  return (
    <aside class="visitor-panel" aria-labelledby="visitor-panel-heading">
      <h3 id="visitor-panel-heading" class="detail__heading">
        {t("visit.panelHeading")}
      </h3>
      <div class="visitor-panel__identity">
        {summary.avatarUrl && (
          // Identity lookup: the operator's browser loads the Gravatar; it tells nothing to the visitor's site.
          <img class="visitor-panel__avatar" src={summary.avatarUrl} alt="" width={48} height={48} referrerPolicy="no-referrer" />
        )}
        <dl class="facts">
          <dt>{t("visit.name")}</dt>
          <dd>{summary.visitorName ?? notGiven}</dd>
          <dt>{t("visit.email")}</dt>
          <dd>{summary.visitorEmail ?? notGiven}</dd>
          {summary.verifiedUserId !== null && <VerifiedFacts userId={summary.verifiedUserId} />}
        </dl>
      </div>
      {summary.verifiedUserId !== null && <RelatedConversations conversationId={summary.id} />}
      <VisitDetails conversationId={summary.id} refreshEveryMs={VISIT_REFRESH_MS} />
    </aside>
  );
}
