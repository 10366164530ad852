import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError, api, errorCode, onSessionExpired } from "./api";
import { LoginScreen } from "./components/login-screen";
import { Workspace } from "./components/workspace";
import { LanguageContext, useLanguageState, useTranslation } from "./hooks/use-translation";
import { errorText } from "./i18n/error-text";
import type { Me } from "./types";
import "./app.css";

type Session =
  | { kind: "checking" }
  | { kind: "unavailable"; errorCode: string }
  | { kind: "signed-out"; expired: boolean }
  | { kind: "signed-in"; me: Me };

/** The app in the operator's language, re-rendered as a whole when it changes. */
export function App() {
  const language = useLanguageState();
  return (
    <LanguageContext.Provider value={language}>
      <SessionGate />
    </LanguageContext.Provider>
  );
}

/** Asks the server who is signed in, then shows the login screen or the workspace. */
function SessionGate() {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session>({ kind: "checking" });
  const [logoutError, setLogoutError] = useState<string | null>(null);

  const checkSession = useCallback(async () => {
    setSession({ kind: "checking" });
    try {
      setSession({ kind: "signed-in", me: await api.me() });
    } catch (error) {
      setSession(
        error instanceof ApiError && error.status === 401
          ? { kind: "signed-out", expired: false }
          : { kind: "unavailable", errorCode: errorCode(error) },
      );
    }
  }, []);

  useEffect(() => {
    void checkSession();
  }, [checkSession]);

  useEffect(
    () => onSessionExpired(() => setSession((current) => (current.kind === "signed-in" ? { kind: "signed-out", expired: true } : current))),
    [],
  );

  const logOut = useCallback(async () => {
    setLogoutError(null);
    try {
      await api.logout();
    } catch (error) {
      // 401: the session was already gone, which is what logging out wanted.
      if (!(error instanceof ApiError && error.status === 401)) {
        setLogoutError(errorCode(error));
        return;
      }
    }
    setSession({ kind: "signed-out", expired: false });
  }, []);

  switch (session.kind) {
    case "checking":
      return (
        <p class="splash" role="status">
          {t("loading")}
        </p>
      );
    case "unavailable":
      return (
        <div class="splash">
          <p role="alert">{errorText(session.errorCode)}</p>
          <button type="button" class="button" onClick={() => void checkSession()}>
            {t("tryAgain")}
          </button>
        </div>
      );
    case "signed-out":
      return (
        <LoginScreen
          expired={session.expired}
          onLoggedIn={(me) => {
            setLogoutError(null);
            setSession({ kind: "signed-in", me });
          }}
        />
      );
    case "signed-in":
      return <Workspace me={session.me} onLogOut={logOut} logoutErrorCode={logoutError} />;
  }
}
