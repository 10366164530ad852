import { useEffect, useRef, useState } from "preact/hooks";
import { fillPlaceholders } from "../../../src/shared/saved-replies";
import { useTranslation } from "../hooks/use-translation";
import type { MAX_BODY_CHARS, UsableSavedReplies } from "../types";
import { SavedReplyPicker, useSavedReplies } from "./saved-reply-picker";
import "./composer.css";

/** The protocol's limit; typed against the shared constant so the two cannot drift apart. */
const MAX_BODY: typeof MAX_BODY_CHARS = 4000;
/** After this long without a keystroke the operator no longer counts as typing. */
const TYPING_IDLE_MS = 3000;
/** What stays in a reply when the visitor gave no name, for the operator to replace. */
const UNFILLED_NAME = "{visitor_name}";

interface ComposerProps {
  conversationId: string;
  /** The visitor's name as the operator sees it; null when they gave none. */
  visitorName: string | null;
  disabled: boolean;
  canEnd: boolean;
  onSend: (body: string) => void;
  onTyping: (active: boolean) => void;
  onEnd: () => void;
}

/** Where the picker's reply goes: the reply box's selection when it opened. */
interface Opened {
  query: string;
  start: number;
  end: number;
}

/** The reply box: Enter sends, Shift+Enter starts a new line, "/" at the start opens the saved replies. */
export function Composer({ conversationId, visitorName, disabled, canEnd, onSend, onTyping, onEnd }: ComposerProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState("");
  const idleTimer = useRef<ReturnType<typeof setTimeout>>();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [picker, setPickerState] = useState<Opened | null>(null);
  // The same, at once: removing the focused search field fires a focusout whose handler still sees
  // the last render's state, and must not put the query back over the reply just inserted.
  const opened = useRef<Opened | null>(null);
  const setPicker = (next: Opened | null) => {
    opened.current = next;
    setPickerState(next);
  };
  const saved = useSavedReplies(conversationId, !disabled);

  useEffect(() => () => clearTimeout(idleTimer.current), []);

  function onInput(value: string) {
    setDraft(value);
    clearTimeout(idleTimer.current);
    const active = value.trim() !== "";
    onTyping(active);
    if (active) idleTimer.current = setTimeout(() => onTyping(false), TYPING_IDLE_MS);
  }

  function openPicker(query: string) {
    const element = textarea.current;
    setPicker({ query, start: element?.selectionStart ?? draft.length, end: element?.selectionEnd ?? draft.length });
    saved.reload();
  }

  /** Puts `text` where the picker opened, then the caret (or the first name to replace) into the reply box. */
  function place(text: string, at: Opened, select: (inserted: number) => [number, number]) {
    const next = draft.slice(0, at.start) + text + draft.slice(at.end);
    setPicker(null);
    onInput(next);
    const [from, to] = select(at.start);
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(from, to);
    });
  }

  /** A reply's text with the names filled in; a name not known stays as its placeholder. */
  const filled = (text: string) =>
    fillPlaceholders(text, { visitor_name: visitorName, operator_name: saved.state.data?.operatorName ?? null });

  function insert(reply: UsableSavedReplies["items"][number]) {
    const at = opened.current;
    if (!at || !saved.state.data) return;
    const text = filled(reply.text);
    const unfilled = text.indexOf(UNFILLED_NAME);
    place(text, at, (start) =>
      unfilled >= 0 ? [start + unfilled, start + unfilled + UNFILLED_NAME.length] : [start + text.length, start + text.length],
    );
  }

  /** Closed without a choice: the "/" and what followed it go back, so nothing typed is lost. */
  function dismiss(refocus: boolean) {
    const at = opened.current;
    if (!at) return;
    const typed = `/${at.query}`;
    if (refocus) place(typed, at, (start) => [start + typed.length, start + typed.length]);
    else {
      setPicker(null);
      onInput(draft.slice(0, at.start) + typed + draft.slice(at.end));
    }
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
      {picker && (
        <SavedReplyPicker
          state={saved.state}
          query={picker.query}
          onQuery={(query) => setPicker({ ...picker, query })}
          preview={filled}
          onInsert={insert}
          onDismiss={dismiss}
        />
      )}
      <textarea
        ref={textarea}
        class="composer__input"
        aria-label={t("composer.reply")}
        placeholder={t("composer.placeholder")}
        rows={3}
        maxLength={MAX_BODY}
        disabled={disabled}
        value={draft}
        onInput={(event) => {
          const value = event.currentTarget.value;
          // "/" typed into an empty reply opens the saved replies; the slash is the picker's, not the reply's.
          if (value.trim() === "/" && draft.trim() === "") {
            event.currentTarget.value = draft;
            openPicker("");
            return;
          }
          onInput(value);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            send();
          }
        }}
      />
      {draft.includes(UNFILLED_NAME) && (
        <p class="composer__note" role="status">
          {t("replyPicker.unfilled")}
        </p>
      )}
      <div class="composer__actions">
        <button type="button" class="button button--danger" onClick={onEnd} disabled={!canEnd}>
          {t("composer.end")}
        </button>
        <div class="composer__send">
          <button type="button" class="button" disabled={disabled} aria-haspopup="listbox" onClick={() => openPicker("")}>
            {t("replyPicker.open")}
          </button>
          <button type="submit" class="button button--primary" disabled={disabled}>
            {t("composer.send")}
          </button>
        </div>
      </div>
    </form>
  );
}
