import { useTranslation } from "../hooks/use-translation";
import type { PendingMessage } from "../lib/conversation-store";
import type { MessageCreatedFrame } from "../types";
import { MessageItem } from "./message-item";
import "./message-log.css";

interface MessageLogProps {
  conversationId: string;
  messages: readonly MessageCreatedFrame[];
  pending: readonly PendingMessage[];
  ended: boolean;
}

/**
 * The conversation's messages in seq order. Messages still being sent sit in a separate,
 * non-live list, so screen readers announce each message once, when the server confirms it.
 */
export function MessageLog({ conversationId, messages, pending, ended }: MessageLogProps) {
  const { t } = useTranslation();
  return (
    <>
      {/* The log region holds the list: a role on the <ol> itself would take away its list semantics. */}
      <div role="log" aria-live="polite" aria-label={t("chat.messagesLabel")}>
        <ol class="message-log">
          {messages.map((message) => (
            <MessageItem key={message.seq} conversationId={conversationId} message={message} />
          ))}
        </ol>
      </div>
      {pending.length > 0 && (
        <ul class="message-log message-log--pending" aria-label={t("chat.pendingLabel")}>
          {pending.map((message) => (
            <li key={message.clientId} class="message message--operator message--pending" data-client-id={message.clientId}>
              <p class="message__meta">{ended ? t("chat.notSent") : t("chat.sending")}</p>
              {message.body !== "" && <p class="message__body">{message.body}</p>}
              {message.attachmentId && <p class="message__body">{t("attachments.file")}</p>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
