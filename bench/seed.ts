// The bulk path for the storage benchmarks: ended conversations written straight to local D1 with
// the product's own encryption (src/crypto: a data key per conversation wrapped by the key ring,
// AES-256-GCM bodies and visitor fields, HMAC blind indexes), through the secrets in .dev.vars that
// wrangler dev uses. It differs from the live path only in skipping the rooms: every row is what a
// room's flush and the close would have left. The same data goes, in plain text, into
// `baseline_*` tables: the plaintext SQLite baseline.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getPlatformProxy } from "wrangler";
import { ROOT } from "../scripts/local.mjs";
import { emailIndex, nameTokenIndexes } from "../src/crypto/blind-index";
import { createDataKey, loadKeyRing } from "../src/crypto/key-ring";
import { freshState } from "./lib.mjs";

export const FIRST_NAMES = [
  "Anna",
  "Ben",
  "Clara",
  "David",
  "Elif",
  "Finn",
  "Greta",
  "Hugo",
  "Ines",
  "Jonas",
  "Katja",
  "Luca",
  "Mia",
  "Noah",
  "Olga",
  "Paul",
  "Rosa",
  "Sven",
  "Tara",
  "Umut",
];
/** 1,000 surnames: each names about one conversation in a thousand. */
export const SURNAMES = Array.from({ length: 1000 }, (_, i) => `Surname${String(i).padStart(4, "0")}`);
export const LANGUAGES = ["de", "en", "fr", "it", "es", "nl", "pl", "sv"];
const DAY = 86_400_000;

export const visitorOf = (i: number) => {
  const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
  const last = SURNAMES[Math.floor(i / FIRST_NAMES.length) % SURNAMES.length]!;
  return { name: `${first} ${last}`, email: `${first}.${last}.${i}@example.org`.toLowerCase(), language: LANGUAGES[i % LANGUAGES.length]! };
};

export function devVars(): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of readFileSync(join(ROOT, ".dev.vars"), "utf8").split("\n")) {
    const match = line.match(/^([A-Z_]+)=(.*)$/);
    if (match) vars[match[1]!] = match[2]!;
  }
  return vars;
}

/**
 * One statement for many rows: the rows travel as one JSON parameter and SQLite unpacks them with
 * json_each. (D1 binds at most 100 parameters, so row-per-statement inserts would need thousands.)
 */
function insertRows(d1: D1Database, table: string, rows: Record<string, string | number | null>[]): D1PreparedStatement[] {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!);
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const slice = rows.slice(i, i + 500);
    statements.push(
      d1
        .prepare(
          `INSERT INTO ${table} (${columns.join(", ")}) SELECT ${columns.map((c) => `json_extract(value, '$.${c}')`).join(", ")} FROM json_each(?)`,
        )
        .bind(JSON.stringify(slice)),
    );
  }
  return statements;
}

export interface SeedOptions {
  persistDir: string;
  accountId: string;
  widgetId: string;
  departmentId: string;
  operatorId: string;
  conversations: number;
  messagesPerConversation: number;
  /** Conversations start this many days ago at most (spread evenly), and end within the hour. */
  spreadDays: number;
  /** Shift every time this far into the past (for the retention sweep). */
  ageDays?: number;
  onProgress?: (done: number) => void;
}

/** Seeds conversations and the plaintext baseline; resolves to the seconds it took. */
export async function seed(o: SeedOptions): Promise<number> {
  const started = performance.now();
  const secrets = devVars();
  const ring = await loadKeyRing(secrets.KEY_RING);
  const proxy = await getPlatformProxy<{ DB: D1Database }>({ persist: { path: `${o.persistDir}/v3` }, remoteBindings: false });
  try {
    const d1 = proxy.env.DB;
    await d1.batch([
      d1.prepare(
        "CREATE TABLE IF NOT EXISTS baseline_conversations (id TEXT PRIMARY KEY, visitor_name TEXT, visitor_email TEXT, language TEXT, status TEXT, message_count INTEGER, rating INTEGER, created_at INTEGER, last_message_at INTEGER, closed_at INTEGER)",
      ),
      d1.prepare("CREATE INDEX IF NOT EXISTS baseline_conversations_email ON baseline_conversations (visitor_email)"),
      d1.prepare("CREATE INDEX IF NOT EXISTS baseline_conversations_time ON baseline_conversations (status, created_at)"),
      d1.prepare(
        "CREATE TABLE IF NOT EXISTS baseline_messages (conversation_id TEXT, seq INTEGER, author_kind TEXT, author_name TEXT, body TEXT, created_at INTEGER, PRIMARY KEY (conversation_id, seq))",
      ),
    ]);
    const now = Date.now() - (o.ageDays ?? 0) * DAY;
    const BATCH = 250;
    for (let start = 0; start < o.conversations; start += BATCH) {
      const rows: Record<string, Record<string, string | number | null>[]> = {
        conversations: [],
        conversation_keys: [],
        conversation_name_tokens: [],
        consent_receipts: [],
        messages: [],
        baseline_conversations: [],
        baseline_messages: [],
      };
      for (let i = start; i < Math.min(start + BATCH, o.conversations); i++) {
        // A room id has 64 hex digits; these rooms never open (their chats ended long ago).
        const id = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");
        const visitor = visitorOf(i);
        const createdAt = now - Math.floor((i / o.conversations) * o.spreadDays * DAY);
        const { cipher, wrappedKey } = await createDataKey(ring, o.accountId, id);
        const bodies = Array.from({ length: o.messagesPerConversation }, (_, m) =>
          m % 2 === 0 ? `Question ${m} from ${visitor.name} about order ${i}-${m}` : `Answer ${m}: your order ${i}-${m} ships tomorrow.`,
        );
        const lastAt = createdAt + (bodies.length - 1) * 20_000;
        const rating = (i % 5) + 1;
        rows.conversations!.push({
          id,
          account_id: o.accountId,
          widget_id: o.widgetId,
          department_id: o.departmentId,
          status: "closed",
          language: visitor.language,
          visitor_name_enc: await cipher.encrypt("visitor.name", visitor.name),
          visitor_email_enc: await cipher.encrypt("visitor.email", visitor.email),
          visitor_email_bidx: await emailIndex(secrets.BLIND_INDEX_KEY!, o.accountId, visitor.email),
          privacy_mode: 1,
          identity_lookup: 0,
          assigned_operator_id: o.operatorId,
          message_count: bodies.length,
          rating,
          created_at: createdAt,
          last_message_at: lastAt,
          closed_at: lastAt + 60_000,
        });
        rows.conversation_keys!.push({ conversation_id: id, account_id: o.accountId, wrapped_key: wrappedKey, created_at: createdAt });
        for (const token of await nameTokenIndexes(secrets.BLIND_INDEX_KEY!, o.accountId, visitor.name))
          rows.conversation_name_tokens!.push({ conversation_id: id, account_id: o.accountId, token_bidx: token });
        rows.consent_receipts!.push({
          id: crypto.randomUUID(),
          account_id: o.accountId,
          conversation_id: id,
          widget_id: o.widgetId,
          disclaimer_hash: "0".repeat(64),
          language: visitor.language,
          consented_at: createdAt,
        });
        rows.baseline_conversations!.push({
          id,
          visitor_name: visitor.name,
          visitor_email: visitor.email,
          language: visitor.language,
          status: "closed",
          message_count: bodies.length,
          rating,
          created_at: createdAt,
          last_message_at: lastAt,
          closed_at: lastAt + 60_000,
        });
        for (const [m, body] of bodies.entries()) {
          const visitorSpeaks = m % 2 === 0;
          const at = createdAt + m * 20_000;
          // The same binding (seq, author kind and id) as a room's flush leaves.
          const place = {
            seq: m + 1,
            authorKind: visitorSpeaks ? ("visitor" as const) : ("operator" as const),
            authorOperatorId: visitorSpeaks ? null : o.operatorId,
          };
          rows.messages!.push({
            account_id: o.accountId,
            conversation_id: id,
            seq: place.seq,
            client_id: `seed-${m}`,
            author_kind: place.authorKind,
            author_operator_id: place.authorOperatorId,
            author_name: visitorSpeaks ? null : "Demo Admin",
            body_enc: await cipher.encryptMessage(place, body),
            created_at: at,
          });
          rows.baseline_messages!.push({
            conversation_id: id,
            seq: m + 1,
            author_kind: visitorSpeaks ? "visitor" : "operator",
            author_name: visitorSpeaks ? null : "Demo Admin",
            body,
            created_at: at,
          });
        }
      }
      await d1.batch(Object.entries(rows).flatMap(([table, list]) => insertRows(d1, table, list)));
      o.onProgress?.(Math.min(start + BATCH, o.conversations));
    }
  } finally {
    await proxy.dispose();
  }
  return (performance.now() - started) / 1000;
}

/** The demo account's ids, for seeding into it. */
export async function demoAccount(
  persistDir: string,
): Promise<{ accountId: string; widgetId: string; departmentId: string; operatorId: string }> {
  const proxy = await getPlatformProxy<{ DB: D1Database }>({ persist: { path: `${persistDir}/v3` }, remoteBindings: false });
  try {
    const row = await proxy.env.DB.prepare(
      "SELECT w.account_id AS accountId, w.id AS widgetId, w.department_id AS departmentId, o.id AS operatorId FROM widgets w JOIN operators o ON o.account_id = w.account_id WHERE w.site_key = 'demo' LIMIT 1",
    ).first<{
      accountId: string;
      widgetId: string;
      departmentId: string;
      operatorId: string;
    }>();
    if (!row) throw new Error("no demo account: run the first run first");
    return row;
  } finally {
    await proxy.dispose();
  }
}

/** Runs `work` with the local D1 of `persistDir` (while wrangler dev is not running on it). */
export async function withD1<T>(persistDir: string, work: (d1: D1Database) => Promise<T>): Promise<T> {
  const proxy = await getPlatformProxy<{ DB: D1Database }>({ persist: { path: `${persistDir}/v3` }, remoteBindings: false });
  try {
    return await work(proxy.env.DB);
  } finally {
    await proxy.dispose();
  }
}

/**
 * A fresh state directory with the demo account and `conversations` ended chats of its standard
 * widget seeded into it, progress on stderr. The origin only fills the demo widget's allowed
 * origins: nothing here loads the widget.
 */
export async function seededState(
  o: Omit<SeedOptions, "persistDir" | "accountId" | "widgetId" | "departmentId" | "operatorId" | "onProgress">,
): Promise<{ persistDir: string; seedSeconds: number }> {
  const persistDir = freshState(["http://127.0.0.1"]);
  let lastReport = 0;
  const seedSeconds = await seed({
    persistDir,
    ...(await demoAccount(persistDir)),
    ...o,
    onProgress: (done) => {
      if (done - lastReport >= 10_000 || done === o.conversations) {
        lastReport = done;
        process.stderr.write(`seeded ${done} conversations\n`);
      }
    },
  });
  return { persistDir, seedSeconds };
}
