import { useTranslation } from "../hooks/use-translation";
import { fullTime, isoTime, relativeTime } from "../lib/format";

interface RelativeTimeProps {
  /** Epoch milliseconds. */
  time: number;
  now: number;
}

/** "5 minutes ago", with the exact time for machines and in the tooltip. */
export function RelativeTime({ time, now }: RelativeTimeProps) {
  // Read so the text follows a change of language.
  useTranslation();
  return (
    <time class="relative-time" dateTime={isoTime(time)} title={fullTime(time)}>
      {relativeTime(time, now)}
    </time>
  );
}
