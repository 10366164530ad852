import { SESSION_IDLE_MS, sessionExpiry } from "../db/auth";
import { locateAccount } from "../db/databases";
import { sessions } from "../db/schema";
import { recordSessionActivity, sessionTimes } from "../db/sessions";
import { CLOSE_SESSION_ENDED, type ErrorFrame } from "../shared/frames";

// How an operator's socket ends with its session, shared by ConversationRoom and AccountInbox
// through HibernatingSockets (docs/design.md, "Sessions"). A socket carries its credential's deadlines in its attachment:
// the absolute end, and for sessions the idle deadline. Each object wakes by alarm at the earliest
// deadline of its sockets, even if no frame arrives, and asks D1 whether the session was used
// elsewhere meanwhile (another tab): then the deadline moves on, else the socket ends. A frame that
// arrives after the deadline is checked the same way before anything else happens to it.

/** The credential an operator's socket was opened with; set by the worker after authentication. */
export interface SocketCredential {
  /** The session (SHA-256 of its cookie) or the API token. */
  id: string;
  /** When it ends for good; null for API tokens without expiry. */
  expiresAt: number | null;
  /** Sessions only: when it ends unless a person acts (here or elsewhere) before then. */
  idleExpiresAt?: number;
}

/** The error code sent before CLOSE_SESSION_ENDED. */
export const SESSION_EXPIRED = "session_expired";

const endedFrame: ErrorFrame = { type: "error", code: SESSION_EXPIRED, message: "Your session has ended. Sign in again." };

/** A person's action reaches the session row at most this often per credential and object. */
export const ACTIVITY_REPORT_MS = 60_000;

/** The earliest moment this credential may be over; null when it never is by time. */
export function deadlineOf(credential: SocketCredential): number | null {
  const times = [credential.expiresAt, credential.idleExpiresAt].filter((t): t is number => typeof t === "number");
  return times.length > 0 ? Math.min(...times) : null;
}

/** True while the credential is surely still good: before its deadline. */
export const beforeDeadline = (credential: SocketCredential, now: number): boolean => {
  const deadline = deadlineOf(credential);
  return deadline === null || now < deadline;
};

/**
 * At or after the deadline: the credential with its deadline moved on when the session was used
 * elsewhere, or null when it is over (expired, signed out, ended anywhere).
 */
export async function recheck(env: Env, credential: SocketCredential, now: number): Promise<SocketCredential | null> {
  if (credential.expiresAt !== null && now >= credential.expiresAt) return null;
  if (credential.idleExpiresAt === undefined || now < credential.idleExpiresAt) return credential;
  // The session's own database, wherever its account lives (src/db/databases.ts).
  const located = await locateAccount(env, sessions, sessions.id, credential.id);
  const times = located ? await sessionTimes(located.db, credential.id) : undefined;
  if (!times || sessionExpiry(times, now)) return null;
  return { ...credential, idleExpiresAt: times.lastSeenAt + SESSION_IDLE_MS };
}

/** Tells the socket why, then closes it with the terminal code the app answers with its login screen. */
export function endSocket(ws: WebSocket): void {
  try {
    ws.send(JSON.stringify(endedFrame));
    ws.close(CLOSE_SESSION_ENDED, "session ended");
  } catch {
    // Already closing.
  }
}

/**
 * Carries a person's action on a socket to its session: the idle clock starts again in D1 (at
 * most once a minute per credential and object, tracked in `reported`) and on this socket.
 * Returns the credential to keep on the socket at once; the D1 write goes on in the background,
 * so the frame that caused it is not held up (nor overtaken by the sender's next frame).
 */
export function personActed(env: Env, credential: SocketCredential, reported: Map<string, number>, now: number): SocketCredential {
  if (credential.idleExpiresAt === undefined || now - (reported.get(credential.id) ?? 0) < ACTIVITY_REPORT_MS) return credential;
  reported.set(credential.id, now);
  locateAccount(env, sessions, sessions.id, credential.id)
    .then((located) => (located ? recordSessionActivity(located.db, credential.id, now) : undefined))
    .catch((error: unknown) => {
      // The socket's own deadline still moves; the D1 clock catches up with the next action.
      console.error("session activity not recorded", error instanceof Error ? error.name : "unknown");
    });
  return { ...credential, idleExpiresAt: now + SESSION_IDLE_MS };
}
