import { useId, useState } from "preact/hooks";
import { type ErrorInfo, errorInfo } from "../../api";
import { webhooksApi } from "../../api/admin";
import { useTranslation } from "../../hooks/use-translation";
import { errorText } from "../../i18n/error-text";
import { fullTime, isoTime } from "../../lib/format";
import type { WebhookDelivery, WebhookEndpoint } from "../../types";
import { useLoaded } from "../team/use-loaded";
import { EVENT_KEYS } from "./webhook-events";

const STATUS_KEYS = { pending: "statusPending", delivered: "statusDelivered", failed: "statusFailed" } as const;

/** An endpoint's newest deliveries with their last attempt, and "send again" for each. */
export function WebhookDeliveries({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t } = useTranslation();
  const id = useId();
  const list = useLoaded(() => webhooksApi.deliveries(endpoint.id));
  const [announcement, setAnnouncement] = useState("");
  const [failure, setFailure] = useState<ErrorInfo | null>(null);

  async function resend(delivery: WebhookDelivery) {
    setFailure(null);
    setAnnouncement("");
    try {
      await webhooksApi.resend(endpoint.id, delivery.id);
      setAnnouncement(t("webhooks.resent"));
      list.reload();
    } catch (error) {
      setFailure(errorInfo(error));
    }
  }

  const lastAttempt = (delivery: WebhookDelivery) => {
    const attempt = delivery.lastAttempts[0];
    if (!attempt) return "—";
    const answer = attempt.statusCode === null ? "" : t("webhooks.attemptAnswer", { code: attempt.statusCode, ms: attempt.durationMs });
    const problem = attempt.errorClass ? t(`webhooks.errorClasses.${attempt.errorClass}`) : "";
    return [problem, answer].filter(Boolean).join(" · ");
  };

  return (
    <section class="webhook-deliveries" aria-labelledby={`${id}-heading`} aria-busy={list.loading}>
      <div class="results__header">
        <h4 id={`${id}-heading`} class="section-heading">
          {t("webhooks.deliveriesHeading", { url: endpoint.url })}
        </h4>
        <button type="button" class="button" onClick={list.reload}>
          {t("webhooks.refresh")}
        </button>
      </div>
      <p class="visually-hidden" role="status">
        {announcement}
      </p>
      {failure && (
        <p class="form-error" role="alert">
          {errorText(failure.code, failure.message)}
        </p>
      )}
      {list.error && (
        <p class="form-error" role="alert">
          {errorText(list.error.code, list.error.message)}
        </p>
      )}
      {list.data && list.data.length === 0 && <p class="muted">{t("webhooks.noDeliveries")}</p>}
      {list.data && list.data.length > 0 && (
        <div class="table-scroll">
          <table class="table">
            <caption class="visually-hidden">{t("webhooks.deliveriesCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("webhooks.event")}</th>
                <th scope="col">{t("webhooks.created")}</th>
                <th scope="col">{t("webhooks.status")}</th>
                <th scope="col">{t("webhooks.attempts")}</th>
                <th scope="col">{t("webhooks.lastAttempt")}</th>
                <th scope="col">{t("webhooks.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((delivery) => (
                <tr key={delivery.id} data-delivery-id={delivery.id}>
                  <td>{t(`webhooks.eventNames.${EVENT_KEYS[delivery.eventType]}`)}</td>
                  <td>
                    <time dateTime={isoTime(delivery.createdAt)}>{fullTime(delivery.createdAt)}</time>
                  </td>
                  <td data-delivery-status={delivery.status}>{t(`webhooks.${STATUS_KEYS[delivery.status]}`)}</td>
                  <td>{delivery.attempts}</td>
                  <td data-last-attempt>{lastAttempt(delivery)}</td>
                  <td>
                    <button type="button" class="button" onClick={() => void resend(delivery)}>
                      {t("webhooks.sendAgain")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
