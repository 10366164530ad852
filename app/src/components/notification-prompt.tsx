import { useState } from "preact/hooks";
import { useStore } from "../hooks/use-store";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import type { NotificationSettingsStore } from "../lib/notification-settings-store";
import "./notification-prompt.css";

// Asked once: after the operator's answer (on, or "Not now") this browser does not ask again; the
// switch stays in their settings (Security screen). Remembering the answer is the operator's own
// choice on their own device, which needs no consent.
const ANSWERED_KEY = "confide.app.notifications-asked";

function answered(): boolean {
  try {
    return localStorage.getItem(ANSWERED_KEY) === "yes";
  } catch {
    return false;
  }
}

function remember(): void {
  try {
    localStorage.setItem(ANSWERED_KEY, "yes");
  } catch {
    // Storage disabled: the prompt shows again next time, which is all that is lost.
  }
}

/**
 * A clear offer of desktop notifications, never the browser's own prompt on load: the browser
 * asks only after the operator clicks "Turn on".
 */
export function NotificationPrompt({ store }: { store: NotificationSettingsStore }) {
  const { t } = useTranslation();
  const { settings, permission, saving, error } = useStore(store);
  const [hidden, setHidden] = useState(answered);
  if (hidden || !settings || settings.desktop || permission !== "default") return null;

  function dismiss() {
    remember();
    setHidden(true);
  }

  return (
    <section class="notification-prompt" aria-label={t("notifications.heading")}>
      <p class="notification-prompt__text">{t("notifications.prompt")}</p>
      <button
        type="button"
        class="button button--primary"
        disabled={saving}
        onClick={() => {
          remember();
          void store.save({ desktop: true, withContent: false });
        }}
      >
        {t("notifications.enable")}
      </button>
      <button type="button" class="button" onClick={dismiss}>
        {t("notifications.dismiss")}
      </button>
      {error && (
        <p class="form-error" role="alert">
          {errorText(error.code, error.message)}
        </p>
      )}
    </section>
  );
}
