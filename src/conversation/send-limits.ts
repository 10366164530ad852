import type { ClientFrame } from "../shared/frames";

/**
 * Send limits per author (the visitor, or one operator), whatever number of sockets they open: a
 * token bucket per author and kind of frame. Kept in the room's memory:
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
    const wait = this.peek(now);
    if (wait === 0) this.tokens -= 1;
    return wait;
  }

  /** 0 when a token is there, else the milliseconds until the next; takes nothing. */
  peek(now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.refillPerSecond);
    this.updatedAt = now;
    if (this.tokens >= 1) return 0;
    // (The small subtraction keeps float noise from rounding a wait of exactly 1 ms up to 2.)
    return Math.max(1, Math.ceil(((1 - this.tokens) / this.refillPerSecond) * 1000 - 1e-6));
  }
}

/** How long a refused message holds back the author's later ones before the gate gives up on it. */
export const HOLD_BACK_MS = 60_000;

/**
 * One author's send limits. Besides the buckets, it keeps the order of messages: once a message is
 * refused, every later message of the author is refused too until that one comes back, so a token
 * that frees up meanwhile cannot let a later message overtake it.
 */
export class SendGate {
  private readonly messages: TokenBucket;
  private readonly typing: TokenBucket;
  private heldBack: { clientId: string; since: number } | null = null;

  constructor(limits: SendLimits, now: number) {
    this.messages = new TokenBucket(limits.messages.burst, limits.messages.perSecond, now);
    this.typing = new TokenBucket(limits.typing.burst, limits.typing.perSecond, now);
  }

  /** A message.send: 0 to take it, else the milliseconds to wait before sending it again. */
  message(clientId: string, now: number): number {
    if (this.heldBack && now - this.heldBack.since > HOLD_BACK_MS) this.heldBack = null;
    if (this.heldBack && this.heldBack.clientId !== clientId) return this.messages.peek(now) || 1;
    const wait = this.messages.take(now);
    if (wait > 0) {
      this.heldBack ??= { clientId, since: now };
      return wait;
    }
    this.heldBack = null;
    return 0;
  }

  /**
   * 0 to take `frame` now, else the milliseconds to wait. conversation.close is not limited: it
   * happens once, and after it every frame is refused anyway.
   */
  admit(frame: ClientFrame, now: number): number {
    if (frame.type === "message.send") return this.message(frame.clientId, now);
    if (frame.type === "conversation.close") return 0;
    return this.typing.take(now);
  }

  /** A frame that is not valid at all costs like a typing frame. */
  invalidFrame(now: number): number {
    return this.typing.take(now);
  }
}

export interface SendLimits {
  /** message.send: what a person types, pasted bursts included. */
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
