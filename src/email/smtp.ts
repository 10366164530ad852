import { connect } from "cloudflare:sockets";

// A small SMTP client (RFC 5321) over Workers TCP sockets: EHLO, STARTTLS, AUTH PLAIN or LOGIN,
// MAIL/RCPT/DATA with dot-stuffing, one message per connection. worker-mailer 1.2.1 was tried
// first and not used: with STARTTLS asked for, it carries on in plain text when the server does not
// offer STARTTLS (the password then crosses the network unencrypted), and its reader spins without
// pause once the server closes the connection. Errors here carry the server's reply code and our
// own wording only, never an address or any content, because they are stored (outbox last_error).

/** How the connection is secured: implicit TLS (465), STARTTLS (587), or none (127.0.0.1 only). */
export type SmtpSecurity = "tls" | "starttls" | "none";

export interface SmtpConfig {
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string | null;
  password: string | null;
  /** The sender address, `SMTP_FROM`: a bare address or `Name <address>`. */
  from: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  /** Plain text; lines end with \n or \r\n. */
  text: string;
}

/** Why a delivery failed, in words safe to store and show to admins. */
export class SmtpError extends Error {
  override name = "SmtpError";
  constructor(
    message: string,
    /** The server's reply code, when it answered with one; 5xx is permanent. */
    readonly replyCode: number | null = null,
  ) {
    super(message);
  }
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);
/** One address, no display name, nothing that could break out of a header or an SMTP command. */
const ADDRESS = /^[^\s<>()",;:@\\]+@[^\s<>()",;:@\\]+$/;

/** The configured sender as [header value, envelope address]; null when it is not an address. */
function parseFrom(from: string): { header: string; address: string } | null {
  const named = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(from);
  const address = (named?.[2] ?? from).trim();
  if (!ADDRESS.test(address)) return null;
  const name = named?.[1]?.replace(/^"|"$/g, "").trim();
  return { header: name ? `${encodeHeaderWord(name)} <${address}>` : address, address };
}

/**
 * The SMTP settings from the worker's secrets and variables; null when email is off (no host or
 * no sender). A configuration that is set but unusable (a bad port or security, plain text to a
 * remote host) throws, so a mistake is loud rather than a silent "email off".
 */
export function smtpConfigFrom(env: Partial<Record<SmtpVariable, string>>): SmtpConfig | null {
  const host = env.SMTP_HOST?.trim();
  const from = env.SMTP_FROM?.trim();
  if (!host || !from) return null;
  const security = (env.SMTP_SECURITY?.trim() || "starttls") as SmtpSecurity;
  if (!["tls", "starttls", "none"].includes(security)) throw new SmtpError('SMTP_SECURITY must be "tls", "starttls" or "none".');
  if (security === "none" && !LOCAL_HOSTS.has(host))
    throw new SmtpError('SMTP_SECURITY "none" is allowed only for 127.0.0.1 or localhost.');
  const port = Number(env.SMTP_PORT ?? (security === "tls" ? 465 : 587));
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SmtpError("SMTP_PORT is not a port number.");
  if (!parseFrom(from)) throw new SmtpError("SMTP_FROM is not an email address.");
  return { host, port, security, user: env.SMTP_USER || null, password: env.SMTP_PASSWORD || null, from };
}

/** The variables smtpConfigFrom reads. */
export type SmtpVariable = "SMTP_HOST" | "SMTP_PORT" | "SMTP_SECURITY" | "SMTP_USER" | "SMTP_PASSWORD" | "SMTP_FROM";

/** Whether `address` is one plain email address we can put into a header and an SMTP command. */
export const isMailAddress = (address: string): boolean => ADDRESS.test(address) && address.length <= 254;

const encoder = new TextEncoder();
const base64Of = (text: string): string => {
  let binary = "";
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
};

/**
 * A header value as RFC 2047 encoded words when it is not plain ASCII. Each word holds whole
 * characters of at most 45 UTF-8 bytes, so it stays within 75 characters and no character is split.
 */
export function encodeHeaderWord(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const words: string[] = [];
  let chunk = "";
  for (const char of value) {
    if (encoder.encode(chunk + char).length > 45) {
      words.push(chunk);
      chunk = "";
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${base64Of(word)}?=`).join("\r\n ");
}

/** UTF-8 text as quoted-printable (RFC 2045), lines of at most 76 characters, CRLF line ends. */
export function quotedPrintable(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => {
      let encoded = "";
      const bytes = encoder.encode(line);
      bytes.forEach((byte, i) => {
        const last = i === bytes.length - 1;
        // Space and tab are literal except at a line's end, where transports may strip them.
        const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
        encoded += literal ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, "0")}`;
      });
      const lines: string[] = [];
      while (encoded.length > 76) {
        // Break before 76 with a soft line break, never inside an "=XX".
        let cut = 75;
        const escapeAt = encoded.lastIndexOf("=", cut);
        if (escapeAt > cut - 3) cut = escapeAt;
        lines.push(`${encoded.slice(0, cut)}=`);
        encoded = encoded.slice(cut);
      }
      lines.push(encoded);
      return lines.join("\r\n");
    })
    .join("\r\n");
}

/** The whole message (headers and body) as it goes after DATA, before dot-stuffing. */
export function formatMessage(config: Pick<SmtpConfig, "from">, message: MailMessage, now = new Date()): string {
  const from = parseFrom(config.from);
  if (!from) throw new SmtpError("SMTP_FROM is not an email address.");
  if (!isMailAddress(message.to)) throw new SmtpError("The recipient is not an email address.");
  const domain = from.address.split("@")[1];
  const headers = [
    `From: ${from.header}`,
    `To: ${message.to}`,
    `Subject: ${encodeHeaderWord(message.subject.replace(/[\r\n]+/g, " "))}`,
    `Date: ${now.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <${crypto.randomUUID()}@${domain}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    // No bounces or vacation replies into a loop with an automatic sender.
    "Auto-Submitted: auto-generated",
  ];
  return `${headers.join("\r\n")}\r\n\r\n${quotedPrintable(message.text)}`;
}

/** Dot-stuffing (RFC 5321 4.5.2): a line that begins with "." gets another, so none ends DATA early. */
export const dotStuffed = (data: string): string => data.replace(/(^|\r\n)\./g, "$1..");

/** Reads SMTP replies line by line from a socket. */
class ReplyReader {
  private buffer = "";
  private readonly decoder = new TextDecoder();
  constructor(private reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** The next complete reply (all its lines), within `deadline`. */
  async reply(deadline: number): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    for (;;) {
      const end = this.buffer.indexOf("\r\n");
      if (end >= 0) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const match = /^(\d{3})([ -])(.*)$/.exec(line);
        if (!match) throw new SmtpError("The SMTP server sent a malformed reply.");
        lines.push(match[3] ?? "");
        if (match[2] === " ") return { code: Number(match[1]), lines };
        continue;
      }
      const chunk = await withDeadline(this.reader.read(), deadline);
      if (chunk.done) throw new SmtpError("The SMTP server closed the connection.");
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
      if (this.buffer.length > 64 * 1024) throw new SmtpError("The SMTP server's reply is too long.");
    }
  }

  /** The reader of a socket after STARTTLS: anything buffered before the upgrade would be a protocol error. */
  replace(reader: ReadableStreamDefaultReader<Uint8Array>): void {
    if (this.buffer) throw new SmtpError("The SMTP server sent data before the TLS handshake.");
    this.reader = reader;
  }
}

async function withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SmtpError("The SMTP server did not answer in time.")), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long one delivery may take, connection to QUIT. */
const DELIVERY_TIMEOUT_MS = 20_000;

/**
 * Sends one message over a new connection and closes it. Resolves once the server accepted the
 * message (250 after DATA); throws SmtpError otherwise.
 */
export async function sendMail(config: SmtpConfig, message: MailMessage, timeoutMs = DELIVERY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const data = dotStuffed(formatMessage(config, message));
  const sender = parseFrom(config.from)!.address;
  let socket: Socket;
  try {
    socket = connect(
      { hostname: config.host, port: config.port },
      { secureTransport: config.security === "tls" ? "on" : config.security === "starttls" ? "starttls" : "off", allowHalfOpen: false },
    );
  } catch {
    throw new SmtpError("Could not connect to the SMTP server.");
  }
  let writer = socket.writable.getWriter();
  const replies = new ReplyReader(socket.readable.getReader());
  const write = (line: string) => withDeadline(writer.write(encoder.encode(`${line}\r\n`)), deadline);
  /** Sends a command (or nothing) and checks the reply's code; `what` names the step in errors, never its arguments. */
  const command = async (line: string | null, expected: number, what: string) => {
    if (line !== null) await write(line);
    const reply = await replies.reply(deadline);
    // 250 stands for any success (RCPT may answer 251); the other steps have one right answer.
    const accepted = expected === 250 ? reply.code >= 200 && reply.code < 300 : reply.code === expected;
    if (!accepted) {
      throw new SmtpError(`The SMTP server refused ${what} (${reply.code}).`, reply.code);
    }
    return reply;
  };
  try {
    try {
      await withDeadline(socket.opened, deadline);
    } catch (error) {
      throw error instanceof SmtpError ? error : new SmtpError("Could not connect to the SMTP server.");
    }
    const helloName = sender.split("@")[1] ?? "localhost";
    await command(null, 220, "the connection");
    let capabilities = (await command(`EHLO ${helloName}`, 250, "EHLO")).lines;
    if (config.security === "starttls") {
      // Required, never optional: without it the password and the message would go in plain text.
      if (!capabilities.some((c) => /^STARTTLS\b/i.test(c))) throw new SmtpError("The SMTP server does not offer STARTTLS.");
      await command("STARTTLS", 220, "STARTTLS");
      writer.releaseLock();
      socket = socket.startTls();
      writer = socket.writable.getWriter();
      replies.replace(socket.readable.getReader());
      capabilities = (await command(`EHLO ${helloName}`, 250, "EHLO after STARTTLS")).lines;
    }
    if (config.user) await authenticate(capabilities, config.user, config.password ?? "", command);
    await command(`MAIL FROM:<${sender}>`, 250, "the sender");
    await command(`RCPT TO:<${message.to}>`, 250, "the recipient");
    await command("DATA", 354, "DATA");
    await write(`${data}\r\n.`);
    await command(null, 250, "the message");
    // The message is accepted; a QUIT that goes wrong changes nothing about that.
    await write("QUIT").catch(() => undefined);
  } catch (error) {
    if (error instanceof SmtpError) throw error;
    throw new SmtpError("The connection to the SMTP server failed.");
  } finally {
    socket.close().catch(() => undefined);
  }
}

type Command = (line: string | null, expected: number, what: string) => Promise<{ code: number; lines: string[] }>;

/** AUTH PLAIN when offered, else AUTH LOGIN (RFC 4954, 4616). */
async function authenticate(capabilities: string[], user: string, password: string, command: Command): Promise<void> {
  const auth =
    capabilities
      .find((c) => /^AUTH[ =]/i.test(c))
      ?.toUpperCase()
      .split(/[ =]/) ?? [];
  if (auth.includes("PLAIN")) {
    await command(`AUTH PLAIN ${base64Of(`\u0000${user}\u0000${password}`)}`, 235, "the credentials");
  } else if (auth.includes("LOGIN")) {
    await command("AUTH LOGIN", 334, "AUTH LOGIN");
    await command(base64Of(user), 334, "the user name");
    await command(base64Of(password), 235, "the credentials");
  } else {
    throw new SmtpError("The SMTP server offers neither AUTH PLAIN nor AUTH LOGIN.");
  }
}
