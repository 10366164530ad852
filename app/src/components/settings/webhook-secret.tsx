import { useEffect, useId, useRef, useState } from "preact/hooks";
import { useTranslation } from "../../hooks/use-translation";

interface WebhookSecretProps {
  url: string;
  secret: string;
  onDone: () => void;
}

/** An endpoint's signing secret, shown this once (creation or rotation): the server keeps it sealed and never answers it again. */
export function WebhookSecret({ url, secret, onDone }: WebhookSecretProps) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");

  // Focused and selected at once, so it can be copied from the keyboard; the warning is read with it.
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  async function copy() {
    setCopied("no");
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("yes");
    } catch {
      input.current?.focus();
      input.current?.select();
      setCopied("failed");
    }
  }

  return (
    <section class="panel api-token-section api-token-created" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} class="section-heading">
        {t("webhooks.secretHeading", { url })}
      </h3>
      <p id={`${id}-warning`} class="api-token-warning">
        {t("webhooks.secretWarning")}
      </p>
      <div class="field">
        <label class="field__label" for={`${id}-secret`}>
          {t("webhooks.secret")}
        </label>
        <input
          ref={input}
          id={`${id}-secret`}
          class="field__input"
          type="text"
          readOnly
          spellcheck={false}
          autocomplete="off"
          value={secret}
          data-webhook-secret
          aria-describedby={`${id}-warning`}
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
      <div class="api-token-created__actions">
        <button type="button" class="button button--primary" onClick={() => void copy()}>
          {t("webhooks.copy")}
        </button>
        <button type="button" class="button" onClick={onDone}>
          {t("webhooks.done")}
        </button>
        <span role="status">{copied === "yes" ? t("webhooks.copied") : ""}</span>
      </div>
      {copied === "failed" && (
        <p class="form-error" role="alert">
          {t("webhooks.copyFailed")}
        </p>
      )}
    </section>
  );
}
