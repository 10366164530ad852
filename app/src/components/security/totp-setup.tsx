import { useId, useState } from "preact/hooks";
import { errorCode } from "../../api";
import { useTranslation } from "../../hooks/use-translation";
import { errorText } from "../../i18n/error-text";
import type { TotpEnrolment } from "../../types";
import { QrCode } from "./qr-code";

interface TotpSetupProps {
  enrolment: TotpEnrolment;
  /** Sends the first code; rejects with the server's error. */
  onConfirm: (code: string) => Promise<void>;
  onCancel?: (() => void) | undefined;
}

/** Scan (or type) the secret into an authenticator app, then prove it with the first code. */
export function TotpSetup({ enrolment, onConfirm, onCancel }: TotpSetupProps) {
  const { t } = useTranslation();
  const id = useId();
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // Grouped by four, as apps show typed secrets; spaces are ignored when typed in.
  const grouped = enrolment.secret.match(/.{1,4}/g)?.join(" ") ?? enrolment.secret;

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await onConfirm(code.trim());
    } catch (error) {
      setFailure(errorCode(error));
      setBusy(false);
    }
  }

  return (
    <form class="totp-setup" onSubmit={(event) => void submit(event)} aria-busy={busy}>
      <ol class="totp-setup__steps">
        <li>
          <p>{t("security.twoFactor.scan")}</p>
          <QrCode value={enrolment.uri} label={t("security.twoFactor.qrLabel")} />
        </li>
        <li>
          <p>{t("security.twoFactor.typeSecret")}</p>
          <code class="totp-setup__secret" data-secret={enrolment.secret}>
            {grouped}
          </code>
        </li>
        <li>
          <div class="field">
            <label class="field__label" for={`${id}-code`}>
              {t("security.twoFactor.firstCode")}
            </label>
            <input
              id={`${id}-code`}
              class="field__input totp-setup__code"
              name="code"
              inputMode="numeric"
              autocomplete="one-time-code"
              pattern="[0-9 ]*"
              maxLength={7}
              required
              value={code}
              aria-invalid={failure ? true : undefined}
              aria-describedby={failure ? `${id}-error` : undefined}
              onInput={(event) => setCode(event.currentTarget.value)}
            />
          </div>
        </li>
      </ol>
      {failure && (
        <p id={`${id}-error`} class="form-error" role="alert">
          {errorText(failure)}
        </p>
      )}
      <div class="security-actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {t("security.twoFactor.confirm")}
        </button>
        {onCancel && (
          <button type="button" class="button" onClick={onCancel} disabled={busy}>
            {t("cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
