import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError, api, errorCode } from "../api";
import { useDocumentTitle } from "../hooks/use-document-title";
import { useTranslation } from "../hooks/use-translation";
import type { Me, SecondFactorChallenge } from "../types";
import { LanguageSelect } from "./language-select";
import { EnrolmentStep, SecondFactorStep } from "./login-second-factor";
import { passkeyErrorText } from "./security/passkey-errors";
import { PasskeySignIn } from "./security/passkey-sign-in";
import { SsoSignIn, takeSsoError } from "./sso-sign-in";
import "./login-screen.css";

interface LoginScreenProps {
  /** The previous session ended on its own (expired or revoked). */
  expired: boolean;
  onLoggedIn: (me: Me) => void;
}

/**
 * Email and password form, or a passkey; the server answers with the operator and a session
 * cookie, or with a second step (a code, or enrolment under the account's policy) that takes the
 * form's place.
 */
export function LoginScreen({ expired, onLoggedIn }: LoginScreenProps) {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // While the server throttles this address: when it allows the next attempt, and the time now.
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  // A failed single sign-on comes back here with its reason: show it in the SSO form.
  const [ssoError] = useState(takeSsoError);
  const [sso, setSso] = useState(ssoError !== null);
  useDocumentTitle(t("login.title"));

  useEffect(() => {
    if (retryAt === null) return;
    const timer = setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= retryAt) {
        setRetryAt(null);
        setFailure(null);
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [retryAt]);
  const waitSeconds = retryAt === null ? 0 : Math.max(1, Math.ceil((retryAt - now) / 1000));
  const [challenge, setChallenge] = useState<SecondFactorChallenge["secondFactor"] | null>(null);

  const startOver = useCallback((reason: string | null) => {
    setChallenge(null);
    setPassword("");
    setBusy(false);
    setFailure(reason);
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy || retryAt !== null) return;
    setBusy(true);
    setFailure(null);
    try {
      const answer = await api.login({ email, password });
      if ("secondFactor" in answer) {
        setChallenge(answer.secondFactor);
        setBusy(false);
      } else {
        onLoggedIn(answer);
      }
    } catch (error) {
      setFailure(errorCode(error));
      if (error instanceof ApiError && error.code === "too_many_attempts" && error.retryAfterSeconds !== null) {
        const current = Date.now();
        setNow(current);
        setRetryAt(current + error.retryAfterSeconds * 1000);
      }
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
      {challenge?.step === "verify" && <SecondFactorStep challenge={challenge} onLoggedIn={onLoggedIn} onStartOver={startOver} />}
      {challenge?.step === "enrol" && <EnrolmentStep challenge={challenge} onLoggedIn={onLoggedIn} onStartOver={startOver} />}
      {!challenge && (
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
              {retryAt === null ? passkeyErrorText(failure) : t("login.throttled")}
            </p>
          )}
          {retryAt !== null && (
            // Not live: a screen reader hears the alert once, not every second of the countdown.
            <p class="notice" id="login-wait" aria-live="off">
              {waitSeconds < 60
                ? t("login.retryInSeconds", { count: waitSeconds })
                : t("login.retryInMinutes", { count: Math.ceil(waitSeconds / 60) })}
            </p>
          )}
          <button
            type="submit"
            class="button button--primary button--wide"
            disabled={busy || retryAt !== null}
            aria-describedby={retryAt !== null ? "login-wait" : undefined}
          >
            {t("login.submit")}
          </button>
          <PasskeySignIn disabled={busy || retryAt !== null} onBusy={setBusy} onFailure={setFailure} onLoggedIn={onLoggedIn} />
          <button type="button" class="button button--wide" onClick={() => setSso(true)}>
            {t("ssoLogin.offer")}
          </button>
        </form>
      )}
    </main>
  );
}
