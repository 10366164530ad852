// The browser's Notification API, for the app in a hidden tab. Permission is asked for only from
// an operator's click (browsers ignore or penalise a request on load), and a notification carries
// no message unless the operator allowed it.

export type DesktopPermission = NotificationPermission | "unsupported";

/** This browser's answer so far: "default" means not asked yet. */
export function browserPermission(): DesktopPermission {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}

/** Asks the browser for permission; must run in a click's handler. */
export async function requestDesktopPermission(): Promise<DesktopPermission> {
  if (typeof Notification === "undefined") return "unsupported";
  return Notification.requestPermission();
}

/**
 * Shows one notification; a click brings the tab to the front and runs `onClick`. `tag` makes a
 * later notification of the same chat replace the earlier one instead of piling up.
 */
export function showDesktopNotification(title: string, body: string, tag: string, onClick: () => void): void {
  if (browserPermission() !== "granted") return;
  try {
    const notification = new Notification(title, { body, tag });
    notification.onclick = () => {
      window.focus();
      onClick();
      notification.close();
    };
  } catch {
    // Some browsers allow notifications only from a service worker; the title and chime still tell.
  }
}
