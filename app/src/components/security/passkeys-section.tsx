import { useEffect, useId, useState } from "preact/hooks";
import { passkeysApi } from "../../api/passkeys";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import { passkeysSupported } from "../../lib/webauthn";
import type { Passkey } from "../../types";
import { ConfirmDialog } from "../confirm-dialog";
import { passkeyErrorCode, passkeyErrorText } from "./passkey-errors";
import { PasskeyTable, removeButtonId } from "./passkey-table";
import "./security.css";

type Failure = { code: string; message?: string };
type Listed = { phase: "loading" } | { phase: "failed"; error: Failure } | { phase: "ready"; passkeys: Passkey[] };

/**
 * The operator's passkeys on the Security screen: add one on this device (the browser asks for the
 * PIN or biometric), list, rename, remove (after a confirmation).
 */
export function PasskeysSection() {
  const { t } = useTranslation();
  const mounted = useMounted();
  const id = useId();
  const [listed, setListed] = useState<Listed>({ phase: "loading" });
  const [name, setName] = useState(() => t("security.passkeys.defaultName"));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [removing, setRemoving] = useState<Passkey | null>(null);
  const supported = passkeysSupported();

  async function load() {
    setListed((current) => (current.phase === "ready" ? current : { phase: "loading" }));
    try {
      const passkeys = await passkeysApi.list();
      if (mounted.current) setListed({ phase: "ready", passkeys });
    } catch (error) {
      if (mounted.current) setListed({ phase: "failed", error: passkeyErrorCode(error) });
    }
  }

  useEffect(() => {
    void load();
  }, []);

  /** Runs one change, shows its failure or announces its success, and reloads the list. */
  async function change(action: () => Promise<string>): Promise<boolean> {
    if (busy) return false;
    setBusy(true);
    setFailure(null);
    let ok = false;
    try {
      const done = await action();
      if (mounted.current) setAnnouncement(done);
      ok = true;
    } catch (error) {
      if (mounted.current) setFailure(passkeyErrorCode(error));
    }
    if (!mounted.current) return ok;
    setBusy(false);
    await load();
    return ok;
  }

  async function add(event: Event) {
    event.preventDefault();
    const added = await change(async () => t("security.passkeys.added", { name: (await passkeysApi.add(name.trim())).name }));
    // Ready for the next device.
    if (added && mounted.current) setName(t("security.passkeys.defaultName"));
  }

  const rename = (passkey: Passkey, next: string) =>
    change(async () => t("security.passkeys.renamed", { name: (await passkeysApi.rename(passkey.id, next.trim())).name }));

  async function remove() {
    const passkey = removing;
    if (!passkey) return;
    await change(async () => {
      await passkeysApi.remove(passkey.id);
      return t("security.passkeys.removed", { name: passkey.name });
    });
    if (!mounted.current) return;
    setRemoving(null);
    requestAnimationFrame(() => document.getElementById(`${id}-list`)?.focus());
  }

  function cancelRemove() {
    const passkey = removing;
    setRemoving(null);
    if (passkey) requestAnimationFrame(() => document.getElementById(removeButtonId(passkey.id))?.focus());
  }

  return (
    <section class="panel security-section" aria-labelledby={`${id}-heading`} aria-busy={listed.phase === "loading" || busy}>
      <h3 id={`${id}-heading`} class="section-heading">
        {t("security.passkeys.heading")}
      </h3>
      <p>{t("security.passkeys.intro")}</p>
      {supported ? (
        <form class="passkey-add" onSubmit={(event) => void add(event)}>
          <div class="field">
            <label class="field__label" for={`${id}-name`}>
              {t("security.passkeys.nameLabel")}
            </label>
            <input
              id={`${id}-name`}
              class="field__input"
              value={name}
              maxLength={100}
              required
              aria-describedby={`${id}-name-hint`}
              onInput={(event) => setName(event.currentTarget.value)}
            />
            <p id={`${id}-name-hint`} class="field__hint">
              {t("security.passkeys.nameHint")}
            </p>
          </div>
          <button type="submit" class="button button--primary" aria-disabled={busy}>
            {busy ? t("security.passkeys.adding") : t("security.passkeys.add")}
          </button>
        </form>
      ) : (
        <p class="notice">{t("security.passkeys.unsupported")}</p>
      )}
      <p class="visually-hidden" role="status">
        {announcement}
      </p>
      {failure && (
        <p class="form-error" role="alert">
          {passkeyErrorText(failure.code, failure.message)}
        </p>
      )}
      <h4 id={`${id}-list`} class="section-heading" tabIndex={-1}>
        {t("security.passkeys.listHeading")}
      </h4>
      {listed.phase === "loading" && <p class="muted">{t("loading")}</p>}
      {listed.phase === "failed" && (
        <div>
          <p class="form-error" role="alert">
            {t("security.passkeys.loadFailed")} {passkeyErrorText(listed.error.code, listed.error.message)}
          </p>
          <button type="button" class="button" onClick={() => void load()}>
            {t("tryAgain")}
          </button>
        </div>
      )}
      {listed.phase === "ready" &&
        (listed.passkeys.length === 0 ? (
          <p class="muted">{t("security.passkeys.empty")}</p>
        ) : (
          <PasskeyTable passkeys={listed.passkeys} busy={busy} onRename={rename} onRemove={setRemoving} />
        ))}
      {removing && (
        <ConfirmDialog
          title={t("security.passkeys.removeTitle")}
          message={t("security.passkeys.removeMessage", { name: removing.name })}
          confirmLabel={t("security.passkeys.remove")}
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={cancelRemove}
        />
      )}
    </section>
  );
}
