import { useId, useState } from "preact/hooks";
import type { DataRequest } from "../../../src/shared/data-requests-api";
import { api, type ErrorInfo, errorInfo } from "../api";
import { dataRequestsApi } from "../api/data-requests";
import { useDocumentTitle } from "../hooks/use-document-title";
import { useMounted } from "../hooks/use-mounted";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import { canActOnDataSubjects, canManageTranscripts } from "../lib/access";
import type { DataRequestCountsStore } from "../lib/data-request-counts";
import type { ConversationSummary, Me } from "../types";
import { ConversationTable } from "./conversation-table";
import { DataRequestList } from "./data-request-list";
import { DataRequestRegister, RegisterReminders } from "./data-request-register";
import { DataSubjectActions } from "./data-subject-actions";
import "./data-requests-screen.css";

interface DataRequestsScreenProps {
  me: Me;
  /** The register's reminders (shared with the navigation's badge). */
  counts: DataRequestCountsStore | null;
}

interface Found {
  email: string;
  count: number;
  items: readonly ConversationSummary[];
  nextCursor: string | null;
  /** The register's entries for this address. */
  requests: readonly DataRequest[];
}

const PAGE_SIZE = 50;

/** A data-subject request: everything held about one email address, to export or erase. */
export function DataRequestsScreen({ me, counts }: DataRequestsScreenProps) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const emailId = useId();
  const [email, setEmail] = useState("");
  const [found, setFound] = useState<Found | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  useDocumentTitle(t("pageTitle", { page: t("nav.dataRequests"), app: t("appName") }));

  async function search(address: string, cursor?: string) {
    setLoading(true);
    setError(null);
    try {
      const [page, requests] = await Promise.all([
        api.searchDataSubject({ email: address, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
        cursor ? null : dataRequestsApi.lookUp(address),
      ]);
      if (!mounted.current) return;
      setFound((current) => ({
        email: address,
        count: page.count,
        items: cursor && current ? [...current.items, ...page.items] : page.items,
        nextCursor: page.nextCursor,
        requests: requests ?? current?.requests ?? [],
      }));
    } catch (failure) {
      if (mounted.current) setError(errorInfo(failure));
    } finally {
      if (mounted.current) setLoading(false);
    }
  }

  function submit(event: Event) {
    event.preventDefault();
    const address = email.trim();
    if (address) void search(address);
  }

  return (
    <main id="content" class="screen" tabIndex={-1}>
      <div class="screen__main">
        <h2 id="screen-heading" class="screen__heading" tabIndex={-1}>
          {t("dataRequests.heading")}
        </h2>
        {counts && <RegisterReminders counts={counts} />}
        <p class="screen__intro">{t("dataRequests.intro")}</p>
        <form class="subject-search" onSubmit={submit} aria-busy={loading}>
          <div class="field">
            <label class="field__label" for={emailId}>
              {t("dataRequests.email")}
            </label>
            <input
              id={emailId}
              class="field__input"
              type="email"
              autocomplete="off"
              required
              value={email}
              onInput={(event) => setEmail(event.currentTarget.value)}
            />
          </div>
          <button type="submit" class="button button--primary" disabled={loading}>
            {t("dataRequests.search")}
          </button>
        </form>
        <p class="results__count" role="status">
          {loading ? t("dataRequests.searching") : found ? t("dataRequests.found", { count: found.count }) : ""}
        </p>
        {error && (
          <p class="form-error" role="alert">
            {errorText(error.code, error.message)}
          </p>
        )}
        {found && (
          <section class="panel results" aria-labelledby="subject-heading">
            <h3 id="subject-heading" class="section-heading">
              {t("dataRequests.resultsHeading", { email: found.email })}
            </h3>
            {found.requests.length > 0 ? (
              <DataRequestList
                items={found.requests}
                caption={t("register.forAddress", { email: found.email })}
                canHandle={canActOnDataSubjects(me)}
                onChanged={() => {
                  void search(found.email);
                  void counts?.refresh();
                }}
              />
            ) : (
              <p>{t("register.noneForAddress")}</p>
            )}
            {canActOnDataSubjects(me) ? (
              <DataSubjectActions
                key={found.email}
                email={found.email}
                count={found.count}
                erasureRequest={
                  found.requests.find((r) => r.kind === "erasure" && (r.status === "open" || r.status === "extended")) ?? null
                }
                onErased={() => {
                  void search(found.email);
                  void counts?.refresh();
                }}
              />
            ) : (
              <p class="notice">{canManageTranscripts(me) ? t("dataRequests.needsAllDepartments") : t("dataRequests.readOnly")}</p>
            )}
            {found.items.length > 0 && (
              <ConversationTable items={found.items} caption={t("dataRequests.caption", { email: found.email })} />
            )}
            {found.nextCursor && (
              <button
                type="button"
                class="button results__more"
                disabled={loading}
                onClick={() => void search(found.email, found.nextCursor ?? undefined)}
              >
                {t("loadMore")}
              </button>
            )}
          </section>
        )}
        <DataRequestRegister canHandle={canActOnDataSubjects(me)} counts={counts} />
      </div>
    </main>
  );
}
