import { useEffect, useId, useMemo, useRef, useState } from "preact/hooks";
import { SAVED_REPLY_SHORTCUT_MAX, SAVED_REPLY_TEXT_MAX, SAVED_REPLY_TITLE_MAX } from "../../../../src/shared/saved-replies";
import { errorInfo } from "../../api";
import { settingsApi, teamApi } from "../../api/admin";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { useMounted } from "../../hooks/use-mounted";
import { useTranslation } from "../../hooks/use-translation";
import { canManageSettings } from "../../lib/access";
import { languageName } from "../../lib/format";
import type { Department, Me, SavedReply } from "../../types";
import { ConfirmDialog } from "../confirm-dialog";
import { Field, TextField } from "../form/fields";
import { byName } from "../team/departments";
import { idle, type Outcome, OutcomeStatus } from "../team/outcome";
import { TeamList } from "../team/team-list";
import { useLoaded } from "../team/use-loaded";
import { useRemoval } from "../team/use-removal";
import type { LanguageText } from "./widget-draft";
import { WidgetLanguageTexts } from "./widget-language-texts";
import "../team/team.css";

interface SavedRepliesScreenProps {
  me: Me;
}

/** The form's values; departmentId "" is the whole account. */
interface Draft {
  title: string;
  shortcut: string;
  departmentId: string;
  texts: LanguageText[];
}

const byTitle = (a: SavedReply, b: SavedReply) => a.title.localeCompare(b.title) || a.shortcut.localeCompare(b.shortcut);

/** Saved replies: listed for settings read, added, changed and deleted for settings manage within the role's departments. */
export function SavedRepliesScreen({ me }: SavedRepliesScreenProps) {
  const { t, language } = useTranslation();
  const lists = useLoaded(settingsApi.savedReplies);
  const [departments, setDepartments] = useState<Department[] | null>(null);
  const [editing, setEditing] = useState<SavedReply | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(idle);
  const mounted = useMounted();
  useDocumentTitle(t("pageTitle", { page: t("savedReplies.nav"), app: t("appName") }));

  useEffect(() => {
    // Department names take team read; without it the list and the form name departments by id.
    if (me.role.permissions.team === "none") return;
    void teamApi
      .departments()
      .then((all) => mounted.current && setDepartments([...all].sort(byName)))
      .catch(() => {
        // Unknown names: departments are shown by id.
      });
  }, [me, mounted]);

  const names = useMemo(() => new Map((departments ?? []).map((d) => [d.id, d.name])), [departments]);
  const scopeName = (departmentId: string | null) =>
    departmentId === null
      ? t("savedReplies.wholeAccount")
      : (names.get(departmentId) ?? t("savedReplies.unknownDepartment", { id: departmentId.slice(0, 8) }));
  const allDepartments = me.role.departmentIds === null;
  /** The role changes replies of its own departments; account-wide ones only with all of them. */
  const mayChange = (reply: SavedReply) =>
    canManageSettings(me) &&
    (reply.departmentId === null ? allDepartments : allDepartments || me.role.departmentIds!.includes(reply.departmentId));
  // The departments a reply may be given: the role's own (all of the account's when it covers all).
  const choices = useMemo(() => {
    const own = allDepartments ? (departments?.map((d) => d.id) ?? []) : me.role.departmentIds!;
    return [...(allDepartments ? [""] : []), ...own];
  }, [allDepartments, departments, me]);

  const replies = [...(lists.data ?? [])].sort(byTitle);

  const removal = useRemoval<SavedReply>({
    headingId: "saved-replies-heading",
    request: (reply) => settingsApi.deleteSavedReply(reply.id),
    onDone: (reply) => {
      lists.update((all) => all.filter((r) => r.id !== reply.id));
      if (editing?.id === reply.id) setEditing(null);
      setOutcome({ kind: "done", text: t("savedReplies.deleted", { title: reply.title }) });
    },
    onFailed: (_reply, error) => {
      setOutcome({ kind: "failed", error });
      if (error.code === "not_found") lists.reload();
    },
  });
  const deleting = removal.removing;

  function saved(reply: SavedReply, added: boolean) {
    lists.update((all) => (added ? [...all, reply] : all.map((r) => (r.id === reply.id ? reply : r))));
    setOutcome({ kind: "done", text: t(added ? "savedReplies.added" : "savedReplies.saved", { title: reply.title }) });
    if (!added) {
      setEditing(null);
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-edit-id="${CSS.escape(reply.id)}"]`)?.focus());
    }
  }

  return (
    <main id="content" class="screen" tabIndex={-1}>
      <div class="screen__main">
        <h2 id="screen-heading" class="screen__heading" tabIndex={-1}>
          {t("savedReplies.heading")}
        </h2>
        <p class="screen__intro">{t("savedReplies.intro")}</p>
        <p class="screen__intro">{t("savedReplies.placeholders")}</p>
        {!canManageSettings(me) && <p class="notice">{t("form.readOnly")}</p>}

        <TeamList
          headingId="saved-replies-heading"
          heading={t("savedReplies.listHeading")}
          count={t("savedReplies.count", { count: replies.length })}
          lists={lists}
          outcome={outcome}
        >
          {lists.data && replies.length === 0 && <p class="muted">{t("savedReplies.empty")}</p>}
          {replies.length > 0 && (
            <div class="table-scroll">
              <table class="table team-table">
                <caption class="visually-hidden">{t("savedReplies.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("savedReplies.title")}</th>
                    <th scope="col">{t("savedReplies.shortcut")}</th>
                    <th scope="col">{t("savedReplies.scope")}</th>
                    <th scope="col">{t("savedReplies.languages")}</th>
                    {canManageSettings(me) && <th scope="col">{t("savedReplies.actions")}</th>}
                  </tr>
                </thead>
                <tbody>
                  {replies.map((reply) => (
                    <tr key={reply.id}>
                      <th scope="row">{reply.title}</th>
                      <td>
                        <code>/{reply.shortcut}</code>
                      </td>
                      <td>{scopeName(reply.departmentId)}</td>
                      <td>
                        {Object.keys(reply.texts)
                          .map((code) => languageName(code))
                          .sort((a, b) => a.localeCompare(b, language))
                          .join(", ")}
                      </td>
                      {canManageSettings(me) && (
                        <td>
                          {mayChange(reply) ? (
                            <div class="team-row-actions">
                              <button
                                type="button"
                                class="button"
                                data-edit-id={reply.id}
                                aria-label={`${t("form.edit")}: ${reply.title}`}
                                onClick={() => {
                                  setOutcome(idle);
                                  setEditing(reply);
                                }}
                              >
                                {t("form.edit")}
                              </button>
                              <button
                                type="button"
                                class="button button--danger"
                                aria-label={`${t("form.remove")}: ${reply.title}`}
                                onClick={() => removal.confirm(reply)}
                              >
                                {t("form.remove")}
                              </button>
                            </div>
                          ) : (
                            <span class="muted">{t("savedReplies.accountWideReadOnly")}</span>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </TeamList>

        {canManageSettings(me) && lists.data && choices.length > 0 && (
          <ReplyForm
            key={editing?.id ?? "new"}
            editing={editing}
            choices={choices}
            scopeName={scopeName}
            onSaved={saved}
            onCancel={() => {
              const id = editing?.id;
              setEditing(null);
              if (id) requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-edit-id="${CSS.escape(id)}"]`)?.focus());
            }}
          />
        )}
      </div>

      {deleting && (
        <ConfirmDialog
          title={t("savedReplies.deleteTitle", { title: deleting.item.title })}
          message={t("savedReplies.deleteConfirm", { title: deleting.item.title })}
          confirmLabel={t("savedReplies.deleteButton")}
          busy={deleting.busy}
          onConfirm={() => removal.remove(deleting.item)}
          onCancel={removal.cancel}
        />
      )}
    </main>
  );
}

interface ReplyFormProps {
  /** The reply being changed; null adds a new one. */
  editing: SavedReply | null;
  /** The departments the reply may be given ("" for the whole account). */
  choices: readonly string[];
  scopeName: (departmentId: string | null) => string;
  onSaved: (reply: SavedReply, added: boolean) => void;
  onCancel: () => void;
}

/** Adds a reply, or changes the one being edited. Starts with a text in the app's language. */
function ReplyForm({ editing, choices, scopeName, onSaved, onCancel }: ReplyFormProps) {
  const { t, language } = useTranslation();
  const mounted = useMounted();
  const headingId = useId();
  const titleField = useRef<HTMLDivElement>(null);
  const blank = (): Draft => ({ title: "", shortcut: "", departmentId: choices[0] ?? "", texts: [{ language, text: "" }] });
  const [draft, setDraft] = useState<Draft>(() =>
    editing
      ? {
          title: editing.title,
          shortcut: editing.shortcut,
          departmentId: editing.departmentId ?? "",
          texts: Object.entries(editing.texts).map(([code, text]) => ({ language: code, text })),
        }
      : blank(),
  );
  const [outcome, setOutcome] = useState<Outcome>(idle);
  const busy = outcome.kind === "busy";

  useEffect(() => {
    if (editing) titleField.current?.querySelector("input")?.focus();
  }, [editing]);

  async function submit(event: Event) {
    event.preventDefault();
    const texts = Object.fromEntries(draft.texts.filter(({ text }) => text.trim() !== "").map(({ language: code, text }) => [code, text]));
    const problem = !draft.title.trim()
      ? t("savedReplies.titleRequired")
      : !draft.shortcut.trim()
        ? t("savedReplies.shortcutRequired")
        : Object.keys(texts).length === 0
          ? t("savedReplies.textRequired")
          : null;
    if (problem) {
      setOutcome({ kind: "alert", text: problem });
      return;
    }
    setOutcome({ kind: "busy", text: t(editing ? "form.saving" : "savedReplies.adding") });
    const body = { title: draft.title, shortcut: draft.shortcut, departmentId: draft.departmentId || null, texts };
    try {
      const reply = editing ? await settingsApi.updateSavedReply(editing.id, body) : await settingsApi.createSavedReply(body);
      if (!mounted.current) return;
      setOutcome(idle);
      if (!editing) setDraft(blank());
      onSaved(reply, !editing);
    } catch (failure) {
      if (mounted.current) setOutcome({ kind: "failed", error: errorInfo(failure) });
    }
  }

  return (
    <form class="panel team-panel" aria-labelledby={headingId} onSubmit={(event) => void submit(event)} noValidate>
      <h3 id={headingId} class="section-heading">
        {editing ? t("savedReplies.editHeading", { title: editing.title }) : t("savedReplies.addHeading")}
      </h3>
      <div ref={titleField}>
        <TextField
          label={t("savedReplies.title")}
          value={draft.title}
          onInput={(title) => setDraft({ ...draft, title })}
          required
          autoComplete="off"
          maxLength={SAVED_REPLY_TITLE_MAX}
        />
      </div>
      <TextField
        label={t("savedReplies.shortcut")}
        hint={t("savedReplies.shortcutHint")}
        value={draft.shortcut}
        onInput={(shortcut) => setDraft({ ...draft, shortcut })}
        required
        autoComplete="off"
        maxLength={SAVED_REPLY_SHORTCUT_MAX + 1}
      />
      <Field label={t("savedReplies.scope")}>
        {({ id, describedBy }) => (
          <select
            id={id}
            class="field__input"
            aria-describedby={describedBy}
            value={draft.departmentId}
            onChange={(event) => setDraft({ ...draft, departmentId: event.currentTarget.value })}
          >
            {choices.map((choice) => (
              <option key={choice} value={choice}>
                {scopeName(choice || null)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <WidgetLanguageTexts
        legend={t("savedReplies.texts")}
        hint={t("savedReplies.textsHint")}
        texts={draft.texts}
        onChange={(texts) => setDraft({ ...draft, texts })}
        textLabel={(name) => t("savedReplies.textLabel", { language: name })}
        removeLabel={(name) => t("savedReplies.removeText", { language: name })}
        addLanguageLabel={t("savedReplies.addLanguage")}
        addLabel={t("savedReplies.addText")}
        maxLength={SAVED_REPLY_TEXT_MAX}
        multiline
        placeholder={t("savedReplies.textPlaceholder")}
        emptyText={t("savedReplies.textRequired")}
        readOnly={false}
      />
      <div class="team-row-actions">
        <button type="submit" class="button button--primary" disabled={busy} aria-busy={busy}>
          {editing ? t("form.save") : t("savedReplies.add")}
        </button>
        {editing && (
          <button type="button" class="button" onClick={onCancel} disabled={busy}>
            {t("cancel")}
          </button>
        )}
      </div>
      <OutcomeStatus outcome={outcome} />
    </form>
  );
}
