// Stops the local mailbox and webhook receiver that vitest.config.ts started for the run (they need
// their ports before the worker's bindings exist, so they start there; this closes them when the run ends).
export default function setup(): () => Promise<void> {
  return async () => {
    const servers = globalThis as {
      confideMailbox?: { close(): Promise<unknown> };
      confideWebhookReceiver?: { close(): Promise<unknown> };
    };
    await servers.confideMailbox?.close();
    await servers.confideWebhookReceiver?.close();
  };
}
