import { useEffect, useState } from "preact/hooks";
import { type ErrorInfo, errorInfo } from "../../api";
import { complianceApi, recordPageUrl } from "../../api/compliance";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import { errorText } from "../../i18n/error-text";
import { fullTime } from "../../lib/format";
import type { RecordOfProcessing } from "../../types";
import { RecordView } from "./record-view";

/** The record as the server builds it now, and the link to its printable page. */
export function RecordSection() {
  const { t, language } = useTranslation();
  const mounted = useMounted();
  const [record, setRecord] = useState<RecordOfProcessing | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  async function load() {
    setError(null);
    try {
      const next = await complianceApi.record();
      if (mounted.current) setRecord(next);
    } catch (failure) {
      if (mounted.current) setError(errorInfo(failure));
    }
  }

  useEffect(() => {
    void load();
    // Once, on arrival: the record is a snapshot of the configuration as it is now.
  }, []);

  return (
    <section class="panel compliance__record" aria-labelledby="record-heading" aria-busy={record === null && error === null}>
      <h3 id="record-heading" class="section-heading">
        {t("compliance.record.heading")}
      </h3>
      <p>{t("compliance.record.intro")}</p>
      <p class="compliance__print">
        {/* A page of the worker's, not of the app: a real link, opened in its own tab. */}
        <a class="button" href={recordPageUrl(language)} target="_blank" rel="noopener" aria-describedby="record-print-hint">
          {t("compliance.record.open")}
        </a>
        <span id="record-print-hint" class="field__hint">
          {t("compliance.record.openHint")}
        </span>
      </p>
      {error && (
        <div class="compliance__error" role="alert">
          <p class="form-error">{errorText(error.code, error.message)}</p>
          <button type="button" class="button" onClick={() => void load()}>
            {t("tryAgain")}
          </button>
        </div>
      )}
      {!record && !error && <p role="status">{t("compliance.record.loading")}</p>}
      {record && (
        <>
          <p class="muted">{t("compliance.record.generated", { time: fullTime(Date.parse(record.generatedAt)) })}</p>
          <RecordView record={record} />
        </>
      )}
    </section>
  );
}
