import { useTranslation } from "../hooks/use-translation";
import { fullTime, isoTime, visitorLabel } from "../lib/format";
import type { ConversationSummary } from "../types";
import { VerifiedBadge } from "./verified-visitor";

export interface RowSelectionControls {
  isSelected: (id: string) => boolean;
  /** All matching are selected: rows show as checked and cannot be unticked one by one. */
  locked: boolean;
  onToggle: (id: string, selected: boolean) => void;
}

interface ConversationTableProps {
  items: readonly ConversationSummary[];
  caption: string;
  selection?: RowSelectionControls;
  /** Opens the transcript; without it the visitor's name is plain text. */
  onOpen?: (summary: ConversationSummary) => void;
  openedId?: string | null;
}

/** Stored conversations as a table: visitor, email, start, status, messages, tags. */
export function ConversationTable({ items, caption, selection, onOpen, openedId = null }: ConversationTableProps) {
  const { t, language } = useTranslation();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the region scrolls; focus is how a keyboard scrolls it
    <section class="table-scroll" aria-label={caption} tabIndex={0}>
      <table class="table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {selection && (
              <th scope="col" class="table__check">
                <span class="visually-hidden">{t("transcripts.columns.select")}</span>
              </th>
            )}
            <th scope="col">{t("transcripts.columns.visitor")}</th>
            <th scope="col">{t("transcripts.columns.email")}</th>
            <th scope="col">{t("transcripts.columns.started")}</th>
            <th scope="col">{t("transcripts.columns.status")}</th>
            <th scope="col" class="table__number">
              {t("transcripts.columns.messages")}
            </th>
            <th scope="col">{t("transcripts.columns.tags")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((summary) => {
            const label = visitorLabel(summary);
            const opened = summary.id === openedId;
            return (
              <tr key={summary.id} class={opened ? "table__row--opened" : undefined} data-conversation-id={summary.id}>
                {selection && (
                  <td class="table__check">
                    <input
                      type="checkbox"
                      class="checkbox"
                      aria-label={t("transcripts.selectRow", { name: label })}
                      checked={selection.locked || selection.isSelected(summary.id)}
                      disabled={selection.locked}
                      onChange={(event) => selection.onToggle(summary.id, event.currentTarget.checked)}
                    />
                  </td>
                )}
                <th scope="row" class="table__visitor">
                  {onOpen ? (
                    <button
                      type="button"
                      class="link-button"
                      data-open-id={summary.id}
                      aria-expanded={opened}
                      onClick={() => onOpen(summary)}
                    >
                      {label}
                    </button>
                  ) : (
                    label
                  )}
                  {summary.verifiedUserId !== null && (
                    <>
                      {" "}
                      <VerifiedBadge userId={summary.verifiedUserId} />
                    </>
                  )}
                </th>
                <td class="table__email">{summary.visitorEmail ?? ""}</td>
                <td>
                  <time dateTime={isoTime(summary.createdAt)}>{fullTime(summary.createdAt)}</time>
                </td>
                <td>{t(summary.status === "open" ? "status.open" : "status.closed")}</td>
                <td class="table__number">{summary.messageCount.toLocaleString(language)}</td>
                <td>
                  {summary.tags.length > 0 && (
                    <ul class="inline-list">
                      {summary.tags.map((tag) => (
                        <li key={tag} class="tags__tag">
                          {tag}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
