import type { DataRequestCounts } from "../../../src/shared/data-requests-api";
import { dataRequestsApi } from "../api/data-requests";
import { Store } from "./store";

/** How often the reminders refresh by themselves: deadlines are days, so a few minutes is prompt. */
const REFRESH_MS = 5 * 60_000;

/**
 * The register's reminders (overdue, due within 7 days), shared by the navigation's badge and the
 * data-requests screen; refreshed every few minutes and whenever the screen changes the register.
 */
export class DataRequestCountsStore extends Store<{ counts: DataRequestCounts | null }> {
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor() {
    super({ counts: null });
  }

  start(): void {
    void this.refresh(true);
    this.#timer = setInterval(() => void this.refresh(true), REFRESH_MS);
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** `background`: the app's own refresh, which must not keep an idle session alive. */
  async refresh(background = false): Promise<void> {
    try {
      this.update({ counts: await dataRequestsApi.counts(background) });
    } catch {
      // A reminder that failed to load shows nothing rather than an error in the header; the next refresh tries again.
    }
  }
}
