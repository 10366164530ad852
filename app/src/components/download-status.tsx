import type { DownloadState } from "../hooks/use-download";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import { byteSize } from "../lib/format";
import "./download-status.css";

interface DownloadStatusProps {
  state: DownloadState;
  onCancel: () => void;
}

/** A running download's progress (bytes so far: the total is unknown while the server streams), then its outcome. */
export function DownloadStatus({ state, onCancel }: DownloadStatusProps) {
  const { t } = useTranslation();
  return (
    <div class="download">
      {state.kind === "running" && (
        <div class="download__progress">
          <progress class="download__bar" aria-label={t("download.label")} />
          <span class="download__text">
            {state.bytes > 0 ? t("download.progress", { size: byteSize(state.bytes) }) : t("download.preparing")}
          </span>
          <button type="button" class="button" onClick={onCancel}>
            {t("download.cancel")}
          </button>
        </div>
      )}
      <p class="outcome" role="status">
        {state.kind === "done" && t("download.done", { file: state.fileName, size: byteSize(state.bytes) })}
        {state.kind === "cancelled" && t("download.cancelled")}
      </p>
      {state.kind === "failed" && (
        <p class="form-error" role="alert">
          {errorText(state.error.code, state.error.message)}
        </p>
      )}
    </div>
  );
}
