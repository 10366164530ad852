import { useEffect, useRef } from "preact/hooks";
import { playChime } from "../lib/chime";
import { showDesktopNotification } from "../lib/desktop-notifications";
import { visitorLabel } from "../lib/format";
import type { InboxAlert, InboxStore } from "../lib/inbox-store";
import type { NotificationSettings } from "../types";
import { setTitlePrefix } from "./use-document-title";
import { soundIsOn } from "./use-sound-setting";
import { useStore } from "./use-store";
import { useTranslation } from "./use-translation";

/**
 * What the live inbox tells the operator on every screen: the count of chats that need them in
 * the title, the chime for a new chat or visitor message, and, while the tab is hidden, a desktop
 * notification if they switched those on. `onOpen` shows the chat a notification was clicked for.
 */
export function useInboxAlerts(store: InboxStore, settings: NotificationSettings | null, onOpen: (alert: InboxAlert) => void): void {
  const { t } = useTranslation();
  const { unreadIds, alert } = useStore(store);
  const count = unreadIds.size;

  useEffect(() => {
    setTitlePrefix(count > 0 ? (title) => t("unreadTitle", { count, title }) : null);
    return () => setTitlePrefix(null);
  }, [count, t]);

  const heard = useRef(alert?.seq ?? 0);
  useEffect(() => {
    if (!alert || alert.seq <= heard.current) return;
    heard.current = alert.seq;
    if (soundIsOn()) playChime();
    if (!document.hidden || !settings?.desktop) return;
    const { summary } = alert;
    // Without the operator's leave, a notification says only that something came: no name, no words.
    const content = settings.withContent ? summary.lastMessage : null;
    const name = settings.withContent ? visitorLabel(summary) : t("visitor");
    const title =
      alert.kind === "chat"
        ? settings.withContent
          ? t("notifications.newChatFrom", { name })
          : t("notifications.newChat")
        : t("notifications.newMessage", { name });
    const body = content ? content.body : alert.kind === "message" ? t("notifications.newMessageBody") : "";
    showDesktopNotification(title, body, `confide-${summary.id}`, () => onOpen(alert));
  }, [alert, settings, t, onOpen]);
}
