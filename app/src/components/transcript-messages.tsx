import { useEffect, useState } from "preact/hooks";
import { api, type ErrorInfo, errorInfo } from "../api";
import { useMounted } from "../hooks/use-mounted";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import type { TranscriptMessage } from "../types";
import { MessageItem } from "./message-item";

interface TranscriptMessagesProps {
  conversationId: string;
}

interface Messages {
  items: readonly TranscriptMessage[];
  nextCursor: string | null;
  loading: boolean;
  loaded: boolean;
  error: ErrorInfo | null;
}

/** A stored transcript, read-only, a page of messages at a time. */
export function TranscriptMessages({ conversationId }: TranscriptMessagesProps) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const [messages, setMessages] = useState<Messages>({ items: [], nextCursor: null, loading: true, loaded: false, error: null });

  async function load(cursor?: string) {
    setMessages((current) => ({ ...current, loading: true, error: null }));
    try {
      const page = await api.transcript(conversationId, cursor);
      if (!mounted.current) return;
      setMessages((current) => ({
        items: [...current.items, ...page.items],
        nextCursor: page.nextCursor,
        loading: false,
        loaded: true,
        error: null,
      }));
    } catch (error) {
      if (mounted.current) setMessages((current) => ({ ...current, loading: false, error: errorInfo(error) }));
    }
  }

  useEffect(() => {
    void load();
    // One component per conversation (keyed by id): the first page loads once.
  }, []);

  const { items, nextCursor, loading, loaded, error } = messages;
  return (
    <section class="detail__section" aria-labelledby={`messages-${conversationId}`}>
      <h4 id={`messages-${conversationId}`} class="detail__heading">
        {t("transcript.messagesHeading")}
      </h4>
      {!loaded && loading && <p class="muted">{t("transcript.loading")}</p>}
      {loaded && items.length === 0 && <p class="muted">{t("transcript.noMessages")}</p>}
      {items.length > 0 && (
        <ol class="message-log transcript" aria-label={t("transcript.messagesLabel")}>
          {items.map((message) => (
            <MessageItem key={message.seq} conversationId={conversationId} message={message} withDate />
          ))}
        </ol>
      )}
      {error && (
        <p class="form-error" role="alert">
          {errorText(error.code, error.message)}
        </p>
      )}
      {(nextCursor || (error && !loaded)) && (
        <button type="button" class="button" disabled={loading} onClick={() => void load(nextCursor ?? undefined)}>
          {nextCursor ? t("transcript.loadMore") : t("tryAgain")}
        </button>
      )}
    </section>
  );
}
