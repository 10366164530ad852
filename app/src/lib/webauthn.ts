// The browser's own WebAuthn API with the server's JSON forms: byte fields travel as base64url,
// navigator.credentials wants ArrayBuffers. Small on purpose: a library for this would outweigh it.

/** A failure of the browser's passkey prompt, as an error code the app has a text for. */
export class PasskeyPromptError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "PasskeyPromptError";
    this.code = code;
  }
}

export function toBase64Url(bytes: ArrayBuffer): string {
  let binary = "";
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): ArrayBuffer {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/** True when this browser has WebAuthn at all (every current one does; an old or locked-down one may not). */
export const passkeysSupported = (): boolean =>
  typeof window.PublicKeyCredential === "function" && typeof navigator.credentials?.create === "function";

interface CredentialDescriptorJSON {
  id: string;
  type: "public-key";
  transports?: AuthenticatorTransport[];
}

export interface CreationOptionsJSON {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
  pubKeyCredParams: { type: "public-key"; alg: number }[];
  timeout?: number;
  excludeCredentials?: CredentialDescriptorJSON[];
  authenticatorSelection?: AuthenticatorSelectionCriteria;
  attestation?: AttestationConveyancePreference;
  extensions?: AuthenticationExtensionsClientInputs;
}

export interface RequestOptionsJSON {
  challenge: string;
  rpId?: string;
  timeout?: number;
  allowCredentials?: CredentialDescriptorJSON[];
  userVerification?: UserVerificationRequirement;
}

const descriptor = (d: CredentialDescriptorJSON): PublicKeyCredentialDescriptor => ({
  type: d.type,
  id: fromBase64Url(d.id),
  ...(d.transports ? { transports: d.transports } : {}),
});

/** The browser's errors, as codes: cancelled or timed out, a host WebAuthn refuses, a passkey this authenticator already holds. */
function promptError(error: unknown): PasskeyPromptError {
  const name = error instanceof DOMException ? error.name : "";
  if (name === "NotAllowedError" || name === "AbortError")
    return new PasskeyPromptError("passkey_cancelled", "The passkey prompt was cancelled or timed out.");
  if (name === "SecurityError")
    return new PasskeyPromptError("passkey_insecure_host", "Passkeys need a host name served over HTTPS (or localhost).");
  if (name === "InvalidStateError") return new PasskeyPromptError("passkey_exists", "This authenticator already holds a passkey for you.");
  return new PasskeyPromptError("passkey_unavailable", "The browser could not use a passkey.");
}

const transportsOf = (response: AuthenticatorResponse): string[] =>
  "getTransports" in response && typeof response.getTransports === "function"
    ? (response as AuthenticatorAttestationResponse).getTransports()
    : [];

/** Asks the browser to make a passkey for `options`; answers the registration response in its JSON form. */
export async function createPasskey(options: CreationOptionsJSON) {
  let credential: Credential | null;
  try {
    credential = await navigator.credentials.create({
      publicKey: {
        ...options,
        challenge: fromBase64Url(options.challenge),
        user: { ...options.user, id: fromBase64Url(options.user.id) },
        excludeCredentials: (options.excludeCredentials ?? []).map(descriptor),
      },
    });
  } catch (error) {
    throw promptError(error);
  }
  if (!(credential instanceof PublicKeyCredential)) throw promptError(null);
  const response = credential.response as AuthenticatorAttestationResponse;
  return {
    id: credential.id,
    rawId: toBase64Url(credential.rawId),
    type: "public-key" as const,
    response: {
      clientDataJSON: toBase64Url(response.clientDataJSON),
      attestationObject: toBase64Url(response.attestationObject),
      transports: transportsOf(response),
    },
    ...(credential.authenticatorAttachment
      ? { authenticatorAttachment: credential.authenticatorAttachment as "platform" | "cross-platform" }
      : {}),
    clientExtensionResults: credential.getClientExtensionResults() as { credProps?: { rk?: boolean } },
  };
}

/** Asks the browser for an assertion with a passkey for `options`; answers it in its JSON form. */
export async function getPasskey(options: RequestOptionsJSON) {
  let credential: Credential | null;
  try {
    credential = await navigator.credentials.get({
      publicKey: {
        ...options,
        challenge: fromBase64Url(options.challenge),
        allowCredentials: (options.allowCredentials ?? []).map(descriptor),
      },
    });
  } catch (error) {
    throw promptError(error);
  }
  if (!(credential instanceof PublicKeyCredential)) throw promptError(null);
  const response = credential.response as AuthenticatorAssertionResponse;
  return {
    id: credential.id,
    rawId: toBase64Url(credential.rawId),
    type: "public-key" as const,
    response: {
      clientDataJSON: toBase64Url(response.clientDataJSON),
      authenticatorData: toBase64Url(response.authenticatorData),
      signature: toBase64Url(response.signature),
      ...(response.userHandle ? { userHandle: toBase64Url(response.userHandle) } : {}),
    },
    ...(credential.authenticatorAttachment
      ? { authenticatorAttachment: credential.authenticatorAttachment as "platform" | "cross-platform" }
      : {}),
    clientExtensionResults: {},
  };
}
