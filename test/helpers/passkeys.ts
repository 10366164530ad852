import { SELF } from "cloudflare:test";
import { BASE } from ".";
import { SoftAuthenticator } from "./authenticator";

/** The relying party the workerd tests' requests reach: BASE's host and origin. */
export const TEST_RP = { id: new URL(BASE).hostname, origin: BASE };

const post = (path: string, cookie: string | null, body?: unknown) =>
  SELF.fetch(`${BASE}/api/v1${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: BASE, ...(cookie ? { Cookie: cookie } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** Registers a new software passkey for the session in `cookie`, as the Security screen would; throws unless it worked. */
export async function registerSoftPasskey(cookie: string, name = "Laptop"): Promise<SoftAuthenticator> {
  const authenticator = new SoftAuthenticator(TEST_RP);
  const { options } = (await (await post("/me/passkeys/registration-options", cookie)).json()) as {
    options: { challenge: string; user: { id: string } };
  };
  const res = await post("/me/passkeys", cookie, { name, response: await authenticator.register(options) });
  if (res.status !== 201) throw new Error(`passkey registration failed: ${res.status} ${await res.text()}`);
  return authenticator;
}

/** A fresh sign-in assertion by `authenticator`, as the login screen would send it. */
export async function softSignInResponse(authenticator: SoftAuthenticator) {
  const { options } = (await (await post("/auth/passkey/options", null)).json()) as { options: { challenge: string } };
  return authenticator.assert(options);
}
