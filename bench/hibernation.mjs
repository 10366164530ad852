// Do idle rooms leave memory? N conversations (a visitor and an operator socket each) exchange a
// message, then stay connected and silent; afterwards each visitor sends once more. The usage meter
// (USAGE_METER=1, src/platform/usage-meter.ts) logs each instance a Durable Object makes, so rooms
// made again for that last message are rooms workerd had evicted while idle (it evicts an object
// idle for 10 s whose sockets are all hibernatable); their sockets must still carry the message.
// Also prints the memory per conversation, connected and after the idle spell.
//
// Usage: node bench/hibernation.mjs [--conversations 30] [--idle-seconds 30]
import { loadavg } from "node:os";
import { freePort, login, machine, next, numberArg, openConversation, pool, round, startConfide, treeRss } from "./lib.mjs";
import { connectInspector, heapUsed } from "./profile.mjs";

// 30: the usage meter logs a line per statement, and with 200 rooms at once its output overwhelmed wrangler dev
// (measured: 32 of 200 first messages within two minutes, then the output outgrew a string).
const CONVERSATIONS = numberArg("conversations", 30);
const IDLE_SECONDS = numberArg("idle-seconds", 30);

/** Rooms made so far, from the meter's lines in wrangler's output. */
const roomsMade = (output) => output.split("\n").filter((line) => line.includes('"k":"construct","object":"ConversationRoom"')).length;

const loadAtStart = loadavg().map((n) => round(n, 2));
const inspectorPort = await freePort();
const confide = await startConfide({ vars: { USAGE_METER: "1" }, args: ["--inspector-port", String(inspectorPort)] });
const inspector = await connectInspector(inspectorPort);
try {
  const cookie = await login(confide.url);
  const rssBefore = treeRss(confide.pid);
  const heapBefore = await heapUsed(inspector);
  const conversations = await pool(Array.from({ length: CONVERSATIONS }), 16, async () => {
    const { visitor, operators } = await openConversation(confide.url, cookie);
    return { visitor, operator: operators[0] };
  });
  /** One message from each visitor; resolves with how many reached their operator within two minutes. */
  const say = async (clientId) => {
    let delivered = 0;
    await Promise.all(
      conversations.map(async ({ visitor, operator }, c) => {
        const id = `${clientId}-${c}`;
        const arrived = next(operator, (f) => f.type === "message.created" && f.clientId === id, 120_000, id);
        visitor.ws.send(JSON.stringify({ type: "message.send", clientId: id, body: "hello" }));
        if (
          await arrived.then(
            () => true,
            () => false,
          )
        )
          delivered++;
      }),
    );
    return delivered;
  };
  const deliveredFirst = await say("first");
  if (deliveredFirst < CONVERSATIONS) console.log(`only ${deliveredFirst} of ${CONVERSATIONS} first messages arrived`);
  // The first message's flush alarm comes 2 s later; let it pass, then measure the active rooms.
  await new Promise((r) => setTimeout(r, 4_000));
  const rssActive = treeRss(confide.pid);
  const heapActive = await heapUsed(inspector);
  const madeBeforeIdle = roomsMade(confide.output());
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  const rssIdle = treeRss(confide.pid);
  const heapIdle = await heapUsed(inspector);
  const deliveredAfterIdle = await say("after-idle");
  const socketsClosed = conversations.filter(({ visitor, operator }) => visitor.ws.readyState !== 1 || operator.ws.readyState !== 1).length;
  const madeAgain = roomsMade(confide.output()) - madeBeforeIdle;
  for (const { visitor, operator } of conversations) {
    visitor.ws.close();
    operator.ws.close();
  }
  const perConversation = (bytes) => round(bytes / 1024 / CONVERSATIONS, 1);
  const result = {
    conversations: CONVERSATIONS,
    idleSeconds: IDLE_SECONDS,
    roomsMadeAgainAfterIdle: madeAgain,
    deliveredAfterIdle,
    socketsClosed,
    rssKibPerConversationActive: perConversation(rssActive - rssBefore),
    rssKibPerConversationIdle: perConversation(rssIdle - rssBefore),
    heapKibPerConversationActive: perConversation(heapActive - heapBefore),
    heapKibPerConversationIdle: perConversation(heapIdle - heapBefore),
  };
  console.log(`load average at start: ${loadAtStart.join(", ")}`);
  console.log(
    `${CONVERSATIONS} conversations idle for ${IDLE_SECONDS} s with their sockets open: ${madeAgain} rooms were made again for the next message (evicted while idle); ${deliveredAfterIdle} of ${CONVERSATIONS} delivered it within two minutes (${socketsClosed} with a socket closed)`,
  );
  console.log(
    `memory per conversation (KiB): process tree RSS ${result.rssKibPerConversationActive} active, ${result.rssKibPerConversationIdle} after the idle spell; worker isolate's used heap ${result.heapKibPerConversationActive} active, ${result.heapKibPerConversationIdle} after it (garbage not yet collected included)`,
  );
  console.log(
    JSON.stringify({ benchmark: "hibernation", date: new Date().toISOString(), machine: machine(), loadAverage: loadAtStart, ...result }),
  );
  if (deliveredAfterIdle < CONVERSATIONS)
    console.log(
      `wrangler dev's last lines:\n${confide
        .output()
        .split("\n")
        .filter((l) => !l.includes("usage-meter"))
        .slice(-30)
        .join("\n")}`,
    );
} finally {
  inspector.close();
  await confide.stop();
}
