import { type ErrorInfo, errorInfo } from "../api";
import { notificationsApi } from "../api/notifications";
import type { NotificationSettings } from "../types";
import { browserPermission, type DesktopPermission, requestDesktopPermission } from "./desktop-notifications";
import { Store } from "./store";

// The operator's own notification settings (kept on the server, audited) and this browser's
// permission for them (the browser's own, asked for only from a click).

export interface NotificationSettingsSnapshot {
  /** Null until loaded (or when loading failed). */
  settings: NotificationSettings | null;
  permission: DesktopPermission;
  saving: boolean;
  error: ErrorInfo | null;
}

export class NotificationSettingsStore extends Store<NotificationSettingsSnapshot> {
  constructor() {
    super({ settings: null, permission: browserPermission(), saving: false, error: null });
  }

  async load(): Promise<void> {
    try {
      this.update({ settings: await notificationsApi.get(), error: null });
    } catch (error) {
      this.update({ error: errorInfo(error) });
    }
  }

  /** Saves `next`; switching desktop notifications on asks the browser first (call from a click). */
  async save(next: NotificationSettings): Promise<void> {
    if (this.snapshot.saving) return;
    this.update({ saving: true, error: null });
    try {
      if (next.desktop && this.snapshot.permission !== "granted") {
        const permission = await requestDesktopPermission();
        this.update({ permission });
        // Refused (or unsupported): nothing would ever show, so the setting stays off.
        if (permission !== "granted") return;
      }
      this.update({ settings: await notificationsApi.save(next) });
    } catch (error) {
      this.update({ error: errorInfo(error) });
    } finally {
      this.update({ saving: false });
    }
  }
}
