import { useEffect, useState } from "preact/hooks";
import { api, type ErrorInfo, errorInfo } from "../api";
import { useMounted } from "../hooks/use-mounted";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import { browserSummary, countryName, fullTime, isoTime } from "../lib/format";
import type { VisitorDetails } from "../types";
import "./visit-details.css";

interface VisitDetailsProps {
  conversationId: string;
  /** Fetch again this often (a live chat); the last answer stays on screen meanwhile. */
  refreshEveryMs?: number;
}

type Visit = { kind: "loading" } | { kind: "ready"; details: VisitorDetails } | { kind: "failed"; error: ErrorInfo };

/** What was kept of the visit: IP, browser, referrer, page views; nothing at all in privacy mode. */
export function VisitDetails({ conversationId, refreshEveryMs }: VisitDetailsProps) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const [visit, setVisit] = useState<Visit>({ kind: "loading" });
  const headingId = `visit-${conversationId}`;

  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    // The first load is the operator opening the chat; the refreshes are the app's own doing.
    const load = (background = false) =>
      api.visitorDetails(conversationId, background).then(
        (details) => mounted.current && setVisit({ kind: "ready", details }),
        (error: unknown) => {
          const info = errorInfo(error);
          // Gone (erased): nothing of it stays on screen, and asking again cannot bring it back.
          if (info.code === "not_found") {
            clearInterval(timer);
            if (mounted.current) setVisit({ kind: "failed", error: info });
            return;
          }
          // A failed refresh keeps what is shown; only a first load that fails says so.
          if (mounted.current) setVisit((current) => (current.kind === "ready" ? current : { kind: "failed", error: info }));
        },
      );
    void load();
    if (!refreshEveryMs) return;
    timer = setInterval(() => void load(true), refreshEveryMs);
    return () => clearInterval(timer);
  }, [conversationId, mounted, refreshEveryMs]);

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
  const { t, language } = useTranslation();
  const orNotRecorded = (value: string | null) => value ?? t("notRecorded");
  const browser = details.userAgent ? browserSummary(details.userAgent) : null;
  return (
    <>
      <dl class="facts">
        <dt>{t("visit.ip")}</dt>
        <dd>{orNotRecorded(details.ip)}</dd>
        <dt>{t("visit.country")}</dt>
        <dd>{details.country ? countryName(details.country, language) : t("notRecorded")}</dd>
        <dt>{t("visit.browser")}</dt>
        <dd>
          {browser ?? orNotRecorded(details.userAgent)}
          {browser && <span class="facts__detail">{details.userAgent}</span>}
        </dd>
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
              <time dateTime={isoTime(view.viewedAt)}>{fullTime(view.viewedAt)}</time> <span class="page-views__url">{view.url}</span>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
