import { useEffect, useState } from "preact/hooks";
import { api, type ErrorInfo, errorInfo } from "../api";
import { useMounted } from "../hooks/use-mounted";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import { fullTime, isoTime, visitorLabel } from "../lib/format";
import type { ConversationSummary } from "../types";
import "./verified-visitor.css";

/**
 * "Verified": the customer's server vouched for this visitor's user id (a valid data-user-hash).
 * Only a summary with verifiedUserId gets it; an unverified claim never reaches the app.
 */
export function VerifiedBadge({ userId }: { userId: string }) {
  const { t } = useTranslation();
  return (
    <span class="verified-badge" title={t("verified.title", { userId })} data-testid="verified-badge">
      {t("verified.badge")}
    </span>
  );
}

/** The verified user id as a fact of the visitor, with its badge. */
export function VerifiedFacts({ userId }: { userId: string }) {
  const { t } = useTranslation();
  return (
    <>
      <dt>{t("verified.userId")}</dt>
      <dd>
        <VerifiedBadge userId={userId} /> <span class="verified-user-id">{userId}</span>
      </dd>
    </>
  );
}

type Related = { kind: "loading" } | { kind: "ready"; items: ConversationSummary[] } | { kind: "failed"; error: ErrorInfo };

/** The verified visitor's other conversations that this operator may read (the server leaves out the rest). */
export function RelatedConversations({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const [related, setRelated] = useState<Related>({ kind: "loading" });
  const headingId = `related-${conversationId}`;

  useEffect(() => {
    api.relatedConversations(conversationId).then(
      (page) => mounted.current && setRelated({ kind: "ready", items: page.items }),
      (error: unknown) => mounted.current && setRelated({ kind: "failed", error: errorInfo(error) }),
    );
  }, [conversationId, mounted]);

  return (
    <section class="detail__section" aria-labelledby={headingId} data-testid="related-conversations">
      <h4 id={headingId} class="detail__heading">
        {t("verified.related")}
      </h4>
      {related.kind === "loading" && <p class="muted">{t("loading")}</p>}
      {related.kind === "failed" && (
        <p class="form-error" role="alert">
          {errorText(related.error.code, related.error.message)}
        </p>
      )}
      {related.kind === "ready" && related.items.length === 0 && <p class="muted">{t("verified.noRelated")}</p>}
      {related.kind === "ready" && related.items.length > 0 && (
        <ul class="related-conversations">
          {related.items.map((item) => (
            <li key={item.id} class="related-conversations__item" data-conversation-id={item.id}>
              <span>{visitorLabel(item)}</span>
              <span class="muted">
                <time dateTime={isoTime(item.createdAt)}>{fullTime(item.createdAt)}</time> ·{" "}
                {item.status === "open" ? t("status.open") : t("status.closed")} · {t("messageCount", { count: item.messageCount })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
