import { describe, expect, inject, it } from "vitest";
import WebSocket from "ws";

// The default per-socket send limits (20 at once, then 2 a second) in a real wrangler dev: the
// German worker runs without the raised limits the main worker has for the ordering test.

interface Frame {
  type: string;
  clientId?: string;
  seq?: number;
  code?: string;
  retryAfterMs?: number;
}

async function visitor(baseUrl: string) {
  const started = (await (
    await fetch(`${baseUrl}/w/demo/conversations`, { method: "POST", headers: { "Content-Type": "application/json", Origin: baseUrl }, body: JSON.stringify({ consent: true }) })
  ).json()) as { conversationId: string; visitorToken: string };
  const ws = new WebSocket(`${baseUrl.replace("http", "ws")}/w/demo/conversations/${started.conversationId}/socket`, ["confide.v1", `confide.token.${started.visitorToken}`], { origin: baseUrl });
  const frames: Frame[] = [];
  ws.on("message", (data) => frames.push(JSON.parse(String(data)) as Frame));
  await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
  const until = async (done: () => boolean, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error("timed out");
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await until(() => frames.some((f) => f.type === "hello"));
  return { ws, frames, until };
}

describe("send limits", () => {
  it("take a burst of 20, refuse the rest by clientId with a wait, and accept them when resent after it", async () => {
    const { ws, frames, until } = await visitor(inject("germanUrl"));
    const ids = Array.from({ length: 30 }, (_, i) => `b${i}`);
    for (const id of ids) ws.send(JSON.stringify({ type: "message.send", clientId: id, body: id }));
    const created = () => frames.filter((f) => f.type === "message.created");
    const refused = () => frames.filter((f) => f.type === "error");
    await until(() => created().length + refused().length >= 30);
    // Frames go out in a few milliseconds, far faster than the bucket refills.
    expect(created().length).toBeGreaterThanOrEqual(20);
    expect(created().length).toBeLessThan(30);
    for (const error of refused()) expect(error).toMatchObject({ code: "rate_limited", clientId: expect.stringMatching(/^b\d+$/), retryAfterMs: expect.any(Number) });

    // Resend each refused one after the wait the server named, as the widget and the app do.
    const pending = new Set(refused().map((f) => f.clientId!));
    while (pending.size > 0) {
      const wait = Math.max(...refused().map((f) => f.retryAfterMs ?? 0));
      await new Promise((r) => setTimeout(r, wait));
      const before = frames.length;
      const [next] = pending;
      ws.send(JSON.stringify({ type: "message.send", clientId: next, body: next }));
      await until(() => frames.length > before);
      if (created().some((f) => f.clientId === next)) pending.delete(next!);
    }
    expect(created().map((f) => f.clientId).sort()).toEqual([...ids].sort());
    expect(created().map((f) => f.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    ws.close();
  });
});
