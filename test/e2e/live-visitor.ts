import { inject } from "vitest";
import WebSocket from "ws";

// A visitor over the visitors' REST API and socket, without a browser: the one place the browser
// tests start a chat this way. The conversation stays open and they write whenever a test needs it.

export interface LiveVisitor {
  conversationId: string;
  /** Sends a message and resolves once the room stored it. */
  say(body: string): Promise<void>;
  /** Ends the conversation (which stores it among the transcripts) and resolves once it is closed. */
  end(): Promise<void>;
  leave(): void;
}

export async function liveVisitor(visitor: { name: string; email?: string }, baseUrl = inject("baseUrl")): Promise<LiveVisitor> {
  const start = () =>
    fetch(`${baseUrl}/w/demo/conversations`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: baseUrl },
      body: JSON.stringify({ consent: true, ...visitor }),
    });
  let response = await start();
  // 503 means "try again later": wrangler dev answered one start so, once in CI, 42 ms into a test
  // (cause not found). A few more tries within 10 s, each said in the log, not hidden.
  for (const deadline = Date.now() + 10_000; response.status === 503 && Date.now() < deadline; response = await start()) {
    console.warn(`liveVisitor: start answered 503 (${await response.text()}); trying again`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (!response.ok) throw new Error(`start ${response.status}: ${await response.text()}`);
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
      const stored = frameOn(ws, (frame) => frame.type === "message.created" && frame.clientId === clientId);
      ws.send(JSON.stringify({ type: "message.send", clientId, body }));
      return stored;
    },
    end() {
      const closed = frameOn(ws, (frame) => frame.type === "conversation.closed");
      ws.send(JSON.stringify({ type: "conversation.close" }));
      return closed;
    },
    leave: () => ws.close(),
  };
}

/** Resolves with the first frame on `ws` that `match` accepts; rejects if the socket closes first. */
export function frameOn(ws: WebSocket, match: (frame: { type: string; clientId?: string }) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const onClose = (code: number) => reject(new Error(`socket closed (${code}) before the awaited frame`));
    const onMessage = (data: WebSocket.RawData) => {
      if (!match(JSON.parse(String(data)) as { type: string })) return;
      ws.off("message", onMessage);
      ws.off("close", onClose);
      resolve();
    };
    ws.on("message", onMessage);
    ws.once("error", reject);
    ws.once("close", onClose);
  });
}
