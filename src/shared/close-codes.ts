// Moved to frames.ts. Re-exported only until widget/chat.ts imports frames.ts (issue 12's widget
// split does): delete this file then.
export { CLOSE_CONVERSATION_ERASED, CLOSE_SESSION_ENDED, CLOSE_TOO_MANY_SOCKETS, isTerminalCloseCode } from "./frames";
