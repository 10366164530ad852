import { useId, useState } from "preact/hooks";
import type { DataRequest, UpdateDataRequest } from "../../../src/shared/data-requests-api";
import { type ErrorInfo, errorInfo } from "../api";
import { dataRequestsApi } from "../api/data-requests";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import { isoTime } from "../lib/format";

/** A deadline's day as the law counts it (the end of that day, UTC), in the operator's language. */
export function deadlineDate(time: number, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone: "UTC" }).format(time);
}

interface DataRequestListProps {
  items: readonly DataRequest[];
  caption: string;
  /** May answer, extend and refuse (transcripts manage over all departments). */
  canHandle: boolean;
  onChanged: (request: DataRequest) => void;
}

/** Requests of the register as a table: kind, receipt, deadline (overdue said in words, not only colour), status, who handled it. */
export function DataRequestList({ items, caption, canHandle, onChanged }: DataRequestListProps) {
  const { t, language } = useTranslation();
  const day = (time: number) => <time dateTime={isoTime(time)}>{deadlineDate(time, language)}</time>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the region scrolls; focus is how a keyboard scrolls it
    <section class="table-scroll" aria-label={caption} tabIndex={0}>
      <table class="table register-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("register.columns.kind")}</th>
            <th scope="col">{t("register.columns.received")}</th>
            <th scope="col">{t("register.columns.due")}</th>
            <th scope="col">{t("register.columns.status")}</th>
            <th scope="col">{t("register.columns.handledBy")}</th>
            {canHandle && <th scope="col">{t("register.columns.actions")}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((request) => (
            <tr key={request.id} data-request-id={request.id} data-urgency={request.urgency}>
              <td>{t(`register.kinds.${request.kind}`)}</td>
              <td>{day(request.receivedAt)}</td>
              <td>
                {day(request.dueAt)}
                {request.urgency === "overdue" && <span class="register-badge register-badge--overdue">{t("register.overdue")}</span>}
                {request.urgency === "due_soon" && <span class="register-badge">{t("register.dueSoon")}</span>}
              </td>
              <td>
                {t(`register.statuses.${request.status}`)}
                {request.status === "extended" && request.extensionReason && (
                  <span class="register-note">
                    {t("register.extendedBecause", {
                      count: request.extensionMonths,
                      reason: t(`register.extensionReasons.${request.extensionReason}`),
                    })}
                  </span>
                )}
                {request.status === "refused" && request.refusalReason && (
                  <span class="register-note">{t(`register.refusalReasons.${request.refusalReason}`)}</span>
                )}
                {request.answeredAt !== null && <span class="register-note">{day(request.answeredAt)}</span>}
              </td>
              <td>{request.handledBy ? (request.handledByName ?? t("register.removedOperator")) : "—"}</td>
              {canHandle && (
                <td>
                  {(request.status === "open" || request.status === "extended") && (
                    <RequestActions request={request} onChanged={onChanged} />
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Mark answered in one click; extending and refusing need a ground, so they sit behind a disclosure. */
function RequestActions({ request, onChanged }: { request: DataRequest; onChanged: (request: DataRequest) => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [months, setMonths] = useState<1 | 2>(1);
  const [extensionReason, setExtensionReason] = useState<"complexity" | "number_of_requests">("complexity");
  const [refusalReason, setRefusalReason] = useState<"manifestly_unfounded" | "excessive" | "identity_not_confirmed">(
    "identity_not_confirmed",
  );

  async function apply(change: UpdateDataRequest) {
    setBusy(true);
    setError(null);
    try {
      onChanged(await dataRequestsApi.update(request.id, change));
    } catch (failure) {
      setError(errorInfo(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="register-actions">
      <button type="button" class="button" disabled={busy} onClick={() => void apply({ status: "answered" })}>
        {t("register.markAnswered")}
      </button>
      <details class="register-more">
        <summary>{t("register.moreActions")}</summary>
        {/* Extension comes once, and only before the first month ends (Art. 12(3)); the server holds to it too. */}
        {request.status === "open" && request.urgency !== "overdue" && (
          <div class="register-more__group">
            <label class="field__label" for={`${ids}-months`}>
              {t("register.extendBy")}
            </label>
            <select
              id={`${ids}-months`}
              class="field__input"
              value={months}
              onChange={(e) => setMonths(e.currentTarget.value === "2" ? 2 : 1)}
            >
              <option value="1">{t("register.months", { count: 1 })}</option>
              <option value="2">{t("register.months", { count: 2 })}</option>
            </select>
            <label class="field__label" for={`${ids}-extension`}>
              {t("register.ground")}
            </label>
            <select
              id={`${ids}-extension`}
              class="field__input"
              value={extensionReason}
              onChange={(e) => setExtensionReason(e.currentTarget.value as typeof extensionReason)}
            >
              <option value="complexity">{t("register.extensionReasons.complexity")}</option>
              <option value="number_of_requests">{t("register.extensionReasons.number_of_requests")}</option>
            </select>
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={() => void apply({ status: "extended", extensionMonths: months, extensionReason })}
            >
              {t("register.extend")}
            </button>
          </div>
        )}
        <div class="register-more__group">
          <label class="field__label" for={`${ids}-refusal`}>
            {t("register.ground")}
          </label>
          <select
            id={`${ids}-refusal`}
            class="field__input"
            value={refusalReason}
            onChange={(e) => setRefusalReason(e.currentTarget.value as typeof refusalReason)}
          >
            <option value="identity_not_confirmed">{t("register.refusalReasons.identity_not_confirmed")}</option>
            <option value="manifestly_unfounded">{t("register.refusalReasons.manifestly_unfounded")}</option>
            <option value="excessive">{t("register.refusalReasons.excessive")}</option>
          </select>
          <button
            type="button"
            class="button button--danger"
            disabled={busy}
            onClick={() => void apply({ status: "refused", refusalReason })}
          >
            {t("register.refuse")}
          </button>
        </div>
      </details>
      {error && (
        <p class="form-error" role="alert">
          {errorText(error.code, error.message)}
        </p>
      )}
    </div>
  );
}
