import { useTranslation } from "../hooks/use-translation";
import type { RowSelection } from "../lib/selection";
import type { ConversationSummary } from "../types";
import "./selection-bar.css";

interface SelectionBarProps {
  items: readonly ConversationSummary[];
  selection: RowSelection;
  /** All conversations the search matches, from the deletion dry run; null while unknown. */
  matchCount: number | null;
  onSelectPage: (selected: boolean) => void;
  onSelectAllMatching: () => void;
  onClear: () => void;
}

/** "Select all on this page", "Select all N matching", and what is selected now. */
export function SelectionBar({ items, selection, matchCount, onSelectPage, onSelectAllMatching, onClear }: SelectionBarProps) {
  const { t } = useTranslation();
  const matching = selection.kind === "matching";
  const ids = selection.kind === "ids" ? selection.ids : new Set<string>();
  const onPage = items.filter((item) => ids.has(item.id)).length;
  const pageChecked = matching || (items.length > 0 && onPage === items.length);
  const pagePartly = !matching && onPage > 0 && onPage < items.length;

  let status: string;
  if (matching) status = t("transcripts.allSelected", { count: matchCount ?? 0 });
  else if (ids.size > 0) status = t("transcripts.selected", { count: ids.size });
  else status = t("transcripts.noneSelected");

  return (
    <div class="selection-bar">
      <label class="checkbox-label">
        <input
          type="checkbox"
          class="checkbox"
          checked={pageChecked}
          indeterminate={pagePartly}
          disabled={matching || items.length === 0}
          onChange={(event) => onSelectPage(event.currentTarget.checked)}
        />
        {t("transcripts.selectPage")}
      </label>
      {!matching && matchCount !== null && matchCount > 0 && (
        <button type="button" class="button" onClick={onSelectAllMatching}>
          {t("transcripts.selectAllMatching", { count: matchCount })}
        </button>
      )}
      {(matching || ids.size > 0) && (
        <button type="button" class="button" onClick={onClear}>
          {t("transcripts.clearSelection")}
        </button>
      )}
      <p class="selection-bar__status" role="status">
        {status}
      </p>
    </div>
  );
}
