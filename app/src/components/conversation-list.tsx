import { useNow } from "../hooks/use-now";
import type { InboxSnapshot } from "../lib/inbox-store";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import type { ConversationSummary } from "../types";
import { ConversationListItem } from "./conversation-list-item";

interface ConversationListProps {
  inbox: InboxSnapshot;
  onSelect: (summary: ConversationSummary) => void;
  onLoadMore: () => void;
  onRetry: () => void;
}

/** The open conversations, newest first, with paging and the state of the live connection. */
export function ConversationList({ inbox, onSelect, onLoadMore, onRetry }: ConversationListProps) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  const { conversations, selected, unreadIds, phase } = inbox;
  const reconnecting = inbox.connection === "waiting";

  return (
    <nav class="conversation-list" aria-label={t("inbox.navLabel")}>
      <div class="conversation-list__header">
        <h2 id="screen-heading" class="conversation-list__heading" tabIndex={-1}>
          {t("inbox.heading")}
        </h2>
        <p class="conversation-list__status" role="status">
          {reconnecting ? t("inbox.reconnecting") : ""}
        </p>
      </div>
      {phase === "loading" && <p class="conversation-list__note">{t("inbox.loading")}</p>}
      {inbox.errorCode && (
        <div class="conversation-list__error">
          <p role="alert">{errorText(inbox.errorCode)}</p>
          <button type="button" class="button" onClick={onRetry}>
            {t("tryAgain")}
          </button>
        </div>
      )}
      {phase === "ready" && conversations.length === 0 && (
        <p class="conversation-list__note">{t("inbox.empty")}</p>
      )}
      <ul class="conversation-list__items">
        {conversations.map((summary) => (
          <li key={summary.id}>
            <ConversationListItem
              summary={summary}
              now={now}
              selected={selected?.id === summary.id}
              unread={unreadIds.has(summary.id)}
              onSelect={onSelect}
            />
          </li>
        ))}
      </ul>
      {inbox.nextCursor && (
        <button
          type="button"
          class="button conversation-list__more"
          onClick={onLoadMore}
          disabled={inbox.loadingMore}
          aria-busy={inbox.loadingMore}
        >
          {t("loadMore")}
        </button>
      )}
    </nav>
  );
}
