import type { ComponentChildren } from "preact";
import { useTranslation } from "../../hooks/use-translation";
import { LoadFailure } from "./load-failure";
import { type Outcome, OutcomeStatus } from "./outcome";
import type { Loaded } from "./use-loaded";

interface TeamListProps {
  headingId: string;
  heading: string;
  /** How many there are, said once the list has loaded. */
  count: string;
  lists: Pick<Loaded<unknown>, "data" | "loading" | "error" | "reload">;
  outcome: Outcome;
  children: ComponentChildren;
}

/** A team list's section: its heading and count, the outcome of the last change, and a load failure with a retry. */
export function TeamList({ headingId, heading, count, lists, outcome, children }: TeamListProps) {
  const { t } = useTranslation();
  return (
    <section class="panel results" aria-labelledby={headingId} aria-busy={lists.loading}>
      <div class="results__header">
        <h3 id={headingId} class="section-heading" tabIndex={-1}>
          {heading}
        </h3>
        <p class="results__count" role="status">
          {lists.loading ? t("loading") : lists.data ? count : ""}
        </p>
      </div>
      <OutcomeStatus outcome={outcome} />
      {lists.error && <LoadFailure error={lists.error} onRetry={lists.reload} />}
      {children}
    </section>
  );
}
