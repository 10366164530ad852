import { useDocumentTitle } from "../hooks/use-document-title";
import { useStarted, useStore } from "../hooks/use-store";
import { InboxStore } from "../lib/inbox-store";
import { strings } from "../strings";
import type { Me } from "../types";
import { AppHeader } from "./app-header";
import { ChatView } from "./chat-view";
import { ConversationList } from "./conversation-list";

interface InboxScreenProps {
  me: Me;
  onLogOut: () => Promise<void>;
  logoutErrorCode: string | null;
}

/** The signed-in layout: header, live list of open conversations, and the selected chat. */
export function InboxScreen({ me, onLogOut, logoutErrorCode }: InboxScreenProps) {
  const store = useStarted(() => new InboxStore());
  const inbox = useStore(store);
  const { selected } = inbox;
  const canReply = me.role.permissions.chats === "manage";

  useDocumentTitle(
    inbox.hiddenArrivals > 0 ? strings.unreadTitle(inbox.hiddenArrivals, strings.appName) : strings.appName,
  );

  return (
    <div class="inbox">
      <a class="skip-link" href="#chat">
        {strings.header.skipToChat}
      </a>
      <AppHeader operatorName={me.operator.displayName} onLogOut={onLogOut} logoutErrorCode={logoutErrorCode} />
      <div class="inbox__body">
        <ConversationList
          inbox={inbox}
          onSelect={(summary) => store.select(summary)}
          onLoadMore={() => void store.loadMore()}
          onRetry={() => void store.reload()}
        />
        <main id="chat" class="inbox__chat" tabIndex={-1}>
          {selected ? (
            <ChatView key={selected.id} summary={selected} canReply={canReply} />
          ) : (
            <p class="inbox__placeholder">{strings.inbox.noSelection}</p>
          )}
        </main>
      </div>
    </div>
  );
}
