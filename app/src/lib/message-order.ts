import type { MessageCreatedFrame } from "../types";

/**
 * `messages` with `message` in seq order. A seq already present is kept as is: replays after a
 * reconnect and the echo of a resent clientId repeat messages the list already holds.
 */
export function insertBySeq(messages: readonly MessageCreatedFrame[], message: MessageCreatedFrame): readonly MessageCreatedFrame[] {
  let index = messages.length;
  // Live traffic arrives in order, so the scan from the end usually stops at once.
  while (index > 0) {
    const previous = messages[index - 1];
    if (!previous || previous.seq < message.seq) break;
    if (previous.seq === message.seq) return messages;
    index -= 1;
  }
  return [...messages.slice(0, index), message, ...messages.slice(index)];
}
