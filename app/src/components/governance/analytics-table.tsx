import { useTranslation } from "../../hooks/use-translation";
import type { AnalyticsRow } from "../../types";
import { formatDuration } from "./duration";

interface FiguresTableProps {
  rows: readonly AnalyticsRow[];
  /** The group's name as the charts show it. */
  label: (row: AnalyticsRow) => string;
  groupHeading: string;
  caption: string;
}

/** Every figure of every group, folded away under a toggle: the charts' data and more, for reading or copying. */
export function FiguresTable({ rows, label, groupHeading, caption }: FiguresTableProps) {
  const { t, language } = useTranslation();
  const none = t("analytics.none");
  const number = (value: number) => value.toLocaleString(language);
  const duration = (ms: number | null) => (ms === null ? none : formatDuration(ms, t));
  const rating = new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  return (
    <div class="panel chart">
      <details class="chart__details">
        <summary class="chart__toggle">{t("analytics.charts.showAll")}</summary>
        <div class="table-scroll">
          <table class="table">
            <caption class="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{groupHeading}</th>
                <th scope="col" class="table__number">
                  {t("analytics.columns.chats")}
                </th>
                <th scope="col" class="table__number">
                  {t("analytics.columns.firstResponse")}
                </th>
                <th scope="col" class="table__number">
                  {t("analytics.columns.duration")}
                </th>
                <th scope="col" class="table__number">
                  {t("analytics.columns.rating")}
                </th>
                <th scope="col" class="table__number">
                  {t("analytics.columns.ratings")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{label(row)}</th>
                  <td class="table__number">{number(row.chats)}</td>
                  <td class="table__number">{duration(row.avgFirstResponseMs)}</td>
                  <td class="table__number">{duration(row.avgDurationMs)}</td>
                  <td class="table__number">{row.avgRating === null ? none : rating.format(row.avgRating)}</td>
                  <td class="table__number">{number(row.ratings)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
