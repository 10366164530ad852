import { useDocumentTitle } from "../../hooks/use-document-title";
import { useTranslation } from "../../hooks/use-translation";
import { allowedScreens } from "../../lib/access";
import type { NotificationSettingsStore } from "../../lib/notification-settings-store";
import type { Me } from "../../types";
import { NotificationsSection } from "./notifications-section";
import { PasswordSection } from "./password-section";
import { SessionsSection } from "./sessions-section";
import { TwoFactorSection } from "./two-factor-section";
import "./security.css";
import { PasskeysSection } from "./passkeys-section";

/**
 * The signed-in operator's own sign-in methods and sessions. Open to every operator whatever
 * their role: it changes nothing but their own credentials. Each part is a section of its own.
 */
export function SecurityScreen({ me, notifications }: { me: Me; notifications: NotificationSettingsStore }) {
  const { t } = useTranslation();
  useDocumentTitle(t("pageTitle", { page: t("nav.security"), app: t("appName") }));
  // A role that opens nothing else lands here; say so rather than leave them wondering.
  const onlyScreen = allowedScreens(me).length === 1;

  return (
    <main id="content" class="screen" tabIndex={-1}>
      <div class="screen__main">
        <h2 id="screen-heading" class="screen__heading" tabIndex={-1}>
          {t("security.heading")}
        </h2>
        {onlyScreen && <p class="notice">{t("nav.noAccess")}</p>}
        <p class="screen__intro">{t("security.intro")}</p>
        <PasswordSection />
        <SessionsSection />
        <TwoFactorSection />
        <PasskeysSection />
        <NotificationsSection me={me} store={notifications} />
      </div>
    </main>
  );
}
