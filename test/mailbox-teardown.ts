// Stops the local mailbox that vitest.config.ts started for the run (it needs the ports before the
// worker's bindings exist, so it starts there; this closes it when the run ends).
export default function setup(): () => Promise<void> {
  return async () => {
    const mailbox = (globalThis as { confideMailbox?: { close(): Promise<unknown> } }).confideMailbox;
    await mailbox?.close();
  };
}
