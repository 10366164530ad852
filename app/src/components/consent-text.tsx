import { useState } from "preact/hooks";
import type { ConversationConsent } from "../../../src/shared/consent-api";
import { type ErrorInfo, errorInfo } from "../api";
import { dataRequestsApi } from "../api/data-requests";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import { fullTime, languageName } from "../lib/format";

type Receipt = NonNullable<ConversationConsent["receipt"]>;

/** When the text was in force on the widget, as far as the archive knows. */
function periodText(t: ReturnType<typeof useTranslation>["t"], r: Receipt): string | null {
  if (r.source !== "archive") return null;
  if (r.inForceFrom === null)
    return r.inForceUntil === null
      ? t("consentArchive.periodBeforeOpen")
      : t("consentArchive.periodBefore", { until: fullTime(r.inForceUntil) });
  return r.inForceUntil === null
    ? t("consentArchive.periodOpen", { from: fullTime(r.inForceFrom) })
    : t("consentArchive.period", { from: fullTime(r.inForceFrom), until: fullTime(r.inForceUntil) });
}

/** The exact words of the consent receipt, from the archive; fetched when first opened. */
export function ConsentText({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const [receipt, setReceipt] = useState<Receipt | null | undefined>(undefined);
  const [error, setError] = useState<ErrorInfo | null>(null);

  async function load() {
    if (receipt !== undefined) return;
    setError(null);
    try {
      setReceipt((await dataRequestsApi.consent(conversationId)).receipt);
    } catch (failure) {
      setError(errorInfo(failure));
    }
  }

  const period = receipt ? periodText(t, receipt) : null;
  return (
    <details class="consent-text" onToggle={(event) => event.currentTarget.open && void load()}>
      <summary>{t("consentArchive.show")}</summary>
      {receipt === undefined && !error && <p role="status">{t("consentArchive.loading")}</p>}
      {error && (
        <p class="form-error" role="alert">
          {errorText(error.code, error.message)}
        </p>
      )}
      {receipt && (
        <>
          {receipt.text !== null ? (
            <blockquote class="consent-text__words" lang={receipt.language} dir="auto" data-testid="consent-text">
              {receipt.text}
            </blockquote>
          ) : (
            <p class="notice notice--warning">{t("consentArchive.missing")}</p>
          )}
          <p class="field__hint">
            {t("consentArchive.language", { language: languageName(receipt.language) })}
            {period && <> · {period}</>}
          </p>
          {receipt.source === "widget_current" && <p class="field__hint">{t("consentArchive.fromWidget")}</p>}
          {receipt.source === "built_in" && <p class="field__hint">{t("consentArchive.fromBuiltIn")}</p>}
        </>
      )}
    </details>
  );
}
