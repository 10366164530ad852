import i18next from "i18next";
import { useTranslation } from "../hooks/use-translation";
import { visitorLabel } from "../lib/format";
import type { ConversationSummary, LastMessagePreview } from "../types";
import { RelativeTime } from "./relative-time";
import { VerifiedBadge } from "./verified-visitor";
import "./conversation-list-item.css";

interface ConversationListItemProps {
  summary: ConversationSummary;
  now: number;
  selected: boolean;
  unread: boolean;
  onSelect: (summary: ConversationSummary) => void;
}

/** One conversation in the list: who, how many messages, how long ago, how long the visitor waits, what was said last. */
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
      <span class="conversation-item__name">
        {visitorLabel(summary)} {summary.verifiedUserId !== null && <VerifiedBadge userId={summary.verifiedUserId} />}
      </span>
      {summary.origin === "offline" && <span class="conversation-item__offline">{t("offlineMessage.badge")}</span>}
      {unread && (
        <span class="conversation-item__unread">
          <span class="visually-hidden">{t("inbox.newActivity")}</span>
        </span>
      )}
      <span class="conversation-item__meta">
        <span class="conversation-item__count">{t("messageCount", { count: summary.messageCount })}</span>
        <RelativeTime time={summary.lastMessageAt ?? summary.createdAt} now={now} />
        {summary.waitingSince !== null && (
          <span class="conversation-item__waiting">{t("row.waiting", { duration: waitedFor(now - summary.waitingSince) })}</span>
        )}
      </span>
      {summary.lastMessage && <LastMessage preview={summary.lastMessage} />}
    </button>
  );
}

/** "3 minutes": the largest whole unit of how long the visitor has waited. */
function waitedFor(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return i18next.t("duration.seconds", { count: seconds });
  if (seconds < 3600) return i18next.t("duration.minutes", { count: Math.floor(seconds / 60) });
  return i18next.t("duration.hours", { count: Math.floor(seconds / 3600) });
}

/** The start of the last message, with who wrote it; only sent to roles that may read the chat. */
function LastMessage({ preview }: { preview: LastMessagePreview }) {
  const { t } = useTranslation();
  const body = preview.truncated ? t("row.truncated", { body: preview.body }) : preview.body;
  const key =
    preview.authorKind === "visitor"
      ? "row.lastFromVisitor"
      : preview.authorKind === "operator"
        ? "row.lastFromOperator"
        : "row.lastSystem";
  return <span class="conversation-item__last">{t(key, { body })}</span>;
}
