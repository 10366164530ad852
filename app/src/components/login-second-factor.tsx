import { useEffect, useId, useState } from "preact/hooks";
import { api, errorCode } from "../api";
import { passkeysApi } from "../api/passkeys";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import { passkeysSupported } from "../lib/webauthn";
import type { Me, SecondFactorChallenge, TotpEnrolment } from "../types";
import { passkeyErrorCode, passkeyErrorText } from "./security/passkey-errors";
import { RecoveryCodes } from "./security/recovery-codes";
import { TotpSetup } from "./security/totp-setup";
import "./security/security.css";

type Challenge = SecondFactorChallenge["secondFactor"];

interface StepProps {
  challenge: Challenge;
  onLoggedIn: (me: Me) => void;
  /** Back to the password (the pending sign-in expired, or the operator wants to). */
  onStartOver: (reason: string | null) => void;
}

/** The second step: a code from the authenticator app, a recovery code, or a passkey. */
export function SecondFactorStep({ challenge, onLoggedIn, onStartOver }: StepProps) {
  const { t } = useTranslation();
  const id = useId();
  const canRecover = challenge.methods.includes("recovery_code");
  const hasApp = challenge.methods.includes("totp") || canRecover;
  const canUsePasskey = challenge.methods.includes("passkey") && passkeysSupported();
  const [method, setMethod] = useState<"totp" | "recovery_code">("totp");
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      onLoggedIn(await api.loginSecondFactor(challenge.token, method, code.trim()));
    } catch (error) {
      const failed = errorCode(error);
      if (failed === "second_factor_expired") return onStartOver(failed);
      setFailure(failed);
      setBusy(false);
    }
  }

  async function usePasskey() {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      onLoggedIn(await passkeysApi.secondFactor(challenge.token));
    } catch (error) {
      const failed = passkeyErrorCode(error).code;
      if (failed === "second_factor_expired") return onStartOver(failed);
      setFailure(failed);
      setBusy(false);
    }
  }

  const passkeyButton = canUsePasskey && (
    <button
      type="button"
      class={hasApp ? "button button--wide" : "button button--primary button--wide"}
      disabled={busy}
      onClick={() => void usePasskey()}
    >
      {t("security.twoFactorLogin.usePasskey")}
    </button>
  );

  // Only passkeys: no code field, the passkey is the step.
  if (!hasApp) {
    return (
      <div class="login__form" aria-busy={busy}>
        <h1 class="login__heading">{t("security.twoFactorLogin.heading")}</h1>
        <p>{t("security.twoFactorLogin.passkeyIntro")}</p>
        {failure && (
          <p id={`${id}-error`} class="form-error" role="alert">
            {passkeyErrorText(failure)}
          </p>
        )}
        {passkeyButton}
        <div class="security-actions">
          <button type="button" class="button button--link" onClick={() => onStartOver(null)}>
            {t("security.twoFactorLogin.startOver")}
          </button>
        </div>
      </div>
    );
  }

  const switchMethod = () => {
    setMethod(method === "totp" ? "recovery_code" : "totp");
    setCode("");
    setFailure(null);
    requestAnimationFrame(() => document.getElementById(`${id}-code`)?.focus());
  };

  return (
    <form class="login__form" onSubmit={(event) => void submit(event)} aria-busy={busy}>
      <h1 class="login__heading">{t("security.twoFactorLogin.heading")}</h1>
      <div class="field">
        <label class="field__label" for={`${id}-code`}>
          {method === "totp" ? t("security.twoFactorLogin.codeLabel") : t("security.twoFactorLogin.recoveryLabel")}
        </label>
        <input
          id={`${id}-code`}
          key={method}
          class="field__input"
          name={method === "totp" ? "one-time-code" : "recovery-code"}
          inputMode={method === "totp" ? "numeric" : "text"}
          autocomplete={method === "totp" ? "one-time-code" : "off"}
          autoCapitalize="off"
          spellcheck={false}
          // The one field of this step, right after the password was sent.
          // biome-ignore lint/a11y/noAutofocus: the step opens on its only field, where the user's next keystroke goes
          autoFocus
          required
          value={code}
          aria-invalid={failure ? true : undefined}
          aria-describedby={failure ? `${id}-error` : undefined}
          onInput={(event) => setCode(event.currentTarget.value)}
        />
      </div>
      {failure && (
        <p id={`${id}-error`} class="form-error" role="alert">
          {passkeyErrorText(failure)}
        </p>
      )}
      <button type="submit" class="button button--primary button--wide" disabled={busy}>
        {t("security.twoFactorLogin.submit")}
      </button>
      {passkeyButton}
      <div class="security-actions">
        {canRecover && (
          <button type="button" class="button button--link" onClick={switchMethod}>
            {method === "totp" ? t("security.twoFactorLogin.useRecovery") : t("security.twoFactorLogin.useApp")}
          </button>
        )}
        <button type="button" class="button button--link" onClick={() => onStartOver(null)}>
          {t("security.twoFactorLogin.startOver")}
        </button>
      </div>
    </form>
  );
}

/**
 * Enrolment under the account's policy: the pending sign-in allows nothing else. The session
 * begins with the confirming code; the recovery codes are shown before the app opens.
 */
export function EnrolmentStep({ challenge, onLoggedIn, onStartOver }: StepProps) {
  const { t } = useTranslation();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [done, setDone] = useState<{ me: Me; codes: string[] } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      try {
        setEnrolment(await api.loginEnrolTotp(challenge.token));
      } catch (error) {
        const failed = errorCode(error);
        if (failed === "second_factor_expired") onStartOver(failed);
        else setFailure(failed);
      }
    })();
  }, [challenge.token, onStartOver]);

  return (
    <div class="login__form">
      <h1 class="login__heading">{t("security.twoFactorLogin.enrolHeading")}</h1>
      {!done && <p>{t("security.twoFactorLogin.enrolIntro")}</p>}
      {failure && (
        <p class="form-error" role="alert">
          {errorText(failure)}
        </p>
      )}
      {!enrolment && !failure && <p role="status">{t("loading")}</p>}
      {enrolment && !done && (
        <TotpSetup
          enrolment={enrolment}
          onConfirm={async (code) => {
            try {
              const enrolled = await api.loginConfirmTotp(challenge.token, code);
              setDone({ me: enrolled.me, codes: enrolled.recoveryCodes });
            } catch (error) {
              if (errorCode(error) === "second_factor_expired") return onStartOver("second_factor_expired");
              throw error;
            }
          }}
          onCancel={() => onStartOver(null)}
        />
      )}
      {done && <RecoveryCodes codes={done.codes} onDone={() => onLoggedIn(done.me)} doneLabel={t("security.twoFactorLogin.enter")} />}
    </div>
  );
}
