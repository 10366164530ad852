import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import type { DataRequestCountsStore } from "../lib/data-request-counts";
import type { Screen } from "../lib/routes";
import { LanguageSelect } from "./language-select";
import { MainNav } from "./main-nav";
import "./app-header.css";

interface AppHeaderProps {
  operatorName: string;
  screens: readonly Screen[];
  current: Screen | null;
  onNavigate: (screen: Screen) => void;
  onLogOut: () => Promise<void>;
  logoutErrorCode: string | null;
  /** The operator's own status (online, away, offline), for those who answer chats. */
  availability?: ComponentChildren;
  /** The data-request register's reminders, for roles that see it. */
  requestCounts?: DataRequestCountsStore | null;
}

/** Product name, the main navigation, the language, who is signed in, and the way out. */
export function AppHeader({
  operatorName,
  screens,
  current,
  onNavigate,
  onLogOut,
  logoutErrorCode,
  availability,
  requestCounts = null,
}: AppHeaderProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);

  async function logOut() {
    setBusy(true);
    try {
      await onLogOut();
    } finally {
      setBusy(false);
    }
  }

  return (
    <header class="app-header">
      <h1 class="app-header__brand">{t("appName")}</h1>
      {screens.length > 0 && <MainNav screens={screens} current={current} onNavigate={onNavigate} requestCounts={requestCounts} />}
      <div class="app-header__account">
        {availability}
        <LanguageSelect />
        <p class="app-header__operator">
          <span class="app-header__hint">{t("header.signedInAs")} </span>
          <span class="app-header__name">{operatorName}</span>
        </p>
        <button type="button" class="button" onClick={() => void logOut()} disabled={busy}>
          {t("header.logOut")}
        </button>
      </div>
      {logoutErrorCode && (
        <p class="form-error app-header__error" role="alert">
          {errorText(logoutErrorCode)}
        </p>
      )}
    </header>
  );
}
