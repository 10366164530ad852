import { isoCBOR } from "@simplewebauthn/server/helpers";
import { fromBase64, toBase64Url, utf8 } from "../../src/crypto/encoding";

// A software WebAuthn authenticator for the workerd tests: a real P-256 key made with WebCrypto,
// real authenticator data, clientDataJSON and signatures, so the server checks exactly what a
// browser would send. Each response can be bent (origin, user verification, counter) to play an
// attacker. The browser flow itself is tested with Chromium's virtual authenticator (test/e2e/passkeys.e2e.ts).

interface Bend {
  /** The origin the "browser" puts into clientDataJSON; the relying party's by default. */
  origin?: string;
  /** Whether the authenticator claims it verified the user (PIN, biometric); true by default. */
  userVerified?: boolean;
  /** The signature counter to report instead of the next one. */
  counter?: number;
}

const sha256 = async (data: Uint8Array<ArrayBuffer>) => new Uint8Array(await crypto.subtle.digest("SHA-256", data));

const concat = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const u32 = (n: number) => new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);

/** WebCrypto signs ECDSA as r‖s; WebAuthn carries it DER-encoded. */
function derSignature(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    let v = bytes.slice(i);
    if (v[0]! & 0x80) v = concat(new Uint8Array([0]), v);
    return concat(new Uint8Array([0x02, v.length]), v);
  };
  const body = concat(integer(raw.slice(0, 32)), integer(raw.slice(32)));
  return concat(new Uint8Array([0x30, body.length]), body);
}

export class SoftAuthenticator {
  readonly credentialId = toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
  counter = 0;
  private keys: CryptoKeyPair | null = null;
  private userHandle: string | null = null;

  constructor(readonly rp: { id: string; origin: string }) {}

  private async authData(flags: number, counter: number, attested?: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    return concat(await sha256(utf8(this.rp.id)), new Uint8Array([flags]), u32(counter), attested ?? new Uint8Array());
  }

  private clientData(type: "webauthn.create" | "webauthn.get", challenge: string, bend: Bend): Uint8Array<ArrayBuffer> {
    return utf8(JSON.stringify({ type, challenge, origin: bend.origin ?? this.rp.origin, crossOrigin: false }));
  }

  /** What navigator.credentials.create() answers to `options` (JSON form). */
  async register(options: { challenge: string; user: { id: string } }, bend: Bend = {}) {
    this.keys = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
    this.userHandle = options.user.id;
    const jwk = (await crypto.subtle.exportKey("jwk", this.keys.publicKey)) as JsonWebKey;
    const cose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, fromBase64(jwk.x!)],
        [-3, fromBase64(jwk.y!)],
      ]),
    );
    const id = fromBase64(this.credentialId);
    const attested = concat(new Uint8Array(16), new Uint8Array([id.length >> 8, id.length & 255]), id, cose);
    const flags = 0x01 | (bend.userVerified === false ? 0 : 0x04) | 0x40;
    const authData = await this.authData(flags, this.counter, attested);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Map<string, string> | Uint8Array>([
        ["fmt", "none"],
        ["attStmt", new Map<string, string>()],
        ["authData", authData],
      ]),
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key" as const,
      response: {
        clientDataJSON: toBase64Url(this.clientData("webauthn.create", options.challenge, bend)),
        attestationObject: toBase64Url(attestationObject),
        transports: ["internal"],
      },
      authenticatorAttachment: "platform" as const,
      clientExtensionResults: { credProps: { rk: true } },
    };
  }

  /** What navigator.credentials.get() answers to `options` (JSON form) with this passkey. */
  async assert(options: { challenge: string }, bend: Bend = {}) {
    if (!this.keys || !this.userHandle) throw new Error("register first");
    const counter = bend.counter ?? ++this.counter;
    const authData = await this.authData(0x01 | (bend.userVerified === false ? 0 : 0x04), counter);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, bend);
    const raw = new Uint8Array(
      await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, this.keys.privateKey, concat(authData, await sha256(clientDataJSON))),
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key" as const,
      response: {
        clientDataJSON: toBase64Url(clientDataJSON),
        authenticatorData: toBase64Url(authData),
        signature: toBase64Url(derSignature(raw)),
        userHandle: this.userHandle,
      },
      authenticatorAttachment: "platform" as const,
      clientExtensionResults: {},
    };
  }
}
