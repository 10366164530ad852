import type { RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { AttachmentInfo } from "../../../src/shared/attachments";
import { type ErrorInfo, errorInfo, isAbort } from "../api";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import { type Upload, uploadAttachment } from "../lib/attachments";
import type { MAX_BODY_CHARS } from "../types";
import "./composer.css";

/** The protocol's limit; typed against the shared constant so the two cannot drift apart. */
const MAX_BODY: typeof MAX_BODY_CHARS = 4000;
/** After this long without a keystroke the operator no longer counts as typing. */
const TYPING_IDLE_MS = 3000;

interface ComposerProps {
  /** The conversation files are uploaded to. */
  conversationId: string;
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

/** The reply box: Enter sends, Shift+Enter starts a new line; a file comes by button, drop or paste. */
export function Composer({ conversationId, disabled, canEnd, onSend, onTyping, onEnd, dropTarget }: ComposerProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState("");
  const draftRef = useRef("");
  const idleTimer = useRef<ReturnType<typeof setTimeout>>();
  const fileInput = useRef<HTMLInputElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const upload = useRef<Upload | null>(null);
  const [uploadState, setUploadState] = useState<UploadState>({ kind: "idle" });
  const uploading = uploadState.kind === "uploading";

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
      <textarea
        ref={textarea}
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
        onPaste={(event) => {
          const file = event.clipboardData?.files[0];
          if (!file) return;
          event.preventDefault();
          void attach(file);
        }}
      />
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
