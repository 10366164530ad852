// The baseline: a minimal Node `ws` broadcast server with Confide's message semantics and nothing
// else: per room, one sequence, an echo to the sender as acknowledgement, and the same frame to
// everyone else. No authentication, encryption, storage or deduplication: the floor to compare with.
import { WebSocketServer } from "ws";

export function startBaseline(port) {
  const rooms = new Map();
  const server = new WebSocketServer({ host: "127.0.0.1", port, perMessageDeflate: false });
  server.on("connection", (ws, request) => {
    const roomId = new URL(request.url, "http://x").pathname;
    let room = rooms.get(roomId);
    if (!room) {
      room = { seq: 0, sockets: new Set() };
      rooms.set(roomId, room);
    }
    room.sockets.add(ws);
    ws.send(JSON.stringify({ type: "hello", lastSeq: room.seq }));
    ws.on("message", (data) => {
      const frame = JSON.parse(String(data));
      if (frame.type !== "message.send") return;
      room.seq += 1;
      const out = JSON.stringify({
        type: "message.created",
        seq: room.seq,
        clientId: frame.clientId,
        body: frame.body,
        createdAt: Date.now(),
      });
      for (const other of room.sockets) other.send(out);
    });
    ws.on("close", () => room.sockets.delete(ws));
  });
  return new Promise((resolve) =>
    server.on("listening", () => resolve({ url: `ws://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) })),
  );
}

// Run on its own (a separate process, as Confide is): node bench/baseline-ws-server.mjs <port>
if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2]);
  await startBaseline(port);
  console.log("listening");
}
