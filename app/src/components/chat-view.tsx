import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { SocketState } from "../../../src/shared/reconnecting-socket";
import { api, type ErrorInfo, errorInfo } from "../api";
import { useStarted, useStore } from "../hooks/use-store";
import { useTranslation } from "../hooks/use-translation";
import { errorText } from "../i18n/error-text";
import { ConversationStore } from "../lib/conversation-store";
import { visitorLabel } from "../lib/format";
import type { ConversationSummary } from "../types";
import { AssignControl } from "./assign-control";
import { Composer } from "./composer";
import { LivePreview } from "./live-preview";
import { MessageLog } from "./message-log";
import { TagEditor } from "./tag-editor";
import { TransferControl } from "./transfer-control";
import "./chat-view.css";

interface ChatViewProps {
  summary: ConversationSummary;
  /** The operator's role may reply and close (chats: manage), not only watch. */
  canReply: boolean;
  /** The signed-in operator, to tell whether the conversation is theirs. */
  operatorId: string;
  /** Called with the summary an assignment answered, so the inbox moves it between tabs. */
  onAssigned: (summary: ConversationSummary) => void;
  /** Called when the chat's own socket learns that the conversation was erased. */
  onErased: (conversationId: string) => void;
  /** Called with the summary a change of tags answered. */
  onTagged: (summary: ConversationSummary) => void;
}

/** Distance from the bottom, in pixels, within which new messages keep the view scrolled down. */
const STICK_TO_BOTTOM_PX = 48;

/** One live conversation: its messages, the visitor's draft, and the reply box. */
export function ChatView({ summary, canReply, operatorId, onAssigned, onErased, onTagged }: ChatViewProps) {
  const { t } = useTranslation();
  const store = useStarted(() => new ConversationStore(summary.id, summary.status === "closed"));
  const chat = useStore(store);
  const ended = chat.ended || summary.status === "closed";
  const label = visitorLabel(summary);
  const mine = summary.assignedOperatorId === operatorId;
  const [assigning, setAssigning] = useState(false);
  const [assignError, setAssignError] = useState<ErrorInfo | null>(null);

  const [transferredTo, setTransferredTo] = useState<string | null>(null);

  /** Runs an assignment or a transfer; its answer moves the conversation between the inbox's tabs. */
  async function route(change: () => Promise<ConversationSummary>) {
    setAssigning(true);
    setAssignError(null);
    try {
      onAssigned(await change());
    } catch (error) {
      setAssignError(errorInfo(error));
    } finally {
      setAssigning(false);
    }
  }
  const assign = (to: string | null) => route(() => api.assignConversation(summary.id, to));

  useEffect(() => {
    if (chat.erased) onErased(summary.id);
  }, [chat.erased, summary.id, onErased]);

  const scroller = useRef<HTMLDivElement>(null);
  const section = useRef<HTMLElement>(null);
  const atBottom = useRef(true);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [chat.messages, chat.pending, chat.preview, chat.visitorTyping, ended]);

  function onScroll() {
    const element = scroller.current;
    if (!element) return;
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_TO_BOTTOM_PX;
  }

  return (
    <section class="chat" aria-labelledby="chat-title" ref={section}>
      <header class="chat__header">
        <h2 id="chat-title" class="chat__title">
          {label}
        </h2>
        <p class="chat__meta">
          {summary.visitorEmail && <span class="chat__email">{summary.visitorEmail}</span>}
          {chat.visitorOnline !== null && !ended && (
            <span class="chat__presence">{chat.visitorOnline ? t("chat.visitorOnline") : t("chat.visitorOffline")}</span>
          )}
          <ConnectionNote connection={chat.connection} ready={chat.ready} ended={ended} />
          {!ended && mine && <span class="chat__assignment">{t("chat.assignedToYou")}</span>}
          {!ended && !mine && summary.assignedOperatorName !== null && (
            <span class="chat__assignment">{t("routing.assignedTo", { name: summary.assignedOperatorName })}</span>
          )}
          {!ended && summary.assignedOperatorId === null && <span class="chat__assignment">{t("chat.waiting")}</span>}
        </p>
        {canReply && !ended && (
          <div class="chat__actions">
            {mine && (
              <button type="button" class="button" disabled={assigning} onClick={() => void assign(null)}>
                {t("chat.handBack")}
              </button>
            )}
            {/* Take only what nobody has: a colleague's chat is handed over with "Assign to", not taken. */}
            {summary.assignedOperatorId === null && (
              <button type="button" class="button" disabled={assigning} onClick={() => void assign(operatorId)}>
                {t("chat.take")}
              </button>
            )}
            <AssignControl
              conversationId={summary.id}
              assignedOperatorId={summary.assignedOperatorId}
              busy={assigning}
              onAssign={(to) => void assign(to)}
            />
            <TransferControl
              departmentId={summary.departmentId}
              busy={assigning}
              onTransfer={(department) =>
                void route(async () => {
                  const moved = await api.transferConversation(summary.id, department.id);
                  setTransferredTo(department.name);
                  return moved;
                })
              }
            />
          </div>
        )}
        {transferredTo && (
          <p class="chat__status" role="status">
            {t("routing.transferred", { name: transferredTo })}
          </p>
        )}
        {assignError && (
          <p class="form-error chat__error" role="alert">
            {errorText(assignError.code, assignError.message)}
          </p>
        )}
        <TagEditor conversationId={summary.id} tags={summary.tags} canEdit={canReply} onSaved={onTagged} />
      </header>

      <div class="chat__scroller" ref={scroller} onScroll={onScroll}>
        <MessageLog conversationId={summary.id} messages={chat.messages} pending={chat.pending} ended={ended} />
        <LivePreview text={chat.preview} typing={chat.visitorTyping} />
      </div>

      <p class="chat__status" role="status">
        {ended ? t("chat.ended") : ""}
      </p>
      {chat.error && (
        <p class="form-error chat__error" role="alert">
          {errorText(chat.error.code, chat.error.message)}
        </p>
      )}
      {!canReply && <p class="chat__note">{t("chat.readOnly")}</p>}
      <Composer
        conversationId={summary.id}
        visitorName={summary.visitorName?.trim() || null}
        disabled={ended || !canReply}
        canEnd={chat.ready && !ended && !chat.ending && canReply}
        onSend={(body, attachment) => store.send(body, attachment?.id)}
        dropTarget={section}
        onTyping={(active) => store.setTyping(active)}
        onEnd={() => store.end()}
      />
    </section>
  );
}

interface ConnectionNoteProps {
  connection: SocketState;
  ready: boolean;
  ended: boolean;
}

/** "Connecting…" or "Reconnecting…" until the server says hello. */
function ConnectionNote({ connection, ready, ended }: ConnectionNoteProps) {
  const { t } = useTranslation();
  // Stopped for good (a terminal close): the error says why; nothing is being tried.
  if (ended || ready || connection === "stopped") return null;
  const text = connection === "waiting" ? t("chat.reconnecting") : t("chat.connecting");
  return <span class="chat__connection">{text}</span>;
}
