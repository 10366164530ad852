import { describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { launchChromium } from "./browser";

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
    await fetch(`${baseUrl}/w/demo/conversations`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: baseUrl },
      body: JSON.stringify({ consent: true }),
    })
  ).json()) as { conversationId: string; visitorToken: string };
  const ws = new WebSocket(
    `${baseUrl.replace("http", "ws")}/w/demo/conversations/${started.conversationId}/socket`,
    ["confide.v1", `confide.token.${started.visitorToken}`],
    { origin: baseUrl },
  );
  const frames: Frame[] = [];
  ws.on("message", (data) => frames.push(JSON.parse(String(data)) as Frame));
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
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
  it("hold the widget's messages back and send them again in order: a visitor typing fast loses nothing", async () => {
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext({ locale: "en-US" })).newPage();
      let refusals = 0;
      page.on("websocket", (socket) =>
        socket.on("framereceived", ({ payload }) => void (String(payload).includes('"rate_limited"') && refusals++)),
      );
      await page.goto(`${inject("germanUrl")}/demo`);
      await page.getByRole("button", { name: "Open chat" }).click();
      await page.getByRole("checkbox").check();
      await page.getByRole("button", { name: "Start chat" }).click();
      const composer = page.getByRole("textbox", { name: "Message" });
      await composer.waitFor();
      const bodies = Array.from({ length: 26 }, (_, i) => `fast ${String(i).padStart(2, "0")}`);
      for (const body of bodies) {
        await composer.fill(body);
        await composer.press("Enter");
      }
      // Beyond 20 at once the room refuses; the widget waits and sends the rest again, in order.
      const sent = page.locator('[role="log"] li[data-seq]');
      await expect.poll(() => sent.count(), { timeout: 20_000 }).toBe(26);
      const log = await sent.evaluateAll((items) =>
        items.map((li) => `${li.getAttribute("data-seq")}:${li.querySelector(".body, .message__body")?.textContent ?? ""}`),
      );
      expect(log).toEqual(bodies.map((body, i) => `${i + 1}:${body}`));
      expect(await page.locator("[data-pending]").count()).toBe(0);
      // The limit did bite: this run went through the widget's resend path.
      expect(refusals).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  });

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
    for (const error of refused())
      expect(error).toMatchObject({ code: "rate_limited", clientId: expect.stringMatching(/^b\d+$/), retryAfterMs: expect.any(Number) });

    // As the widget and the app do: after the wait, everything unacknowledged again, oldest first.
    let pending = ids.filter((id) => !created().some((f) => f.clientId === id));
    for (let round = 0; pending.length > 0 && round < 100; round++) {
      const errorsBefore = refused().length;
      const wait = Math.max(
        ...refused()
          .slice(-pending.length)
          .map((f) => f.retryAfterMs ?? 0),
      );
      await new Promise((r) => setTimeout(r, wait));
      for (const id of pending) ws.send(JSON.stringify({ type: "message.send", clientId: id, body: id }));
      await until(() =>
        pending.every(
          (id) =>
            created().some((f) => f.clientId === id) ||
            refused()
              .slice(errorsBefore)
              .some((f) => f.clientId === id),
        ),
      );
      pending = pending.filter((id) => !created().some((f) => f.clientId === id));
    }
    // Every message once, and in the order sent: a token freed up meanwhile let none overtake.
    expect(created().map((f) => f.clientId)).toEqual(ids);
    expect(created().map((f) => f.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    ws.close();
  });
});
