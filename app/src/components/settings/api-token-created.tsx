import { useEffect, useId, useRef, useState } from "preact/hooks";
import { useTranslation } from "../../hooks/use-translation";
import type { CreatedApiToken } from "../../types";

interface ApiTokenCreatedProps {
  created: CreatedApiToken;
  onDone: () => void;
}

/** The new token, shown this once: the server keeps only its hash. */
export function ApiTokenCreated({ created, onDone }: ApiTokenCreatedProps) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");

  // Focus and select it at once, so it can be copied from the keyboard too; the warning is read with it.
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  async function copy() {
    // Cleared first, so a second copy is announced again.
    setCopied("no");
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied("yes");
    } catch {
      // No clipboard permission (or no secure context): leave it selected for Ctrl+C.
      input.current?.focus();
      input.current?.select();
      setCopied("failed");
    }
  }

  return (
    <section class="api-token-created" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} class="section-heading">
        {t("apiTokens.createdHeading", { name: created.name })}
      </h3>
      <p id={`${id}-warning`} class="api-token-warning">
        {t("apiTokens.createdWarning")}
      </p>
      <div class="field">
        <label class="field__label" for={`${id}-token`}>
          {t("apiTokens.token")}
        </label>
        <input
          ref={input}
          id={`${id}-token`}
          class="field__input"
          type="text"
          readOnly
          spellcheck={false}
          autocomplete="off"
          value={created.token}
          aria-describedby={`${id}-warning`}
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
      <div class="api-token-created__actions">
        <button type="button" class="button button--primary" onClick={() => void copy()}>
          {t("apiTokens.copy")}
        </button>
        <button type="button" class="button" onClick={onDone}>
          {t("apiTokens.done")}
        </button>
        <span role="status">{copied === "yes" ? t("apiTokens.copied") : ""}</span>
      </div>
      {copied === "failed" && (
        <p class="form-error" role="alert">
          {t("apiTokens.copyFailed")}
        </p>
      )}
    </section>
  );
}
