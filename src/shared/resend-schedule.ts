/**
 * When a client (the widget, the operator app) sends its unacknowledged messages again, oldest
 * first with their clientIds:
 * - after a `hello`, once the replay has reached `hello.lastSeq`: what got through before a drop
 *   arrives in the replay (and leaves the pending list), so nothing is sent or shown twice;
 * - after a `rate_limited` error, once the wait is over (one timer for all refused messages).
 * Until then new messages wait in the pending list too, so they cannot overtake older ones.
 */
export class ResendSchedule {
  private replayUntil: number | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly resendAll: () => void) {}

  /** A new message may go out at once (no replay to wait for, no send limit to wait out). */
  get open(): boolean {
    return this.replayUntil === null && this.timer === undefined;
  }

  /** The room said hello: resend once the replay reaches `lastSeq` (at once if it is there). */
  hello(lastSeq: number, highestSeq: number): void {
    this.cancelTimer();
    this.replayUntil = lastSeq;
    this.seen(highestSeq);
  }

  /** A message arrived; `highestSeq` is the highest seq the client now has. */
  seen(highestSeq: number): void {
    if (this.replayUntil === null || highestSeq < this.replayUntil) return;
    this.replayUntil = null;
    this.resendAll();
  }

  /** The room refused a frame for its send limit: resend after the wait it named. */
  refused(retryAfterMs: number | undefined): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.resendAll();
      },
      Math.min(Math.max(retryAfterMs ?? 1000, 100), 60_000),
    );
  }

  /** The conversation ended or the client stops: nothing more to resend. */
  stop(): void {
    this.cancelTimer();
    this.replayUntil = null;
  }

  private cancelTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
