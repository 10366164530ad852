import { useCallback, useState } from "preact/hooks";

// The operator's own choice on their own device: remembering it needs no consent.
const STORAGE_KEY = "confide.app.sound";

/** Whether new chats and visitor messages chime, as stored now (read where the chime plays, on any screen). */
export function soundIsOn(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) !== "off";
  } catch {
    return true;
  }
}

/** Whether new chats and visitor messages chime (on unless switched off in this browser), and the switch. */
export function useSoundSetting(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(soundIsOn);
  const set = useCallback((next: boolean) => {
    setOn(next);
    try {
      localStorage.setItem(STORAGE_KEY, next ? "on" : "off");
    } catch {
      // Storage disabled: the choice lasts for this page.
    }
  }, []);
  return [on, set];
}
