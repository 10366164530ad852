import { type CreationOptionsJSON, createPasskey, getPasskey, type RequestOptionsJSON } from "../lib/webauthn";
import type { Me, Passkey } from "../types";
import { json, readJson, send } from "./http";

// Passkeys: the signed-in operator's own (/me/passkeys) and signing in with one (/auth/passkey).
// Each call that needs the authenticator fetches a fresh single-use challenge first.

const mine = (id = "") => `/me/passkeys${id ? `/${encodeURIComponent(id)}` : ""}`;

export const passkeysApi = {
  async list(): Promise<Passkey[]> {
    return (await readJson<{ items: Passkey[] }>(await send(mine()))).items;
  },

  /** Makes a passkey on this device (the browser asks for the PIN or biometric) and registers it under `name`. */
  async add(name: string): Promise<Passkey> {
    const { options } = await readJson<{ options: CreationOptionsJSON }>(await send(`${mine()}/registration-options`, { method: "POST" }));
    const response = await createPasskey(options);
    return readJson<Passkey>(await send(mine(), json({ name, response })));
  },

  async rename(id: string, name: string): Promise<Passkey> {
    return readJson<Passkey>(await send(mine(id), json({ name }, "PATCH")));
  },

  async remove(id: string): Promise<void> {
    await send(mine(id), { method: "DELETE" });
  },

  /** Signs in with any passkey this browser holds for Confide (no email asked); a 401 here is a refusal, not an expired session. */
  async signIn(): Promise<Me> {
    const { options } = await readJson<{ options: RequestOptionsJSON }>(
      await send("/auth/passkey/options", { method: "POST", expiresSession: false }),
    );
    const response = await getPasskey(options);
    return readJson<Me>(await send("/auth/passkey/sign-in", { method: "POST", body: { response }, expiresSession: false }));
  },

  /** The second step after a password, with one of the operator's own passkeys and the pending token. */
  async secondFactor(token: string): Promise<Me> {
    const { options } = await readJson<{ options: RequestOptionsJSON }>(
      await send("/auth/login/second-factor/passkey-options", { method: "POST", body: { token }, expiresSession: false }),
    );
    const response = await getPasskey(options);
    return readJson<Me>(
      await send("/auth/login/second-factor/passkey", { method: "POST", body: { token, response }, expiresSession: false }),
    );
  },
};
