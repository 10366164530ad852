import { vi } from "vitest";
import { USAGE_METER_PREFIX, type UsageRecord } from "../../src/platform/usage-meter";

/** The usage meter's lines (src/platform/usage-meter.ts) logged while `run` ran, and the microtasks after it. */
export async function meterLines(run: () => Promise<unknown>): Promise<UsageRecord[]> {
  const log = vi.spyOn(console, "log");
  try {
    await run();
    await new Promise((resolve) => setTimeout(resolve, 0));
    return log.mock.calls
      .map((args) => String(args[0]))
      .filter((line) => line.startsWith(USAGE_METER_PREFIX))
      .map((line) => JSON.parse(line.slice(USAGE_METER_PREFIX.length)) as UsageRecord);
  } finally {
    log.mockRestore();
  }
}
