import type { OperatorSession } from "../types";
import { readJson, send } from "./http";

// The signed-in operator's own sessions (the Security screen). The server answers only for the
// caller's own, by ids of their own, and only to the app's session cookie.

export const sessionsApi = {
  /** Your active sessions, most recently active first; `current` is this browser's. */
  async list(): Promise<OperatorSession[]> {
    return (await readJson<{ items: OperatorSession[] }>(await send("/me/sessions"))).items;
  },
  /** Ends one of your sessions; its open chats and inbox close at once. */
  async end(id: string): Promise<void> {
    await send(`/me/sessions/${encodeURIComponent(id)}`, { method: "DELETE" });
  },
  /** Ends every session but this one; resolves to how many ended. */
  async endOthers(): Promise<number> {
    return (await readJson<{ ended: number }>(await send("/me/sessions/end-others", { method: "POST" }))).ended;
  },
};
