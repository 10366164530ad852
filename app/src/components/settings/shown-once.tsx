import { useEffect, useId, useRef, useState } from "preact/hooks";

interface ShownOnceProps {
  heading: string;
  /** Why it is shown only now; read with the value. */
  warning: string;
  label: string;
  value: string;
  /** Copy, Done, Copied, and what to do when the clipboard refuses. */
  texts: { copy: string; done: string; copied: string; copyFailed: string };
  onDone: () => void;
  class?: string;
}

/**
 * A secret the server shows this once (a new API token, a webhook's signing secret), with Copy and
 * Done. Focused and selected at once, so it can be copied from the keyboard too.
 */
export function ShownOnce({ heading, warning, label, value, texts, onDone, class: extra }: ShownOnceProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  async function copy() {
    // Cleared first, so a second copy is announced again.
    setCopied("no");
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      // No clipboard permission (or no secure context): leave it selected for Ctrl+C.
      input.current?.focus();
      input.current?.select();
      setCopied("failed");
    }
  }

  return (
    <section class={extra ? `${extra} api-token-created` : "api-token-created"} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} class="section-heading">
        {heading}
      </h3>
      <p id={`${id}-warning`} class="api-token-warning">
        {warning}
      </p>
      <div class="field">
        <label class="field__label" for={`${id}-value`}>
          {label}
        </label>
        <input
          ref={input}
          id={`${id}-value`}
          class="field__input"
          type="text"
          readOnly
          spellcheck={false}
          autocomplete="off"
          value={value}
          aria-describedby={`${id}-warning`}
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
      <div class="api-token-created__actions">
        <button type="button" class="button button--primary" onClick={() => void copy()}>
          {texts.copy}
        </button>
        <button type="button" class="button" onClick={onDone}>
          {texts.done}
        </button>
        <span role="status">{copied === "yes" ? texts.copied : ""}</span>
      </div>
      {copied === "failed" && (
        <p class="form-error" role="alert">
          {texts.copyFailed}
        </p>
      )}
    </section>
  );
}
