import { useEffect } from "preact/hooks";
import { useDocumentTitle } from "../hooks/use-document-title";
import { useSoundSetting } from "../hooks/use-sound-setting";
import { useStore } from "../hooks/use-store";
import { useTranslation } from "../hooks/use-translation";
import type { InboxStore } from "../lib/inbox-store";
import { ChatView } from "./chat-view";
import { ColleaguesList } from "./colleagues-list";
import { ConversationList } from "./conversation-list";
import { VisitorPanel } from "./visitor-panel";
import "./inbox-screen.css";

interface InboxScreenProps {
  /** The app's live inbox: it runs on every screen (title count, chime, notifications), this screen shows it. */
  store: InboxStore;
  /** The operator's role may reply and close (chats: manage), not only watch. */
  canReply: boolean;
  /** The signed-in operator, for the "Mine" tab and taking conversations. */
  operatorId: string;
}

/** The live list of open conversations, and the selected chat. */
export function InboxScreen({ store, canReply, operatorId }: InboxScreenProps) {
  const { t } = useTranslation();
  const inbox = useStore(store);
  const { selected } = inbox;
  useDocumentTitle(t("appName"));

  useEffect(() => {
    store.setViewing(true);
    return () => store.setViewing(false);
  }, [store]);

  // The switch only: the chime itself plays on every screen (use-inbox-alerts.ts).
  const [sound, setSound] = useSoundSetting();

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
        footer={<ColleaguesList inbox={store} operatorId={operatorId} />}
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
              onTagged={(summary) => store.applySummary(summary)}
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
