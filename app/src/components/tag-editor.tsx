import { useEffect, useId, useRef, useState } from "preact/hooks";
import { TAG_MAX_LENGTH, TAGS_PER_CONVERSATION, tagKey } from "../../../src/shared/tags";
import { api, type ErrorInfo, errorInfo } from "../api";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import type { ConversationSummary } from "../types";
import "./tag-editor.css";

interface TagEditorProps {
  conversationId: string;
  tags: readonly string[];
  /** The operator may answer in this conversation's department, and so tag it; otherwise the tags are only shown. */
  canEdit: boolean;
  /** Called with the summary the server answered, so lists show the new tags. */
  onSaved: (summary: ConversationSummary) => void;
}

/**
 * A conversation's tags, edited from the keyboard: type and Enter adds (the browser offers the
 * account's tags as suggestions), Backspace in the empty field removes the last, each tag has a
 * remove button. Tags are matched case-insensitively, as on the server: "Billing" on a chat
 * tagged "billing" changes nothing.
 */
export function TagEditor({ conversationId, tags, canEdit, onSaved }: TagEditorProps) {
  const { t } = useTranslation();
  const ids = useId();
  const [draft, setDraft] = useState("");
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [limitReached, setLimitReached] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  /** Only the newest suggestion request may apply its answer. */
  const generation = useRef(0);
  /** The tags as they will be once every save sent has landed: what the next change starts from. */
  const intended = useRef<readonly string[]>(tags);
  /** The tags last shown (the server's), to fall back to when a save fails. */
  const shown = useRef<readonly string[]>(tags);
  const pending = useRef(0);
  const queue = useRef<Promise<void>>(Promise.resolve());

  // A change from elsewhere (a colleague, the inbox's refresh) is the new base once none of ours is on its way.
  useEffect(() => {
    shown.current = tags;
    if (pending.current === 0) intended.current = tags;
  }, [tags]);

  /**
   * Sends the whole set. One save at a time, in the order typed: an operator who adds two tags
   * quickly gets both, as each set builds on the one before.
   */
  function save(next: readonly string[]) {
    intended.current = next;
    pending.current += 1;
    setSaving(true);
    setError(null);
    queue.current = queue.current.then(async () => {
      try {
        onSaved(await api.setTags(conversationId, next));
      } catch (failure) {
        intended.current = shown.current;
        setError(errorInfo(failure));
      } finally {
        pending.current -= 1;
        if (pending.current === 0) setSaving(false);
      }
    });
  }

  async function suggest(prefix: string) {
    const mine = ++generation.current;
    try {
      const found = await api.tagSuggestions(prefix);
      if (mine !== generation.current) return;
      const present = new Set(tags.map(tagKey));
      setSuggestions(found.filter((tag) => !present.has(tagKey(tag))));
    } catch {
      // Suggestions are a help: typing a tag works without them.
    }
  }

  function add() {
    const tag = draft.trim();
    if (!tag) return;
    const current = intended.current;
    setDraft("");
    if (current.some((existing) => tagKey(existing) === tagKey(tag))) return;
    if (current.length >= TAGS_PER_CONVERSATION) {
      setLimitReached(true);
      return;
    }
    save([...current, tag]);
  }

  function remove(tag: string) {
    setLimitReached(false);
    save(intended.current.filter((existing) => tagKey(existing) !== tagKey(tag)));
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Enter") {
      event.preventDefault();
      add();
    } else if (event.key === "Backspace" && draft === "" && intended.current.length > 0) {
      event.preventDefault();
      remove(intended.current.at(-1)!);
    }
  }

  return (
    <fieldset class="tag-editor">
      <legend class="tag-editor__label">{t("tags.label")}</legend>
      {tags.length > 0 ? (
        <ul class="inline-list tag-editor__tags">
          {tags.map((tag) => (
            <li key={tagKey(tag)} class="tag-editor__tag">
              <span>{tag}</span>
              {canEdit && (
                <button
                  type="button"
                  class="tag-editor__remove"
                  aria-label={t("tags.remove", { tag })}
                  title={t("tags.remove", { tag })}
                  onClick={() => {
                    remove(tag);
                    // The button goes with its tag: typing goes on in the field.
                    input.current?.focus();
                  }}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <span class="tag-editor__none">{t("tags.none")}</span>
      )}
      {canEdit && (
        <>
          <input
            ref={input}
            class="tag-editor__input"
            type="text"
            value={draft}
            maxLength={TAG_MAX_LENGTH}
            list={`${ids}-suggestions`}
            aria-label={t("tags.add")}
            aria-describedby={`${ids}-hint`}
            placeholder={t("tags.add")}
            autocomplete="off"
            onFocus={() => void suggest(draft)}
            onInput={(event) => {
              const value = event.currentTarget.value;
              setDraft(value);
              setLimitReached(false);
              void suggest(value);
            }}
            onKeyDown={onKeyDown}
          />
          <datalist id={`${ids}-suggestions`}>
            {suggestions.map((tag) => (
              <option key={tagKey(tag)} value={tag} />
            ))}
          </datalist>
          <span id={`${ids}-hint`} class="visually-hidden">
            {t("tags.hint")}
          </span>
        </>
      )}
      <span class="tag-editor__status" role="status">
        {saving ? t("tags.saving") : ""}
      </span>
      {(error || limitReached) && (
        <p class="form-error tag-editor__error" role="alert">
          {error ? errorText(error.code, error.message) : t("tags.limit", { count: TAGS_PER_CONVERSATION })}
        </p>
      )}
    </fieldset>
  );
}
