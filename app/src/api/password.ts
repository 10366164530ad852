import type { ChangePassword, PasswordChanged } from "../types";
import { json, readJson, send } from "./http";

export const passwordApi = {
  /**
   * Changes the signed-in operator's own password. A wrong current password is a 403, not a 401,
   * so it does not end the session in the app.
   */
  async change(body: ChangePassword): Promise<PasswordChanged> {
    return readJson<PasswordChanged>(await send("/me/password", json(body)));
  },
};
