import { useEffect } from "preact/hooks";
import type { InboxStore } from "../lib/inbox-store";

/** Input events that show a person at this tab. A hidden tab gets none, so it goes idle too. */
const INPUT_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart"] as const;

/** The idle timer restarts at most this often, so pointer moves cost next to nothing. */
const RESTART_EVERY_MS = 1_000;

/**
 * Reports this tab idle to the inbox socket after `idleMinutes` without input (the account's
 * "away after idle" setting), and in use again at the next input. An operator whose every tab is
 * idle is away for colleagues and routing.
 */
export function useIdleActivity(inbox: InboxStore | null, idleMinutes: number): void {
  useEffect(() => {
    if (!inbox) return;
    const idleMs = idleMinutes * 60_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let restartedAt = 0;
    const inUse = () => {
      inbox.reportActivity(true);
      const now = Date.now();
      if (timer !== undefined && now - restartedAt < RESTART_EVERY_MS) return;
      restartedAt = now;
      clearTimeout(timer);
      timer = setTimeout(() => inbox.reportActivity(false), idleMs);
    };
    for (const event of INPUT_EVENTS) addEventListener(event, inUse, { capture: true, passive: true });
    inUse();
    return () => {
      clearTimeout(timer);
      for (const event of INPUT_EVENTS) removeEventListener(event, inUse, { capture: true });
    };
  }, [inbox, idleMinutes]);
}
