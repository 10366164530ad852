import { useId } from "preact/hooks";
import { useTranslation } from "../../hooks/use-translation";
import { axisStep } from "./analytics-data";

export interface ChartBar {
  key: string;
  /** In full: the table, the bar's tooltip and the summary. */
  label: string;
  /** Under a column, where room is short ("12 Mar"). */
  shortLabel: string;
  /** Null: nothing to measure (no chat answered that day); drawn as a gap, "—" in the table. */
  value: number | null;
}

interface BarChartProps {
  title: string;
  /** The period in words, for the summary read out instead of the picture. */
  period: { from: string; to: string };
  bars: readonly ChartBar[];
  /** Columns along a time axis (days), or labelled rows (operators, departments). */
  layout: "columns" | "rows";
  kind: "count" | "duration";
  /** Axis, table and bar ends: "14", "1 min 20 s". */
  formatValue: (value: number) => string;
  /** The summary and tooltips, where the unit must be said: "14 chats". Defaults to formatValue. */
  describeValue?: (value: number) => string;
  groupHeading: string;
  valueHeading: string;
}

// Geometry in viewBox units; the SVG scales to its container. Colours come from governance.css
// (the CSP allows no inline styles).
const WIDTH = 720;

/**
 * A bar chart drawn as inline SVG. Screen readers get a one-sentence summary (role="img") and the
 * same data as a table below it.
 */
export function BarChart({
  title,
  period,
  bars,
  layout,
  kind,
  formatValue,
  describeValue = formatValue,
  groupHeading,
  valueHeading,
}: BarChartProps) {
  const { t } = useTranslation();
  const id = useId();
  const none = t("analytics.none");

  const measured = bars.filter((bar): bar is ChartBar & { value: number } => bar.value !== null);
  let summary = t("analytics.charts.summaryEmpty", { title, ...period });
  if (measured.length > 0) {
    const highest = measured.reduce((a, b) => (b.value > a.value ? b : a));
    const lowest = measured.reduce((a, b) => (b.value < a.value ? b : a));
    summary = t("analytics.charts.summary", {
      title,
      ...period,
      maxLabel: highest.label,
      maxValue: describeValue(highest.value),
      minLabel: lowest.label,
      minValue: describeValue(lowest.value),
    });
  }

  return (
    <section class="panel chart" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} class="chart__title">
        {title}
      </h4>
      {layout === "columns" ? (
        <Columns bars={bars} kind={kind} formatValue={formatValue} describeValue={describeValue} summary={summary} />
      ) : (
        <Rows bars={bars} formatValue={formatValue} describeValue={describeValue} summary={summary} none={none} />
      )}
      <details class="chart__details">
        <summary class="chart__toggle">{t("analytics.charts.showTable")}</summary>
        <div class="table-scroll">
          <table class="table">
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{groupHeading}</th>
                <th scope="col" class="table__number">
                  {valueHeading}
                </th>
              </tr>
            </thead>
            <tbody>
              {bars.map((bar) => (
                <tr key={bar.key}>
                  <th scope="row">{bar.label}</th>
                  <td class="table__number">{bar.value === null ? none : formatValue(bar.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

interface PlotProps {
  bars: readonly ChartBar[];
  formatValue: (value: number) => string;
  describeValue: (value: number) => string;
  summary: string;
}

const largest = (bars: readonly ChartBar[]) => bars.reduce((max, bar) => Math.max(max, bar.value ?? 0), 0);

/** Vertical bars over time, with a value axis on the left and a few dates below. */
function Columns({ bars, kind, formatValue, describeValue, summary }: PlotProps & { kind: "count" | "duration" }) {
  const height = 240;
  const left = 72;
  const right = 8;
  const top = 12;
  const bottom = 28;
  const plotWidth = WIDTH - left - right;
  const plotHeight = height - top - bottom;

  const step = axisStep(Math.max(largest(bars), kind === "count" ? 1 : 1000), kind);
  const ceiling = Math.max(step, Math.ceil(largest(bars) / step) * step);
  const ticks = Array.from({ length: Math.round(ceiling / step) + 1 }, (_, i) => i * step);
  const y = (value: number) => top + plotHeight - (value / ceiling) * plotHeight;

  const slot = plotWidth / Math.max(bars.length, 1);
  const barWidth = slot >= 2 ? slot * 0.7 : slot;
  // About eight dates fit under the axis; the rest are in the table.
  const labelEvery = Math.max(1, Math.ceil(bars.length / 8));

  return (
    <svg class="chart__svg" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={summary} focusable="false">
      {ticks.map((tick) => (
        <g key={tick}>
          <line class="chart__grid" x1={left} x2={WIDTH - right} y1={y(tick)} y2={y(tick)} />
          <text class="chart__text" x={left - 6} y={y(tick)} text-anchor="end" dominant-baseline="middle">
            {formatValue(tick)}
          </text>
        </g>
      ))}
      {bars.map((bar, i) => {
        const x = left + i * slot + (slot - barWidth) / 2;
        return (
          <g key={bar.key}>
            {bar.value !== null && bar.value > 0 && (
              <rect class="chart__bar" x={x} y={y(bar.value)} width={barWidth} height={y(0) - y(bar.value)}>
                <title>{`${bar.label}: ${describeValue(bar.value)}`}</title>
              </rect>
            )}
            {i % labelEvery === 0 && (
              <text class="chart__text" x={x + barWidth / 2} y={height - bottom + 16} text-anchor="middle">
                {bar.shortLabel}
              </text>
            )}
          </g>
        );
      })}
      <line class="chart__axis" x1={left} x2={WIDTH - right} y1={y(0)} y2={y(0)} />
    </svg>
  );
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Horizontal bars, one labelled row per group, each with its value at the end. */
function Rows({ bars, formatValue, describeValue, summary, none }: PlotProps & { none: string }) {
  const labelWidth = 200;
  const valueWidth = 120;
  const row = 28;
  const barHeight = 18;
  const pad = 4;
  const plotWidth = WIDTH - labelWidth - valueWidth;
  const height = Math.max(bars.length, 1) * row + 2 * pad;
  const max = largest(bars) || 1;

  return (
    <svg class="chart__svg" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={summary} focusable="false">
      {bars.map((bar, i) => {
        const middle = pad + i * row + row / 2;
        const width = bar.value === null ? 0 : (bar.value / max) * plotWidth;
        return (
          <g key={bar.key}>
            <text class="chart__text chart__text--label" x={labelWidth - 8} y={middle} text-anchor="end" dominant-baseline="middle">
              {truncate(bar.label, 28)}
            </text>
            {width > 0 && (
              <rect class="chart__bar" x={labelWidth} y={middle - barHeight / 2} width={width} height={barHeight}>
                <title>{`${bar.label}: ${describeValue(bar.value ?? 0)}`}</title>
              </rect>
            )}
            <text class="chart__text" x={labelWidth + width + 6} y={middle} dominant-baseline="middle">
              {bar.value === null ? none : formatValue(bar.value)}
            </text>
          </g>
        );
      })}
      <line class="chart__axis" x1={labelWidth} x2={labelWidth} y1={pad} y2={height - pad} />
    </svg>
  );
}
