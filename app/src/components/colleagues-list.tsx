import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import { useMounted } from "../hooks/use-mounted";
import { useStore } from "../hooks/use-store";
import { useTranslation } from "../hooks/use-translation";
import type { InboxStore } from "../lib/inbox-store";
import type { ColleagueStatus } from "../types";
import "./availability-control.css";

interface ColleaguesListProps {
  inbox: InboxStore;
  operatorId: string;
}

/**
 * Who else works the operator's departments, and whether they are online, away or offline: names
 * over REST, statuses live from the inbox socket (a name it does not know yet reloads the names).
 */
export function ColleaguesList({ inbox, operatorId }: ColleaguesListProps) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const { operatorStatuses } = useStore(inbox);
  const [colleagues, setColleagues] = useState<ColleagueStatus[] | null>(null);
  const known = new Set(colleagues?.map((c) => c.id));
  const unknownPresent = [...operatorStatuses.keys()].some((id) => id !== operatorId && !known.has(id));

  useEffect(() => {
    if (colleagues !== null && !unknownPresent) return;
    api.colleagues().then(
      (list) => mounted.current && setColleagues(list),
      // Without the names the list is simply not shown; statuses still drive routing.
      () => undefined,
    );
  }, [colleagues, unknownPresent, mounted]);

  const others = colleagues?.filter((c) => c.id !== operatorId) ?? [];
  if (others.length === 0) return null;
  return (
    <section class="colleagues" aria-labelledby="colleagues-heading">
      <h2 id="colleagues-heading" class="colleagues__heading">
        {t("availability.colleagues")}
      </h2>
      <ul class="colleagues__list">
        {others.map((colleague) => {
          const status = operatorStatuses.get(colleague.id) ?? "offline";
          return (
            <li key={colleague.id} class="colleagues__item" data-status={status}>
              <span class={`availability__dot availability__dot--${status}`} aria-hidden="true" />
              {t("availability.colleague", { name: colleague.displayName, status: t(`availability.${status}`) })}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
