import { useEffect, useId, useState } from "preact/hooks";
import { errorCode } from "../../api";
import { securityApi } from "../../api/security";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import { errorText } from "../../i18n/error-text";
import type { Reauthentication, SecondFactorStatus, TotpEnrolment } from "../../types";
import { RecoveryCodes } from "./recovery-codes";
import { TotpSetup } from "./totp-setup";

type View =
  | { kind: "loading" }
  | { kind: "failed"; code: string }
  | { kind: "status"; status: SecondFactorStatus }
  | { kind: "setup"; enrolment: TotpEnrolment }
  | { kind: "codes"; codes: string[] }
  | { kind: "confirm"; status: SecondFactorStatus; action: "remove" | "renew" };

/** The Security screen's part on the second factor: set up an authenticator app, renew recovery codes, remove it. */
export function TwoFactorSection() {
  const { t, language } = useTranslation();
  const mounted = useMounted();
  const [view, setView] = useState<View>({ kind: "loading" });
  const [reload, setReload] = useState(0);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      try {
        const status = await securityApi.secondFactor();
        if (mounted.current) setView({ kind: "status", status });
      } catch (error) {
        if (mounted.current) setView({ kind: "failed", code: errorCode(error) });
      }
    })();
  }, [reload, mounted]);

  async function startSetup() {
    setFailure(null);
    try {
      const enrolment = await securityApi.startTotp();
      if (mounted.current) setView({ kind: "setup", enrolment });
    } catch (error) {
      if (mounted.current) setFailure(errorCode(error));
    }
  }

  const back = () => {
    setView({ kind: "loading" });
    setReload((n) => n + 1);
  };

  return (
    <section class="security-section" aria-labelledby="two-factor-heading">
      <h3 id="two-factor-heading" class="security-section__heading">
        {t("security.twoFactor.heading")}
      </h3>
      {view.kind === "loading" && <p role="status">{t("loading")}</p>}
      {view.kind === "failed" && (
        <p class="form-error" role="alert">
          {errorText(view.code)}{" "}
          <button type="button" class="button" onClick={back}>
            {t("tryAgain")}
          </button>
        </p>
      )}
      {view.kind === "status" && !view.status.totp.enrolled && (
        <>
          <p>{t("security.twoFactor.off")}</p>
          {view.status.required && <p class="notice">{t("security.twoFactor.requiredByAccount")}</p>}
          <button type="button" class="button button--primary" onClick={() => void startSetup()}>
            {t("security.twoFactor.setUp")}
          </button>
        </>
      )}
      {view.kind === "status" && view.status.totp.enrolled && (
        <>
          <p>
            {t("security.twoFactor.on", {
              date: new Intl.DateTimeFormat(language, { dateStyle: "medium" }).format(view.status.totp.enrolledAt ?? 0),
            })}
          </p>
          <p>{t("security.twoFactor.codesLeft", { count: view.status.recoveryCodesLeft })}</p>
          <div class="security-actions">
            <button type="button" class="button" onClick={() => setView({ kind: "confirm", status: view.status, action: "renew" })}>
              {t("security.twoFactor.renewCodes")}
            </button>
            {!view.status.required && (
              <button
                type="button"
                class="button button--danger"
                onClick={() => setView({ kind: "confirm", status: view.status, action: "remove" })}
              >
                {t("security.twoFactor.remove")}
              </button>
            )}
          </div>
        </>
      )}
      {view.kind === "setup" && (
        <TotpSetup
          enrolment={view.enrolment}
          onConfirm={async (code) => {
            const codes = await securityApi.confirmTotp(code);
            if (mounted.current) setView({ kind: "codes", codes });
          }}
          onCancel={back}
        />
      )}
      {view.kind === "codes" && <RecoveryCodes codes={view.codes} onDone={back} doneLabel={t("security.twoFactor.savedCodes")} />}
      {view.kind === "confirm" && (
        <ReauthenticateForm
          action={view.action}
          onCancel={() => setView({ kind: "status", status: view.status })}
          onProof={async (proof) => {
            if (view.action === "remove") {
              await securityApi.removeTotp(proof);
              if (mounted.current) back();
            } else {
              const codes = await securityApi.renewRecoveryCodes(proof);
              if (mounted.current) setView({ kind: "codes", codes });
            }
          }}
        />
      )}
      {failure && (
        <p class="form-error" role="alert">
          {errorText(failure)}
        </p>
      )}
    </section>
  );
}

interface ReauthenticateFormProps {
  action: "remove" | "renew";
  onProof: (proof: Reauthentication) => Promise<void>;
  onCancel: () => void;
}

/** Your password, or a code: removing or renewing a factor needs the person, not only the session. */
function ReauthenticateForm({ action, onProof, onCancel }: ReauthenticateFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [withCode, setWithCode] = useState(false);
  const [value, setValue] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await onProof(withCode ? { code: value.trim() } : { password: value });
    } catch (error) {
      setFailure(errorCode(error));
      setBusy(false);
    }
  }

  return (
    <form class="security-reauth" onSubmit={(event) => void submit(event)} aria-busy={busy}>
      <p>{action === "remove" ? t("security.twoFactor.removeExplain") : t("security.twoFactor.renewExplain")}</p>
      <div class="field">
        <label class="field__label" for={`${id}-proof`}>
          {withCode ? t("security.twoFactor.codeOrRecovery") : t("security.twoFactor.currentPassword")}
        </label>
        <input
          id={`${id}-proof`}
          key={withCode ? "code" : "password"}
          class="field__input"
          type={withCode ? "text" : "password"}
          autocomplete={withCode ? "one-time-code" : "current-password"}
          required
          value={value}
          onInput={(event) => setValue(event.currentTarget.value)}
        />
      </div>
      <button
        type="button"
        class="button button--link"
        onClick={() => {
          setWithCode(!withCode);
          setValue("");
        }}
      >
        {withCode ? t("security.twoFactor.usePassword") : t("security.twoFactor.useCode")}
      </button>
      {failure && (
        <p class="form-error" role="alert">
          {errorText(failure)}
        </p>
      )}
      <div class="security-actions">
        <button type="submit" class={action === "remove" ? "button button--danger" : "button button--primary"} disabled={busy}>
          {action === "remove" ? t("security.twoFactor.remove") : t("security.twoFactor.renewCodes")}
        </button>
        <button type="button" class="button" onClick={onCancel} disabled={busy}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}
