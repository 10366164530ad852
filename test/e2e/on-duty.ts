import WebSocket from "ws";
import { api, sessionCookie } from "./session";

// An operator on duty for the whole run: a signed-in app's inbox socket keeps them online, so the
// widget offers a live chat as it does while a business is staffed. Without one it would offer the
// leave-a-message form (src/availability/answerers.ts). A separate operator, so the admin's own
// sessions and status stay as the tests leave them; tests about nobody being online choose
// "offline" for this operator and back.

export const ON_DUTY = { email: "on-duty@confide.localhost", password: "on duty, for the e2e run", displayName: "Otto On-duty" };

/** Adds the on-duty agent to the worker at `baseUrl` and keeps them online until the returned stop(). */
export async function keepOperatorOnDuty(baseUrl: string, admin: { email: string; password: string }): Promise<() => void> {
  const adminCookie = await sessionCookie(admin, baseUrl);
  const roles = (await (await api("/team/roles", { cookie: adminCookie }, baseUrl)).json()) as { items: { id: string; name: string }[] };
  const agent = roles.items.find((role) => role.name === "Agent");
  if (!agent) throw new Error("no Agent role");
  const created = await api("/team/operators", { method: "POST", cookie: adminCookie, body: { ...ON_DUTY, roleId: agent.id } }, baseUrl);
  if (created.status !== 201) throw new Error(`on-duty operator: ${created.status} ${await created.text()}`);

  let stopped = false;
  let socket: WebSocket | null = null;
  const connect = async (): Promise<void> => {
    const cookie = await sessionCookie(ON_DUTY, baseUrl);
    socket = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/api/v1/inbox/socket`, { headers: { Origin: baseUrl, Cookie: cookie } });
    await new Promise<void>((resolve, reject) => {
      socket!.once("open", () => resolve());
      socket!.once("error", reject);
    });
    // A session ends after 30 minutes without a person's action; a tab in use says so now and then.
    const keepAlive = setInterval(() => socket?.send(JSON.stringify({ type: "activity", active: true })), 5 * 60_000);
    socket.once("close", () => {
      clearInterval(keepAlive);
      if (!stopped) void connect();
    });
  };
  await connect();
  return () => {
    stopped = true;
    socket?.close();
  };
}
