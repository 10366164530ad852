// The widget's check of the room's frames, until the shared zod-free frames module replaces it.
import type { ServerFrame } from "../src/shared/protocol";
import { isRecord } from "./validators";

/** The frame a WebSocket message carries, or null for anything that is not a known, well-formed one. */
export function parseServerFrame(data: unknown): ServerFrame | null {
  if (typeof data !== "string") return null;
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return null;
  }
  return isServerFrame(frame) ? frame : null;
}

function isServerFrame(frame: unknown): frame is ServerFrame {
  if (!isRecord(frame)) return false;
  switch (frame.type) {
    case "hello":
      // status is optional here: hello did not always carry it, and a missing one means "open".
      return (
        typeof frame.livePreview === "boolean" &&
        (frame.status === undefined || frame.status === "open" || frame.status === "closed")
      );
    case "message.created":
      return (
        Number.isSafeInteger(frame.seq) &&
        typeof frame.clientId === "string" &&
        typeof frame.body === "string" &&
        isRecord(frame.author) &&
        typeof frame.author.name === "string" &&
        (frame.author.kind === "visitor" || frame.author.kind === "operator" || frame.author.kind === "system")
      );
    case "typing":
      return typeof frame.role === "string" && typeof frame.active === "boolean";
    case "presence":
      return (
        Array.isArray(frame.operators) &&
        frame.operators.every((operator: unknown) => isRecord(operator) && typeof operator.name === "string")
      );
    case "error":
      return typeof frame.message === "string";
    case "conversation.closed":
    case "conversation.erased":
    case "typing.preview":
      return true;
    default:
      return false;
  }
}
