import { useEffect, useId, useRef, useState } from "preact/hooks";
import { CHAT_SLOTS, inRange } from "../../../../src/shared/chat-settings";
import { errorInfo } from "../../api";
import { teamApi } from "../../api/admin";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import { screenPaths } from "../../lib/routes";
import type { Department, Me, Operator, Role, UpdateOperator } from "../../types";
import { CheckboxField, TextField } from "../form/fields";
import { MIN_PASSWORD } from "./add-operator-form";
import { AliasAvatar, AvatarPreview, isHttpsUrl } from "./alias-avatar";
import { idle, type Outcome, OutcomeStatus } from "./outcome";
import { RoleSelect } from "./role-select";

interface EditOperatorFormProps {
  me: Me;
  operator: Operator;
  roles: readonly Role[];
  departments: readonly Department[];
  /** The saved operator and what to announce about it. */
  onSaved: (operator: Operator, announcement: string) => void;
  onClose: () => void;
}

interface Draft {
  displayName: string;
  aliasName: string;
  aliasAvatarUrl: string;
  roleId: string;
  disabled: boolean;
  password: string;
  /** Digits as typed. */
  chatSlots: string;
}

const draftOf = (operator: Operator): Draft => ({
  displayName: operator.displayName,
  aliasName: operator.aliasName ?? "",
  aliasAvatarUrl: operator.aliasAvatarUrl ?? "",
  roleId: operator.roleId,
  disabled: operator.disabled,
  password: "",
  chatSlots: String(operator.chatSlots),
});

/** The slots typed, or null while they are not a whole number within CHAT_SLOTS. */
const slotsOf = (draft: Draft): number | null => {
  const text = draft.chatSlots.trim();
  return /^\d{1,2}$/.test(text) && inRange(CHAT_SLOTS, Number(text)) ? Number(text) : null;
};

/** Only what the form changed; an emptied alias becomes null, which removes it. */
function changesOf(operator: Operator, draft: Draft): UpdateOperator {
  const change: UpdateOperator = {};
  const displayName = draft.displayName.trim();
  const aliasName = draft.aliasName.trim() || null;
  const aliasAvatarUrl = draft.aliasAvatarUrl.trim() || null;
  if (displayName !== operator.displayName) change.displayName = displayName;
  if (aliasName !== operator.aliasName) change.aliasName = aliasName;
  if (aliasAvatarUrl !== operator.aliasAvatarUrl) change.aliasAvatarUrl = aliasAvatarUrl;
  if (draft.roleId !== operator.roleId) change.roleId = draft.roleId;
  if (draft.disabled !== operator.disabled) change.disabled = draft.disabled;
  if (draft.password) change.password = draft.password;
  const chatSlots = slotsOf(draft);
  if (chatSlots !== null && chatSlots !== operator.chatSlots) change.chatSlots = chatSlots;
  return change;
}

/** Changes one operator. The server closes their open connections when their rights change. */
export function EditOperatorForm({ me, operator, roles, departments, onSaved, onClose }: EditOperatorFormProps) {
  const { t } = useTranslation();
  const mounted = useMounted();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [draft, setDraft] = useState<Draft>(() => draftOf(operator));
  const [outcome, setOutcome] = useState<Outcome>(idle);
  const busy = outcome.kind === "busy";
  const isMe = operator.id === me.operator.id;

  useEffect(() => heading.current?.focus(), []);

  const set =
    <K extends keyof Draft>(name: K) =>
    (value: Draft[K]) =>
      setDraft((current) => ({ ...current, [name]: value }));

  function invalid(): string | null {
    if (!draft.displayName.trim()) return t("team.operators.required");
    if (draft.password && draft.password.length < MIN_PASSWORD) return t("team.operators.passwordTooShort", { count: MIN_PASSWORD });
    const avatar = draft.aliasAvatarUrl.trim();
    if (avatar && avatar !== operator.aliasAvatarUrl && !isHttpsUrl(avatar)) return t("team.operators.avatarNotHttps");
    if (slotsOf(draft) === null) return t("chatSettings.slots.problem", { min: CHAT_SLOTS.min, max: CHAT_SLOTS.max });
    return null;
  }

  /** What the admin must know beyond "saved": who was signed out, whose connections closed. */
  function announcement(change: UpdateOperator, saved: Operator): string {
    const name = saved.displayName;
    if (change.disabled) return t("team.operators.savedDisabled", { name });
    if (change.password) return t("team.operators.savedPassword", { name });
    if (change.roleId) return t("team.operators.savedRole", { name });
    return t("team.operators.saved", { name });
  }

  async function submit(event: Event) {
    event.preventDefault();
    const problem = invalid();
    if (problem) {
      setOutcome({ kind: "alert", text: problem });
      return;
    }
    const change = changesOf(operator, draft);
    if (Object.keys(change).length === 0) {
      setOutcome({ kind: "done", text: t("team.nothingChanged") });
      return;
    }
    setOutcome({ kind: "busy", text: t("form.saving") });
    try {
      const saved = await teamApi.updateOperator(operator.id, change);
      if (!mounted.current) return;
      setOutcome(idle);
      onSaved(saved, announcement(change, saved));
    } catch (failure) {
      if (mounted.current) setOutcome({ kind: "failed", error: errorInfo(failure) });
    }
  }

  const rightsChanging = draft.roleId !== operator.roleId || (draft.disabled && !operator.disabled);

  return (
    <form class="panel team-panel team-panel--edit" aria-labelledby={headingId} onSubmit={(event) => void submit(event)} noValidate>
      <div class="team-panel__header">
        {operator.aliasAvatarUrl && (
          <AliasAvatar
            url={operator.aliasAvatarUrl}
            alt={t("team.operators.avatarOf", { name: operator.aliasName ?? operator.displayName })}
          />
        )}
        <h3 id={headingId} ref={heading} class="section-heading" tabIndex={-1}>
          {t("team.operators.editHeading", { name: operator.displayName })}
        </h3>
      </div>
      <p class="muted">
        {operator.email}
        {isMe && ` ${t("team.operators.you")}`}
      </p>
      <div class="team-form__grid">
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
          label={t("team.operators.aliasName")}
          value={draft.aliasName}
          onInput={set("aliasName")}
          autoComplete="off"
          maxLength={100}
          hint={t("team.operators.aliasNameEditHint")}
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
            hint={t("team.operators.aliasAvatarEditHint")}
          />
          <AvatarPreview url={draft.aliasAvatarUrl} />
        </div>
        <RoleSelect
          me={me}
          roles={roles}
          departments={departments}
          value={draft.roleId}
          onChange={set("roleId")}
          disabled={isMe}
          note={isMe ? t("team.operators.ownRole") : t("team.operators.roleChangeHint")}
        />
        {isMe ? (
          // The server refuses your own password here (current_password_required): it needs the current one.
          <p class="field__hint">
            {t("team.operators.ownPasswordHint")} <a href={screenPaths.security}>{t("team.operators.ownPasswordLink")}</a>
          </p>
        ) : (
          <TextField
            label={t("team.operators.newPassword")}
            type="password"
            value={draft.password}
            onInput={set("password")}
            autoComplete="new-password"
            maxLength={512}
            hint={t("team.operators.newPasswordHint", { count: MIN_PASSWORD })}
          />
        )}
        <TextField
          label={t("chatSettings.slots.label")}
          type="number"
          value={draft.chatSlots}
          onInput={set("chatSlots")}
          required
          min={CHAT_SLOTS.min}
          max={CHAT_SLOTS.max}
          hint={t("chatSettings.slots.hint", { min: CHAT_SLOTS.min, max: CHAT_SLOTS.max })}
        />
        <CheckboxField
          label={t("team.operators.disabled")}
          checked={draft.disabled}
          onChange={set("disabled")}
          disabled={isMe}
          hint={isMe ? t("team.operators.ownDisable") : t("team.operators.disabledHint")}
        />
      </div>
      {rightsChanging && <p class="notice">{t("team.operators.connectionsClose")}</p>}
      <div class="team-form__actions">
        <button type="submit" class="button button--primary" disabled={busy} aria-busy={busy}>
          {t("form.save")}
        </button>
        <button type="button" class="button" onClick={onClose} disabled={busy}>
          {t("cancel")}
        </button>
      </div>
      <OutcomeStatus outcome={outcome} />
    </form>
  );
}
