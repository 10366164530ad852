import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { DataRequest } from "../../../src/shared/data-requests-api";
import { api, type ErrorInfo, errorInfo } from "../api";
import { useDownload } from "../hooks/use-download";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import { defaultCsvSeparator } from "../lib/selection";
import type { CsvSeparator, ExportFormat } from "../types";
import { ConfirmDialog } from "./confirm-dialog";
import { CsvSeparatorField } from "./csv-separator-field";
import { deadlineDate } from "./data-request-list";
import { DownloadStatus } from "./download-status";

interface DataSubjectActionsProps {
  email: string;
  /** How many conversations the search found: the number the confirmation states. */
  count: number;
  /** The register's pending erasure request from this address: erasing answers it. */
  erasureRequest: DataRequest | null;
  onErased: () => void;
}

type Erasure =
  | { kind: "idle" }
  | { kind: "confirm"; erasing: boolean }
  | { kind: "done"; erased: number }
  | { kind: "failed"; error: ErrorInfo };

const FORMATS: readonly ExportFormat[] = ["csv", "xlsx", "json"];

/** Art. 15/20 and Art. 17 in one place: export or erase everything about one email address. */
export function DataSubjectActions({ email, count, erasureRequest, onErased }: DataSubjectActionsProps) {
  const { t, language } = useTranslation();
  const download = useDownload();
  const [format, setFormat] = useState<ExportFormat>("json");
  const [separator, setSeparator] = useState<CsvSeparator>(() => defaultCsvSeparator(language));
  const [erasure, setErasure] = useState<Erasure>({ kind: "idle" });
  const [focusTarget, setFocusTarget] = useState<"erase" | "outcome" | null>(null);
  const eraseButton = useRef<HTMLButtonElement>(null);
  const outcome = useRef<HTMLParagraphElement>(null);
  const formatId = useId();

  useEffect(() => {
    if (!focusTarget) return;
    (focusTarget === "erase" ? eraseButton : outcome).current?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  function exportEverything() {
    void download.start(
      (signal) => api.exportDataSubject(format === "csv" ? { email, format, separator } : { email, format }, signal),
      // Always a ZIP of the export and the person's files; the server's name is the one saved.
      "confide-data-subject.zip",
    );
  }

  async function erase() {
    setErasure({ kind: "confirm", erasing: true });
    try {
      const erased = await api.eraseDataSubject(email, erasureRequest?.id);
      setErasure({ kind: "done", erased });
      onErased();
    } catch (error) {
      setErasure({ kind: "failed", error: errorInfo(error) });
    }
    setFocusTarget("outcome");
  }

  return (
    <div class="actions">
      <div class="actions__buttons">
        <div class="field field--inline">
          <label class="field__label" for={formatId}>
            {t("dataRequests.format")}
          </label>
          <select
            id={formatId}
            class="field__input"
            value={format}
            onChange={(event) => setFormat(event.currentTarget.value as ExportFormat)}
          >
            {FORMATS.map((option) => (
              <option key={option} value={option}>
                {t(`dataRequests.formats.${option}`)}
              </option>
            ))}
          </select>
        </div>
        {format === "csv" && <CsvSeparatorField value={separator} onChange={setSeparator} />}
        <button type="button" class="button" disabled={download.busy} onClick={exportEverything}>
          {t("dataRequests.export")}
        </button>
        <button
          ref={eraseButton}
          type="button"
          class="button button--danger"
          disabled={count === 0 || erasure.kind === "confirm"}
          onClick={() => setErasure({ kind: "confirm", erasing: false })}
        >
          {t("dataRequests.erase")}
        </button>
      </div>
      {erasureRequest && (
        <p class="field__hint">{t("register.erasureAnswers", { date: deadlineDate(erasureRequest.receivedAt, language) })}</p>
      )}
      <DownloadStatus state={download.state} onCancel={download.cancel} />
      <p ref={outcome} class="outcome" role="status" tabIndex={-1}>
        {erasure.kind === "done" && t("dataRequests.erased", { count: erasure.erased })}
      </p>
      {erasure.kind === "failed" && (
        <p class="form-error" role="alert">
          {errorText(erasure.error.code, erasure.error.message)}
        </p>
      )}
      {erasure.kind === "confirm" && (
        <ConfirmDialog
          title={t("dataRequests.eraseTitle")}
          message={t("dataRequests.eraseConfirm", { count, email })}
          confirmLabel={erasure.erasing ? t("dataRequests.erasing") : t("dataRequests.eraseButton")}
          busy={erasure.erasing}
          onConfirm={() => void erase()}
          onCancel={() => {
            setErasure({ kind: "idle" });
            setFocusTarget("erase");
          }}
        />
      )}
    </div>
  );
}
