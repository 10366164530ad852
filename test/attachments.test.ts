import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { deleteAbandonedUploads, UNSENT_ATTACHMENT_TTL_MS } from "../src/attachments/erase";
import { openDb } from "../src/db/client";
import { reapplyErasureLedger } from "../src/privacy/erasure-ledger";
import { sweepRetention } from "../src/privacy/retention";
import type { AttachmentInfo } from "../src/shared/attachments";
import {
  accountsD1,
  addOperator,
  BASE,
  login,
  operatorSocket,
  patchWidget,
  SITE_ORIGIN,
  seedAccount,
  startChat,
  type TestAccount,
  tracesOf,
  visitorSocket,
} from "./helpers";
import { fixture, jpegExifTags } from "./helpers/file-formats";

// Attachments end to end in workerd: upload, the message that carries the file, download, the
// sealed object in the local R2, exports, erasure, and every refusal leaving nothing behind.

interface Chat {
  account: TestAccount;
  conversationId: string;
  visitorToken: string;
  cookie: string;
}

async function chat(widget: { privacyMode?: boolean } = {}): Promise<Chat> {
  const account = await seedAccount(widget);
  const { conversationId, visitorToken } = await startChat(account.siteKey, { consent: true, name: "Vera" });
  return { account, conversationId, visitorToken, cookie: await login(account.adminEmail) };
}

const visitorUpload = (c: Chat, name: string, bytes: Uint8Array, type = "application/octet-stream", token = c.visitorToken) =>
  SELF.fetch(`${BASE}/w/${c.account.siteKey}/conversations/${c.conversationId}/attachments?name=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${token}`, "Content-Type": type },
    body: bytes,
  });

const operatorUpload = (c: Chat, name: string, bytes: Uint8Array, type: string, cookie = c.cookie) =>
  SELF.fetch(`${BASE}/api/v1/conversations/${c.conversationId}/attachments?name=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { Origin: BASE, Cookie: cookie, "Content-Type": type },
    body: bytes,
  });

const operatorDownload = (c: Chat, id: string, query = "", cookie = c.cookie) =>
  SELF.fetch(`${BASE}/api/v1/conversations/${c.conversationId}/attachments/${id}${query}`, { headers: { Cookie: cookie } });

const visitorDownload = (c: Chat, id: string, query = "") =>
  SELF.fetch(`${BASE}/w/${c.account.siteKey}/conversations/${c.conversationId}/attachments/${id}${query}`, {
    headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${c.visitorToken}` },
  });

const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

/** What R2 and D1 hold of attachments: object count and rows. */
async function stored(): Promise<{ objects: number; rows: number }> {
  const list = await env.ATTACHMENTS.list({ prefix: "f/" });
  const rows = await accountsD1.prepare("SELECT count(*) AS n FROM attachments").first<{ n: number }>();
  return { objects: list.objects.length, rows: rows?.n ?? 0 };
}

/** Uploads the GPS photo as the visitor and sends it in a message; both sockets see it. */
async function sendPhoto(c: Chat): Promise<AttachmentInfo> {
  const upload = await visitorUpload(c, "IMG_0042.jpg", fixture("photo-gps.jpg"), "image/jpeg");
  expect(upload.status).toBe(201);
  const { attachment } = (await upload.json()) as { attachment: AttachmentInfo };
  const visitor = await visitorSocket(c.account.siteKey, c.conversationId, c.visitorToken);
  const operator = await operatorSocket(c.cookie, c.conversationId);
  await visitor.until((s) => s.ofType("hello").length > 0);
  visitor.send({ type: "message.send", clientId: "photo-1", body: "Here is the damage", attachmentId: attachment.id });
  await operator.until((s) => s.messages().some((m) => m.attachment?.id === attachment.id), 10_000, "the photo message");
  const message = operator.messages().find((m) => m.attachment)!;
  expect(message.body).toBe("Here is the damage");
  expect(message.attachment).toEqual(attachment);
  visitor.close();
  operator.close();
  return attachment;
}

describe("a photo with GPS from a visitor", () => {
  it("reaches the operator stripped of GPS, is sealed in R2, travels in the exports and goes with the conversation", async () => {
    const c = await chat();
    // The fixture carries a GPS position, so what follows proves it was taken out.
    expect(jpegExifTags(fixture("photo-gps.jpg")).get("gps")?.length).toBeGreaterThan(0);
    const attachment = await sendPhoto(c);
    expect(attachment).toMatchObject({ name: "IMG_0042.jpg", type: "image/jpeg" });

    // The operator sees the image, inline, served so that nothing in it can run.
    const inline = await operatorDownload(c, attachment.id, "?inline=1");
    expect(inline.status).toBe(200);
    expect(inline.headers.get("Content-Type")).toBe("image/jpeg");
    expect(inline.headers.get("Content-Disposition")).toMatch(/^inline; filename="IMG_0042.jpg"/);
    expect(inline.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(inline.headers.get("Content-Security-Policy")).toBe("default-src 'none'; sandbox");
    const photo = await bytesOf(inline);
    expect(photo.length).toBe(attachment.size);
    const tags = jpegExifTags(photo);
    expect(tags.has("gps")).toBe(false);
    expect(tags.get("ifd0") ?? []).not.toContain(0x8825);
    // The visitor gets the same bytes.
    expect(await bytesOf(await visitorDownload(c, attachment.id))).toEqual(photo);

    // The object in the local R2, read raw: the sealed header and ciphertext, not the photo.
    const row = await accountsD1
      .prepare("SELECT object_key, name_enc FROM attachments WHERE id = ?")
      .bind(attachment.id)
      .first<{ object_key: string; name_enc: string }>();
    expect(row!.object_key).toMatch(/^f\/[0-9a-f]{32}$/);
    expect(row!.name_enc).not.toContain("IMG_0042");
    const raw = await bytesOf(new Response((await env.ATTACHMENTS.get(row!.object_key))!.body));
    expect(new TextDecoder().decode(raw.subarray(0, 4))).toBe("CFA1");
    const rawText = new TextDecoder("latin1").decode(raw);
    expect(rawText).not.toContain("JFIF");
    expect(rawText).not.toContain(new TextDecoder("latin1").decode(photo.subarray(photo.length - 64)));

    // The transcript export as a ZIP holds the file; the audit entry counts it.
    const exported = await SELF.fetch(`${BASE}/api/v1/conversations/export`, {
      method: "POST",
      headers: { Origin: BASE, Cookie: c.cookie, "Content-Type": "application/json" },
      body: JSON.stringify({ format: "csv", conversationIds: [c.conversationId], files: true }),
    });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("Content-Type")).toBe("application/zip");
    const zip = unzipSync(await bytesOf(exported));
    const path = Object.keys(zip).find((p) => p.startsWith(`files/${c.conversationId}/`))!;
    expect(path).toMatch(/\/\d+-IMG_0042\.jpg$/);
    expect(zip[path]).toEqual(photo);
    const csv = new TextDecoder().decode(zip[Object.keys(zip).find((p) => p.endsWith(".csv"))!]!);
    expect(csv).toContain(path);

    // The data-subject export: a ZIP of the JSON and the file.
    const subject = await SELF.fetch(`${BASE}/api/v1/data-subject/export`, {
      method: "POST",
      headers: { Origin: BASE, Cookie: c.cookie, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "nobody@example.org", format: "json" }),
    });
    expect(subject.headers.get("Content-Type")).toBe("application/zip");
    // (No conversation has that email: the ZIP holds the JSON and the register's entries alone.)
    expect(Object.keys(unzipSync(await bytesOf(subject)))).toEqual([
      expect.stringMatching(/^confide-data-subject-.*\.json$/),
      "data-requests.json",
    ]);

    // The visitor's transcript download is a ZIP of the text and the file.
    const transcript = await SELF.fetch(`${BASE}/w/${c.account.siteKey}/conversations/${c.conversationId}/transcript`, {
      headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${c.visitorToken}` },
    });
    expect(transcript.headers.get("Content-Type")).toBe("application/zip");
    const visitorZip = unzipSync(await bytesOf(transcript));
    expect(Object.values(visitorZip).some((bytes) => bytes.length === photo.length && bytes.every((b, i) => b === photo[i]))).toBe(true);
    const text = new TextDecoder().decode(visitorZip[Object.keys(visitorZip).find((p) => p.endsWith(".txt"))!]!);
    expect(text).toContain("Here is the damage 📎 IMG_0042.jpg");

    const audit = await accountsD1
      .prepare("SELECT action, count, file_count FROM audit_log WHERE account_id = ? AND action = 'transcripts.exported'")
      .bind(c.account.accountId)
      .first<{ count: number; file_count: number }>();
    expect(audit).toMatchObject({ count: 1, file_count: 1 });

    // Erasing the conversation removes the object; the audit entry counts the file.
    const erased = await SELF.fetch(`${BASE}/api/v1/conversations/${c.conversationId}`, {
      method: "DELETE",
      headers: { Origin: BASE, Cookie: c.cookie },
    });
    expect(erased.status).toBe(200);
    expect(await env.ATTACHMENTS.head(row!.object_key)).toBeNull();
    expect((await tracesOf(c.conversationId)).d1.attachments).toEqual([]);
    const deletion = await accountsD1
      .prepare("SELECT count, file_count FROM audit_log WHERE account_id = ? AND action = 'transcripts.deleted'")
      .bind(c.account.accountId)
      .first();
    expect(deletion).toMatchObject({ count: 1, file_count: 1 });
  });

  it("is in the data-subject export of the visitor's email, as a file beside the JSON", async () => {
    const account = await seedAccount();
    const started = await startChat(account.siteKey, { consent: true, name: "Zoe", email: "zoe.files@example.org" });
    const c = { account, ...started, cookie: await login(account.adminEmail) };
    const attachment = await sendPhoto(c);
    const res = await SELF.fetch(`${BASE}/api/v1/data-subject/export`, {
      method: "POST",
      headers: { Origin: BASE, Cookie: c.cookie, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "zoe.files@example.org", format: "json" }),
    });
    const zip = unzipSync(await bytesOf(res));
    const json = JSON.parse(new TextDecoder().decode(zip[Object.keys(zip).find((p) => p.endsWith(".json"))!]!)) as {
      conversations: { messages: { attachment?: AttachmentInfo & { file: string } }[] }[];
    };
    const carried = json.conversations[0]!.messages.find((m) => m.attachment)!.attachment!;
    expect(carried).toMatchObject({ id: attachment.id, name: "IMG_0042.jpg", type: "image/jpeg", size: attachment.size });
    expect(zip[carried.file]?.length).toBe(attachment.size);
    const audit = await accountsD1
      .prepare("SELECT count, file_count FROM audit_log WHERE account_id = ? AND action = 'data_subject.exported'")
      .bind(account.accountId)
      .first();
    expect(audit).toMatchObject({ count: 1, file_count: 1 });
  });
});

describe("refused files", () => {
  it("refuses an HTML page named .png, an SVG with script, a program, a file over the cap, and leaves nothing behind", async () => {
    const c = await chat();
    const before = await stored();
    const html = await visitorUpload(c, "cute-cat.png", fixture("page-as.png"), "image/png");
    expect(html.status).toBe(422);
    expect(await errorOf(html)).toMatchObject({ code: "attachment_type_mismatch" });
    const svg = await visitorUpload(c, "drawing.svg", fixture("drawing.svg"), "image/svg+xml");
    expect(svg.status).toBe(415);
    expect((await errorOf(svg)).code).toBe("attachment_type_not_allowed");
    const exe = await visitorUpload(c, "invoice.pdf", fixture("program.exe"), "application/pdf");
    expect(exe.status).toBe(422);
    expect((await errorOf(exe)).code).toBe("attachment_type_mismatch");

    // Over the cap: the widget allows 1 MB; a 1.2 MB text file is cut off while it streams.
    const widgetId = (await accountsD1
      .prepare("SELECT id FROM widgets WHERE site_key = ?")
      .bind(c.account.siteKey)
      .first<{ id: string }>())!.id;
    expect((await patchWidget(c.cookie, widgetId, { attachments: { maxMegabytes: 1 } })).status).toBe(200);
    const big = new TextEncoder().encode("a line of a long log file\n".repeat(50_000));
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < big.length; i += 100_000) controller.enqueue(big.subarray(i, i + 100_000));
        controller.close();
      },
    });
    const tooBig = await SELF.fetch(`${BASE}/w/${c.account.siteKey}/conversations/${c.conversationId}/attachments?name=server.log`, {
      method: "POST",
      headers: { Origin: SITE_ORIGIN, Authorization: `Bearer ${c.visitorToken}`, "Content-Type": "text/plain" },
      body: streamed,
      // @ts-expect-error workerd's fetch takes a stream body without a length
      duplex: "half",
    });
    expect(tooBig.status).toBe(413);
    expect((await errorOf(tooBig)).code).toBe("attachment_too_large");
    // The same refused at once when the client says its length.
    const declared = await visitorUpload(c, "server.log", big, "text/plain");
    expect(declared.status).toBe(413);

    // Kinds the widget does not allow.
    expect((await patchWidget(c.cookie, widgetId, { attachments: { types: ["image"] } })).status).toBe(200);
    const pdf = await visitorUpload(c, "document.pdf", fixture("document.pdf"), "application/pdf");
    expect(pdf.status).toBe(415);
    expect((await errorOf(pdf)).message).toContain("this chat accepts only");
    // Files off.
    expect((await patchWidget(c.cookie, widgetId, { attachments: { enabled: false } })).status).toBe(200);
    const off = await visitorUpload(c, "IMG.jpg", fixture("photo-gps.jpg"), "image/jpeg");
    expect(off.status).toBe(403);
    expect((await errorOf(off)).code).toBe("attachments_disabled");
    expect(await stored()).toEqual(before);
    // Files on with no kind allowed is a contradiction, refused.
    const none = await patchWidget(c.cookie, widgetId, { attachments: { enabled: true, types: [] } });
    expect(none.status).toBe(400);
  });

  it("is off by default in privacy mode, on outside it, and the widget's config says so", async () => {
    const privacy = await seedAccount({ privacyMode: true });
    const config = async (siteKey: string) =>
      (await (await SELF.fetch(`${BASE}/w/${siteKey}/config`, { headers: { Origin: SITE_ORIGIN } })).json()) as {
        attachments: { maxBytes: number; accept: string } | null;
      };
    expect((await config(privacy.siteKey)).attachments).toBeNull();
    const standard = await seedAccount();
    expect((await config(standard.siteKey)).attachments).toMatchObject({ maxBytes: 10_000_000 });
    expect((await config(standard.siteKey)).attachments!.accept).toContain(".pdf");
  });
});

describe("who may upload, send and download", () => {
  it("keeps files within their conversation, their uploader and the caller's rights", async () => {
    const c = await chat();
    const other = await chat();
    // Another conversation's visitor token, and another account's operator, get nothing.
    const foreignToken = await visitorUpload(c, "a.txt", new TextEncoder().encode("hello"), "text/plain", other.visitorToken);
    expect(foreignToken.status).toBe(403);
    const upload = await visitorUpload(c, "notes.txt", fixture("notes.txt"), "text/plain");
    const { attachment } = (await upload.json()) as { attachment: AttachmentInfo };
    expect((await operatorDownload(c, attachment.id, "", other.cookie)).status).toBe(404);
    // A watcher (chats read only) may not upload.
    const watcher = await login(await addOperator(c.account, "Read-only"));
    const watcherUpload = await operatorUpload(c, "x.txt", new TextEncoder().encode("x"), "text/plain", watcher);
    expect(watcherUpload.status).toBe(403);
    // But may see what was sent (it may read the chat).
    expect((await operatorDownload(c, attachment.id, "", watcher)).status).toBe(404); // not sent yet: the visitor's own upload
    // An operator's upload not sent yet is not the visitor's to see; once sent, it is.
    const fromOperator = await operatorUpload(c, "offer.pdf", fixture("document.pdf"), "application/pdf");
    expect(fromOperator.status).toBe(201);
    const offer = ((await fromOperator.json()) as { attachment: AttachmentInfo }).attachment;
    expect((await visitorDownload(c, offer.id)).status).toBe(404);
    const operator = await operatorSocket(c.cookie, c.conversationId);
    const visitor = await visitorSocket(c.account.siteKey, c.conversationId, c.visitorToken);
    await operator.until((s) => s.ofType("hello").length > 0);
    // The visitor cannot send the operator's file, nor a made-up id.
    visitor.send({ type: "message.send", clientId: "steal", body: "", attachmentId: offer.id });
    visitor.send({ type: "message.send", clientId: "made-up", body: "", attachmentId: crypto.randomUUID() });
    await visitor.until((s) => s.ofType("error").length >= 2);
    expect(visitor.ofType("error").map((e) => [e.code, e.clientId])).toEqual([
      ["attachment_not_found", "steal"],
      ["attachment_not_found", "made-up"],
    ]);
    // Text is still required without a file.
    visitor.send({ type: "message.send", clientId: "blank", body: "  " });
    await visitor.until((s) => s.ofType("error").length >= 3);
    expect(visitor.ofType("error")[2]).toMatchObject({ code: "invalid_frame" });
    operator.send({ type: "message.send", clientId: "offer-1", body: "", attachmentId: offer.id });
    await visitor.until((s) => s.messages().some((m) => m.attachment?.id === offer.id));
    // Resending the same clientId (a lost acknowledgement) gives the same message, once.
    operator.send({ type: "message.send", clientId: "offer-1", body: "", attachmentId: offer.id });
    // The same file under another clientId is refused: a file goes out once.
    operator.send({ type: "message.send", clientId: "offer-2", body: "", attachmentId: offer.id });
    await operator.until((s) => s.ofType("error").length > 0);
    expect(operator.ofType("error")[0]).toMatchObject({ code: "attachment_not_found", clientId: "offer-2" });
    expect(operator.messages().filter((m) => m.attachment?.id === offer.id)).toHaveLength(2);
    expect(
      new Set(
        operator
          .messages()
          .filter((m) => m.attachment)
          .map((m) => m.seq),
      ).size,
    ).toBe(1);
    const download = await visitorDownload(c, offer.id);
    expect(download.status).toBe(200);
    // Not an image: always an attachment, even when asked inline.
    expect((await visitorDownload(c, offer.id, "?inline=1")).headers.get("Content-Disposition")).toMatch(/^attachment; /);
    expect(download.headers.get("Access-Control-Allow-Origin")).toBe(SITE_ORIGIN);
    // A wrong Origin is refused before anything else.
    const wrongOrigin = await SELF.fetch(`${BASE}/w/${c.account.siteKey}/conversations/${c.conversationId}/attachments/${offer.id}`, {
      headers: { Origin: "https://evil.example", Authorization: `Bearer ${c.visitorToken}` },
    });
    expect(wrongOrigin.status).toBe(403);
    visitor.close();
    operator.close();
  });

  it("sanitises names: no path, no control or direction-override characters", async () => {
    const c = await chat();
    const res = await visitorUpload(c, "C:\\Users\\vera\\Desktop\\\u202Egnp.exe\u0000notes.txt", fixture("notes.txt"), "text/plain");
    expect(res.status).toBe(201);
    const { attachment } = (await res.json()) as { attachment: AttachmentInfo };
    expect(attachment.name).toBe("gnp.exenotes.txt");
  });
});

describe("life cycle", () => {
  it("deletes uploads no message carried after a day", async () => {
    const c = await chat();
    const res = await visitorUpload(c, "notes.txt", fixture("notes.txt"), "text/plain");
    const { attachment } = (await res.json()) as { attachment: AttachmentInfo };
    const key = (await accountsD1
      .prepare("SELECT object_key FROM attachments WHERE id = ?")
      .bind(attachment.id)
      .first<{ object_key: string }>())!.object_key;
    expect(await deleteAbandonedUploads(env, openDb(accountsD1), Date.now())).toBe(0);
    expect(await deleteAbandonedUploads(env, openDb(accountsD1), Date.now() + UNSENT_ATTACHMENT_TTL_MS + 1000)).toBeGreaterThanOrEqual(1);
    expect(await env.ATTACHMENTS.head(key)).toBeNull();
    expect(await accountsD1.prepare("SELECT 1 FROM attachments WHERE id = ?").bind(attachment.id).first()).toBeNull();
  });

  it("goes with its conversation when retention erases it, and the sweep's audit entry counts it", async () => {
    const c = await chat();
    const attachment = await sendPhoto(c);
    const key = (await accountsD1
      .prepare("SELECT object_key FROM attachments WHERE id = ?")
      .bind(attachment.id)
      .first<{ object_key: string }>())!.object_key;
    await accountsD1.prepare("UPDATE accounts SET retention_months = 1 WHERE id = ?").bind(c.account.accountId).run();
    // Ended two months ago (the room's own end and flush are another test's: here D1 is set as they leave it).
    const twoMonthsAgo = Date.now() - 62 * 86_400_000;
    await accountsD1
      .prepare("UPDATE conversations SET status = 'closed', closed_at = ?, created_at = ?, last_message_at = ? WHERE id = ?")
      .bind(twoMonthsAgo, twoMonthsAgo - 1000, twoMonthsAgo, c.conversationId)
      .run();
    expect(await sweepRetention(env, openDb(accountsD1), Date.now())).toBeGreaterThanOrEqual(1);
    expect(await env.ATTACHMENTS.head(key)).toBeNull();
    expect((await tracesOf(c.conversationId)).d1.attachments).toEqual([]);
    const audit = await accountsD1
      .prepare("SELECT count, file_count FROM audit_log WHERE account_id = ? AND action = 'retention.sweep'")
      .bind(c.account.accountId)
      .first();
    expect(audit).toMatchObject({ count: 1, file_count: 1 });
  });

  it("erases the files again when a restore brings the rows back (the erasure ledger)", async () => {
    const c = await chat();
    const attachment = await sendPhoto(c);
    const row = await accountsD1.prepare("SELECT * FROM attachments WHERE id = ?").bind(attachment.id).first<Record<string, unknown>>();
    const backup = await tracesOf(c.conversationId);
    const sealed = await bytesOf(new Response((await env.ATTACHMENTS.get(row!.object_key as string))!.body));
    await SELF.fetch(`${BASE}/api/v1/conversations/${c.conversationId}`, { method: "DELETE", headers: { Origin: BASE, Cookie: c.cookie } });
    // A restore of D1 (rows as they were) and of the object (as a bucket backup would bring it back).
    for (const table of ["conversations", "conversation_keys", "consent_receipts", "attachments"]) {
      for (const r of (table === "attachments" ? [row] : backup.d1[table]) as Record<string, unknown>[]) {
        const columns = Object.keys(r);
        await accountsD1
          .prepare(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`)
          .bind(...columns.map((k) => r[k] ?? null))
          .run();
      }
    }
    await env.ATTACHMENTS.put(row!.object_key as string, sealed);
    await reapplyErasureLedger(env, openDb(accountsD1), Date.now());
    expect(await env.ATTACHMENTS.head(row!.object_key as string)).toBeNull();
    expect((await tracesOf(c.conversationId)).d1.attachments).toEqual([]);
  });
});
