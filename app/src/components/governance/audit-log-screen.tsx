import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { type ErrorInfo, errorInfo } from "../../api";
import { governanceApi, teamApi } from "../../api/admin";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import { errorText } from "../../i18n/error-text";
import type { AuditEntry, Me, Operator } from "../../types";
import { type AuditFilter, AuditFilters } from "./audit-filters";
import { AuditTable } from "./audit-table";
import "./governance.css";

interface AuditLogScreenProps {
  me: Me;
}

interface Results {
  filter: AuditFilter;
  entries: readonly AuditEntry[];
  nextCursor: string | null;
}

/** The account's audit log, newest first: filter by action, operator and days; page on demand. */
export function AuditLogScreen({ me }: AuditLogScreenProps) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const operators = useOperators(me.role.permissions.team !== "none");
  const [results, setResults] = useState<Results>({ filter: {}, entries: [], nextCursor: null });
  const [loading, setLoading] = useState<"first" | "more" | null>("first");
  const [error, setError] = useState<ErrorInfo | null>(null);
  // Only the newest request may write its answer: a slow earlier search must not overwrite it.
  const latest = useRef(0);
  useDocumentTitle(t("pageTitle", { page: t("nav.auditLog"), app: t("appName") }));

  const names = useMemo(() => new Map((operators ?? []).map((operator) => [operator.id, operator.displayName])), [operators]);

  async function load(filter: AuditFilter, cursor?: string) {
    const request = ++latest.current;
    setLoading(cursor ? "more" : "first");
    setError(null);
    try {
      const page = await governanceApi.auditLog({ ...filter, ...(cursor ? { cursor } : {}) });
      if (!mounted.current || request !== latest.current) return;
      setResults((current) => ({
        filter,
        entries: cursor ? [...current.entries, ...page.items] : page.items,
        nextCursor: page.nextCursor,
      }));
    } catch (failure) {
      if (!mounted.current || request !== latest.current) return;
      if (!cursor) setResults({ filter, entries: [], nextCursor: null });
      setError(errorInfo(failure));
    } finally {
      if (mounted.current && request === latest.current) setLoading(null);
    }
  }

  useEffect(() => {
    void load({});
    // Once, on arrival; later loads follow the filters.
  }, []);

  const { entries, nextCursor, filter } = results;
  const status =
    loading === "first"
      ? t("auditLog.loading")
      : loading !== null || error
        ? ""
        : entries.length === 0
          ? t("auditLog.empty")
          : `${t("auditLog.shown", { count: entries.length })}${nextCursor ? `. ${t("auditLog.moreAvailable")}` : ""}`;

  return (
    <main id="content" class="screen" tabIndex={-1}>
      <div class="screen__main">
        <h2 id="screen-heading" class="screen__heading" tabIndex={-1}>
          {t("auditLog.heading")}
        </h2>
        <p class="screen__intro">{t("auditLog.intro")}</p>
        <p class="notice">{t("auditLog.appendOnly")}</p>
        <AuditFilters operators={operators} onApply={(next) => void load(next)} />

        <section class="panel results" aria-labelledby="audit-results-heading" aria-busy={loading !== null}>
          <div class="results__header">
            <h3 id="audit-results-heading" class="section-heading">
              {t("auditLog.resultsHeading")}
            </h3>
            <p class="results__count" role="status">
              {status}
            </p>
          </div>
          {error && (
            <div class="governance__error" role="alert">
              <p class="form-error">{errorText(error.code, error.message)}</p>
              <button
                type="button"
                class="button"
                onClick={() => void load(filter, entries.length > 0 ? (nextCursor ?? undefined) : undefined)}
              >
                {t("tryAgain")}
              </button>
            </div>
          )}
          {entries.length > 0 && <AuditTable entries={entries} names={names} />}
          {nextCursor && (
            <button
              type="button"
              class="button results__more"
              onClick={() => void load(filter, nextCursor)}
              disabled={loading !== null}
              aria-busy={loading === "more"}
            >
              {t("loadMore")}
            </button>
          )}
        </section>
      </div>
    </main>
  );
}

/** The account's operators, for names and the operator filter; null without team read or when the list failed. */
function useOperators(enabled: boolean): readonly Operator[] | null {
  const [operators, setOperators] = useState<readonly Operator[] | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let active = true;
    teamApi.operators().then(
      (list) => {
        if (active) setOperators(list);
      },
      () => {
        // Without the list, entries show shortened ids and there is no operator filter.
      },
    );
    return () => {
      active = false;
    };
  }, [enabled]);
  return operators;
}
