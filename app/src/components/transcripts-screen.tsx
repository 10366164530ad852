import { useEffect, useState } from "preact/hooks";
import { useDocumentTitle } from "../hooks/use-document-title";
import { useStore } from "../hooks/use-store";
import { useTranslation } from "../hooks/use-translation";
import { useWidgets } from "../hooks/use-widgets";
import { errorText } from "../i18n/error-text";
import { canListWidgets, canManageTranscripts, canReply } from "../lib/access";
import { TranscriptsStore } from "../lib/transcripts-store";
import type { ConversationSummary, Me } from "../types";
import { ConversationTable } from "./conversation-table";
import { SelectionBar } from "./selection-bar";
import { TranscriptActions } from "./transcript-actions";
import { TranscriptDetail } from "./transcript-detail";
import { TranscriptFilters } from "./transcript-filters";

interface TranscriptsScreenProps {
  me: Me;
}

/** Search stored conversations, act on a selection of them, and read one. */
export function TranscriptsScreen({ me }: TranscriptsScreenProps) {
  const { t } = useTranslation();
  const canManage = canManageTranscripts(me);
  const [store] = useState(() => new TranscriptsStore(canManage));
  const results = useStore(store);
  const widgets = useWidgets(canListWidgets(me));
  const [opened, setOpened] = useState<ConversationSummary | null>(null);
  useDocumentTitle(t("pageTitle", { page: t("nav.transcripts"), app: t("appName") }));

  useEffect(() => {
    void store.search({});
  }, [store]);

  function close() {
    const id = opened?.id;
    setOpened(null);
    // Back to the row the transcript was opened from.
    if (id) requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-open-id="${CSS.escape(id)}"]`)?.focus());
  }

  const { phase, items, selection, matchCount, error } = results;

  return (
    <main id="content" class={opened ? "screen screen--split" : "screen"} tabIndex={-1}>
      <div class="screen__main">
        <h2 id="screen-heading" class="screen__heading" tabIndex={-1}>
          {t("transcripts.heading")}
        </h2>
        <TranscriptFilters widgets={widgets} onSearch={(filter) => void store.search(filter)} />

        <section class="panel results" aria-labelledby="results-heading" aria-busy={phase === "loading"}>
          <div class="results__header">
            <h3 id="results-heading" class="section-heading">
              {t("transcripts.resultsHeading")}
            </h3>
            <p class="results__count" role="status">
              {phase === "loading"
                ? t("transcripts.searching")
                : matchCount !== null
                  ? t("transcripts.matching", { count: matchCount })
                  : ""}
            </p>
          </div>
          {canManage && (
            <>
              <SelectionBar
                items={items}
                selection={selection}
                matchCount={matchCount}
                onSelectPage={(selected) => store.selectPage(selected)}
                onSelectAllMatching={() => store.selectAllMatching()}
                onClear={() => store.clearSelection()}
              />
              <TranscriptActions selection={selection} filter={results.filter} onDeleted={() => void store.refresh()} />
            </>
          )}
          {error && (
            <p class="form-error" role="alert">
              {errorText(error.code, error.message)}
            </p>
          )}
          {phase === "ready" && items.length === 0 && <p class="muted">{t("transcripts.noResults")}</p>}
          {items.length > 0 && (
            <ConversationTable
              items={items}
              caption={t("transcripts.caption")}
              openedId={opened?.id ?? null}
              onOpen={setOpened}
              selection={
                canManage
                  ? {
                      isSelected: (id) => selection.kind === "ids" && selection.ids.has(id),
                      locked: selection.kind === "matching",
                      onToggle: (id, selected) => store.toggle(id, selected),
                    }
                  : undefined
              }
            />
          )}
          {results.nextCursor && (
            <button
              type="button"
              class="button results__more"
              onClick={() => void store.loadMore()}
              disabled={results.loadingMore}
              aria-busy={results.loadingMore}
            >
              {t("loadMore")}
            </button>
          )}
        </section>
      </div>
      {opened && (
        <TranscriptDetail
          key={opened.id}
          summary={opened}
          canTag={canReply(me)}
          onClose={close}
          onTagged={(summary) => {
            setOpened(summary);
            store.replace(summary);
          }}
        />
      )}
    </main>
  );
}
