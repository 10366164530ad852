import { and, asc, eq, gt, inArray, isNull, or } from "drizzle-orm";
import { chunks, type Db, inAccount, newId } from "./client";
import { type ArchivedText, recordInForce } from "./consent-texts";
import { bindingFor, DatabaseMappingError, databaseByBinding, knownBinding } from "./databases";
import { consentReceipts, conversationKeys, conversationNameTokens, conversations, messages, pageViews } from "./schema";

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferInsert;

export interface NewConversation {
  id: string;
  accountId: string;
  widgetId: string;
  departmentId: string;
  language: string;
  wrappedKey: string;
  visitorNameEnc: string | null;
  visitorEmailEnc: string | null;
  visitorEmailBidx: string | null;
  nameTokenBidx: string[];
  privacyMode: boolean;
  identityLookup: boolean;
  /** A verified visitor's id, sealed, and its blind index (src/conversation/verified-visitor.ts); null when unverified. */
  verifiedUser?: { enc: string; bidx: string } | null;
  /** Outside privacy mode only: sealed IP, User-Agent, referrer, country, and the first page view. */
  visit: {
    ipEnc: string | null;
    userAgentEnc: string | null;
    referrerEnc: string | null;
    countryEnc: string | null;
    firstPageEnc: string | null;
  } | null;
  /** A live chat, or a message left while nobody could answer. */
  origin: "chat" | "offline";
  /** The disclaimer the visitor agreed to (its text, hash and language, archived with the receipt), and whether they asked for replies by email. */
  consent: { disclaimer: ArchivedText; emailReplies: boolean } | null;
  now: number;
}

/** Creates the conversation with its wrapped key, name tokens and consent receipt in one batch. */
export async function insertConversation(db: Db, c: NewConversation): Promise<void> {
  const statements = [
    db.insert(conversations).values({
      id: c.id,
      accountId: c.accountId,
      widgetId: c.widgetId,
      departmentId: c.departmentId,
      status: "open",
      origin: c.origin,
      language: c.language,
      visitorNameEnc: c.visitorNameEnc,
      visitorEmailEnc: c.visitorEmailEnc,
      visitorEmailBidx: c.visitorEmailBidx,
      privacyMode: c.privacyMode,
      identityLookup: c.identityLookup,
      verifiedUserEnc: c.verifiedUser?.enc ?? null,
      verifiedUserBidx: c.verifiedUser?.bidx ?? null,
      visitorIpEnc: c.visit?.ipEnc ?? null,
      visitorUserAgentEnc: c.visit?.userAgentEnc ?? null,
      visitorReferrerEnc: c.visit?.referrerEnc ?? null,
      visitorCountryEnc: c.visit?.countryEnc ?? null,
      createdAt: c.now,
    }),
    db.insert(conversationKeys).values({ conversationId: c.id, accountId: c.accountId, wrappedKey: c.wrappedKey, createdAt: c.now }),
    ...c.nameTokenBidx.map((tokenBidx) =>
      db.insert(conversationNameTokens).values({ conversationId: c.id, accountId: c.accountId, tokenBidx }),
    ),
  ] as const;
  const firstPage = c.visit?.firstPageEnc
    ? [
        db
          .insert(pageViews)
          .values({ id: newId(), accountId: c.accountId, conversationId: c.id, urlEnc: c.visit.firstPageEnc, viewedAt: c.now }),
      ]
    : [];
  const consent = c.consent
    ? [
        db.insert(consentReceipts).values({
          id: newId(),
          accountId: c.accountId,
          conversationId: c.id,
          widgetId: c.widgetId,
          disclaimerHash: c.consent.disclaimer.hash,
          language: c.consent.disclaimer.language,
          emailReplies: c.consent.emailReplies,
          consentedAt: c.now,
        }),
        // In the same batch: no receipt can name a text the archive does not hold.
        recordInForce(db, c.consent.disclaimer, c.now),
      ]
    : [];
  await db.batch([...statements, ...consent, ...firstPage]);
}

export const findConversation = (db: Db, accountId: string, conversationId: string) =>
  db.query.conversations.findFirst({
    where: and(eq(conversations.id, conversationId), eq(conversations.accountId, accountId)),
  });

export async function findWrappedKey(db: Db, accountId: string, conversationId: string): Promise<string | null> {
  const row = await db.query.conversationKeys.findFirst({
    where: and(eq(conversationKeys.conversationId, conversationId), eq(conversationKeys.accountId, accountId)),
  });
  return row?.wrappedKey ?? null;
}

/** Assigns an open conversation (null: back to waiting); false when it is not open. */
export async function assignConversation(db: Db, accountId: string, conversationId: string, operatorId: string | null): Promise<boolean> {
  const updated = await db
    .update(conversations)
    .set({ assignedOperatorId: operatorId })
    .where(and(eq(conversations.accountId, accountId), eq(conversations.id, conversationId), eq(conversations.status, "open")))
    .returning({ id: conversations.id });
  return updated.length > 0;
}

/**
 * A waiting chat becomes a left message: origin "offline", the email the visitor gave for replies
 * (sealed, with its blind index) if any, and their choice about replies by email on the receipt
 * (one is written if the chat had none, as the choice must be recorded). One batch.
 */
export async function becomeOffline(
  db: Db,
  c: {
    accountId: string;
    conversationId: string;
    widgetId: string;
    email: { enc: string; bidx: string } | null;
    receipt: { exists: boolean; emailReplies: boolean; disclaimer: ArchivedText };
    now: number;
  },
): Promise<void> {
  const where = and(eq(conversations.accountId, c.accountId), eq(conversations.id, c.conversationId));
  const receiptWhere = and(eq(consentReceipts.accountId, c.accountId), eq(consentReceipts.conversationId, c.conversationId));
  await db.batch([
    db
      .update(conversations)
      .set({ origin: "offline", ...(c.email ? { visitorEmailEnc: c.email.enc, visitorEmailBidx: c.email.bidx } : {}) })
      .where(where),
    ...(c.receipt.exists
      ? [db.update(consentReceipts).set({ emailReplies: c.receipt.emailReplies }).where(receiptWhere)]
      : [
          db.insert(consentReceipts).values({
            id: newId(),
            accountId: c.accountId,
            conversationId: c.conversationId,
            widgetId: c.widgetId,
            disclaimerHash: c.receipt.disclaimer.hash,
            language: c.receipt.disclaimer.language,
            emailReplies: c.receipt.emailReplies,
            consentedAt: c.now,
          }),
          recordInForce(db, c.receipt.disclaimer, c.now),
        ]),
  ]);
}

/** Whether the conversation has a consent receipt. */
export async function hasConsentReceipt(db: Db, accountId: string, conversationId: string): Promise<boolean> {
  return (await withConsent(db, accountId, [conversationId])).size > 0;
}

/** Moves an open conversation to another department, unassigned; the moved row, or null when it is not open. */
export async function moveToDepartment(
  db: Db,
  accountId: string,
  conversationId: string,
  departmentId: string,
): Promise<ConversationRow | null> {
  const [moved] = await db
    .update(conversations)
    .set({ departmentId, assignedOperatorId: null })
    .where(and(eq(conversations.accountId, accountId), eq(conversations.id, conversationId), eq(conversations.status, "open")))
    .returning();
  return moved ?? null;
}

/** This account's conversations among `ids`, in chunks within D1's parameter limit. */
export async function findConversations(db: Db, accountId: string, ids: readonly string[]): Promise<ConversationRow[]> {
  const rows: ConversationRow[] = [];
  for (const chunk of chunks(ids)) {
    rows.push(
      ...(await db
        .select()
        .from(conversations)
        .where(and(inAccount(conversations.accountId, accountId), inArray(conversations.id, chunk)))),
    );
  }
  return rows;
}

/** Which of these conversations have a consent receipt. */
export async function withConsent(db: Db, accountId: string, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunks(ids)) for (const row of await consentedQuery(db, accountId, chunk)) found.add(row.id);
  return found;
}

/** Which of one chunk of conversations (at most `chunks`' size) have a consent receipt. */
export const consentedQuery = (db: Db, accountId: string, ids: string[]) =>
  db
    .selectDistinct({ id: consentReceipts.conversationId })
    .from(consentReceipts)
    .where(and(inAccount(consentReceipts.accountId, accountId), inArray(consentReceipts.conversationId, ids)));

/** What a flush found where it wrote (see flushMessages). */
export type FlushOutcome = "written" | "conversation gone" | "not held";

// What a flush checks in the database it writes to, inside its own batch (see flushMessages).
// Together their parameters are: conversation, account, account, binding.
/** The conversation's row is in this database. Parameters: conversation, account. */
const CONVERSATION_HERE = 'exists (select 1 from "conversations" where "id" = ? and "account_id" = ?)';
/**
 * A note of a move names another database for the account (account_databases: in DB the directory
 * itself, elsewhere the note a move leaves; src/db/databases.ts). Parameters: account, binding.
 */
const NOTED_ELSEWHERE = 'exists (select 1 from "account_databases" where "account_id" = ? and "binding" <> ?)';
/** This database holds the conversation for `binding`. */
const HELD_HERE = `${CONVERSATION_HERE} and not ${NOTED_ELSEWHERE}`;

/**
 * Writes flushed messages and advances the conversation's counters in one batch, one round trip. A
 * (conversation_id, seq) already present is left as is, so a flush retried after a crash writes
 * nothing twice. Every statement writes only while the database holds the conversation for
 * `binding` (HELD_HERE), checked inside the batch's transaction: a room flushes to the database
 * its isolate last heard of without asking first, and after a move or an erasure nothing is
 * written and the outcome says which. With no rows, only the check runs.
 */
export async function flushMessages(
  db: Db,
  binding: string,
  accountId: string,
  conversationId: string,
  rows: MessageRow[],
): Promise<FlushOutcome> {
  const d1 = db.$client;
  const held = [conversationId, accountId, accountId, binding];
  const last = rows.at(-1);
  const writes = last
    ? [
        d1
          .prepare(
            `update "conversations" set "message_count" = ?, "last_message_at" = ? where "id" = ? and "account_id" = ? and "message_count" < ? and ${HELD_HERE}`,
          )
          .bind(last.seq, last.createdAt, conversationId, accountId, last.seq, ...held),
        ...rows.map((row) =>
          d1
            .prepare(
              `insert into "messages" ("account_id", "conversation_id", "seq", "client_id", "author_kind", "author_operator_id", "author_name", "author_avatar_url", "body_enc", "attachment", "created_at") select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? where ${HELD_HERE} on conflict do nothing`,
            )
            .bind(
              accountId,
              conversationId,
              row.seq,
              row.clientId,
              row.authorKind,
              row.authorOperatorId ?? null,
              row.authorName ?? null,
              row.authorAvatarUrl ?? null,
              row.bodyEnc,
              row.attachment ?? null,
              row.createdAt,
              ...held,
            ),
        ),
      ]
    : [];
  const check = d1.prepare(`select ${CONVERSATION_HERE} as "conversation", ${NOTED_ELSEWHERE} as "elsewhere"`).bind(...held);
  const results = await d1.batch<{ conversation: number; elsewhere: number }>([...writes, check]);
  const found = results.at(-1)?.results[0];
  if (!found || found.elsewhere) return "not held";
  return found.conversation ? "written" : "conversation gone";
}

/**
 * flushMessages on the account's database, with no round trip to find it: first the one this
 * isolate last heard the directory name (unchecked: the batch checks it). Only when the batch finds
 * the account elsewhere or the conversation gone, the database found as every other lookup finds it
 * (bindingFor: checked, the directory read again if need be) takes the flush, and its answer is
 * final. Nothing is written where the account is not.
 */
export async function flushToAccountDatabase(
  env: Env,
  accountId: string,
  conversationId: string,
  rows: MessageRow[],
): Promise<FlushOutcome> {
  const known = await knownBinding(env, accountId);
  if (known && (await flushMessages(databaseByBinding(env, known), known, accountId, conversationId, rows)) === "written") return "written";
  const binding = await bindingFor(env, accountId);
  const outcome = await flushMessages(databaseByBinding(env, binding), binding, accountId, conversationId, rows);
  if (outcome === "not held") throw new DatabaseMappingError(`account ${accountId} is not in the database that holds it (${binding})`);
  return outcome;
}

/** At most `limit` archived messages with seq > `after`, in order (a cursor over the transcript). */
export const messagesAfter = (db: Db, accountId: string, conversationId: string, after: number, limit: number) =>
  db.query.messages.findMany({
    where: (t, { and, eq, gt }) => and(eq(t.accountId, accountId), eq(t.conversationId, conversationId), gt(t.seq, after)),
    orderBy: (t, { asc }) => [asc(t.seq)],
    limit,
  });

export async function insertPageView(
  db: Db,
  args: { accountId: string; conversationId: string; urlEnc: string; now: number },
): Promise<void> {
  await db
    .insert(pageViews)
    .values({ id: newId(), accountId: args.accountId, conversationId: args.conversationId, urlEnc: args.urlEnc, viewedAt: args.now });
}

/** The visit's page views, oldest first, at most `limit`. */
export const pageViewsOf = (db: Db, accountId: string, conversationId: string, limit: number) =>
  db
    .select()
    .from(pageViews)
    .where(and(eq(pageViews.accountId, accountId), eq(pageViews.conversationId, conversationId)))
    .orderBy(asc(pageViews.viewedAt))
    .limit(limit);

export type SealedMessageRow = typeof messages.$inferSelect;

/**
 * Messages of several conversations in (conversation, seq) order, after a keyset position:
 * one query for many conversations. `ids` must fit one statement (at most ERASE_CHUNK-sized pages).
 */
export const messagesOfConversations = (
  db: Db,
  accountId: string,
  ids: string[],
  after: { conversationId: string; seq: number } | null,
  limit: number,
) =>
  db
    .select()
    .from(messages)
    .where(
      and(
        inAccount(messages.accountId, accountId),
        inArray(messages.conversationId, ids),
        after
          ? or(
              gt(messages.conversationId, after.conversationId),
              and(eq(messages.conversationId, after.conversationId), gt(messages.seq, after.seq)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(messages.conversationId), asc(messages.seq))
    .limit(limit);

/** The wrapped data keys of these conversations, by id (chunked within D1's limits). */
export async function findWrappedKeys(db: Db, accountId: string, ids: readonly string[]): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  for (const chunk of chunks(ids)) for (const row of await wrappedKeysQuery(db, accountId, chunk)) keys.set(row.id, row.wrappedKey);
  return keys;
}

/** The wrapped data keys of one chunk of conversations (at most `chunks`' size). */
export const wrappedKeysQuery = (db: Db, accountId: string, ids: string[]) =>
  db
    .select({ id: conversationKeys.conversationId, wrappedKey: conversationKeys.wrappedKey })
    .from(conversationKeys)
    .where(and(inAccount(conversationKeys.accountId, accountId), inArray(conversationKeys.conversationId, ids)));

/** Sets the visitor's rating (and sealed comment) unless the conversation has one: true when this call set it. */
export async function rateOnce(
  db: Db,
  accountId: string,
  conversationId: string,
  rating: number,
  ratingCommentEnc: string | null,
): Promise<boolean> {
  const rated = await db
    .update(conversations)
    .set({ rating, ratingCommentEnc })
    .where(and(eq(conversations.id, conversationId), eq(conversations.accountId, accountId), isNull(conversations.rating)))
    .returning({ id: conversations.id });
  return rated.length > 0;
}

export async function markClosed(db: Db, accountId: string, conversationId: string, now: number): Promise<void> {
  await db
    .update(conversations)
    .set({ status: "closed", closedAt: now })
    .where(and(eq(conversations.id, conversationId), eq(conversations.accountId, accountId), eq(conversations.status, "open")));
}
