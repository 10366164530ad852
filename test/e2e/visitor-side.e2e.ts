import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { launchChromium } from "./browser";
import { api, sessionCookie } from "./session";
import { conversationOf, hostPage } from "./visitor";

// The visitor's side of a chat in Chromium: the operator's alias and photo, "Anna is typing…",
// "Seen", the question before ending, a rating with a comment, and a new chat.

/** A 1×1 PNG: the operator's photo, served from a host the visitor's browser never contacts. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

let browser: Browser;
let photoHost: Server;
let photoRequests = 0;
beforeAll(async () => {
  browser = await launchChromium();
  photoHost = createServer((_request, response) => {
    photoRequests++;
    response.writeHead(200, { "Content-Type": "image/png", "Content-Length": PNG.length }).end(PNG);
  });
  await new Promise<void>((resolve) => photoHost.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => photoHost?.close(resolve));
});

/** An operator with an alias and a photo, signed in: their session cookie. */
async function aliasedOperator(): Promise<string> {
  const admin = await sessionCookie();
  const roles = (await (await api("/team/roles", { cookie: admin })).json()) as { items: { id: string; name: string }[] };
  const email = `anna-${crypto.randomUUID().slice(0, 8)}@confide.localhost`;
  const password = "a long enough password for Anna";
  const created = await api("/team/operators", {
    method: "POST",
    cookie: admin,
    body: {
      email,
      displayName: "Johanna Realname",
      password,
      roleId: roles.items.find((role) => role.name === "Admin")!.id,
      aliasName: "Anna",
      aliasAvatarUrl: `http://127.0.0.1:${(photoHost.address() as AddressInfo).port}/anna.png`,
    },
  });
  expect(created.status).toBe(201);
  return sessionCookie({ email, password });
}

/** The operator's socket on a conversation, with a way to wait for frames. */
async function operatorOn(conversationId: string, cookie: string) {
  const baseUrl = inject("baseUrl");
  const ws = new WebSocket(`${baseUrl.replace("http", "ws")}/api/v1/conversations/${conversationId}/socket`, {
    origin: baseUrl,
    headers: { Cookie: cookie },
  });
  const frames: { type: string; seq?: number; clientId?: string }[] = [];
  ws.on("message", (data) => frames.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  await expect.poll(() => frames.some((f) => f.type === "hello")).toBe(true);
  return { ws, frames, send: (frame: unknown) => ws.send(JSON.stringify(frame)) };
}

describe("the visitor's side of a chat", () => {
  it("shows the alias and photo, typing and Seen; asks before ending; takes a rating with a comment; starts a new chat", async () => {
    const cookie = await aliasedOperator();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(hostPage());
    await page.getByRole("button", { name: "Open chat" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("checkbox").check();
    await dialog.getByRole("button", { name: "Start chat" }).click();
    const composer = dialog.getByRole("textbox", { name: "Message" });
    await composer.fill("Is my order on its way?");
    await composer.press("Enter");
    await dialog.locator('[role="log"] li[data-seq="1"]:not([data-pending])').waitFor();
    const conversationId = await conversationOf(page);

    const operator = await operatorOn(conversationId, cookie);
    await expect.poll(() => dialog.locator(".presence").textContent()).toBe("With you: Anna");
    operator.send({ type: "typing", active: true });
    await dialog.getByText("Anna is typing…").waitFor();
    operator.send({ type: "message.send", clientId: "anna-1", body: "Yes, it left this morning." });
    const answer = dialog.locator('li[data-seq="2"]');
    await answer.getByText("Yes, it left this morning.").waitFor();
    expect(await answer.locator(".author").textContent()).toBe("Anna");
    expect(await dialog.textContent()).not.toContain("Realname");
    // The photo came through Confide's origin and was drawn.
    await expect.poll(() => answer.locator("img.avatar").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    expect(await answer.locator("img.avatar").getAttribute("src")).toMatch(
      new RegExp(`^${inject("baseUrl")}/w/demo/operators/[0-9a-f-]+/avatar$`),
    );
    expect(photoRequests).toBeGreaterThan(0);
    await dialog.getByText("Anna is typing…").waitFor({ state: "hidden" });

    operator.send({ type: "read", seq: 2 });
    await dialog.locator('li[data-seq="1"] .seen').getByText("Seen").waitFor();

    await dialog.getByRole("button", { name: "End chat" }).click();
    const question = dialog.getByRole("group", { name: "End this chat?" });
    await question.getByRole("button", { name: "Cancel" }).click();
    await question.waitFor({ state: "hidden" });
    expect(await dialog.getByRole("status").first().textContent()).not.toBe("This chat has ended");
    await dialog.getByRole("button", { name: "End chat" }).click();
    await question.getByRole("button", { name: "End chat" }).click();
    await expect.poll(() => dialog.getByText("This chat has ended").count()).toBeGreaterThan(0);

    await dialog.getByRole("group", { name: "How was this chat?" }).waitFor();
    await dialog.getByRole("radio", { name: "4 of 5" }).check();
    await dialog.getByRole("textbox", { name: "Comment (optional)" }).fill("Friendly and fast.");
    await dialog.getByRole("button", { name: "Send rating" }).click();
    await dialog.getByText("Thank you for your feedback.").waitFor();
    const admin = await sessionCookie();
    const detail = (await (await api(`/conversations/${conversationId}`, { cookie: admin })).json()) as {
      rating: number;
      ratingComment: string;
    };
    expect(detail).toMatchObject({ rating: 4, ratingComment: "Friendly and fast." });

    await dialog.getByRole("button", { name: "Start a new chat" }).click();
    await dialog.getByRole("button", { name: "Start chat" }).waitFor();
    expect(await dialog.locator('[role="log"] li').count()).toBe(0);
    const old = (await (await api(`/conversations/${conversationId}`, { cookie: admin })).json()) as { status: string };
    expect(old.status).toBe("closed");
    operator.ws.close();
    await context.close();
  });
});
