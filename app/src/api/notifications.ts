import type { NotificationSettings } from "../types";
import { json, readJson, send } from "./http";

export const notificationsApi = {
  /** The operator's own desktop notification settings, as they apply to their role now. */
  async get(): Promise<NotificationSettings> {
    return readJson<NotificationSettings>(await send("/me/notifications", { background: true }));
  },

  /** Saves them (audited); answers them as they now apply. */
  async save(settings: NotificationSettings): Promise<NotificationSettings> {
    return readJson<NotificationSettings>(await send("/me/notifications", { ...json(settings), method: "PUT" }));
  },
};
