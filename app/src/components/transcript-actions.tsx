import { useEffect, useRef, useState } from "preact/hooks";
import { api, type ErrorInfo, errorInfo, type Selection } from "../api";
import { useDownload } from "../hooks/use-download";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import { defaultCsvSeparator, MAX_SELECTED_IDS, type RowSelection, toExportRequest, toSelection } from "../lib/selection";
import type { ConversationFilter, CsvSeparator, ExportFormat } from "../types";
import { ConfirmDialog } from "./confirm-dialog";
import { CsvSeparatorField } from "./csv-separator-field";
import { DownloadStatus } from "./download-status";

interface TranscriptActionsProps {
  selection: RowSelection;
  /** The filter of the results shown, which "all matching" stands for. */
  filter: ConversationFilter;
  onDeleted: () => void;
}

type Deletion =
  | { kind: "idle" }
  | { kind: "counting" }
  | { kind: "nothing" }
  | { kind: "confirm"; count: number; selection: Selection; deleting: boolean }
  | { kind: "done"; deleted: number }
  | { kind: "failed"; error: ErrorInfo };

const EXPORTS: readonly { format: ExportFormat; label: "actions.exportCsv" | "actions.exportXlsx" | "actions.exportJson" }[] = [
  { format: "csv", label: "actions.exportCsv" },
  { format: "xlsx", label: "actions.exportXlsx" },
  { format: "json", label: "actions.exportJson" },
];

/** Export and delete for the selected conversations (transcripts: manage). */
export function TranscriptActions({ selection, filter, onDeleted }: TranscriptActionsProps) {
  const { t, language } = useTranslation();
  const download = useDownload();
  const [separator, setSeparator] = useState<CsvSeparator>(() => defaultCsvSeparator(language));
  const [withFiles, setWithFiles] = useState(false);
  const [deletion, setDeletion] = useState<Deletion>({ kind: "idle" });
  const deleteButton = useRef<HTMLButtonElement>(null);
  const outcome = useRef<HTMLParagraphElement>(null);
  // Where focus goes once the dialog has closed and the page has re-rendered.
  const [focusTarget, setFocusTarget] = useState<"delete" | "outcome" | null>(null);

  useEffect(() => {
    if (!focusTarget) return;
    (focusTarget === "delete" ? deleteButton : outcome).current?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const empty = selection.kind === "ids" && selection.ids.size === 0;
  const tooMany = selection.kind === "ids" && selection.ids.size > MAX_SELECTED_IDS;
  const busy = deletion.kind === "counting" || deletion.kind === "confirm";
  const request = toSelection(selection, filter);

  function exportAs(format: ExportFormat) {
    void download.start(
      (signal) => api.exportConversations(toExportRequest(format, request, separator, withFiles), signal),
      withFiles ? "confide-transcripts.zip" : `confide-transcripts.${format}`,
    );
  }

  /** Counts first (a dry run), so the confirmation names the exact number that will go. */
  async function askToDelete() {
    setDeletion({ kind: "counting" });
    try {
      const count = await api.countConversations(request);
      setDeletion(count === 0 ? { kind: "nothing" } : { kind: "confirm", count, selection: request, deleting: false });
    } catch (error) {
      setDeletion({ kind: "failed", error: errorInfo(error) });
    }
  }

  async function confirmDelete(confirmed: Selection, count: number) {
    setDeletion({ kind: "confirm", count, selection: confirmed, deleting: true });
    try {
      const deleted = await api.deleteConversations(confirmed);
      setDeletion({ kind: "done", deleted });
      onDeleted();
    } catch (error) {
      setDeletion({ kind: "failed", error: errorInfo(error) });
    }
    // The Delete button is disabled once the selection is gone: the outcome takes the focus.
    setFocusTarget("outcome");
  }

  function cancelDelete() {
    setDeletion({ kind: "idle" });
    setFocusTarget("delete");
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: a row of buttons, not of form fields; a fieldset would bring its border and legend
    <div class="actions" role="group" aria-label={t("actions.label")}>
      <div class="actions__buttons">
        <CsvSeparatorField value={separator} onChange={setSeparator} />
        <label class="checkbox-label" title={t("attachments.exportFilesHint")}>
          <input type="checkbox" class="checkbox" checked={withFiles} onChange={(event) => setWithFiles(event.currentTarget.checked)} />{" "}
          {t("attachments.exportFiles")}
        </label>
        {EXPORTS.map(({ format, label }) => (
          <button key={format} type="button" class="button" disabled={empty || tooMany || download.busy} onClick={() => exportAs(format)}>
            {t(label)}
          </button>
        ))}
        <button
          ref={deleteButton}
          type="button"
          class="button button--danger"
          disabled={empty || tooMany || busy}
          onClick={() => void askToDelete()}
        >
          {deletion.kind === "counting" ? t("actions.counting") : t("actions.delete")}
        </button>
      </div>
      {tooMany && (
        <p class="notice" role="status">
          {t("transcripts.tooManySelected", { max: MAX_SELECTED_IDS })}
        </p>
      )}
      <DownloadStatus state={download.state} onCancel={download.cancel} />
      <p ref={outcome} class="outcome" role="status" tabIndex={-1}>
        {deletion.kind === "done" && t("actions.deleted", { count: deletion.deleted })}
        {deletion.kind === "nothing" && t("actions.nothingToDelete")}
      </p>
      {deletion.kind === "failed" && (
        <p class="form-error" role="alert">
          {errorText(deletion.error.code, deletion.error.message)}
        </p>
      )}
      {deletion.kind === "confirm" && (
        <ConfirmDialog
          title={t("actions.deleteTitle")}
          message={t("actions.deleteConfirm", { count: deletion.count })}
          confirmLabel={deletion.deleting ? t("actions.deleting") : t("actions.deleteButton")}
          busy={deletion.deleting}
          onConfirm={() => void confirmDelete(deletion.selection, deletion.count)}
          onCancel={cancelDelete}
        />
      )}
    </div>
  );
}
