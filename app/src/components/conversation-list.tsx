import type { ComponentChildren } from "preact";
import { useNow } from "../hooks/use-now";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import type { InboxSnapshot, InboxTab } from "../lib/inbox-store";
import type { ConversationSummary } from "../types";
import { ConversationListItem } from "./conversation-list-item";
import { InboxTabs } from "./inbox-tabs";
import "./conversation-list.css";

interface ConversationListProps {
  inbox: InboxSnapshot;
  onSelect: (summary: ConversationSummary) => void;
  onTab: (tab: InboxTab) => void;
  onLoadMore: () => void;
  onRetry: () => void;
  /** New chats chime. */
  sound: boolean;
  onSound: (on: boolean) => void;
  /** Shown below the list: the colleagues and their availability. */
  footer?: ComponentChildren;
}

/** The open conversations, newest first, with paging and the state of the live connection. */
export function ConversationList({ inbox, onSelect, onTab, onLoadMore, onRetry, sound, onSound, footer }: ConversationListProps) {
  const { t } = useTranslation();
  // Each second: waiting times count up live.
  const now = useNow(1_000);
  const { conversations, selected, unreadIds, phase } = inbox;
  const reconnecting = inbox.connection === "waiting";

  return (
    <nav class="conversation-list" aria-label={t("inbox.navLabel")}>
      <div class="conversation-list__header">
        <h2 id="screen-heading" class="conversation-list__heading" tabIndex={-1}>
          {t("inbox.heading")}
        </h2>
        <button type="button" class="button conversation-list__sound" aria-pressed={sound} onClick={() => onSound(!sound)}>
          {t("inbox.sound")}
        </button>
        <p class="conversation-list__status" role="status">
          {reconnecting ? t("inbox.reconnecting") : ""}
        </p>
      </div>
      <InboxTabs inbox={inbox} onTab={onTab} />
      <div id="inbox-tabpanel" role="tabpanel" class="conversation-list__panel" aria-labelledby={`inbox-tab-${inbox.tab}`}>
        {phase === "loading" && <p class="conversation-list__note">{t("inbox.loading")}</p>}
        {inbox.errorCode && (
          <div class="conversation-list__error">
            <p class="form-error" role="alert">
              {errorText(inbox.errorCode)}
            </p>
            <button type="button" class="button" onClick={onRetry}>
              {t("tryAgain")}
            </button>
          </div>
        )}
        {phase === "ready" && conversations.length === 0 && (
          <p class="conversation-list__note">
            {inbox.tab === "waiting" ? t("inbox.tabs.emptyWaiting") : inbox.tab === "mine" ? t("inbox.tabs.emptyMine") : t("inbox.empty")}
          </p>
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
      </div>
      {footer}
    </nav>
  );
}
