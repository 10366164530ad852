import { z } from "zod";

// What the browser's navigator.credentials.create()/get() results look like on the wire (the
// WebAuthn JSON forms, byte fields as base64url), and what the app lists of its passkeys.
// Shared by the worker (validation, OpenAPI) and the app (types only).

const base64Url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, "must be base64url");

/**
 * Credential ids up to 256 bytes (342 base64url characters). WebAuthn allows up to 1023, but
 * discoverable credentials use far fewer (16 to 64 bytes in practice), and a removed passkey's id
 * must fit in a key of the revocation ledger (KV keys: 512 bytes).
 */
export const credentialIdSchema = base64Url(342);

const TRANSPORTS = ["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"] as const;
/** Transports this server knows; newer ones a browser reports are dropped rather than refused. */
const transportsSchema = z
  .array(z.string().max(32))
  .max(10)
  .transform((list) => list.filter((t): t is (typeof TRANSPORTS)[number] => (TRANSPORTS as readonly string[]).includes(t)));

const clientExtensionResultsSchema = z.object({ credProps: z.object({ rk: z.boolean().optional() }).optional() });

/** The result of navigator.credentials.create() as PublicKeyCredential.toJSON() gives it. */
export const registrationResponseSchema = z.object({
  id: credentialIdSchema,
  rawId: credentialIdSchema,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64Url(8192),
    attestationObject: base64Url(32768),
    transports: transportsSchema.optional(),
  }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: clientExtensionResultsSchema,
});
export type RegistrationResponse = z.infer<typeof registrationResponseSchema>;

/** The result of navigator.credentials.get() as PublicKeyCredential.toJSON() gives it. */
export const authenticationResponseSchema = z.object({
  id: credentialIdSchema,
  rawId: credentialIdSchema,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64Url(8192),
    authenticatorData: base64Url(8192),
    signature: base64Url(1024),
    userHandle: base64Url(128).optional(),
  }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: clientExtensionResultsSchema,
});
export type AuthenticationResponse = z.infer<typeof authenticationResponseSchema>;

export const passkeyNameSchema = z.string().trim().min(1).max(100);

export const addPasskeySchema = z.strictObject({ name: passkeyNameSchema, response: registrationResponseSchema });
export type AddPasskey = z.infer<typeof addPasskeySchema>;

export const renamePasskeySchema = z.strictObject({ name: passkeyNameSchema });

export const passkeySignInSchema = z.strictObject({ response: authenticationResponseSchema });
/** The passkey as the second step of a sign-in: the pending token from POST /auth/login and the assertion. */
export const passkeySecondFactorSchema = z.strictObject({ token: z.string().min(1).max(1000), response: authenticationResponseSchema });

export const passkeyParamsSchema = z.object({ id: credentialIdSchema });

/** One of the caller's passkeys, as the Security screen lists it. */
export const passkeySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
});
export type Passkey = z.infer<typeof passkeySchema>;

export const passkeyListSchema = z.object({ items: z.array(passkeySchema) });

/**
 * Options for navigator.credentials.create()/get() in their JSON form (byte fields base64url), as
 * @simplewebauthn/server makes them; described loosely, the browser is their reader.
 */
export const passkeyOptionsSchema = z.object({ options: z.looseObject({ challenge: z.string() }) });
