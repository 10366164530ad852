import { useId, useState } from "preact/hooks";
import { errorInfo } from "../../api";
import { teamApi } from "../../api/admin";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import type { CreateOperator, Department, Me, Operator, Role } from "../../types";
import { TextField } from "../form/fields";
import { AvatarPreview, isHttpsUrl } from "./alias-avatar";
import { idle, type Outcome, OutcomeStatus } from "./outcome";
import { withinMe } from "./rights";
import { RoleSelect } from "./role-select";

export const MIN_PASSWORD = 12;

interface AddOperatorFormProps {
  me: Me;
  roles: readonly Role[];
  departments: readonly Department[];
  onAdded: (operator: Operator) => void;
}

interface Draft {
  email: string;
  displayName: string;
  password: string;
  roleId: string;
  aliasName: string;
  aliasAvatarUrl: string;
}

/** The role a new operator most likely needs: Agent when the caller may grant it, else the first they may. */
function defaultRoleId(me: Me, roles: readonly Role[]): string {
  const grantable = roles.filter((role) => withinMe(me, role));
  return (grantable.find((role) => role.builtIn && role.name === "Agent") ?? grantable[0])?.id ?? "";
}

/** A new operator: their sign-in, their role, and the alias visitors see instead of their name. */
export function AddOperatorForm({ me, roles, departments, onAdded }: AddOperatorFormProps) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const headingId = useId();
  const empty = (): Draft => ({
    email: "",
    displayName: "",
    password: "",
    roleId: defaultRoleId(me, roles),
    aliasName: "",
    aliasAvatarUrl: "",
  });
  const [draft, setDraft] = useState<Draft>(empty);
  const [outcome, setOutcome] = useState<Outcome>(idle);
  const busy = outcome.kind === "busy";

  const set =
    <K extends keyof Draft>(name: K) =>
    (value: Draft[K]) =>
      setDraft((current) => ({ ...current, [name]: value }));

  function invalid(): string | null {
    if (!draft.email.trim() || !draft.displayName.trim()) return t("team.operators.required");
    if (draft.password.length < MIN_PASSWORD) return t("team.operators.passwordTooShort", { count: MIN_PASSWORD });
    if (draft.aliasAvatarUrl.trim() && !isHttpsUrl(draft.aliasAvatarUrl.trim())) return t("team.operators.avatarNotHttps");
    if (!draft.roleId) return t("team.operators.chooseRole");
    return null;
  }

  async function submit(event: Event) {
    event.preventDefault();
    const problem = invalid();
    if (problem) {
      setOutcome({ kind: "alert", text: problem });
      return;
    }
    const body: CreateOperator = {
      email: draft.email.trim(),
      displayName: draft.displayName.trim(),
      password: draft.password,
      roleId: draft.roleId,
      ...(draft.aliasName.trim() ? { aliasName: draft.aliasName.trim() } : {}),
      ...(draft.aliasAvatarUrl.trim() ? { aliasAvatarUrl: draft.aliasAvatarUrl.trim() } : {}),
    };
    setOutcome({ kind: "busy", text: t("team.operators.adding") });
    try {
      const operator = await teamApi.createOperator(body);
      if (!mounted.current) return;
      setDraft(empty());
      setOutcome({ kind: "done", text: t("team.operators.added", { name: operator.displayName }) });
      onAdded(operator);
    } catch (failure) {
      if (mounted.current) setOutcome({ kind: "failed", error: errorInfo(failure) });
    }
  }

  return (
    <form class="panel team-panel" aria-labelledby={headingId} onSubmit={(event) => void submit(event)} noValidate>
      <h3 id={headingId} class="section-heading">
        {t("team.operators.addHeading")}
      </h3>
      <p class="muted">{t("team.operators.aliasIntro")}</p>
      <div class="team-form__grid">
        <TextField
          label={t("team.operators.email")}
          type="email"
          value={draft.email}
          onInput={set("email")}
          required
          autoComplete="off"
          maxLength={254}
        />
        <TextField
          label={t("team.operators.displayName")}
          value={draft.displayName}
          onInput={set("displayName")}
          required
          autoComplete="off"
          maxLength={100}
          hint={t("team.operators.displayNameHint")}
        />
        <TextField
          label={t("team.operators.initialPassword")}
          type="password"
          value={draft.password}
          onInput={set("password")}
          required
          autoComplete="new-password"
          maxLength={512}
          hint={t("team.operators.initialPasswordHint", { count: MIN_PASSWORD })}
        />
        <RoleSelect me={me} roles={roles} departments={departments} value={draft.roleId} onChange={set("roleId")} />
        <TextField
          label={t("team.operators.aliasName")}
          value={draft.aliasName}
          onInput={set("aliasName")}
          autoComplete="off"
          maxLength={100}
          hint={t("team.operators.aliasNameHint")}
        />
        <div class="team-form__stack">
          <TextField
            label={t("team.operators.aliasAvatarUrl")}
            type="url"
            value={draft.aliasAvatarUrl}
            onInput={set("aliasAvatarUrl")}
            autoComplete="off"
            maxLength={2000}
            placeholder="https://"
            hint={t("team.operators.aliasAvatarHint")}
          />
          <AvatarPreview url={draft.aliasAvatarUrl} />
        </div>
      </div>
      <div class="team-form__actions">
        <button type="submit" class="button button--primary" disabled={busy} aria-busy={busy}>
          {t("team.operators.add")}
        </button>
      </div>
      <OutcomeStatus outcome={outcome} />
    </form>
  );
}
