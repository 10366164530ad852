import { useEffect, useRef } from "preact/hooks";
import { useDocumentTitle } from "../hooks/use-document-title";
import { useSoundSetting } from "../hooks/use-sound-setting";
import { useStarted, useStore } from "../hooks/use-store";
import { useTranslation } from "../hooks/use-translation";
import { playChime } from "../lib/chime";
import { InboxStore } from "../lib/inbox-store";
import { ChatView } from "./chat-view";
import { ConversationList } from "./conversation-list";
import { VisitorPanel } from "./visitor-panel";
import "./inbox-screen.css";

interface InboxScreenProps {
  /** The operator's role may reply and close (chats: manage), not only watch. */
  canReply: boolean;
  /** The signed-in operator, for the "Mine" tab and taking conversations. */
  operatorId: string;
}

/** The live list of open conversations, and the selected chat. */
export function InboxScreen({ canReply, operatorId }: InboxScreenProps) {
  const { t } = useTranslation();
  const store = useStarted(() => new InboxStore(operatorId));
  const inbox = useStore(store);
  const { selected } = inbox;
  const appName = t("appName");

  useDocumentTitle(inbox.hiddenArrivals > 0 ? t("unreadTitle", { count: inbox.hiddenArrivals, title: appName }) : appName);

  // A chime for each new chat, unless the operator switched sound off.
  const [sound, setSound] = useSoundSetting();
  const heardArrivals = useRef(inbox.arrivals);
  useEffect(() => {
    if (inbox.arrivals > heardArrivals.current && sound) playChime();
    heardArrivals.current = inbox.arrivals;
  }, [inbox.arrivals, sound]);

  return (
    <div class="inbox__body">
      <ConversationList
        inbox={inbox}
        onSelect={(summary) => store.select(summary)}
        onTab={(tab) => store.showTab(tab)}
        onLoadMore={() => void store.loadMore()}
        onRetry={() => void store.reload()}
        sound={sound}
        onSound={setSound}
      />
      <main id="chat" class="inbox__chat" tabIndex={-1}>
        {selected ? (
          <>
            <ChatView
              key={selected.id}
              summary={selected}
              canReply={canReply}
              operatorId={operatorId}
              onAssigned={(summary) => store.applySummary(summary)}
              onErased={(id) => store.forget(id)}
            />
            <VisitorPanel key={`details-${selected.id}`} summary={selected} />
          </>
        ) : inbox.selectedErased ? (
          <p class="inbox__placeholder" role="status">
            {t("inbox.erased")}
          </p>
        ) : (
          <p class="inbox__placeholder">{t("inbox.noSelection")}</p>
        )}
      </main>
    </div>
  );
}
