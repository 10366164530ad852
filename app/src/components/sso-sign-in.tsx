import { useState } from "preact/hooks";
import { type ErrorInfo, errorInfo } from "../api";
import { ssoApi } from "../api/sso";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";

/**
 * The code of a failed single sign-on, which the server's callback puts in the app's URL
 * (`?sso_error=`); taken out of the address bar at once, so a reload does not show it again.
 */
export function takeSsoError(): string | null {
  const params = new URLSearchParams(window.location.search);
  const code = params.get("sso_error");
  if (code === null) return null;
  params.delete("sso_error");
  const rest = params.toString();
  window.history.replaceState(window.history.state, "", `${window.location.pathname}${rest ? `?${rest}` : ""}`);
  return /^[a-z_]{1,64}$/.test(code) ? code : "sso_failed";
}

interface SsoSignInProps {
  /** What went wrong with the last attempt, as the callback reported it. */
  initialError: string | null;
  onBack: () => void;
}

/** Work email, then off to the identity provider; the server brings the browser back signed in. */
export function SsoSignIn({ initialError, onBack }: SsoSignInProps) {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ErrorInfo | null>(initialError ? { code: initialError } : null);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      window.location.assign(await ssoApi.start(email.trim()));
    } catch (error) {
      setFailure(errorInfo(error));
      setBusy(false);
    }
  }

  return (
    <form class="login__form" onSubmit={(event) => void submit(event)} aria-busy={busy}>
      <h1 class="login__heading">{t("ssoLogin.heading")}</h1>
      <p>{t("ssoLogin.intro")}</p>
      <div class="field">
        <label class="field__label" for="sso-email">
          {t("ssoLogin.email")}
        </label>
        <input
          id="sso-email"
          class="field__input"
          type="email"
          name="email"
          autocomplete="username"
          required
          value={email}
          onInput={(event) => setEmail(event.currentTarget.value)}
        />
      </div>
      {failure && (
        <p class="form-error" role="alert">
          {errorText(failure.code, failure.message)}
        </p>
      )}
      <button type="submit" class="button button--primary button--wide" disabled={busy}>
        {t("ssoLogin.submit")}
      </button>
      <button type="button" class="button button--wide" onClick={onBack}>
        {t("ssoLogin.back")}
      </button>
    </form>
  );
}
