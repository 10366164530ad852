import { useTranslation } from "../hooks/use-translation";
import { visitorLabel } from "../lib/format";
import type { ConversationSummary } from "../types";
import { RelativeTime } from "./relative-time";
import "./conversation-list-item.css";

interface ConversationListItemProps {
  summary: ConversationSummary;
  now: number;
  selected: boolean;
  unread: boolean;
  onSelect: (summary: ConversationSummary) => void;
}

/** One conversation in the list: who, how many messages, how long ago. */
export function ConversationListItem({ summary, now, selected, unread, onSelect }: ConversationListItemProps) {
  const { t } = useTranslation();
  const classes = ["conversation-item"];
  if (selected) classes.push("conversation-item--selected");
  if (unread) classes.push("conversation-item--unread");

  return (
    <button
      type="button"
      class={classes.join(" ")}
      aria-current={selected ? "true" : undefined}
      data-conversation-id={summary.id}
      onClick={() => onSelect(summary)}
    >
      <span class="conversation-item__name">{visitorLabel(summary)}</span>
      {unread && (
        <span class="conversation-item__unread">
          <span class="visually-hidden">{t("inbox.newActivity")}</span>
        </span>
      )}
      <span class="conversation-item__meta">
        <span class="conversation-item__count">{t("messageCount", { count: summary.messageCount })}</span>
        <RelativeTime time={summary.lastMessageAt ?? summary.createdAt} now={now} />
      </span>
    </button>
  );
}
