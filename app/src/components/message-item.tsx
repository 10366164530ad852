import { clockTime, fullTime, isoTime } from "../lib/format";
import { strings } from "../strings";
import type { MessageCreatedFrame } from "../types";

interface MessageItemProps {
  message: MessageCreatedFrame;
}

/** One confirmed message, styled by who wrote it (visitor, operator or system). */
export function MessageItem({ message }: MessageItemProps) {
  const { author } = message;
  return (
    <li class={`message message--${author.kind}`} data-seq={message.seq}>
      <p class="message__meta">
        <span class="message__author">{author.name || strings.chat.unknownAuthor}</span>{" "}
        <time class="message__time" dateTime={isoTime(message.createdAt)} title={fullTime(message.createdAt)}>
          {clockTime(message.createdAt)}
        </time>
      </p>
      <p class="message__body">{message.body}</p>
    </li>
  );
}
