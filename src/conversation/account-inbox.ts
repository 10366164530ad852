import { DurableObject } from "cloudflare:workers";
import type { InboxChangedFrame, InboxErasedFrame, InboxFrame } from "../shared/protocol";

/** What an inbox socket may see: all departments (null) or a list. Set by the worker. */
export interface InboxSubscriber {
  operatorId: string;
  departmentIds: string[] | null;
  /** The session or API token the socket was opened with, and when it ends for good. */
  credential: { id: string; expiresAt: number | null };
}

export const INBOX_SUBSCRIBER_HEADER = "x-confide-subscriber";

/**
 * One per account: tells the operators' apps which conversations changed, so inboxes update live.
 * It relays ids only (no names, no messages) and stores nothing; sockets hibernate between events.
 */
export class AccountInbox extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  override async fetch(request: Request): Promise<Response> {
    const subscriber = request.headers.get(INBOX_SUBSCRIBER_HEADER);
    if (request.headers.get("Upgrade") !== "websocket" || !subscriber) {
      return Response.json({ error: { code: "upgrade_required", message: "Expected a WebSocket upgrade." } }, { status: 426 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment(JSON.parse(subscriber) as InboxSubscriber);
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Announces that a conversation of `departmentId` changed to the sockets allowed to see it. */
  async notify(departmentId: string, conversationId: string): Promise<void> {
    const frame: InboxChangedFrame = { type: "conversation.changed", conversationId };
    this.broadcast([{ departmentId, frame }]);
  }

  /** Announces erased conversations, each to the sockets that could see it: apps drop them at once. */
  async erased(conversations: readonly { id: string; departmentId: string }[]): Promise<void> {
    this.broadcast(conversations.map(({ id, departmentId }) => ({ departmentId, frame: { type: "conversation.erased", conversationId: id } satisfies InboxErasedFrame })));
  }

  private broadcast(events: readonly { departmentId: string; frame: InboxFrame }[]): void {
    const texts = events.map((e) => ({ departmentId: e.departmentId, text: JSON.stringify(e.frame) }));
    for (const ws of this.ctx.getWebSockets()) {
      const { departmentIds, credential } = ws.deserializeAttachment() as InboxSubscriber;
      if (credential.expiresAt !== null && Date.now() >= credential.expiresAt) {
        ws.close(1008, "session expired");
        continue;
      }
      for (const { departmentId, text } of texts) {
        if (departmentIds && !departmentIds.includes(departmentId)) continue;
        try {
          ws.send(text);
        } catch {
          // Closing; nothing to tell it.
        }
      }
    }
  }

  /** Closes the sockets of an operator (of one session or token, or all): sign-out, disabling, role change. */
  async revokeOperator(operatorId: string, credentialId?: string): Promise<number> {
    let closed = 0;
    for (const ws of this.ctx.getWebSockets()) {
      const subscriber = ws.deserializeAttachment() as InboxSubscriber;
      if (subscriber.operatorId !== operatorId || (credentialId && subscriber.credential.id !== credentialId)) continue;
      ws.close(1008, "signed out");
      closed++;
    }
    return closed;
  }

  override async webSocketMessage(): Promise<void> {
    // The inbox socket is one-way; clients only ping, which the auto-response answers.
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
    } catch {
      // Already closed.
    }
  }
}
