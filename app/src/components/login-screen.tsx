import { useState } from "preact/hooks";
import { api, errorCode } from "../api";
import { useDocumentTitle } from "../hooks/use-document-title";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import type { Me } from "../types";
import { LanguageSelect } from "./language-select";
import { SsoSignIn, takeSsoError } from "./sso-sign-in";

interface LoginScreenProps {
  /** The previous session ended on its own (expired or revoked). */
  expired: boolean;
  onLoggedIn: (me: Me) => void;
}

/** Email and password form; the server answers with the operator and a session cookie. */
export function LoginScreen({ expired, onLoggedIn }: LoginScreenProps) {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // A failed single sign-on comes back here with its reason: show it in the SSO form.
  const [ssoError] = useState(takeSsoError);
  const [sso, setSso] = useState(ssoError !== null);
  useDocumentTitle(t("login.title"));

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      onLoggedIn(await api.login({ email, password }));
    } catch (error) {
      setFailure(errorCode(error));
      setBusy(false);
    }
  }

  if (sso) {
    return (
      <main class="login">
        <div class="login__language">
          <LanguageSelect />
        </div>
        <SsoSignIn initialError={ssoError} onBack={() => setSso(false)} />
      </main>
    );
  }

  return (
    <main class="login">
      <div class="login__language">
        <LanguageSelect />
      </div>
      <form class="login__form" onSubmit={(event) => void submit(event)} aria-busy={busy}>
        <h1 class="login__heading">{t("login.heading")}</h1>
        {expired && !failure && (
          <p class="notice" role="status">
            {t("login.sessionExpired")}
          </p>
        )}
        <div class="field">
          <label class="field__label" for="login-email">
            {t("login.email")}
          </label>
          <input
            id="login-email"
            class="field__input"
            type="email"
            name="email"
            autocomplete="username"
            required
            value={email}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label class="field__label" for="login-password">
            {t("login.password")}
          </label>
          <input
            id="login-password"
            class="field__input"
            type="password"
            name="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </div>
        {failure && (
          <p class="form-error" role="alert">
            {errorText(failure)}
          </p>
        )}
        <button type="submit" class="button button--primary button--wide" disabled={busy}>
          {t("login.submit")}
        </button>
        <button type="button" class="button button--wide" onClick={() => setSso(true)}>
          {t("ssoLogin.offer")}
        </button>
      </form>
    </main>
  );
}
