import { useState } from "preact/hooks";
import { errorText, strings } from "../strings";

interface AppHeaderProps {
  operatorName: string;
  onLogOut: () => Promise<void>;
  logoutErrorCode: string | null;
}

/** Product name, who is signed in, and the way out. */
export function AppHeader({ operatorName, onLogOut, logoutErrorCode }: AppHeaderProps) {
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
      <h1 class="app-header__brand">{strings.appName}</h1>
      <div class="app-header__account">
        <p class="app-header__operator">
          <span class="app-header__hint">{strings.header.signedInAs} </span>
          <span class="app-header__name">{operatorName}</span>
        </p>
        <button type="button" class="button" onClick={() => void logOut()} disabled={busy}>
          {strings.header.logOut}
        </button>
      </div>
      {logoutErrorCode && (
        <p class="app-header__error" role="alert">
          {errorText(logoutErrorCode)}
        </p>
      )}
    </header>
  );
}
