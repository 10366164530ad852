import { useId, useState } from "preact/hooks";
import { useTranslation } from "../../hooks/use-translation";
import { fullTime, isoTime } from "../../lib/format";
import type { Passkey } from "../../types";

interface PasskeyTableProps {
  passkeys: readonly Passkey[];
  busy: boolean;
  onRename: (passkey: Passkey, name: string) => Promise<boolean>;
  onRemove: (passkey: Passkey) => void;
}

/** The DOM id of a passkey's Remove button, to bring focus back to it when the removal is cancelled. */
export const removeButtonId = (id: string) => `passkey-remove-${id}`;

function DateCell({ time, never }: { time: number | null; never: string }) {
  return <td>{time === null ? never : <time dateTime={isoTime(time)}>{fullTime(time)}</time>}</td>;
}

/** The operator's passkeys with their dates; each can be renamed in place or removed. */
export function PasskeyTable({ passkeys, busy, onRename, onRemove }: PasskeyTableProps) {
  const { t } = useTranslation();
  const id = useId();
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);
  const never = t("security.passkeys.never");

  async function save(event: Event, passkey: Passkey) {
    event.preventDefault();
    if (!editing || busy) return;
    if (await onRename(passkey, editing.name)) setEditing(null);
  }

  return (
    <div class="table-scroll">
      <table class="table">
        <caption class="visually-hidden">{t("security.passkeys.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("security.passkeys.name")}</th>
            <th scope="col">{t("security.passkeys.created")}</th>
            <th scope="col">{t("security.passkeys.lastUsed")}</th>
            <th scope="col">
              <span class="visually-hidden">{t("security.passkeys.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {passkeys.map((passkey) => {
            const nameId = `${id}-${passkey.id}`;
            const isEditing = editing?.id === passkey.id;
            return (
              <tr key={passkey.id}>
                <th id={nameId} scope="row">
                  {isEditing ? (
                    <form class="passkey-rename" onSubmit={(event) => void save(event, passkey)}>
                      <label class="visually-hidden" for={`${nameId}-input`}>
                        {t("security.passkeys.renameLabel", { name: passkey.name })}
                      </label>
                      <input
                        id={`${nameId}-input`}
                        class="field__input"
                        value={editing.name}
                        maxLength={100}
                        required
                        ref={(input) => input?.focus()}
                        onInput={(event) => setEditing({ id: passkey.id, name: event.currentTarget.value })}
                      />
                      <button type="submit" class="button button--primary" aria-disabled={busy}>
                        {t("security.passkeys.save")}
                      </button>
                      <button type="button" class="button" onClick={() => setEditing(null)}>
                        {t("cancel")}
                      </button>
                    </form>
                  ) : (
                    passkey.name
                  )}
                </th>
                <DateCell time={passkey.createdAt} never={never} />
                <DateCell time={passkey.lastUsedAt} never={never} />
                <td>
                  <div class="passkey-actions">
                    {!isEditing && (
                      <button
                        type="button"
                        class="button"
                        aria-describedby={nameId}
                        onClick={() => setEditing({ id: passkey.id, name: passkey.name })}
                      >
                        {t("security.passkeys.rename")}
                      </button>
                    )}
                    <button
                      id={removeButtonId(passkey.id)}
                      type="button"
                      class="button button--danger"
                      aria-describedby={nameId}
                      onClick={() => onRemove(passkey)}
                    >
                      {t("security.passkeys.remove")}
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
