import { describe, expect, it } from "vitest";
import { login, operatorSocket, seedAccount, startChat, visitorSocket } from "./helpers";

describe("smoke", () => {
  it("visitor and operator exchange a message", async () => {
    const account = await seedAccount();
    const cookie = await login(account.adminEmail);
    const chat = await startChat(account.siteKey, { consent: true, name: "Vera Visitor", email: "vera@example.org" });
    const visitor = await visitorSocket(account.siteKey, chat.conversationId, chat.visitorToken);
    const operator = await operatorSocket(cookie, chat.conversationId);
    visitor.send({ type: "message.send", clientId: "v1", body: "Hello" });
    await operator.until((s) => s.messages().length === 1);
    operator.send({ type: "message.send", clientId: "o1", body: "Hi Vera" });
    await visitor.until((s) => s.messages().length === 2);
    expect(visitor.messages().map((m) => m.body)).toEqual(["Hello", "Hi Vera"]);
    expect(operator.messages()[0]?.author.name).toBe("Vera Visitor");
  });
});
