import { useState } from "preact/hooks";
import { useTranslation } from "../../hooks/use-translation";

interface RecoveryCodesProps {
  codes: string[];
  /** "I have saved them": the only way on, so nobody skips past them by accident. */
  onDone: () => void;
  doneLabel: string;
}

/** The ten recovery codes, shown this once: to copy, print or write down. */
export function RecoveryCodes({ codes, onDone, doneLabel }: RecoveryCodesProps) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(codes.join("\n"));
      setCopied(true);
    } catch {
      // No clipboard (permissions, an old browser): the codes stay on screen to write down.
    }
  }

  return (
    <section class="recovery-codes" aria-labelledby="recovery-codes-heading">
      <h3 id="recovery-codes-heading" class="security-section__heading" tabIndex={-1}>
        {t("security.twoFactor.recoveryHeading")}
      </h3>
      <p>{t("security.twoFactor.recoveryIntro")}</p>
      <ol class="recovery-codes__list" aria-label={t("security.twoFactor.recoveryHeading")}>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div class="security-actions">
        <button type="button" class="button" onClick={() => void copy()}>
          {t("security.twoFactor.copyCodes")}
        </button>
        <button type="button" class="button button--primary" onClick={onDone}>
          {doneLabel}
        </button>
      </div>
      <p class="visually-hidden" role="status">
        {copied ? t("security.twoFactor.copied") : ""}
      </p>
    </section>
  );
}
