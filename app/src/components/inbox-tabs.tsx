import { useRef } from "preact/hooks";
import { useTranslation } from "../hooks/use-translation";
import { INBOX_TABS, type InboxSnapshot, type InboxTab } from "../lib/inbox-store";
import "./inbox-tabs.css";

interface InboxTabsProps {
  inbox: InboxSnapshot;
  onTab: (tab: InboxTab) => void;
}

/** "Waiting", "Mine", "All" with their counts; arrow keys, Home and End move between them. */
export function InboxTabs({ inbox, onTab }: InboxTabsProps) {
  const { t } = useTranslation();
  const buttons = useRef<Partial<Record<InboxTab, HTMLButtonElement | null>>>({});

  function move(from: InboxTab, key: string): boolean {
    const index = INBOX_TABS.indexOf(from);
    const last = INBOX_TABS.length - 1;
    let next: number;
    if (key === "ArrowRight") next = index === last ? 0 : index + 1;
    else if (key === "ArrowLeft") next = index === 0 ? last : index - 1;
    else if (key === "Home") next = 0;
    else if (key === "End") next = last;
    else return false;
    const tab = INBOX_TABS[next]!;
    onTab(tab);
    buttons.current[tab]?.focus();
    return true;
  }

  return (
    <div class="inbox-tabs" role="tablist" aria-label={t("inbox.tabs.label")}>
      {INBOX_TABS.map((tab) => {
        const selected = tab === inbox.tab;
        const count = inbox.lists[tab].length;
        const more = inbox.cursors[tab] !== null;
        return (
          <button
            key={tab}
            ref={(element) => {
              buttons.current[tab] = element;
            }}
            type="button"
            role="tab"
            id={`inbox-tab-${tab}`}
            class={selected ? "inbox-tabs__tab inbox-tabs__tab--selected" : "inbox-tabs__tab"}
            aria-selected={selected ? "true" : "false"}
            aria-controls="inbox-tabpanel"
            tabIndex={selected ? 0 : -1}
            onClick={() => onTab(tab)}
            onKeyDown={(event) => {
              if (move(tab, event.key)) event.preventDefault();
            }}
          >
            <span class="inbox-tabs__label">
              {tab === "waiting" ? t("inbox.tabs.waiting") : tab === "mine" ? t("inbox.tabs.mine") : t("inbox.tabs.all")}
            </span>{" "}
            <span class="inbox-tabs__count">{more ? t("inbox.tabs.countMore", { count }) : t("inbox.tabs.count", { count })}</span>
          </button>
        );
      })}
    </div>
  );
}
