import type { useTranslation } from "../../hooks/use-translation";
import { durationParts } from "./analytics-data";

type Translate = ReturnType<typeof useTranslation>["t"];

/**
 * A duration as people say it, in the UI language: "45 s", "1 min 20 s", "2 h 5 min", "3 d 4 h".
 * Two units at most; the smaller one is left out when it is zero.
 */
export function formatDuration(ms: number, t: Translate): string {
  const { days, hours, minutes, seconds } = durationParts(ms);
  if (days > 0) return hours > 0 ? t("analytics.duration.daysHours", { days, hours }) : t("analytics.duration.days", { days });
  if (hours > 0) return minutes > 0 ? t("analytics.duration.hoursMinutes", { hours, minutes }) : t("analytics.duration.hours", { hours });
  if (minutes > 0)
    return seconds > 0 ? t("analytics.duration.minutesSeconds", { minutes, seconds }) : t("analytics.duration.minutes", { minutes });
  return t("analytics.duration.seconds", { seconds });
}
