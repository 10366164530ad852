import type { Reauthentication, RecoveryCodes, SecondFactorStatus, TotpEnrolment } from "../types";
import { json, readJson, send } from "./http";

// The signed-in operator's own second factor (Security screen). Session only on the server.

export const securityApi = {
  async secondFactor(): Promise<SecondFactorStatus> {
    return readJson<SecondFactorStatus>(await send("/me/second-factor"));
  },
  /** A new secret to scan or type; shown now only. */
  async startTotp(): Promise<TotpEnrolment> {
    return readJson<TotpEnrolment>(await send("/me/second-factor/totp", { method: "POST" }));
  },
  /** Confirms the authenticator with its first code; answers the recovery codes, once. */
  async confirmTotp(code: string): Promise<string[]> {
    return (await readJson<RecoveryCodes>(await send("/me/second-factor/totp/confirm", json({ code })))).recoveryCodes;
  },
  async removeTotp(proof: Reauthentication): Promise<void> {
    await send("/me/second-factor/totp", json(proof, "DELETE"));
  },
  async renewRecoveryCodes(proof: Reauthentication): Promise<string[]> {
    return (await readJson<RecoveryCodes>(await send("/me/second-factor/recovery-codes", json(proof)))).recoveryCodes;
  },
};
