import { useTranslation } from "../hooks/use-translation";
import { clockTime, fullTime, isoTime } from "../lib/format";
import type { MessageCreatedFrame } from "../types";

interface MessageItemProps {
  message: Pick<MessageCreatedFrame, "seq" | "author" | "body" | "createdAt">;
  /** Date and time rather than the time alone: transcripts span days. */
  withDate?: boolean;
}

/** One confirmed message, styled by who wrote it (visitor, operator or system). */
export function MessageItem({ message, withDate = false }: MessageItemProps) {
  const { t } = useTranslation();
  const { author } = message;
  return (
    <li class={`message message--${author.kind}`} data-seq={message.seq}>
      <p class="message__meta">
        <span class="message__author">{author.name || t("chat.unknownAuthor")}</span>{" "}
        <time class="message__time" dateTime={isoTime(message.createdAt)} title={fullTime(message.createdAt)}>
          {withDate ? fullTime(message.createdAt) : clockTime(message.createdAt)}
        </time>
      </p>
      <p class="message__body">{message.body}</p>
    </li>
  );
}
