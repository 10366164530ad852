import { useEffect, useState } from "preact/hooks";
import { api, errorInfo, type ErrorInfo } from "../api";
import { useMounted } from "../hooks/use-mounted";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import { fullTime, isoTime } from "../lib/format";
import type { VisitorDetails } from "../types";

interface VisitDetailsProps {
  conversationId: string;
}

type Visit = { kind: "loading" } | { kind: "ready"; details: VisitorDetails } | { kind: "failed"; error: ErrorInfo };

/** What was kept of the visit: IP, browser, referrer, page views; nothing at all in privacy mode. */
export function VisitDetails({ conversationId }: VisitDetailsProps) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const [visit, setVisit] = useState<Visit>({ kind: "loading" });
  const headingId = `visit-${conversationId}`;

  useEffect(() => {
    api.visitorDetails(conversationId).then(
      (details) => mounted.current && setVisit({ kind: "ready", details }),
      (error: unknown) => mounted.current && setVisit({ kind: "failed", error: errorInfo(error) }),
    );
  }, [conversationId, mounted]);

  return (
    <section class="detail__section" aria-labelledby={headingId}>
      <h4 id={headingId} class="detail__heading">
        {t("visit.heading")}
      </h4>
      {visit.kind === "loading" && <p class="muted">{t("visit.loading")}</p>}
      {visit.kind === "failed" && (
        <p class="form-error" role="alert">
          {errorText(visit.error.code, visit.error.message)}
        </p>
      )}
      {visit.kind === "ready" && visit.details.privacyMode && <p class="notice">{t("visit.privacyMode")}</p>}
      {visit.kind === "ready" && !visit.details.privacyMode && <VisitFacts details={visit.details} />}
    </section>
  );
}

function VisitFacts({ details }: { details: VisitorDetails }) {
  const { t } = useTranslation();
  const orNotRecorded = (value: string | null) => value ?? t("notRecorded");
  return (
    <>
      <dl class="facts">
        <dt>{t("visit.ip")}</dt>
        <dd>{orNotRecorded(details.ip)}</dd>
        <dt>{t("visit.browser")}</dt>
        <dd>{orNotRecorded(details.userAgent)}</dd>
        <dt>{t("visit.referrer")}</dt>
        <dd>{orNotRecorded(details.referrer)}</dd>
      </dl>
      <h5 class="detail__subheading">{t("visit.pageViews")}</h5>
      {details.pageViews.length === 0 ? (
        <p class="muted">{t("visit.noPageViews")}</p>
      ) : (
        <ol class="page-views">
          {details.pageViews.map((view) => (
            // URLs stay text, never links: an operator should not be one click from a visitor-supplied address.
            <li key={`${view.viewedAt}-${view.url}`} class="page-views__item">
              <time dateTime={isoTime(view.viewedAt)}>{fullTime(view.viewedAt)}</time>{" "}
              <span class="page-views__url">{view.url}</span>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
