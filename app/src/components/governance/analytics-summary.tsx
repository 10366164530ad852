import { useTranslation } from "../../hooks/use-translation";
import type { Totals } from "./analytics-data";
import { formatDuration } from "./duration";

interface AnalyticsSummaryProps {
  totals: Totals;
  /** True when the figures come from more than one group, so the averages are weighted estimates. */
  weighted: boolean;
}

/** The period at a glance: chats, first response, duration and rating, "—" where nothing was measured. */
export function AnalyticsSummary({ totals, weighted }: AnalyticsSummaryProps) {
  const { t, language } = useTranslation();
  const none = t("analytics.none");
  const rating = new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  const tiles = [
    { key: "chats", label: t("analytics.summary.chats"), value: totals.chats.toLocaleString(language), note: null },
    {
      key: "firstResponse",
      label: t("analytics.summary.firstResponse"),
      value: totals.avgFirstResponseMs === null ? none : formatDuration(totals.avgFirstResponseMs, t),
      note: null,
    },
    {
      key: "duration",
      label: t("analytics.summary.duration"),
      value: totals.avgDurationMs === null ? none : formatDuration(totals.avgDurationMs, t),
      note: null,
    },
    {
      key: "rating",
      label: t("analytics.summary.rating"),
      value: totals.avgRating === null ? none : t("analytics.summary.ratingValue", { rating: rating.format(totals.avgRating) }),
      note: totals.ratings > 0 ? t("analytics.summary.ratings", { count: totals.ratings }) : null,
    },
  ];

  return (
    <section class="panel analytics__summary" aria-labelledby="analytics-summary-heading">
      <h3 id="analytics-summary-heading" class="section-heading">
        {t("analytics.summary.heading")}
      </h3>
      <dl class="tiles">
        {tiles.map((tile) => (
          <div key={tile.key} class="tiles__tile" data-tile={tile.key}>
            <dt class="tiles__label">{tile.label}</dt>
            <dd class="tiles__value">{tile.value}</dd>
            {tile.note && <dd class="tiles__note">{tile.note}</dd>}
          </div>
        ))}
      </dl>
      {weighted && <p class="field__hint">{t("analytics.summary.estimate")}</p>}
    </section>
  );
}
