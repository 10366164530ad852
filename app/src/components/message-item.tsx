import { type AttachmentInfo, INLINE_IMAGE_TYPES } from "../../../src/shared/attachments";
import { useTranslation } from "../hooks/use-translation";
import { attachmentUrl } from "../lib/attachments";
import { byteSize, clockTime, fullTime, isoTime } from "../lib/format";
import type { MessageCreatedFrame } from "../types";

interface MessageItemProps {
  /** The conversation the message is in: its files are fetched from there. */
  conversationId: string;
  message: Pick<MessageCreatedFrame, "seq" | "author" | "body" | "createdAt" | "attachment">;
  /** Date and time rather than the time alone: transcripts span days. */
  withDate?: boolean;
}

/** One confirmed message, styled by who wrote it (visitor, operator or system), with its file if it carries one. */
export function MessageItem({ conversationId, message, withDate = false }: MessageItemProps) {
  const { t } = useTranslation();
  const { author, attachment } = message;
  return (
    <li class={`message message--${author.kind}`} data-seq={message.seq}>
      <p class="message__meta">
        <span class="message__author">{author.name || t("chat.unknownAuthor")}</span>{" "}
        <time class="message__time" dateTime={isoTime(message.createdAt)} title={fullTime(message.createdAt)}>
          {withDate ? fullTime(message.createdAt) : clockTime(message.createdAt)}
        </time>
      </p>
      {message.body !== "" && <p class="message__body">{message.body}</p>}
      {attachment && <MessageFile conversationId={conversationId} attachment={attachment} />}
    </li>
  );
}

interface MessageFileProps {
  conversationId: string;
  attachment: AttachmentInfo;
}

/**
 * A message's file: an image shown inline (its name as the alt text), and for every file a link
 * that downloads it under its name. Same origin, so the session cookie goes along; the name is text only.
 */
function MessageFile({ conversationId, attachment }: MessageFileProps) {
  const { t } = useTranslation();
  const { id, name, type, size } = attachment;
  const image = INLINE_IMAGE_TYPES.includes(type);
  return (
    <div class="message__file">
      {image && <img class="message__image" src={attachmentUrl(conversationId, id, true)} alt={name} loading="lazy" />}
      {/* The visible name and size are part of the accessible name ("Download photo.jpg (2 kB)"). */}
      <a
        class="message__download"
        href={attachmentUrl(conversationId, id)}
        download={name}
        aria-label={t("attachments.download", { name, size: byteSize(size) })}
      >
        {name} ({byteSize(size)})
      </a>
    </div>
  );
}
