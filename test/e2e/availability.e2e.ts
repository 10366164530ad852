import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { auditContext, expectAccessible } from "./axe";
import { launchChromium } from "./browser";
import { api, appLogin, sessionCookie } from "./session";
import { operatorSays } from "./visitor";

interface CaughtMail {
  to: string[];
  subject: string;
  text: string;
  links: string[];
}

/** The local mailbox's catch (scripts/local-mailbox.mjs). */
const caughtMail = async (): Promise<CaughtMail[]> => (await fetch(`${inject("mailboxUrl")}messages`)).json() as Promise<CaughtMail[]>;

/** Waits for mail to `address`, as the outbox delivers it. */
async function mailTo(address: string): Promise<CaughtMail> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    const found = (await caughtMail()).find((mail) => mail.to.includes(address));
    if (found) return found;
  }
  throw new Error(`no mail to ${address}`);
}

// What a visitor gets when nobody can answer, outside business hours and while waiting in line
// (issue 13), in Chromium on a customer's page. Each test has its own department and widget, so
// the line and the hours are theirs alone; the run's on-duty agent (on-duty.ts) is online unless a
// test takes them offline.

let browser: Browser;
let admin: string;

beforeAll(async () => {
  browser = await launchChromium();
  admin = await sessionCookie();
});

afterAll(async () => {
  await browser?.close();
});

/** A department with a widget embeddable on the customer's page; its site key and id. */
async function freshWidget(settings: Record<string, unknown> = {}): Promise<{ siteKey: string; id: string }> {
  const department = (await (
    await api("/team/departments", { method: "POST", cookie: admin, body: { name: `Dept ${crypto.randomUUID().slice(0, 6)}` } })
  ).json()) as {
    id: string;
  };
  const created = await api("/settings/widgets", {
    method: "POST",
    cookie: admin,
    body: { name: "Support", departmentId: department.id, allowedOrigins: [inject("hostUrl")] },
  });
  expect(created.status).toBe(201);
  const widget = (await created.json()) as { id: string; siteKey: string };
  if (Object.keys(settings).length > 0) {
    const patched = await api(`/settings/widgets/${widget.id}`, { method: "PATCH", cookie: admin, body: settings });
    expect(patched.status).toBe(200);
  }
  return widget;
}

async function openWidget(siteKey: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${inject("hostUrl")}/page?worker=${encodeURIComponent(inject("baseUrl"))}&siteKey=${siteKey}`);
  await page.getByRole("button", { name: "Open chat" }).click();
  await page.getByRole("dialog").waitFor();
  return page;
}

/** Runs `body` with the on-duty agent offline (as if nobody had the app open), then online again. */
async function withNobodyOnline(body: () => Promise<void>): Promise<void> {
  const onDuty = await sessionCookie(inject("onDuty"));
  expect((await api("/me/status", { method: "PUT", cookie: onDuty, body: { status: "offline" } })).status).toBe(200);
  try {
    await body();
  } finally {
    await api("/me/status", { method: "PUT", cookie: onDuty, body: { status: "online" } });
  }
}

describe("nobody online", () => {
  /** Leaves a message on `siteKey`'s widget in a new page; the conversation's id. */
  async function leaveMessage(siteKey: string, visitor: { email: string; message: string; emailReplies: boolean }): Promise<string> {
    const page = await openWidget(siteKey);
    await page.getByText("Nobody can answer right now").waitFor();
    expect(await page.getByRole("button", { name: "Start chat" }).count()).toBe(0);
    await page.getByRole("textbox", { name: "Message" }).fill(visitor.message);
    // Replies by email are a separate choice, unticked until the visitor ticks it; then the email is required.
    const replies = page.getByRole("checkbox", { name: "Send me the replies by email" });
    expect(await replies.isChecked()).toBe(false);
    if (visitor.emailReplies) {
      await replies.check();
      await page.getByRole("checkbox", { name: /I agree/ }).check();
      await page.getByRole("button", { name: "Send message" }).click();
      const email = page.getByRole("textbox", { name: "Email (optional)" });
      expect(await email.evaluate((input: HTMLInputElement) => input.validity.valueMissing)).toBe(true);
    } else {
      await page.getByRole("checkbox", { name: /I agree/ }).check();
    }
    await page.getByRole("textbox", { name: "Email (optional)" }).fill(visitor.email);
    await page.getByRole("button", { name: "Send message" }).click();
    await page
      .getByText(visitor.emailReplies ? "We will also send our answer to your email address." : "Thank you, your message has reached us.")
      .waitFor();
    // A left message is not a chat in line.
    expect(await page.getByText("Waiting for an operator").count()).toBe(0);
    await page.getByText(visitor.message).waitFor();
    const stored = await page.evaluate((key) => sessionStorage.getItem(key), `confide:${siteKey}`);
    // The visitor has gone: the reply can only reach them by email.
    await page.close();
    return (JSON.parse(stored!) as { conversationId: string }).conversationId;
  }

  it("offers the leave-a-message form; an operator's reply is emailed only to a visitor who ticked the box, and its link continues the chat", async () => {
    const widget = await freshWidget();
    const suffix = crypto.randomUUID().slice(0, 6);
    const [ticked, unticked] = [`lena-${suffix}@example.com`, `otto-${suffix}@example.com`];
    let tickedChat = "";
    let untickedChat = "";
    await withNobodyOnline(async () => {
      untickedChat = await leaveMessage(widget.siteKey, { email: unticked, message: "Just wondering about prices", emailReplies: false });
      tickedChat = await leaveMessage(widget.siteKey, { email: ticked, message: "Do you ship to Malta?", emailReplies: true });
    });
    for (const id of [untickedChat, tickedChat]) {
      expect(await (await api(`/conversations/${id}`, { cookie: admin })).json()).toMatchObject({ origin: "offline", status: "open" });
    }

    // The operator answers both later; only the visitor who asked gets the answer by email.
    await operatorSays(untickedChat, "Our prices are on the website.");
    await operatorSays(tickedChat, "Yes, we ship to Malta in 3 days.");
    const mail = await mailTo(ticked);
    expect(mail.text).toContain("Yes, we ship to Malta in 3 days.");
    // The minimum: the reply and the link, not the visitor's own message (no transcript).
    expect(mail.text).not.toContain("Do you ship to Malta?");
    expect((await caughtMail()).some((m) => m.to.includes(unticked))).toBe(false);

    // The link continues that very conversation in the widget, in a fresh browser.
    const link = mail.links.find((l) => l.includes("/chat/continue?t="));
    expect(link).toBeDefined();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(link!);
    await page.getByText("Yes, we ship to Malta in 3 days.").waitFor();
    await page.getByText("Do you ship to Malta?").waitFor();
    // Answered: the widget no longer says the message is waiting.
    await expect.poll(() => page.getByText(/has reached us|We will also send our answer/).count()).toBe(0);
    await page.getByRole("textbox", { name: "Message" }).fill("Great, thank you!");
    await page.keyboard.press("Enter");
    await expect
      .poll(
        async () => {
          const res = await api(`/conversations/${tickedChat}/messages`, { cookie: admin });
          return JSON.stringify(await res.json());
        },
        { timeout: 30_000 },
      )
      .toContain("Great, thank you!");
    await context.close();
  });
});

describe("business hours", () => {
  it("switches from the live form to the leave-a-message form at the closing minute, without a reload", async () => {
    // Open today (UTC) from midnight until the next minute boundary at least 15 s away.
    const now = new Date();
    const closing = new Date(now);
    closing.setUTCSeconds(0, 0);
    closing.setUTCMinutes(closing.getUTCMinutes() + (60 - now.getUTCSeconds() < 15 ? 2 : 1));
    const sameDay = closing.getUTCDate() === now.getUTCDate();
    const to = sameDay ? `${String(closing.getUTCHours()).padStart(2, "0")}:${String(closing.getUTCMinutes()).padStart(2, "0")}` : "24:00";
    const weekly: { from: string; to: string }[][] = [[], [], [], [], [], [], []];
    weekly[(now.getUTCDay() + 6) % 7] = [{ from: "00:00", to }];
    const widget = await freshWidget({ businessHours: { timeZone: "UTC", weekly, exceptions: [] }, outsideHours: "message" });

    const page = await openWidget(widget.siteKey);
    await page.getByRole("button", { name: "Start chat" }).waitFor();
    await page.getByRole("button", { name: "Send message" }).waitFor({ timeout: 150_000 });
    // It switched on its own: the widget asked for its configuration again at the boundary.
    expect(Date.now()).toBeGreaterThanOrEqual(
      sameDay ? closing.getTime() : Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1),
    );
    await page.getByText("We are closed right now").waitFor();
    await page.close();
  }, 200_000);
});

describe("the waiting line", () => {
  it("shows each visitor their place, counting down as an earlier chat is taken", async () => {
    const widget = await freshWidget();
    const start = async () => {
      const page = await openWidget(widget.siteKey);
      await page.getByRole("checkbox", { name: /I agree/ }).check();
      await page.getByRole("button", { name: "Start chat" }).click();
      await page.getByRole("textbox", { name: "Message" }).waitFor();
      return page;
    };
    const first = await start();
    await first.getByText("You are number 1 in line.").waitFor();
    const second = await start();
    await second.getByText("You are number 2 in line.").waitFor();

    const stored = await first.evaluate((key) => sessionStorage.getItem(key), `confide:${widget.siteKey}`);
    const { conversationId } = JSON.parse(stored!) as { conversationId: string };
    const me = (await (await api("/me", { cookie: admin })).json()) as { operator: { id: string } };
    expect(
      (await api(`/conversations/${conversationId}/assign`, { method: "POST", cookie: admin, body: { operatorId: me.operator.id } }))
        .status,
    ).toBe(200);
    await second.getByText("You are number 1 in line.").waitFor({ timeout: 30_000 });
    await first.close();
    await second.close();
  });
});

describe("waiting too long", () => {
  it("offers a visitor who has waited the widget's minutes to leave a message instead, with replies by email", async () => {
    const widget = await freshWidget({ offerMessageAfterMinutes: 1 });
    const page = await openWidget(widget.siteKey);
    await page.getByRole("checkbox", { name: /I agree/ }).check();
    await page.getByRole("button", { name: "Start chat" }).click();
    await page.getByText("You are number 1 in line.").waitFor();
    // A minute of waiting, then the next look at the line brings the offer.
    await page.getByText("Still waiting? You can leave a message instead").waitFor({ timeout: 100_000 });
    await page.getByRole("checkbox", { name: "Send me the replies by email" }).check();
    await page.getByRole("textbox", { name: "Email (optional)" }).fill("patient@example.com");
    await page.getByRole("button", { name: "Leave a message instead" }).click();
    await page.getByText("We will also send our answer to your email address.").waitFor();
    expect(await page.getByText("You are number 1 in line.").count()).toBe(0);
    const stored = await page.evaluate((key) => sessionStorage.getItem(key), `confide:${widget.siteKey}`);
    const { conversationId } = JSON.parse(stored!) as { conversationId: string };
    expect(await (await api(`/conversations/${conversationId}`, { cookie: admin })).json()).toMatchObject({
      origin: "offline",
      visitorEmail: "patient@example.com",
    });
    await page.close();
  }, 180_000);
});

describe("the operators' app", () => {
  /** The admin's status as a colleague sees it. */
  const adminStatus = async (): Promise<string | undefined> => {
    const onDuty = await sessionCookie(inject("onDuty"));
    const me = (await (await api("/me", { cookie: admin })).json()) as { operator: { id: string } };
    const { items } = (await (await api("/inbox/operators", { cookie: onDuty })).json()) as { items: { id: string; status: string }[] };
    return items.find((c) => c.id === me.operator.id)?.status;
  };

  it("shows the operator's status, chosen by hand and away when idle, and colleagues' statuses", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install();
    await appLogin(context, inject("admin")).then((p) => p.close());
    await page.goto(`${inject("baseUrl")}/app/`);
    const status = page.getByRole("combobox", { name: "Your status" });
    await status.waitFor();
    await expect.poll(() => status.inputValue()).toBe("online");
    await expect.poll(adminStatus, { timeout: 15_000 }).toBe("online");
    // Colleagues are listed with theirs: the on-duty agent is online.
    await page.getByText("Otto On-duty, Online").waitFor();

    await status.selectOption("offline");
    await expect.poll(adminStatus, { timeout: 15_000 }).toBe("offline");
    await status.selectOption("online");
    await expect.poll(adminStatus, { timeout: 15_000 }).toBe("online");

    // No input for the account's idle time (10 minutes): away, and the header says why.
    await page.clock.fastForward("10:05");
    await expect.poll(adminStatus, { timeout: 15_000 }).toBe("away");
    await page.getByText("Away while idle").waitFor();
    await page.mouse.move(200, 200);
    await page.mouse.move(220, 240);
    await expect.poll(adminStatus, { timeout: 15_000 }).toBe("online");
    await context.close();
  });

  it("marks a left message, names who has a chat, offers Take only on unassigned ones, and transfers", async () => {
    const widget = await freshWidget({ privacyMode: false });
    const start = async (body: Record<string, unknown>) => {
      const res = await fetch(`${inject("baseUrl")}/w/${widget.siteKey}/conversations`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: inject("hostUrl") },
        body: JSON.stringify({ consent: true, ...body }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { conversationId: string }).conversationId;
    };
    const left = await start({ name: "Lotte Left", leaveMessage: { clientId: "l1", body: "Call me tomorrow" } });
    const taken = await start({ name: "Theo Taken" });
    const onDuty = await sessionCookie(inject("onDuty"));
    const onDutyId = ((await (await api("/me", { cookie: onDuty })).json()) as { operator: { id: string } }).operator.id;
    expect((await api(`/conversations/${taken}/assign`, { method: "POST", cookie: admin, body: { operatorId: onDutyId } })).status).toBe(
      200,
    );
    const salesName = `Sales ${crypto.randomUUID().slice(0, 4)}`;
    const sales = (await (await api("/team/departments", { method: "POST", cookie: admin, body: { name: salesName } })).json()) as {
      id: string;
    };

    const context = await browser.newContext();
    const page = await appLogin(context);
    await page.locator(`[data-conversation-id="${left}"]`).getByText("Left message").waitFor();
    expect(await page.locator(`[data-conversation-id="${taken}"]`).getByText("Left message").count()).toBe(0);

    await page.locator(`[data-conversation-id="${taken}"]`).click();
    await page.getByText("With Otto On-duty").waitFor();
    expect(await page.getByRole("button", { name: "Take", exact: true }).count()).toBe(0);
    await page.getByRole("combobox", { name: "Transfer to department" }).selectOption({ label: salesName });
    await page.getByRole("button", { name: "Transfer" }).click();
    await page.getByText(`Transferred to ${salesName}.`).waitFor();
    const moved = (await (await api(`/conversations/${taken}`, { cookie: admin })).json()) as {
      departmentId: string;
      assignedOperatorId: string | null;
    };
    expect(moved).toMatchObject({ departmentId: sales.id, assignedOperatorId: null });
    // Now nobody has it: Take is offered.
    await page.getByRole("button", { name: "Take", exact: true }).waitFor();
    await context.close();
  });
});

describe("accessibility", () => {
  it("the leave-a-message form and the operator's status and colleagues meet WCAG 2.2 AA", async () => {
    const widget = await freshWidget({ offerMessageAfterMinutes: 1 });
    await withNobodyOnline(async () => {
      const context = await auditContext(browser);
      const page = await context.newPage();
      await page.goto(`${inject("hostUrl")}/page?worker=${encodeURIComponent(inject("baseUrl"))}&siteKey=${widget.siteKey}`);
      await page.getByRole("button", { name: "Open chat" }).click();
      await page.getByText("Nobody can answer right now").waitFor();
      await page.getByRole("checkbox", { name: "Send me the replies by email" }).check();
      await expectAccessible(page, "the leave-a-message form");
      await context.close();
    });

    const context = await auditContext(browser);
    const app = await appLogin(context);
    await app.getByRole("combobox", { name: "Your status" }).waitFor();
    await app.getByText("Otto On-duty, Online").waitFor();
    await expectAccessible(app, "the inbox with the status and colleagues");
    await context.close();
  });
});
