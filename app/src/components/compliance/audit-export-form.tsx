import { useEffect, useId, useState } from "preact/hooks";
import { complianceApi } from "../../api/compliance";
import { useDownload } from "../../hooks/use-download";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import type { AuditExportPublicKey } from "../../types";
import { DownloadStatus } from "../download-status";
import { DateRangeFields } from "../form/date-range-fields";
import { lastDays } from "../governance/analytics-data";

/** The widest window the server signs in one file (src/compliance/audit-export.ts). */
const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

type Problem = "rangeMissing" | "rangeReversed" | null;

function problemOf(from: string, to: string): Problem {
  if (!from || !to || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) return "rangeMissing";
  // YYYY-MM-DD strings compare like the days they name.
  return from > to ? "rangeReversed" : null;
}

interface AuditExportFormProps {
  /** The reader's role covers some departments only: the file holds their entries. */
  scoped: boolean;
}

/** A period of days, the signed file of its audit entries, and the public key that verifies it. */
export function AuditExportForm({ scoped }: AuditExportFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const mounted = useMounted();
  const [range, setRange] = useState(() => lastDays(30));
  const [problem, setProblem] = useState<Problem>(null);
  const [key, setKey] = useState<AuditExportPublicKey | null>(null);
  const download = useDownload();

  useEffect(() => {
    complianceApi.publicKey().then(
      (answer) => {
        if (mounted.current) setKey(answer);
      },
      () => {
        // Without the key the export still works; the key can be fetched from the API later.
      },
    );
  }, []);

  function submit(event: Event) {
    event.preventDefault();
    const found = problemOf(range.from, range.to);
    setProblem(found);
    if (found) return;
    void download.start((signal) => complianceApi.auditExport(range, signal), `confide-audit-${range.from}-to-${range.to}.jsonl`);
  }

  const hint = `${id}-hint`;
  const describedBy = problem ? `${hint} ${id}-error` : hint;
  // The server refuses a wider window with a clear 400; the form only says where the limit is.
  const tooWide = !problem && Date.parse(range.to) - Date.parse(range.from) >= MAX_DAYS * DAY_MS;

  return (
    <section class="panel compliance__export" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} class="section-heading">
        {t("compliance.export.heading")}
      </h3>
      <p>{t("compliance.export.intro")}</p>
      {scoped && <p class="notice">{t("compliance.export.scoped")}</p>}
      <form class="filters" onSubmit={submit} noValidate>
        <div class="filters__grid">
          <DateRangeFields
            idPrefix={id}
            fromLabel={t("compliance.export.from")}
            toLabel={t("compliance.export.to")}
            from={range.from}
            to={range.to}
            onFrom={(from) => {
              setRange((current) => ({ ...current, from }));
              setProblem(null);
            }}
            onTo={(to) => {
              setRange((current) => ({ ...current, to }));
              setProblem(null);
            }}
            invalid={problem !== null || tooWide}
            fromDescribedBy={describedBy}
            toDescribedBy={describedBy}
          />
        </div>
        <p id={hint} class="field__hint">
          {t("compliance.export.hint")}
        </p>
        {problem && (
          <p id={`${id}-error`} class="form-error" role="alert">
            {t(`compliance.export.${problem}`)}
          </p>
        )}
        <div class="filters__actions">
          <button type="submit" class="button button--primary" disabled={download.busy}>
            {t("compliance.export.download")}
          </button>
        </div>
      </form>
      <DownloadStatus state={download.state} onCancel={download.cancel} />
      <h4 class="compliance__heading">{t("compliance.export.publicKey")}</h4>
      {key ? (
        <>
          <p>{t("compliance.export.keyId", { id: key.keyId })}</p>
          <pre class="compliance__key" data-key-id={key.keyId}>
            {key.publicKeyPem}
          </pre>
        </>
      ) : (
        <p role="status">{t("compliance.export.loadingKey")}</p>
      )}
    </section>
  );
}
