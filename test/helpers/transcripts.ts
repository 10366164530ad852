import { env } from "cloudflare:workers";
import { shownText } from "../../src/consent/archive";
import { emailIndex, nameTokenIndexes } from "../../src/crypto/blind-index";
import { createDataKey, loadKeyRing } from "../../src/crypto/key-ring";
import { flushToAccountDatabase, insertConversation, type MessageRow, markClosed } from "../../src/db/conversations";
import { accountDb, type TestAccount } from "./index";

/** A visitor's message row as a room flushes it, with a stand-in for the sealed body: for tests of the flush itself. */
export const flushedRow = (accountId: string, conversationId: string, seq: number): MessageRow => ({
  accountId,
  conversationId,
  seq,
  clientId: `c-${seq}`,
  authorKind: "visitor",
  bodyEnc: "sealed body",
  createdAt: Date.now(),
});

export interface SeedOptions {
  name?: string;
  email?: string;
  bodies?: string[];
  createdAt?: number;
  widgetId?: string;
  departmentId?: string;
  closed?: boolean;
  language?: string;
  /** The KEY_RING secret to wrap the data key with; the test env's by default. */
  keyRing?: string;
}

/**
 * Stored transcripts written straight to D1 through the same encryption and queries the rooms use
 * (data key per conversation, sealed bodies, blind indexes), without opening rooms: a quick way
 * to have many ended conversations.
 */
export async function seedTranscript(account: TestAccount, o: SeedOptions = {}): Promise<string> {
  const db = await accountDb(account);
  // A real room id, as in production, though the room itself is never opened.
  const id = env.CONVERSATIONS.newUniqueId().toString();
  const { cipher, wrappedKey } = await createDataKey(await loadKeyRing(o.keyRing ?? env.KEY_RING), account.accountId, id);
  const createdAt = o.createdAt ?? Date.now();
  await insertConversation(db, {
    id,
    accountId: account.accountId,
    widgetId: o.widgetId ?? account.widgetId,
    departmentId: o.departmentId ?? account.departmentId,
    language: o.language ?? "en",
    wrappedKey,
    visitorNameEnc: o.name ? await cipher.encrypt("visitor.name", o.name) : null,
    visitorEmailEnc: o.email ? await cipher.encrypt("visitor.email", o.email) : null,
    visitorEmailBidx: o.email ? await emailIndex(env.BLIND_INDEX_KEY, account.accountId, o.email) : null,
    nameTokenBidx: o.name ? await nameTokenIndexes(env.BLIND_INDEX_KEY, account.accountId, o.name) : [],
    origin: "chat",
    // The built-in notice in the chat's language, archived with the receipt as the widget does.
    consent: {
      disclaimer: await shownText(
        { id: o.widgetId ?? account.widgetId, accountId: account.accountId, disclaimerTexts: null },
        o.language ?? "en",
      ),
      emailReplies: false,
    },
    privacyMode: true,
    identityLookup: false,
    visit: null,
    now: createdAt,
  });
  const bodies = o.bodies ?? ["Hello", "Hi, how can I help?"];
  // The room's own flush.
  await flushToAccountDatabase(
    env,
    account.accountId,
    id,
    await Promise.all(
      bodies.map(async (body, i) => {
        const place = {
          seq: i + 1,
          authorKind: i % 2 === 0 ? ("visitor" as const) : ("operator" as const),
          authorOperatorId: i % 2 === 0 ? null : account.adminId,
        };
        return {
          ...place,
          accountId: account.accountId,
          conversationId: id,
          clientId: `seed-${i}`,
          authorName: i % 2 === 0 ? null : "Ada Admin",
          bodyEnc: await cipher.encryptMessage(place, body),
          createdAt: createdAt + i * 1000,
        };
      }),
    ),
  );
  if (o.closed ?? true) await markClosed(db, account.accountId, id, createdAt + bodies.length * 1000);
  return id;
}
