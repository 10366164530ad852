import { useId, useState } from "preact/hooks";
import { type ErrorInfo, errorInfo } from "../../api";
import { passwordApi } from "../../api/password";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import { errorText } from "../../i18n/error-text";
import { describedBy } from "../form/fields";
import "./password-section.css";

/** The server's policy (src/shared/api.ts, changePasswordSchema); the server still decides. */
const MIN_PASSWORD = 12;

type FieldName = "current" | "next" | "confirm";
type Problems = Partial<Record<FieldName, string>>;

type State = { kind: "idle" } | { kind: "busy" } | { kind: "done" } | { kind: "failed"; error: ErrorInfo };

/**
 * Change your own password: the current one, the new one twice. This browser stays signed in;
 * the server signs out every other session and revokes the operator's API tokens.
 */
export function PasswordSection() {
  const { t } = useTranslation();
  const mounted = useMounted();
  const id = useId();
  const [values, setValues] = useState<Record<FieldName, string>>({ current: "", next: "", confirm: "" });
  const [problems, setProblems] = useState<Problems>({});
  const [state, setState] = useState<State>({ kind: "idle" });

  function check(): Problems {
    const found: Problems = {};
    if (!values.current) found.current = t("security.password.currentRequired");
    if (values.next.length < MIN_PASSWORD) found.next = t("security.password.tooShort", { count: MIN_PASSWORD });
    else if (values.next === values.current) found.next = t("errors.password_unchanged");
    if (!found.next && values.confirm !== values.next) found.confirm = t("security.password.mismatch");
    return found;
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (state.kind === "busy") return;
    const found = check();
    setProblems(found);
    const first = (["current", "next", "confirm"] as const).find((name) => found[name]);
    if (first) {
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    setState({ kind: "busy" });
    try {
      await passwordApi.change({ currentPassword: values.current, newPassword: values.next });
      if (!mounted.current) return;
      setValues({ current: "", next: "", confirm: "" });
      setState({ kind: "done" });
    } catch (failure) {
      if (!mounted.current) return;
      const error = errorInfo(failure);
      setState({ kind: "failed", error });
      // A wrong current password is that field's problem: say it there and go back to it.
      if (error.code === "invalid_current_password") {
        setProblems({ current: errorText(error.code) });
        document.getElementById(`${id}-current`)?.focus();
      }
    }
  }

  const field = (name: FieldName, label: string, autoComplete: string, hint?: string) => (
    <div class="field">
      <label class="field__label" for={`${id}-${name}`}>
        {label}
      </label>
      <input
        id={`${id}-${name}`}
        class="field__input"
        type="password"
        autocomplete={autoComplete}
        maxLength={512}
        required
        value={values[name]}
        aria-invalid={problems[name] ? true : undefined}
        aria-describedby={describedBy(problems[name] && `${id}-${name}-error`, hint && `${id}-${name}-hint`)}
        onInput={(event) => {
          const value = event.currentTarget.value;
          setValues((current) => ({ ...current, [name]: value }));
          setProblems((current) => ({ ...current, [name]: undefined }));
          if (state.kind === "done") setState({ kind: "idle" });
        }}
      />
      {problems[name] && (
        <p id={`${id}-${name}-error`} class="security-password__field-error">
          {problems[name]}
        </p>
      )}
      {hint && (
        <p id={`${id}-${name}-hint`} class="field__hint">
          {hint}
        </p>
      )}
    </div>
  );

  const failure = state.kind === "failed" && state.error.code !== "invalid_current_password" ? state.error : null;

  return (
    <section class="panel security-section" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} class="section-heading">
        {t("security.password.heading")}
      </h3>
      <p class="muted">{t("security.password.intro")}</p>
      <form class="security-password" onSubmit={(event) => void submit(event)} aria-busy={state.kind === "busy"} noValidate>
        {field("current", t("security.password.current"), "current-password")}
        {field("next", t("security.password.new"), "new-password", t("security.password.newHint", { count: MIN_PASSWORD }))}
        {field("confirm", t("security.password.confirm"), "new-password")}
        <div>
          <button type="submit" class="button button--primary" aria-disabled={state.kind === "busy"}>
            {state.kind === "busy" ? t("security.password.saving") : t("security.password.submit")}
          </button>
        </div>
      </form>
      <p role="status" class="security-password__status">
        {state.kind === "done" ? t("security.password.changed") : ""}
      </p>
      {failure && (
        <p class="form-error" role="alert">
          {errorText(failure.code, failure.message)}
        </p>
      )}
    </section>
  );
}
