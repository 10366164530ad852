import type { RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { AttachmentInfo } from "../../../src/shared/attachments";
import { fillPlaceholders } from "../../../src/shared/saved-replies";
import { type ErrorInfo, errorInfo, isAbort } from "../api";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import { type Upload, uploadAttachment } from "../lib/attachments";
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
  /** The conversation files are uploaded to, and whose saved replies are offered. */
  conversationId: string;
  /** The visitor's name as the operator sees it; null when they gave none. */
  visitorName: string | null;
  disabled: boolean;
  canEnd: boolean;
  /** Sends the reply; `attachment`: a file just uploaded goes with it (the body may then be empty). */
  onSend: (body: string, attachment?: AttachmentInfo) => void;
  onTyping: (active: boolean) => void;
  onEnd: () => void;
  /** Where a file may also be dropped (the whole chat), besides the composer itself. */
  dropTarget?: RefObject<HTMLElement>;
}

type UploadState = { kind: "idle" } | { kind: "uploading"; name: string; fraction: number } | { kind: "failed"; error: ErrorInfo };

/** Where the picker's reply goes: the reply box's selection when it opened. */
interface Opened {
  query: string;
  start: number;
  end: number;
}

/**
 * The reply box: Enter sends, Shift+Enter starts a new line, "/" at the start opens the saved
 * replies; a file comes by button, drop or paste.
 */
export function Composer({ conversationId, visitorName, disabled, canEnd, onSend, onTyping, onEnd, dropTarget }: ComposerProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState("");
  const draftRef = useRef("");
  const idleTimer = useRef<ReturnType<typeof setTimeout>>();
  const fileInput = useRef<HTMLInputElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const upload = useRef<Upload | null>(null);
  const [uploadState, setUploadState] = useState<UploadState>({ kind: "idle" });
  const uploading = uploadState.kind === "uploading";
  const [picker, setPickerState] = useState<Opened | null>(null);
  // The same, at once: removing the focused search field fires a focusout whose handler still sees
  // the last render's state, and must not put the query back over the reply just inserted.
  const opened = useRef<Opened | null>(null);
  const setPicker = (next: Opened | null) => {
    opened.current = next;
    setPickerState(next);
  };
  const saved = useSavedReplies(conversationId, !disabled);

  useEffect(
    () => () => {
      clearTimeout(idleTimer.current);
      // Leaving the chat (or its end) stops an upload under way: nothing of it is sent.
      upload.current?.abort();
    },
    [],
  );
  useEffect(() => {
    if (disabled) upload.current?.abort();
  }, [disabled]);

  function updateDraft(value: string) {
    draftRef.current = value;
    setDraft(value);
  }

  function onInput(value: string) {
    updateDraft(value);
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

  function send(attachment?: AttachmentInfo) {
    const body = draftRef.current.trim();
    if (disabled || (body === "" && !attachment)) return;
    clearTimeout(idleTimer.current);
    onSend(body, attachment);
    updateDraft("");
  }

  /** Uploads `file` with progress and Cancel, then sends it with whatever the reply box holds. */
  async function attach(file: File) {
    if (disabled || upload.current) return;
    const started = uploadAttachment(conversationId, file, (fraction) => setUploadState({ kind: "uploading", name: file.name, fraction }));
    upload.current = started;
    setUploadState({ kind: "uploading", name: file.name, fraction: 0 });
    try {
      const attachment = await started.done;
      setUploadState({ kind: "idle" });
      send(attachment);
    } catch (error) {
      setUploadState(isAbort(error) ? { kind: "idle" } : { kind: "failed", error: errorInfo(error) });
    } finally {
      upload.current = null;
      // The Cancel button is gone: keep the keyboard in the reply box.
      if (document.activeElement === document.body) textarea.current?.focus();
    }
  }

  // Dropping a file anywhere on the chat attaches it.
  useEffect(() => {
    const target = dropTarget?.current;
    if (!target || disabled) return;
    const over = (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes("Files")) return;
      event.preventDefault();
      target.classList.add("chat--drop");
    };
    const leave = (event: DragEvent) => {
      if (!target.contains(event.relatedTarget as Node | null)) target.classList.remove("chat--drop");
    };
    const drop = (event: DragEvent) => {
      target.classList.remove("chat--drop");
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      event.preventDefault();
      void attach(file);
    };
    target.addEventListener("dragover", over);
    target.addEventListener("dragleave", leave);
    target.addEventListener("drop", drop);
    return () => {
      target.removeEventListener("dragover", over);
      target.removeEventListener("dragleave", leave);
      target.removeEventListener("drop", drop);
    };
  });

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
        onPaste={(event) => {
          const file = event.clipboardData?.files[0];
          if (!file) return;
          event.preventDefault();
          void attach(file);
        }}
      />
      {draft.includes(UNFILLED_NAME) && (
        <p class="composer__note" role="status">
          {t("replyPicker.unfilled")}
        </p>
      )}
      {uploadState.kind === "uploading" && (
        <div class="composer__upload">
          <span class="composer__upload-name">{t("attachments.uploading", { name: uploadState.name })}</span>
          <progress class="composer__progress" max={1} value={uploadState.fraction} aria-label={t("attachments.uploadProgress")} />
          <button type="button" class="button" onClick={() => upload.current?.abort()}>
            {t("attachments.cancelUpload")}
          </button>
        </div>
      )}
      {uploadState.kind === "failed" && (
        <p class="form-error" role="alert">
          {errorText(uploadState.error.code, uploadState.error.message)}
        </p>
      )}
      <div class="composer__actions">
        <button type="button" class="button button--danger" onClick={onEnd} disabled={!canEnd}>
          {t("composer.end")}
        </button>
        <span class="composer__send">
          <button type="button" class="button" disabled={disabled} aria-haspopup="listbox" onClick={() => openPicker("")}>
            {t("replyPicker.open")}
          </button>
          <input
            ref={fileInput}
            type="file"
            hidden
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              event.currentTarget.value = "";
              if (file) void attach(file);
            }}
          />
          <button
            type="button"
            class="button composer__attach"
            aria-label={t("attachments.attach")}
            title={t("attachments.attach")}
            disabled={disabled || uploading}
            onClick={() => {
              setUploadState({ kind: "idle" });
              fileInput.current?.click();
            }}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true" class="composer__clip">
              <path d="M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7" />
            </svg>
          </button>
          <button type="submit" class="button button--primary" disabled={disabled}>
            {t("composer.send")}
          </button>
        </span>
      </div>
    </form>
  );
}
