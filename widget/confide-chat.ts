// The `<confide-chat>` element: a shadow root with the panel, wired to the visitor's session (state,
// storage, REST) and the conversation's connection (the socket). It decides what the visitor sees
// when either of them changes; the parts in view/ draw it.
import type { QueueState, WidgetConfig } from "../src/shared/api";
import { formatFileSize } from "../src/shared/attachments";
import { type ConnectionClose, ConversationConnection } from "../src/shared/conversation-connection";
import {
  CLOSE_CONVERSATION_ERASED,
  type HelloFrame,
  type MessageCreatedFrame,
  type PresentOperator,
  type ServerFrame,
} from "../src/shared/frames";
import { browserEnvironment } from "../src/shared/reconnecting-socket";
import { identityClaimOf } from "../src/shared/verified-visitor";
import { type Upload, uploadFile } from "./api";
import css from "./chat.css";
import { adoptStyles } from "./shadow-styles";
import { relabelKeyed, type TextKey, textOf } from "./texts";
import { isQueueState, isRecord, languageTag } from "./validators";
import { labelLauncher, launcherHost, showAppearance } from "./view/launcher";
import { avatarImage } from "./view/message-list";
import { buildPanel, showConversation, showEnded, showNoConversation, showWidget } from "./view/panel";
import { queueText } from "./view/waiting";
import { goneReason, wireVisitorRights } from "./visitor-rights";
import { VisitorSession } from "./visitor-session";

/** What `mount` passes to the element (see MountOptions in chat.ts). */
export interface ChatOptions {
  origin: string;
  siteKey: string;
  launcher?: HTMLElement;
  lang?: string;
  /** The embed tag's data- attributes (verified visitors' data-user-id and data-user-hash), read at each start. */
  data?: DOMStringMap;
}

/** The `<confide-chat>` element. Created only by `mount`, which passes the options. */
export class ConfideChat extends HTMLElement {
  private readonly ui = buildPanel(
    (frame) => this.connection?.sendFrame(frame),
    () => this.visitor.config,
    (path) => this.avatarSrc(path),
    (id, inline) => this.visitor.visitorRequest(`/attachments/${encodeURIComponent(id)}${inline ? "?inline=1" : ""}`),
  );
  /** Confide's origin, where the widget's routes (operators' photos among them) are. */
  private readonly origin: string;
  private readonly notices = this.ui.notices;
  private readonly launcher: HTMLElement | undefined;
  private readonly visitor: VisitorSession;
  /** The embed tag's site key and data- attributes: a start carries the visitor's identity claim from them. */
  private readonly embed: { siteKey: string; data: DOMStringMap | undefined };
  /** The socket of the current conversation (shared with the operator app); null while there is none. */
  private connection: ConversationConnection | null = null;
  /** Operators present, from the last presence frame; null until one arrives. */
  private operators: PresentOperator[] | null = null;
  private returnFocusTo: Element | null = null;
  /** The chat's place in line while it waits for an operator; null when not waiting (or not known yet). */
  private queue: QueueState | null = null;
  private queueTimer: ReturnType<typeof setTimeout> | undefined;
  /** A left message (not a chat in line): what the status says about it, kept across reconnects. */
  private leftMessage: TextKey | null = null;
  /** An operator has written in this conversation: a left message is answered, not waiting any more. */
  private answered = false;
  /** Reloads the config when the business hours open or close, so the form switches on the minute. */
  private hoursTimer: ReturnType<typeof setTimeout> | undefined;
  /** The file on its way up, if any: one at a time. */
  private upload: Upload | null = null;

  constructor(options: ChatOptions) {
    super();
    this.origin = options.origin;
    this.launcher = options.launcher;
    this.embed = { siteKey: options.siteKey, data: options.data };
    this.visitor = new VisitorSession(
      options.origin,
      options.siteKey,
      languageTag(options.lang),
      {
        loading: () => this.notices.setStatus("loading"),
        loaded: (config, first) => {
          if (this.notices.statusKey === "loading") this.notices.setStatus("");
          if (first) this.notices.showAlert("");
          this.showConfig(config);
        },
        failed: (message) => {
          if (this.notices.statusKey === "loading") this.notices.setStatus("");
          if (message) this.notices.showServerAlert(message);
          else this.notices.showAlert("unavailable");
        },
        withdraw: () => this.withdraw(),
      },
      () => this.connection?.lastSeq ?? 0,
    );
    const root = this.attachShadow({ mode: "open" });
    adoptStyles(root, css);
    root.append(this.ui.panel);
    this.wireEvents();
    this.relabel();
    this.resume();
  }

  private wireEvents(): void {
    const ui = this.ui;
    const { prechat, composer } = ui;
    ui.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.close();
    });
    ui.closeButton.addEventListener("click", () => this.close());
    ui.endButton.addEventListener("click", () => this.askEnd());
    ui.endConfirm.yes.addEventListener("click", () => this.requestEnd());
    ui.endConfirm.no.addEventListener("click", () => this.cancelEnd());
    ui.endConfirm.region.addEventListener("keydown", (event) => {
      // Escape answers the question; the panel stays open.
      if (event.key !== "Escape") return;
      event.stopPropagation();
      this.cancelEnd();
    });
    ui.newChatButton.addEventListener("click", () => this.resetConversation(""));
    ui.rating.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.rate();
    });
    prechat.consent.addEventListener("change", () => {
      prechat.startButton.disabled = this.visitor.phase === "starting" || !prechat.consent.checked;
    });
    prechat.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.startChat();
    });
    composer.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.sendMessage();
    });
    composer.textarea.addEventListener("keydown", (event) => {
      // Enter sends, Shift+Enter is a newline; isComposing keeps IME input (e.g. Japanese) intact.
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.sendMessage();
      }
    });
    // Files: the attach button, dropped on the panel, or pasted into the message.
    composer.attachButton.addEventListener("click", () => composer.fileInput.click());
    composer.fileInput.addEventListener("change", () => {
      const file = composer.fileInput.files?.[0];
      composer.fileInput.value = "";
      if (file) void this.attach(file);
    });
    composer.cancelUpload.addEventListener("click", () => this.upload?.abort());
    ui.panel.addEventListener("dragover", (event) => {
      if (!this.takesFiles() || !event.dataTransfer?.types.includes("Files")) return;
      event.preventDefault();
      ui.panel.classList.add("drop");
    });
    ui.panel.addEventListener("dragleave", (event) => {
      if (!ui.panel.contains(event.relatedTarget as Node | null)) ui.panel.classList.remove("drop");
    });
    ui.panel.addEventListener("drop", (event) => {
      ui.panel.classList.remove("drop");
      const file = event.dataTransfer?.files[0];
      if (!file || !this.takesFiles()) return;
      event.preventDefault();
      void this.attach(file);
    });
    composer.textarea.addEventListener("paste", (event) => {
      const file = event.clipboardData?.files[0];
      if (!file || !this.takesFiles()) return;
      event.preventDefault();
      void this.attach(file);
    });
    composer.textarea.addEventListener("input", () => {
      if (this.connection?.ready && this.visitor.phase === "live") composer.draftChanged();
    });
    ui.offer.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.switchToMessage();
    });
    wireVisitorRights(ui, this.visitor, (reason) => this.resetConversation(reason));
  }

  /** Shows the panel and moves focus into it; loads the widget's configuration on first open. */
  open(): void {
    if (!this.ui.panel.hidden) return;
    const active = document.activeElement;
    this.returnFocusTo = active === this ? null : active;
    this.ui.panel.hidden = false;
    this.markRead();
    void this.visitor.loadConfig();
    this.focusFirstControl();
    announceOpenState(true);
  }

  /** Hides the panel; the conversation and its socket carry on in the background. */
  close(): void {
    if (this.ui.panel.hidden) return;
    this.ui.panel.hidden = true;
    announceOpenState(false);
    const target = this.returnFocusTo;
    if (target instanceof HTMLElement && target.isConnected) target.focus();
  }

  /** Opens a closed panel and closes an open one. */
  toggle(): void {
    if (this.ui.panel.hidden) this.open();
    else this.close();
  }

  /** Fetches the config in `code` and relabels the panel; a started conversation carries on as it is. */
  setLanguage(code: unknown): void {
    const language = languageTag(code);
    if (!language) return;
    this.visitor.language = language;
    // A request for the previous language may be in flight: its answer will be dropped.
    void this.visitor.reloadConfig();
  }

  /** Takes the widget off the page: the panel and the launcher go, and nothing else is asked. */
  private withdraw(): void {
    this.ui.panel.hidden = true;
    launcherHost(this.launcher)?.remove();
    this.remove();
    announceOpenState(false);
  }

  private focusFirstControl(): void {
    const ui = this.ui;
    if (!ui.prechat.form.hidden) ui.prechat.firstControl().focus();
    else if (!ui.composer.form.hidden && this.visitor.phase !== "ended") ui.composer.textarea.focus();
    else ui.closeButton.focus();
  }

  /** The text for `key` in the visitor's language, else in English. */
  private t(key: TextKey): string {
    return textOf(this.visitor.config, key);
  }

  /** Writes every text, aria-label and title of the panel (and the launcher's name) in the current language. */
  private relabel(): void {
    const ui = this.ui;
    relabelKeyed(ui.panel, this.visitor.config);
    ui.prechat.relabel(this.visitor.config);
    ui.rating.relabel(this.visitor.config);
    ui.panel.setAttribute("aria-label", this.t("chat"));
    this.renderPresence();
    this.labelLauncher();
  }

  private labelLauncher(): void {
    labelLauncher(this.launcher, this.visitor.config, this.visitor.unread);
  }

  /** The panel is open: whatever has arrived is read. */
  private markRead(): void {
    const visitor = this.visitor;
    const highestSeq = this.connection?.lastSeq ?? 0;
    if (visitor.readSeq < highestSeq) {
      visitor.readSeq = highestSeq;
      visitor.store.scheduleSave();
    }
    if (visitor.unread) {
      visitor.unread = 0;
      this.labelLauncher();
    }
  }

  private showConfig(config: WidgetConfig): void {
    this.watchHours(config);
    showWidget(this.ui, config);
    this.ui.composer.takeFiles(config.attachments);
    showAppearance(this.ui.panel, this.launcher, config.appearance);
    this.relabel();
    if (!this.visitor.conversation) this.showPrechat(config);
  }

  /**
   * Business hours change at `changesAt`: the config is asked for again then, so the form turns into
   * the leave-a-message form (or back) on the minute, however long the page has been open.
   */
  private watchHours(config: WidgetConfig): void {
    clearTimeout(this.hoursTimer);
    const changesAt = config.hours?.changesAt;
    if (!changesAt) return;
    // setTimeout holds at most ~24.8 days; a later change is rechecked then.
    const delay = Math.min(Math.max(0, changesAt - Date.now()), 2 ** 31 - 1);
    this.hoursTimer = setTimeout(() => void this.visitor.reloadConfig(), delay);
  }

  /** The form before a chat, for the widget the router picked, with the disclaimer in the current language. */
  private showPrechat(config: WidgetConfig): void {
    const ui = this.ui;
    const hadFocus = this.shadowRoot?.activeElement;
    ui.prechat.show(config, this.visitor.phase === "starting");
    // The server keeps no address in privacy mode, so a start costs the browser a proof of work;
    // begun now, it is usually done before the visitor has filled in the form.
    if (config.privacyMode) void this.visitor.proofFor(config.siteKey).catch(() => undefined);
    // Focus sat on the close button while loading; move it to the first field unless the visitor
    // has gone somewhere else meanwhile.
    if (!ui.panel.hidden && hadFocus === ui.closeButton) ui.prechat.firstControl().focus();
  }

  private async startChat(): Promise<void> {
    const { prechat, panel } = this.ui;
    const visitor = this.visitor;
    const config = visitor.config;
    if (!config || visitor.phase !== "prechat") return;
    if (config.consentRequired && !prechat.consent.checked) return;
    if (prechat.reportBlankRequired()) return;
    const request = prechat.request(config);
    // Read now, not at load: a single-page site may set data-user-id once its user has signed in.
    const identity = identityClaimOf(this.embed.data, this.embed.siteKey);
    if (identity) request.identity = identity;

    prechat.startButton.disabled = true;
    this.notices.showAlert("");
    let started: boolean;
    try {
      started = await visitor.start(config, request, async ({ status, error }) => {
        if (status === 409 && error?.code === "disclaimer_changed") {
          // Show the notice in force (the config again), and ask for consent to it afresh.
          await visitor.reloadConfig();
          prechat.consent.checked = false;
          this.notices.showServerAlert(error.message);
          // The Start button is disabled now; the checkbox (named by the notice) is where to go on.
          if (!panel.hidden && !prechat.form.hidden && !prechat.consentRow.hidden) prechat.consent.focus();
        } else if (error) this.notices.showServerAlert(error.message);
        else this.notices.showAlert("failed");
      });
    } catch {
      started = false;
      this.notices.showAlert("unreachable");
    }
    // The config may have been reloaded meanwhile (a changed disclaimer, another language).
    prechat.enableStart(visitor.config ?? config, false);
    if (!started) return;
    const left = request.leaveMessage;
    this.showConversation();
    this.ui.composer.textarea.focus();
    this.connect();
    if (left) this.showLeftMessage(left.emailReplies ? "messageLeftEmail" : "messageLeft");
    else this.watchQueue();
  }

  /** The chat is a left message: said in the status (after every hello too), and no place in line. */
  private showLeftMessage(key: TextKey): void {
    if (this.answered) return;
    this.leftMessage = key;
    this.notices.setStatus(key);
    this.renderPresence();
  }

  /**
   * Asks for the chat's place in line now and every 10 s while it waits: the answer counts down as
   * chats ahead are taken, and stops once an operator has it. After the widget's limit the visitor
   * is offered to leave a message instead.
   */
  private watchQueue(): void {
    clearTimeout(this.queueTimer);
    const poll = async () => {
      const response = await this.visitor.visitorRequest("/queue").catch(() => null);
      const queue: unknown = response?.ok ? await response.json().catch(() => null) : null;
      if (this.visitor.phase !== "live" || !isQueueState(queue)) return;
      // Picked up on another page: a left message says so again.
      if (queue.leftMessage && !this.leftMessage) this.showLeftMessage("messageLeft");
      this.queue = queue.position === null ? null : queue;
      this.renderPresence();
      const config = this.visitor.config;
      const limit = config?.offerMessageAfterMinutes;
      if (queue.position !== null && config && limit && queue.waitedMs >= limit * 60_000 && this.ui.offer.form.hidden) {
        this.ui.offer.show(config);
      }
      if (queue.position === null) this.ui.offer.form.hidden = true;
      else this.queueTimer = setTimeout(() => void poll(), 10_000);
    };
    void poll();
  }

  /** The waiting visitor leaves a message instead: the chat stays open for an answer whenever someone can. */
  private async switchToMessage(): Promise<void> {
    const { offer } = this.ui;
    const choice = offer.choice();
    offer.button.disabled = true;
    try {
      const response = await this.visitor.visitorRequest("/leave-message", "POST", JSON.stringify(choice));
      if (!response) return;
      if (!response.ok) return void (await this.notices.showErrorOf(response));
      clearTimeout(this.queueTimer);
      this.queue = null;
      offer.form.hidden = true;
      this.showLeftMessage(choice.emailReplies ? "messageLeftEmail" : "messageLeft");
      this.ui.composer.textarea.focus();
    } catch {
      this.notices.showAlert("unreachable");
    } finally {
      offer.button.disabled = false;
    }
  }

  /**
   * Picks up the conversation this tab started on an earlier page, if any: the whole of it is
   * replayed, and the config of its own widget is fetched at once (the launcher's name, and operator
   * messages, may arrive before the visitor opens the panel).
   */
  private resume(): void {
    if (!this.visitor.resume()) return;
    this.showConversation();
    this.connect();
    void this.visitor.loadConfig().then(() => this.watchQueue());
  }

  private showConversation(): void {
    showConversation(this.ui);
    this.renderPresence();
  }

  private connect(): void {
    const conversation = this.visitor.conversation;
    if (!conversation) return;
    const url = `${this.visitor.conversationBase.replace(/^http/, "ws")}/conversations/${encodeURIComponent(conversation.conversationId)}/socket`;
    const connection = new ConversationConnection({
      url: (after) => `${url}?after=${after}`,
      // The token travels as a subprotocol: browsers cannot set headers on a WebSocket, and a query
      // string would end up in access logs.
      protocols: () => ["confide.v1", `confide.token.${conversation.visitorToken}`],
      environment: browserEnvironment(window, document),
    });
    connection.on("frame", (frame) => this.onFrame(frame));
    connection.on("close", (close) => this.onClose(close));
    this.connection = connection;
    connection.start();
  }

  private onClose({ code, greeted, willRetry }: ConnectionClose): void {
    // Erased (its frame came first, unless it was lost): nothing to resume, nothing to retry.
    if (code === CLOSE_CONVERSATION_ERASED) {
      this.resetConversation("deleted");
      return;
    }
    this.ui.composer.dropped();
    this.ui.messages.showTyping(false, "");
    if (this.visitor.phase === "ended") return;
    // Another terminal close (opened in too many tabs): its error frame said why; retrying cannot help.
    this.notices.setStatus(willRetry ? "reconnecting" : "");
    if (!willRetry) return;
    if (!greeted) void this.visitor.checkGone().then((status) => status && this.resetConversation(goneReason(status)));
  }

  private onHello(frame: HelloFrame): void {
    this.ui.composer.livePreview = frame.livePreview;
    this.notices.setStatus(this.leftMessage ?? "");
    if (frame.status === "closed") {
      this.endConversation();
      return;
    }
    this.ui.composer.previewNotice.hidden = !frame.livePreview;
    void this.visitor.reportPageViewWhenDue().then((status) => status && this.resetConversation(goneReason(status)));
  }

  /** Every frame, after the connection's own bookkeeping (seqs, pending messages, resends). */
  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case "hello":
        this.onHello(frame);
        break;
      case "message.created":
        this.showMessage(frame);
        break;
      case "typing":
        if (frame.role !== "operator") break;
        this.ui.messages.showTyping(
          frame.active && this.visitor.phase !== "ended",
          frame.name ? this.t("namedTyping").replace("{name}", frame.name) : this.t("operatorTyping"),
        );
        break;
      case "seen":
        this.ui.messages.showSeen(frame.seq);
        break;
      case "presence":
        if (this.visitor.phase === "ended") break;
        this.operators = frame.operators.filter((operator) => operator.name);
        this.renderPresence();
        break;
      case "conversation.closed":
        this.endConversation();
        break;
      case "conversation.erased":
        // By the visitor in another tab, an operator or retention: the tab forgets it at once.
        this.resetConversation("deleted");
        break;
      case "error":
        // Sent too fast: the connection sends everything pending again after the wait; nothing to say.
        if (frame.code !== "rate_limited") this.notices.showServerAlert(frame.message);
        // A file the room would not take: its message was dropped, so it goes from the list too.
        if (frame.code === "attachment_not_found" && frame.clientId) this.ui.messages.acknowledge(frame.clientId);
        break;
      case "typing.preview":
        break;
    }
  }

  private showMessage(frame: MessageCreatedFrame): void {
    const { ui, visitor } = this;
    // The visitor's own message, acknowledged: the numbered copy replaces the pending one.
    const acknowledged = ui.messages.acknowledge(frame.clientId);
    if (ui.messages.has(frame.seq)) return;
    visitor.store.scheduleSave();
    if (frame.author.kind === "operator") {
      ui.messages.showTyping(false, "");
      this.answered = true;
      // A left message answered: "it has reached us" is no longer news.
      if (this.leftMessage) {
        this.leftMessage = null;
        this.notices.setStatus("");
      }
      // Answered: no longer in line.
      if (this.queue) {
        this.queue = null;
        ui.offer.form.hidden = true;
        this.renderPresence();
      }
    }
    if (!ui.panel.hidden) this.markRead();
    else if (frame.author.kind === "operator" && frame.seq > visitor.readSeq) {
      visitor.unread += 1;
      this.labelLauncher();
    }
    ui.messages.add(frame.author, frame.body, frame.seq, acknowledged, frame.attachment);
  }

  /** Who is with the visitor, by the names (and the first photo) the widget shows for them. */
  private renderPresence(): void {
    const operators = this.visitor.phase === "live" ? this.operators : [];
    const photo = operators?.map((operator) => (operator.avatarUrl ? this.avatarSrc(operator.avatarUrl) : null)).find(Boolean);
    this.ui.presence.replaceChildren(
      ...(photo ? [avatarImage(photo)] : []),
      this.visitor.phase !== "live"
        ? ""
        : operators?.length
          ? this.t("withYou") + operators.map((operator) => operator.name).join(", ")
          : this.leftMessage
            ? ""
            : queueText(this.visitor.config, this.queue) || this.t("waiting"),
    );
  }

  /** Only the widget's own avatar route on Confide's origin is loaded, whatever a frame says. */
  private avatarSrc(path: string): string | null {
    return /^\/w\/[\w%.-]+\/operators\/[0-9a-f-]+\/avatar$/.test(path) ? this.origin + path : null;
  }

  /** Sends the composer's text, with the file just uploaded (`attachment`) if there is one. */
  private sendMessage(attachment?: { id: string; name: string }): void {
    const { messages, composer } = this.ui;
    const body = composer.textarea.value.trim();
    if ((!body && !attachment) || !this.connection || this.visitor.phase !== "live") return;
    const message = this.connection.send(body, attachment?.id);
    if (message) messages.addPending(message.clientId, body, attachment?.name);
    composer.sent();
    this.notices.showAlert("");
    messages.scrollToEnd();
  }

  /** Files may be sent now: the widget takes them, the chat is live, and no other is on its way. */
  private takesFiles(): boolean {
    return Boolean(this.visitor.config?.attachments && this.visitor.phase === "live" && this.connection && !this.upload);
  }

  /**
   * Uploads `file` with progress and Cancel, then sends it in a message with the composer's text.
   * The size is checked here for a quick answer; the server checks it, and the file's kind, anyway.
   */
  private async attach(file: File): Promise<void> {
    const { visitor, notices } = this;
    const { composer } = this.ui;
    const conversation = visitor.conversation;
    const limits = visitor.config?.attachments;
    if (!conversation || !limits || !this.takesFiles()) return;
    const tooLarge = () => notices.showServerAlert(this.t("fileTooLarge").replace("{size}", formatFileSize(limits.maxBytes)));
    notices.showAlert("");
    if (file.size > limits.maxBytes) return tooLarge();
    const upload = uploadFile(visitor.conversationBase, conversation, file, (fraction) => composer.showUpload(file.name, fraction));
    this.upload = upload;
    composer.showUpload(file.name);
    const answer = await upload.done;
    if (this.upload !== upload) return;
    this.upload = null;
    const hadFocus = this.shadowRoot?.activeElement === composer.cancelUpload;
    composer.showUpload(null);
    if (hadFocus) composer.textarea.focus();
    if (visitor.conversation !== conversation) return;
    const body = answer?.body;
    const error = isRecord(body) && isRecord(body.error) ? body.error : null;
    if (!answer) notices.showAlert("unreachable");
    else if (answer.status === 201 && isRecord(body) && isRecord(body.attachment)) {
      const { id, name } = body.attachment;
      if (typeof id === "string" && typeof name === "string") this.sendMessage({ id, name });
    } else if (answer.status === 413) tooLarge();
    else if (answer.status === 415 || answer.status === 422) notices.showAlert("fileNotAllowed");
    // 0: cancelled by the visitor, who needs no word about it.
    else if (answer.status) {
      if (typeof error?.message === "string" && error.message) notices.showServerAlert(error.message);
      else notices.showAlert("failed");
    }
  }

  /** Stops an upload under way (the conversation ended or went); nothing of it is sent. */
  private dropUpload(): void {
    const upload = this.upload;
    this.upload = null;
    upload?.abort();
    this.ui.composer.showUpload(null);
  }

  /** End chat asks first, in the panel: the question takes the button's place and the focus. */
  private askEnd(): void {
    if (this.visitor.phase !== "live") return;
    const { endButton, endConfirm } = this.ui;
    endButton.hidden = true;
    endConfirm.region.hidden = false;
    endConfirm.yes.focus();
  }

  private cancelEnd(): void {
    const { endButton, endConfirm } = this.ui;
    endConfirm.region.hidden = true;
    if (this.visitor.phase !== "live") return;
    endButton.hidden = false;
    endButton.focus();
  }

  private requestEnd(): void {
    if (this.visitor.phase !== "live") return;
    const { endButton, endConfirm, closeButton } = this.ui;
    // A disabled button drops focus to the page; keep keyboard users inside the panel.
    if (this.shadowRoot?.activeElement === endConfirm.yes) closeButton.focus();
    endConfirm.region.hidden = true;
    endButton.disabled = true;
    this.connection?.requestEnd();
  }

  /** Sends the visitor's rating; the server takes one per conversation, after its end. */
  private async rate(): Promise<void> {
    const { rating, notices } = this.ui;
    const value = rating.value();
    if (!value || this.visitor.busy) return;
    this.visitor.busy = true;
    rating.submit.disabled = true;
    notices.showAlert("");
    try {
      const response = await this.visitor.visitorRequest("/rating", "POST", JSON.stringify(value));
      if (response?.ok) {
        const hadFocus = this.shadowRoot?.activeElement;
        rating.done();
        if (hadFocus && rating.form.contains(hadFocus)) this.ui.newChatButton.focus();
      } else if (response) {
        rating.submit.disabled = false;
        await notices.showErrorOf(response);
      }
    } catch {
      rating.submit.disabled = false;
      notices.showAlert("unreachable");
    } finally {
      this.visitor.busy = false;
    }
  }

  private endConversation(): void {
    if (this.visitor.phase !== "live") return;
    // Nothing left to resume on another page; the transcript and erasure stay available here.
    // The connection has ended with it (no more retries); its socket is left for the server to
    // close, as a reconnect's replay may still be arriving.
    this.visitor.end();
    this.dropUpload();
    clearTimeout(this.queueTimer);
    this.queue = null;
    const ui = this.ui;
    ui.offer.form.hidden = true;
    const hadFocus = this.shadowRoot?.activeElement;
    showEnded(ui, this.visitor.conversation?.emailGiven === true);
    this.renderPresence();
    this.notices.setStatus("ended");
    // Disabled controls drop focus to the page; keep keyboard users inside the panel.
    if (
      [
        ui.composer.textarea,
        ui.composer.sendButton,
        ui.composer.attachButton,
        ui.composer.cancelUpload,
        ui.endButton,
        ui.endConfirm.yes,
        ui.endConfirm.no,
      ].some((node) => node === hadFocus)
    ) {
      ui.closeButton.focus();
    }
  }

  /** Drops the conversation (socket, messages, stored session) and shows a fresh pre-chat form. */
  private resetConversation(status: TextKey | ""): void {
    const { ui, visitor } = this;
    this.connection?.stop();
    this.connection = null;
    this.dropUpload();
    clearTimeout(this.queueTimer);
    this.queue = null;
    this.leftMessage = null;
    this.answered = false;
    visitor.reset();
    this.operators = null;
    this.labelLauncher();
    showNoConversation(ui);
    this.renderPresence();
    this.notices.showAlert("");
    this.notices.setStatus(status);
    // A config of the conversation's own widget was not routed for this page: ask the router afresh.
    if (visitor.config && visitor.routed) this.showPrechat(visitor.config);
    else void visitor.reloadConfig();
    // The button that led here is hidden now; keep keyboard users inside the panel.
    if (!ui.panel.hidden) (ui.prechat.form.hidden ? ui.closeButton : ui.prechat.firstControl()).focus();
  }
}

function announceOpenState(open: boolean): void {
  dispatchEvent(new CustomEvent("confide:openchange", { detail: { open } }));
}
