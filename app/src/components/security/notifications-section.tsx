import { useId } from "preact/hooks";
import { useStore } from "../../hooks/use-store";
import { useTranslation } from "../../hooks/use-translation";
import { errorText } from "../../i18n/error-text";
import type { NotificationSettingsStore } from "../../lib/notification-settings-store";
import type { Me } from "../../types";
import { CheckboxField } from "../form/fields";

/**
 * The operator's own desktop notifications: on or off, and whether they show the message (off by
 * default; only for roles that may read chats, which the server checks again).
 */
export function NotificationsSection({ me, store }: { me: Me; store: NotificationSettingsStore }) {
  const { t } = useTranslation();
  const id = useId();
  const { settings, permission, saving, error } = useStore(store);
  // Notifications tell of live chats; a role that may watch them may also read them.
  const hearsChats = me.role.permissions.chats !== "none";

  return (
    <section class="panel security-section" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} class="section-heading">
        {t("notifications.heading")}
      </h3>
      <p class="muted">{t("notifications.intro")}</p>
      {!hearsChats ? (
        <p class="notice">{t("notifications.notAllowed")}</p>
      ) : permission === "unsupported" ? (
        <p class="notice">{t("notifications.unsupported")}</p>
      ) : (
        settings && (
          <>
            <CheckboxField
              label={t("notifications.desktop")}
              checked={settings.desktop}
              disabled={saving || (permission === "denied" && !settings.desktop)}
              onChange={(desktop) => void store.save({ desktop, withContent: desktop && settings.withContent })}
            />
            <CheckboxField
              label={t("notifications.withContent")}
              hint={t("notifications.withContentHint")}
              checked={settings.withContent}
              disabled={saving || !settings.desktop}
              onChange={(withContent) => void store.save({ ...settings, withContent })}
            />
            {permission === "denied" && <p class="notice">{t("notifications.blocked")}</p>}
          </>
        )
      )}
      <p role="status" class="visually-hidden">
        {saving ? t("form.saving") : ""}
      </p>
      {error && (
        <p class="form-error" role="alert">
          {errorText(error.code, error.message)}
        </p>
      )}
    </section>
  );
}
