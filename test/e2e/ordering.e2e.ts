import { describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { api, sessionCookie } from "./session";

// The same ordering guarantee as test/conversation-room.test.ts, over real TCP sockets to
// `wrangler dev`, where each sender's own order is also observable end to end.

interface Created {
  type: "message.created";
  seq: number;
  clientId: string;
  body: string;
}

function collect(ws: WebSocket): { created: Created[]; opened: Promise<void> } {
  const created: Created[] = [];
  ws.on("message", (data) => {
    const frame = JSON.parse(String(data)) as { type: string };
    if (frame.type === "message.created") created.push(frame as Created);
  });
  return {
    created,
    opened: new Promise((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    }),
  };
}

async function until(done: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("ordering over real sockets", () => {
  it("3 clients × 200 messages: identical, gap-free, and each sender's order kept", async () => {
    const baseUrl = inject("baseUrl");
    const admin = inject("admin");
    const wsUrl = baseUrl.replace("http", "ws");
    const cookie = await sessionCookie(admin);
    // Two people, not two tabs of one: send limits go by author, so one operator's sockets share one.
    const roles = (await (await api("/team/roles", { cookie })).json()) as { items: { id: string; name: string }[] };
    const second = { email: `second-${Date.now()}@confide.localhost`, password: "second operator password" };
    const created = await api("/team/operators", {
      method: "POST",
      cookie,
      body: { ...second, displayName: "Second Operator", roleId: roles.items.find((r) => r.name === "Admin")!.id },
    });
    expect(created.status).toBe(201);
    const secondCookie = await sessionCookie(second);
    const started = await fetch(`${baseUrl}/w/demo/conversations`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: baseUrl },
      body: JSON.stringify({ consent: true, name: "Load Tester" }),
    });
    const { conversationId, visitorToken } = (await started.json()) as { conversationId: string; visitorToken: string };

    const sockets = [
      new WebSocket(`${wsUrl}/w/demo/conversations/${conversationId}/socket`, ["confide.v1", `confide.token.${visitorToken}`], {
        origin: baseUrl,
      }),
      new WebSocket(`${wsUrl}/api/v1/conversations/${conversationId}/socket`, { origin: baseUrl, headers: { Cookie: cookie } }),
      new WebSocket(`${wsUrl}/api/v1/conversations/${conversationId}/socket`, { origin: baseUrl, headers: { Cookie: secondCookie } }),
    ];
    const clients = sockets.map(collect);
    await Promise.all(clients.map((c) => c.opened));
    expect(sockets[0]!.protocol).toBe("confide.v1");
    for (let i = 0; i < 200; i++) {
      for (const [n, ws] of sockets.entries())
        ws.send(JSON.stringify({ type: "message.send", clientId: `c${n}-${i}`, body: `client ${n} message ${i}` }));
    }
    await until(() => clients.every((c) => c.created.length >= 600), 60_000);
    const reference = clients[0]!.created.map((m) => `${m.seq}|${m.clientId}`);
    expect(clients[0]!.created.map((m) => m.seq)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    for (const c of clients) expect(c.created.map((m) => `${m.seq}|${m.clientId}`)).toEqual(reference);
    for (let n = 0; n < 3; n++) {
      const own = clients[0]!.created.filter((m) => m.clientId.startsWith(`c${n}-`)).map((m) => m.clientId);
      expect(own).toEqual(Array.from({ length: 200 }, (_, i) => `c${n}-${i}`));
    }
    for (const ws of sockets) ws.close(1000);
  });
});
