import type { OperatorStatus } from "../shared/frames";

// Operator availability (issue 13, item 1). An operator is online, away or offline:
// - offline when none of their app sockets is open (an API token's socket is not a person);
// - otherwise what they set by hand ("offline" by hand hides them while the app stays open),
//   and away when every one of their app tabs reports itself idle (no input for the account's idle
//   time, or hidden that long: the app decides, as only the page sees input and visibility).

/** What an operator chose in the app; "online" until they choose otherwise. */
export type ChosenStatus = OperatorStatus;

/** One open app socket, as presence sees it. */
export interface AppSocketActivity {
  operatorId: string;
  /** false once the tab reported itself idle or hidden for the idle time; true again on input. */
  active: boolean;
}

/** Each operator's status from their open app sockets and their choice; absent operators are offline. */
export function operatorStatuses(
  sockets: readonly AppSocketActivity[],
  chosen: ReadonlyMap<string, ChosenStatus>,
): Map<string, Exclude<OperatorStatus, "offline">> {
  const anyActive = new Map<string, boolean>();
  for (const socket of sockets) anyActive.set(socket.operatorId, (anyActive.get(socket.operatorId) ?? false) || socket.active);
  const statuses = new Map<string, Exclude<OperatorStatus, "offline">>();
  for (const [operatorId, active] of anyActive) {
    const choice = chosen.get(operatorId) ?? "online";
    if (choice === "offline") continue;
    statuses.set(operatorId, choice === "away" || !active ? "away" : "online");
  }
  return statuses;
}

/** The same statuses as a list sorted by operator id, so two answers compare as strings. */
export const statusList = (statuses: ReadonlyMap<string, OperatorStatus>): { operatorId: string; status: OperatorStatus }[] =>
  [...statuses].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([operatorId, status]) => ({ operatorId, status }));
