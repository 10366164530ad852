import { env } from "cloudflare:workers";

/** A message the local mailbox caught (scripts/local-mailbox.mjs), decoded. */
export interface CaughtMail {
  from: string;
  to: string[];
  subject: string;
  headers: Record<string, string>;
  text: string;
  links: string[];
}

/** Everything the local mailbox caught so far. */
export async function caughtMail(): Promise<CaughtMail[]> {
  const res = await fetch(`${env.MAILBOX_URL}messages`);
  return res.json();
}

/** The mail caught for `address`, waiting until `count` of them arrived (deliveries run in the background). */
export async function mailTo(address: string, count = 1, timeoutMs = 10_000): Promise<CaughtMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = (await caughtMail()).filter((m) => m.to.includes(address));
    if (mail.length >= count) return mail;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} mail(s) to ${address}; got ${mail.length}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
