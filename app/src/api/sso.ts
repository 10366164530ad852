// Single sign-on: starting a sign-in (no session yet) and the account's settings (admins).
import type { z } from "zod";
import type { ssoSettingsSchema, ssoStartedSchema, updateSsoSettingsSchema } from "../../../src/shared/sso";
import { json, readJson, send } from "./http";

export type SsoSettings = z.output<typeof ssoSettingsSchema>;
export type UpdateSsoSettings = z.input<typeof updateSsoSettingsSchema>;
type SsoStarted = z.output<typeof ssoStartedSchema>;

export const ssoApi = {
  /** Where to send the browser for `email`'s identity provider; rejects with `sso_not_available` when it has none. */
  async start(email: string): Promise<string> {
    return (await readJson<SsoStarted>(await send("/auth/sso/start", { method: "POST", body: { email }, expiresSession: false })))
      .redirectUrl;
  },
  async settings(): Promise<SsoSettings> {
    return readJson<SsoSettings>(await send("/settings/sso"));
  },
  async save(settings: UpdateSsoSettings): Promise<SsoSettings> {
    return readJson<SsoSettings>(await send("/settings/sso", json(settings, "PUT")));
  },
  async remove(): Promise<void> {
    await send("/settings/sso", { method: "DELETE" });
  },
};
