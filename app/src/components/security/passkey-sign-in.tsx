import { useState } from "preact/hooks";
import { passkeysApi } from "../../api/passkeys";
import { useTranslation } from "../../hooks/use-translation";
import { passkeysSupported } from "../../lib/webauthn";
import type { Me } from "../../types";
import { passkeyErrorCode } from "./passkey-errors";
import "./security.css";

interface PasskeySignInProps {
  /** True while the password form is sending: one sign-in at a time. */
  disabled: boolean;
  onBusy: (busy: boolean) => void;
  /** The code of a failed attempt; null when a new one starts. */
  onFailure: (code: string | null) => void;
  onLoggedIn: (me: Me) => void;
}

/**
 * "Sign in with a passkey" on the login screen: no email asked, the browser offers the passkeys it
 * holds for this site. Hidden where the browser has no WebAuthn.
 */
export function PasskeySignIn({ disabled, onBusy, onFailure, onLoggedIn }: PasskeySignInProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  if (!passkeysSupported()) return null;

  async function signIn() {
    if (busy || disabled) return;
    setBusy(true);
    onBusy(true);
    onFailure(null);
    try {
      onLoggedIn(await passkeysApi.signIn());
    } catch (error) {
      onFailure(passkeyErrorCode(error).code);
      setBusy(false);
      onBusy(false);
    }
  }

  return (
    <>
      <p class="muted login__or">{t("security.passkeys.or")}</p>
      <button type="button" class="button button--wide" disabled={disabled && !busy} aria-busy={busy} onClick={() => void signIn()}>
        {busy ? t("security.passkeys.signingIn") : t("security.passkeys.signIn")}
      </button>
    </>
  );
}
