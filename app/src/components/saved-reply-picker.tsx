import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { shortcutKey } from "../../../src/shared/saved-replies";
import { api, type ErrorInfo, errorInfo } from "../api";
import { useMounted } from "../hooks/use-mounted";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import type { UsableSavedReplies } from "../types";
import "./saved-reply-picker.css";

type Reply = UsableSavedReplies["items"][number];

export type SavedRepliesState =
  | { phase: "loading"; data: UsableSavedReplies | null }
  | { phase: "ready"; data: UsableSavedReplies }
  | { phase: "failed"; error: ErrorInfo; data: UsableSavedReplies | null };

/**
 * The saved replies of one conversation, loaded when the composer appears (so "/" finds them at
 * once) and again on `reload`, when the picker opens: an admin may have changed them meanwhile.
 */
export function useSavedReplies(conversationId: string, enabled: boolean): { state: SavedRepliesState; reload: () => void } {
  const mounted = useMounted();
  const [state, setState] = useState<SavedRepliesState>({ phase: "loading", data: null });
  const request = useRef(0);
  const reload = useCallback(() => {
    const ticket = ++request.current;
    setState((current) => ({ phase: "loading", data: current.data }));
    api.savedReplies(conversationId).then(
      (data) => {
        if (mounted.current && ticket === request.current) setState({ phase: "ready", data });
      },
      (failure: unknown) => {
        if (mounted.current && ticket === request.current)
          setState((current) => ({ phase: "failed", error: errorInfo(failure), data: current.data }));
      },
    );
  }, [conversationId, mounted]);
  useEffect(() => {
    if (enabled) reload();
  }, [enabled, reload]);
  return { state, reload };
}

/**
 * The replies that match what was typed after "/", best first: the exact shortcut, then shortcuts
 * that start with it, then titles or shortcuts that contain it, then texts that do.
 */
export function matchReplies(replies: readonly Reply[], query: string): Reply[] {
  const key = shortcutKey(query);
  if (key === "") return [...replies];
  const words = query.trim().toLocaleLowerCase();
  const rank = (reply: Reply): number => {
    if (reply.shortcut === key) return 0;
    if (reply.shortcut.startsWith(key)) return 1;
    if (reply.shortcut.includes(key) || reply.title.toLocaleLowerCase().includes(words)) return 2;
    if (reply.text.toLocaleLowerCase().includes(words)) return 3;
    return 4;
  };
  return replies
    .map((reply) => ({ reply, rank: rank(reply) }))
    .filter(({ rank }) => rank < 4)
    .sort((a, b) => a.rank - b.rank)
    .map(({ reply }) => reply);
}

interface SavedReplyPickerProps {
  state: SavedRepliesState;
  query: string;
  onQuery: (query: string) => void;
  /** A reply's text as it would be inserted (names filled in), for the list to show. */
  preview: (text: string) => string;
  onInsert: (reply: Reply) => void;
  /** Escape, or focus leaving the picker: what was typed goes back into the reply. */
  onDismiss: (refocus: boolean) => void;
}

/**
 * The list "/" opens above the reply box: a combobox (the search field, where typing goes on)
 * over a listbox of replies. Up and down move, Enter or Tab inserts, Escape closes.
 */
export function SavedReplyPicker({ state, query, onQuery, preview, onInsert, onDismiss }: SavedReplyPickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const replies = useMemo(() => matchReplies(state.data?.items ?? [], query), [state.data, query]);
  const [active, setActive] = useState(0);
  const current = replies.length > 0 ? Math.min(active, replies.length - 1) : -1;
  const optionId = (index: number) => `${id}-option-${index}`;

  // Typing goes on in the search field: focus moves there before the next key arrives.
  useLayoutEffect(() => {
    input.current?.focus();
  }, []);

  useEffect(() => {
    if (current >= 0) document.getElementById(optionId(current))?.scrollIntoView({ block: "nearest" });
  });

  function onKeyDown(event: KeyboardEvent) {
    if (event.isComposing) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (replies.length === 0) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current < 0 ? 0 : current + step + replies.length) % replies.length);
    } else if (event.key === "Home" || event.key === "End") {
      if (replies.length === 0) return;
      event.preventDefault();
      setActive(event.key === "Home" ? 0 : replies.length - 1);
    } else if ((event.key === "Enter" || (event.key === "Tab" && !event.shiftKey)) && current >= 0) {
      event.preventDefault();
      onInsert(replies[current]!);
    } else if (event.key === "Enter") {
      // Nothing to insert: Enter must not reach the form and send what is in the reply box.
      event.preventDefault();
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onDismiss(true);
    }
  }

  const status =
    state.phase === "failed" && !state.data
      ? t("replyPicker.failed")
      : !state.data
        ? t("replyPicker.loading")
        : state.data.items.length === 0
          ? t("replyPicker.empty")
          : replies.length === 0
            ? t("replyPicker.none", { query })
            : t("replyPicker.count", { count: replies.length });

  return (
    <div
      ref={container}
      class="reply-picker"
      onFocusOut={(event) => {
        const next = event.relatedTarget;
        if (!(next instanceof Node) || !container.current?.contains(next)) onDismiss(false);
      }}
    >
      <div class="reply-picker__search">
        <span class="reply-picker__slash" aria-hidden="true">
          /
        </span>
        <input
          ref={input}
          class="field__input reply-picker__input"
          type="text"
          role="combobox"
          aria-label={t("replyPicker.search")}
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={current >= 0 ? optionId(current) : undefined}
          aria-describedby={`${id}-keys`}
          autoComplete="off"
          spellcheck={false}
          value={query}
          onInput={(event) => {
            onQuery(event.currentTarget.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      <div id={`${id}-list`} class="reply-picker__list" role="listbox" aria-label={t("replyPicker.listLabel")}>
        {replies.map((reply, index) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the combobox's (aria-activedescendant); the click is for a mouse
          <div
            key={reply.id}
            id={optionId(index)}
            class="reply-picker__option"
            role="option"
            aria-selected={index === current}
            // Focusable only by script, never by Tab: focus stays in the search field.
            tabIndex={-1}
            lang={reply.language}
            // Keeps focus in the search field, so the click inserts rather than blurs.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onInsert(reply)}
          >
            <span class="reply-picker__title">{reply.title}</span>
            <span class="reply-picker__shortcut">/{reply.shortcut}</span>
            <span class="reply-picker__text">{preview(reply.text)}</span>
          </div>
        ))}
      </div>
      <p class="reply-picker__status" role="status">
        {status}
      </p>
      {state.phase === "failed" && state.data && (
        <p class="form-error reply-picker__status">{errorText(state.error.code, state.error.message)}</p>
      )}
      <p id={`${id}-keys`} class="reply-picker__keys">
        {t("replyPicker.keys")}
      </p>
    </div>
  );
}
