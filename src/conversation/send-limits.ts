/**
 * Per-socket send limits: a token bucket per socket and kind of frame. Kept in the room's memory:
 * a room that hibernates has been idle, so a bucket it forgets would have been full anyway.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Takes a token: 0 when there was one, else the milliseconds until the next. */
  take(now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.refillPerSecond);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    // (The small subtraction keeps float noise from rounding a wait of exactly 1 ms up to 2.)
    return Math.max(1, Math.ceil(((1 - this.tokens) / this.refillPerSecond) * 1000 - 1e-6));
  }
}

export interface SendLimits {
  /** message.send and conversation.close: what a person types, pasted bursts included. */
  messages: { burst: number; perSecond: number };
  /** typing and typing.preview: clients send these on keystrokes, throttled. */
  typing: { burst: number; perSecond: number };
}

export const DEFAULT_SEND_LIMITS: SendLimits = {
  messages: { burst: 20, perSecond: 2 },
  typing: { burst: 40, perSecond: 10 },
};

/**
 * The limits in force: the defaults, or SEND_LIMIT_PER_SECOND / SEND_LIMIT_BURST (message frames)
 * where a deployment or a benchmark sets them. Typing frames scale with the message limit.
 */
export function sendLimitsFrom(env: { SEND_LIMIT_PER_SECOND?: string; SEND_LIMIT_BURST?: string }): SendLimits {
  const perSecond = Number(env.SEND_LIMIT_PER_SECOND);
  const burst = Number(env.SEND_LIMIT_BURST);
  if (!(perSecond > 0) && !(burst > 0)) return DEFAULT_SEND_LIMITS;
  const messages = {
    perSecond: perSecond > 0 ? perSecond : DEFAULT_SEND_LIMITS.messages.perSecond,
    burst: burst > 0 ? burst : DEFAULT_SEND_LIMITS.messages.burst,
  };
  return { messages, typing: { perSecond: messages.perSecond * 5, burst: messages.burst * 2 } };
}
