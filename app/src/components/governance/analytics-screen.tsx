import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { type ErrorInfo, errorInfo } from "../../api";
import { governanceApi } from "../../api/admin";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import { errorText } from "../../i18n/error-text";
import type { Analytics, AnalyticsRow, Me } from "../../types";
import { AnalyticsControls, type AnalyticsPeriod } from "./analytics-controls";
import { everyDay, lastDays, totals } from "./analytics-data";
import { AnalyticsSummary } from "./analytics-summary";
import { FiguresTable } from "./analytics-table";
import { BarChart, type ChartBar } from "./bar-chart";
import { formatDuration } from "./duration";
import "./governance.css";

interface AnalyticsScreenProps {
  me: Me;
}

interface Shown {
  period: AnalyticsPeriod;
  analytics: Analytics;
}

/**
 * Chats, first response, duration and ratings for a period, per day, operator or department.
 * The server decides whether operators are named or pseudonymous; this screen never looks names up.
 */
export function AnalyticsScreen({ me }: AnalyticsScreenProps) {
  const { t, language } = useTranslation();
  const mounted = useMounted();
  const [initial] = useState<AnalyticsPeriod>(() => ({ ...lastDays(30), groupBy: "day" }));
  const [shown, setShown] = useState<Shown | null>(null);
  const [requested, setRequested] = useState<AnalyticsPeriod>(initial);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ErrorInfo | null>(null);
  // Only the newest request may write its answer: a slow earlier one must not overwrite it.
  const latest = useRef(0);
  useDocumentTitle(t("pageTitle", { page: t("nav.analytics"), app: t("appName") }));

  async function load(period: AnalyticsPeriod) {
    const request = ++latest.current;
    setRequested(period);
    setLoading(true);
    setError(null);
    try {
      const analytics = await governanceApi.analytics(period);
      if (!mounted.current || request !== latest.current) return;
      setShown({ period, analytics });
    } catch (failure) {
      if (mounted.current && request === latest.current) setError(errorInfo(failure));
    } finally {
      if (mounted.current && request === latest.current) setLoading(false);
    }
  }

  const allowed = me.role.permissions.analytics !== "none";
  useEffect(() => {
    // Once, on arrival; later loads follow the controls.
    if (allowed) void load(initial);
  }, [initial, allowed]);

  const dates = useMemo(
    () => ({
      long: new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone: "UTC" }),
      short: new Intl.DateTimeFormat(language, { day: "numeric", month: "short", timeZone: "UTC" }),
    }),
    [language],
  );
  const longDay = (day: string) => dates.long.format(Date.parse(day));

  if (!allowed) {
    return (
      <main id="content" class="screen" tabIndex={-1}>
        <div class="screen__main">
          <h2 id="screen-heading" class="screen__heading" tabIndex={-1}>
            {t("analytics.heading")}
          </h2>
          <p class="notice">{t("errors.forbidden")}</p>
        </div>
      </main>
    );
  }

  const status = loading
    ? t("analytics.loading")
    : shown && !error
      ? t("analytics.loaded", { from: longDay(shown.period.from), to: longDay(shown.period.to) })
      : "";

  return (
    <main id="content" class="screen" tabIndex={-1}>
      <div class="screen__main">
        <h2 id="screen-heading" class="screen__heading" tabIndex={-1}>
          {t("analytics.heading")}
        </h2>
        <p class="screen__intro">{t("analytics.intro")}</p>
        <AnalyticsControls initial={initial} onShow={(period) => void load(period)} />
        <p class="muted" role="status">
          {status}
        </p>
        {error && (
          <div class="governance__error" role="alert">
            <p class="form-error">{errorText(error.code, error.message)}</p>
            <button type="button" class="button" onClick={() => void load(requested)}>
              {t("tryAgain")}
            </button>
          </div>
        )}
        {shown && (
          <AnalyticsResults shown={shown} longDay={longDay} shortDay={(day) => dates.short.format(Date.parse(day))} busy={loading} />
        )}
      </div>
    </main>
  );
}

interface AnalyticsResultsProps {
  shown: Shown;
  longDay: (day: string) => string;
  shortDay: (day: string) => string;
  busy: boolean;
}

const chartTitles = {
  day: { chats: "analytics.charts.chatsDay", response: "analytics.charts.responseDay", column: "analytics.columns.day" },
  operator: {
    chats: "analytics.charts.chatsOperator",
    response: "analytics.charts.responseOperator",
    column: "analytics.columns.operator",
  },
  department: {
    chats: "analytics.charts.chatsDepartment",
    response: "analytics.charts.responseDepartment",
    column: "analytics.columns.department",
  },
} as const;

/** The notice, the summary, both charts and every figure as a table. */
function AnalyticsResults({ shown, longDay, shortDay, busy }: AnalyticsResultsProps) {
  const { t, language } = useTranslation();
  const { period, analytics } = shown;
  const { groupBy } = analytics;

  const rows = useMemo(() => {
    if (groupBy === "day") return everyDay(analytics.rows, period.from, period.to);
    // Busiest first; chats nobody answered last.
    return [...analytics.rows].sort(
      (a, b) => Number(a.key === "") - Number(b.key === "") || b.chats - a.chats || a.label.localeCompare(b.label),
    );
  }, [analytics, period, groupBy]);

  const sum = useMemo(() => totals(analytics.rows), [analytics]);

  function label(row: AnalyticsRow): string {
    if (groupBy === "day") return longDay(row.key);
    // The server names chats no operator answered with an empty key (and an English label).
    if (groupBy === "operator" && row.key === "") return t("analytics.unanswered");
    return row.label;
  }

  const bars = (value: (row: AnalyticsRow) => number | null): ChartBar[] =>
    rows.map((row) => ({
      key: row.key,
      label: label(row),
      shortLabel: groupBy === "day" ? shortDay(row.key) : label(row),
      value: value(row),
    }));

  const number = (value: number) => value.toLocaleString(language);
  const duration = (ms: number) => formatDuration(ms, t);
  const periodWords = { from: longDay(period.from), to: longDay(period.to) };
  const titles = chartTitles[groupBy];
  const layout = groupBy === "day" ? "columns" : "rows";

  return (
    <div class="analytics__results" aria-busy={busy}>
      {analytics.anonymized && <p class="notice analytics__anonymized">{t("analytics.anonymized")}</p>}
      <AnalyticsSummary totals={sum} weighted={analytics.rows.length > 1} />
      {sum.chats === 0 ? (
        <p class="muted">{t("analytics.noData")}</p>
      ) : (
        <>
          <BarChart
            title={t(titles.chats)}
            period={periodWords}
            bars={bars((row) => row.chats)}
            layout={layout}
            kind="count"
            formatValue={number}
            describeValue={(count) => t("analytics.chats", { count })}
            groupHeading={t(titles.column)}
            valueHeading={t("analytics.columns.chats")}
          />
          <BarChart
            title={t(titles.response)}
            period={periodWords}
            bars={bars((row) => row.avgFirstResponseMs)}
            layout={layout}
            kind="duration"
            formatValue={duration}
            groupHeading={t(titles.column)}
            valueHeading={t("analytics.columns.firstResponse")}
          />
          <FiguresTable rows={rows} label={label} groupHeading={t(titles.column)} caption={t("analytics.charts.allCaption", periodWords)} />
        </>
      )}
    </div>
  );
}
