import type { Page } from "playwright-core";
import { inject } from "vitest";
import WebSocket from "ws";
import { frameOn, liveVisitor } from "./live-visitor";
import { sessionCookie } from "./session";

// Visitors and an operator talking, for the accessibility and keyboard tests: through the widget on a
// customer's page, or straight over the visitors' REST API and socket (./live-visitor.ts).

/** The customer's page (another origin than Confide) with the widget of `worker` on it. */
export const hostPage = (worker = inject("baseUrl")) => `${inject("hostUrl")}/page?worker=${encodeURIComponent(worker)}`;

/** The conversation the widget on `page` started in this tab (the demo widget's stored session). */
export async function conversationOf(page: Page, siteKey = "demo"): Promise<string> {
  const stored = await page.evaluate((key) => sessionStorage.getItem(key), `confide:${siteKey}`);
  if (!stored) throw new Error(`no conversation stored for ${siteKey}`);
  return (JSON.parse(stored) as { conversationId: string }).conversationId;
}

/**
 * The admin writes `body` into the conversation over the operators' socket, then ends the
 * conversation when asked; resolves once the room has stored the message (and the ending).
 */
export async function operatorSays(
  conversationId: string,
  body: string,
  options: { end?: boolean } = {},
  baseUrl = inject("baseUrl"),
): Promise<void> {
  const ws = new WebSocket(`${baseUrl.replace("http", "ws")}/api/v1/conversations/${conversationId}/socket`, {
    origin: baseUrl,
    headers: { Cookie: await sessionCookie(inject("admin"), baseUrl) },
  });
  const clientId = `a11y-${crypto.randomUUID()}`;
  try {
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const stored = frameOn(ws, (frame) => frame.type === "message.created" && frame.clientId === clientId);
    ws.send(JSON.stringify({ type: "message.send", clientId, body }));
    await stored;
    if (options.end) {
      const closed = frameOn(ws, (frame) => frame.type === "conversation.closed");
      ws.send(JSON.stringify({ type: "conversation.close" }));
      await closed;
    }
  } finally {
    ws.close();
  }
}

/**
 * A visitor's chat on the demo widget, started over REST, with `bodies` sent and stored; ended
 * (which stores it among the transcripts) when asked.
 */
export async function visitorConversation(
  visitor: { name: string; email: string },
  bodies: string[],
  end: boolean,
  baseUrl = inject("baseUrl"),
): Promise<string> {
  const live = await liveVisitor(visitor, baseUrl);
  try {
    for (const body of bodies) await live.say(body);
    if (end) await live.end();
  } finally {
    live.leave();
  }
  return live.conversationId;
}
