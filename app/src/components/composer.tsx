import { useEffect, useRef, useState } from "preact/hooks";
import { useTranslation } from "../hooks/use-translation";
import type { MAX_BODY_CHARS } from "../types";
import "./composer.css";

/** The protocol's limit; typed against the shared constant so the two cannot drift apart. */
const MAX_BODY: typeof MAX_BODY_CHARS = 4000;
/** After this long without a keystroke the operator no longer counts as typing. */
const TYPING_IDLE_MS = 3000;

interface ComposerProps {
  disabled: boolean;
  canEnd: boolean;
  onSend: (body: string) => void;
  onTyping: (active: boolean) => void;
  onEnd: () => void;
}

/** The reply box: Enter sends, Shift+Enter starts a new line. */
export function Composer({ disabled, canEnd, onSend, onTyping, onEnd }: ComposerProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState("");
  const idleTimer = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => () => clearTimeout(idleTimer.current), []);

  function onInput(value: string) {
    setDraft(value);
    clearTimeout(idleTimer.current);
    const active = value.trim() !== "";
    onTyping(active);
    if (active) idleTimer.current = setTimeout(() => onTyping(false), TYPING_IDLE_MS);
  }

  function send() {
    const body = draft.trim();
    if (disabled || body === "") return;
    clearTimeout(idleTimer.current);
    onSend(body);
    setDraft("");
  }

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <textarea
        class="composer__input"
        aria-label={t("composer.reply")}
        placeholder={t("composer.placeholder")}
        rows={3}
        maxLength={MAX_BODY}
        disabled={disabled}
        value={draft}
        onInput={(event) => onInput(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            send();
          }
        }}
      />
      <div class="composer__actions">
        <button type="button" class="button button--danger" onClick={onEnd} disabled={!canEnd}>
          {t("composer.end")}
        </button>
        <button type="submit" class="button button--primary" disabled={disabled}>
          {t("composer.send")}
        </button>
      </div>
    </form>
  );
}
