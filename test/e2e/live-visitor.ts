import { inject } from "vitest";
import WebSocket from "ws";

// A visitor who stays in the chat over the visitors' REST API and socket, for the triage and
// notification tests: the conversation stays open, and they write again whenever a test needs it.

export interface LiveVisitor {
  conversationId: string;
  /** Sends a message and resolves once the room stored it. */
  say(body: string): Promise<void>;
  leave(): void;
}

export async function liveVisitor(visitor: { name: string; email?: string }, baseUrl = inject("baseUrl")): Promise<LiveVisitor> {
  const response = await fetch(`${baseUrl}/w/demo/conversations`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: baseUrl },
    body: JSON.stringify({ consent: true, ...visitor }),
  });
  if (!response.ok) throw new Error(`start ${response.status}`);
  const started = (await response.json()) as { conversationId: string; visitorToken: string };
  const ws = new WebSocket(
    `${baseUrl.replace("http", "ws")}/w/demo/conversations/${started.conversationId}/socket`,
    ["confide.v1", `confide.token.${started.visitorToken}`],
    { origin: baseUrl },
  );
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  let sent = 0;
  return {
    conversationId: started.conversationId,
    say(body) {
      const clientId = `live-${++sent}`;
      return new Promise<void>((resolve, reject) => {
        const onMessage = (data: WebSocket.RawData) => {
          const frame = JSON.parse(String(data)) as { type: string; clientId?: string };
          if (frame.type !== "message.created" || frame.clientId !== clientId) return;
          ws.off("message", onMessage);
          resolve();
        };
        ws.on("message", onMessage);
        ws.once("close", (code) => reject(new Error(`visitor socket closed (${code})`)));
        ws.send(JSON.stringify({ type: "message.send", clientId, body }));
      });
    },
    leave: () => ws.close(),
  };
}
