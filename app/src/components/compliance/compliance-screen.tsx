import { useDocumentTitle } from "../../hooks/use-document-title";
import { useTranslation } from "../../hooks/use-translation";
import { canExportAuditLog, canReadRecordOfProcessing } from "../../lib/access";
import type { Me } from "../../types";
import { AuditExportForm } from "./audit-export-form";
import { RecordSection } from "./record-section";
import "./compliance.css";

interface ComplianceScreenProps {
  me: Me;
}

/** The record of processing (settings read, all departments) and the signed audit export (audit log read). */
export function ComplianceScreen({ me }: ComplianceScreenProps) {
  const { t } = useTranslation();
  useDocumentTitle(t("pageTitle", { page: t("compliance.heading"), app: t("appName") }));
  return (
    <main id="content" class="screen" tabIndex={-1}>
      <div class="screen__main">
        <h2 id="screen-heading" class="screen__heading" tabIndex={-1}>
          {t("compliance.heading")}
        </h2>
        <p class="screen__intro">{t("compliance.intro")}</p>
        {canReadRecordOfProcessing(me) ? <RecordSection /> : <p class="notice">{t("compliance.record.recordNeedsAllDepartments")}</p>}
        {canExportAuditLog(me) && <AuditExportForm scoped={me.role.departmentIds !== null} />}
      </div>
    </main>
  );
}
