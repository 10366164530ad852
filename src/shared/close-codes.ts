// WebSocket close codes of the wire protocol (docs/protocol.md), shared by the worker, the widget
// and the operator app. Kept apart from protocol.ts so clients can import values without zod.

/**
 * The conversation was erased (or never existed for this caller): the socket got a
 * `conversation.erased` frame first. Like every code in 4000–4999, it ends a client's retries.
 */
export const CLOSE_CONVERSATION_ERASED = 4410;

/**
 * The same visitor or operator opened more sockets on the conversation than allowed; this, the
 * oldest, was closed (after an `error` frame with code `too_many_connections`).
 */
export const CLOSE_TOO_MANY_SOCKETS = 4429;

/**
 * The operator's session is over: signed out (here or on the sessions screen), idle for 30 minutes,
 * past its 12 hours, or ended by a password change, a second-factor reset, a role change, disabling
 * or removal. An `error` frame with code `session_expired` came first. The app shows its login.
 */
export const CLOSE_SESSION_ENDED = 4401;

/** 4000–4999 are this protocol's terminal codes: reconnecting cannot help. */
export const isTerminalCloseCode = (code: number): boolean => code >= 4000 && code <= 4999;
