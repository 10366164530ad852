// bench/storage.ts's "plaintext over HTTP" baseline: the search Confide answers at
// POST /api/v1/conversations/search, over the same wrangler dev HTTP path, from the plaintext
// `baseline_*` tables (bench/seed.ts) with the same page size (50, one more row read for the
// cursor) and the same JSON shape. It authenticates nothing, derives no blind index and decrypts
// nothing: the difference to Confide is what those cost. Started by bench/storage.ts with
// bench/plain-search.wrangler.toml on Confide's state directory; never deployed.

import { toBase64Url } from "../src/crypto/encoding";
import { createDataKey, loadKeyRing, openDataKey } from "../src/crypto/key-ring";

interface PlainEnv {
  DB: D1Database;
}

interface PlainRow {
  id: string;
  visitor_name: string | null;
  visitor_email: string | null;
  language: string | null;
  status: "open" | "closed";
  message_count: number;
  rating: number | null;
  created_at: number;
  last_message_at: number | null;
  closed_at: number | null;
}

const PAGE = 50;
const COLUMNS = "id, visitor_name, visitor_email, language, status, message_count, rating, created_at, last_message_at, closed_at";

/** The same three searches as the plain SQL baseline in bench/storage.ts. */
function query(db: D1Database, body: Record<string, unknown>): D1PreparedStatement {
  const order = `ORDER BY created_at DESC LIMIT ${PAGE + 1}`;
  if (typeof body.email === "string")
    return db.prepare(`SELECT ${COLUMNS} FROM baseline_conversations WHERE visitor_email = ? ${order}`).bind(body.email.toLowerCase());
  if (typeof body.name === "string")
    return db.prepare(`SELECT ${COLUMNS} FROM baseline_conversations WHERE visitor_name LIKE ? ${order}`).bind(`%${body.name}%`);
  return db
    .prepare(
      `SELECT ${COLUMNS} FROM baseline_conversations WHERE status = ? AND created_at >= ? AND created_at < ? AND language = ? AND rating = ? ${order}`,
    )
    .bind(body.status, Date.parse(String(body.from)), Date.parse(String(body.to)), body.language, body.rating);
}

/** A conversation's wrapped data key and sealed name and email, made once with a key ring of its own. */
let sealedSummary: Promise<{ ring: string; wrappedKey: string; nameEnc: string; emailEnc: string }> | undefined;
const ACCOUNT = "bench-account";
const CONVERSATION = "0".repeat(64);

async function sealOne() {
  const material = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  const ring = JSON.stringify({ active: "k1", keys: { k1: material } });
  const { cipher, wrappedKey } = await createDataKey(await loadKeyRing(ring), ACCOUNT, CONVERSATION);
  return {
    ring,
    wrappedKey,
    nameEnc: await cipher.encrypt("visitor.name", "Dora Surname0042"),
    emailEnc: await cipher.encrypt("visitor.email", "dora.surname0042@example.org"),
  };
}

/**
 * What a search page's decryption costs inside workerd, with Confide's own code (src/crypto): `n`
 * summaries, each its data key unwrapped and imported, then its name and email decrypted, as
 * summarise does per row. bench/storage.ts times this from outside at two sizes, since workerd's
 * clock does not move while a request computes.
 */
async function openSummaries(n: number): Promise<Response> {
  sealedSummary ??= sealOne();
  const sealed = await sealedSummary;
  const ring = await loadKeyRing(sealed.ring);
  for (let i = 0; i < n; i++) {
    const cipher = await openDataKey(ring, sealed.wrappedKey, ACCOUNT, CONVERSATION);
    await cipher.decrypt("visitor.name", sealed.nameEnc);
    await cipher.decrypt("visitor.email", sealed.emailEnc);
  }
  return new Response(`opened ${n}`);
}

export default {
  async fetch(request: Request, env: PlainEnv): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/bench/open-summaries") return openSummaries(Number(url.searchParams.get("n") ?? 50));
    // Anything but the search answers 200, so wrangler's readiness check (GET /demo) passes.
    if (request.method !== "POST" || url.pathname !== "/api/v1/conversations/search") return new Response("plain search baseline");
    const body = (await request.json()) as Record<string, unknown>;
    const rows = (await query(env.DB, body).all<PlainRow>()).results;
    const page = rows.slice(0, PAGE);
    const last = page.at(-1);
    return Response.json({
      // The fields of Confide's conversation summary; what the plaintext tables do not hold is null or empty.
      items: page.map((r) => ({
        id: r.id,
        status: r.status,
        origin: "chat",
        widgetId: null,
        departmentId: null,
        visitorName: r.visitor_name,
        visitorEmail: r.visitor_email,
        language: r.language,
        messageCount: r.message_count,
        assignedOperatorId: null,
        assignedOperatorName: null,
        rating: r.rating,
        ratingComment: null,
        tags: [],
        hasConsent: true,
        avatarUrl: null,
        verifiedUserId: null,
        createdAt: r.created_at,
        lastMessageAt: r.last_message_at,
        closedAt: r.closed_at,
        waitingSince: null,
        lastMessage: null,
      })),
      nextCursor: rows.length > PAGE && last ? `${last.created_at}:${last.id}` : null,
    });
  },
} satisfies ExportedHandler<PlainEnv>;
