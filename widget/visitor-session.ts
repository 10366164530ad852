// The visitor's side of a conversation, without the view: which phase it is in, the widget config,
// the started conversation and what is kept of it, and the REST calls that start, resume, report,
// download and erase it.
import type { ApiError, StartConversation, WidgetConfig } from "../src/shared/api";
import { ApiFailure, apiErrorOf, fetchConfig, GONE, type Proof, postConversation, solvedProof, visitorFetch, widgetEndpoint } from "./api";
import { type Session, SessionStore } from "./stored-session";
import { isStartedConversation } from "./validators";

/** No conversation (the pre-chat form), one being started, one in progress, one that has ended. */
export type Phase = "prechat" | "starting" | "live" | "ended";

/** What the session tells the element about its config. */
export interface ConfigEvents {
  /** A config request began with no config yet. */
  loading(): void;
  /** The config arrived (`first`: the first one on this page). */
  loaded(config: WidgetConfig, first: boolean): void;
  /** It did not; `message` is the server's word for the visitor, if it had one. */
  failed(message: string | null): void;
  /** No widget may be embedded on this page: the chat leaves it. */
  withdraw(): void;
}

/** What a start answered when it did not start a conversation. */
export interface StartRefusal {
  status: number;
  error: ApiError["error"] | null;
}

/** One tab's visitor: at most one conversation at a time. */
export class VisitorSession {
  phase: Phase = "prechat";
  /** The conversation, from its start (or resume) to its reset; it stays after it ended. */
  conversation: Session | null = null;
  config: WidgetConfig | null = null;
  /**
   * The latest config request went to the embedded widget and the router. With a conversation it goes
   * to the conversation's own widget instead, whose config is no pre-chat form for a new one.
   */
  routed = true;
  /** Highest seq the visitor has had in front of them (panel open); operator messages above it are unread. */
  readSeq = 0;
  unread = 0;
  /** A request of the visitor's (download, delete) is in flight. */
  busy = false;
  /**
   * Resumed on this page load: the page is reported once the config says whether that is allowed
   * and the room's hello has shown the stored session is still good (a stale one reports nothing).
   */
  pageViewDue = false;
  readonly store: SessionStore;
  private configRequest: Promise<void> | null = null;
  /** Counts config requests, so the answer to an outdated one (an earlier language) is dropped. */
  private configRequests = 0;
  /** Privacy mode: the proof of work for the next start, solved while the visitor reads and types. */
  private proof: { siteKey: string; solved: Promise<Proof> } | null = null;
  /** The embedded widget's endpoints: without a conversation the config is asked for here, so the router decides. */
  private readonly entryBase: string;

  /** `highestSeq` is the highest seq received, kept with the session. */
  constructor(
    private readonly origin: string,
    siteKey: string,
    /** Asked for with `Confide.setLanguage`; otherwise the server goes by Accept-Language. */
    public language: string | null,
    private readonly configEvents: ConfigEvents,
    highestSeq: () => number,
  ) {
    this.entryBase = widgetEndpoint(origin, siteKey);
    this.store = new SessionStore(`confide:${siteKey}`, () =>
      this.conversation ? { ...this.conversation, lastSeq: highestSeq(), readSeq: this.readSeq } : null,
    );
  }

  /** The endpoints of the conversation's own widget. */
  get conversationBase(): string {
    return widgetEndpoint(this.origin, this.conversation?.siteKey ?? "");
  }

  /** Loads the config unless a request is in flight (or done); a failed one is tried again next time. */
  loadConfig(): Promise<void> {
    if (!this.configRequest) {
      const request = ++this.configRequests;
      this.configRequest = this.fetchConfig(request).catch((error: unknown) => {
        if (request !== this.configRequests) return;
        // Forget the failed request so the next open tries again.
        this.configRequest = null;
        this.configEvents.failed(error instanceof ApiFailure && error.message ? error.message : null);
      });
    }
    return this.configRequest;
  }

  /** Asks for the config afresh (another language, a changed disclaimer); an answer in flight is dropped. */
  reloadConfig(): Promise<void> {
    this.configRequest = null;
    return this.loadConfig();
  }

  private async fetchConfig(request: number): Promise<void> {
    const first = !this.config;
    // Only the first load says so: a change of language leaves the status region to the conversation.
    if (first) this.configEvents.loading();
    // A conversation keeps its own widget (title, privacy link, privacy mode), whatever page this is:
    // its config is asked for without the page. Otherwise the router may pick a widget by page; it
    // gets the page without query or fragment, which can carry personal data.
    const conversation = this.conversation;
    this.routed = !conversation;
    const query = new URLSearchParams();
    if (this.language) query.set("lang", this.language);
    if (!conversation) query.set("url", location.origin + location.pathname);
    // The server skips the router for a conversation's own widget.
    else query.set("own", "1");
    const config = await fetchConfig(conversation ? this.conversationBase : this.entryBase, query);
    if (request !== this.configRequests) return;
    if (config === "withdraw") return this.configEvents.withdraw();
    this.config = config;
    this.configEvents.loaded(config, first);
  }

  /** A solved challenge of `siteKey`'s widget: the one in the works, or a new one. */
  proofFor(siteKey: string): Promise<Proof> {
    if (this.proof?.siteKey === siteKey) return this.proof.solved;
    const solved = solvedProof(widgetEndpoint(this.origin, siteKey));
    const entry = { siteKey, solved };
    this.proof = entry;
    // A failed attempt is forgotten, so the start asks afresh.
    solved.catch(() => {
      if (this.proof === entry) this.proof = null;
    });
    return solved;
  }

  /**
   * Starts a conversation on `config`'s widget; true when it did. A refusal is handed to `refused`
   * while the start still counts as in flight. Throws when the server cannot be reached.
   */
  async start(config: WidgetConfig, request: StartConversation, refused: (refusal: StartRefusal) => Promise<void>): Promise<boolean> {
    const siteKey = config.siteKey;
    this.phase = "starting";
    try {
      const post = async () => {
        if (config.privacyMode) request.proof = await this.proofFor(siteKey);
        // Used (or refused): a proof is good for one start only.
        this.proof = null;
        return postConversation(widgetEndpoint(this.origin, siteKey), request);
      };
      let response = await post();
      let error = response.ok ? null : await apiErrorOf(response);
      // A proof that expired while the visitor took their time: solve a new one, once.
      if (config.privacyMode && (error?.code === "invalid_proof" || error?.code === "proof_used")) {
        response = await post();
        error = response.ok ? null : await apiErrorOf(response);
      }
      if (!response.ok) {
        await refused({ status: response.status, error });
        // The next try needs a new proof: start on it while the visitor reads the message.
        if (config.privacyMode) void this.proofFor(siteKey).catch(() => undefined);
        return false;
      }
      const started: unknown = await response.json();
      if (!isStartedConversation(started)) {
        await refused({ status: response.status, error: null });
        return false;
      }
      this.conversation = {
        siteKey,
        privacyMode: config.privacyMode,
        conversationId: started.conversationId,
        visitorToken: started.visitorToken,
        emailGiven: Boolean(request.email),
      };
      this.phase = "live";
      // The visitor has started the chat (and consented, where asked): only from here on may anything
      // be stored, and then only what lets the chat continue on the next page.
      this.store.keep();
      this.store.save();
      return true;
    } finally {
      if (this.phase === "starting") this.phase = "prechat";
    }
  }

  /** Picks up the conversation this tab started on an earlier page; false when there is none. */
  resume(): boolean {
    const stored = this.store.read();
    if (!stored) return false;
    const { siteKey, privacyMode, conversationId, visitorToken, readSeq, emailGiven } = stored;
    this.conversation = { siteKey, privacyMode, conversationId, visitorToken, emailGiven };
    this.readSeq = readSeq;
    this.phase = "live";
    this.store.keep();
    this.pageViewDue = true;
    return true;
  }

  /** The conversation ended: nothing left to resume on another page. */
  end(): void {
    this.phase = "ended";
    this.store.forget();
  }

  /** Forgets the conversation altogether (erased, gone, deleted). */
  reset(): void {
    this.store.forget();
    this.conversation = null;
    this.phase = "prechat";
    this.pageViewDue = false;
    this.readSeq = this.unread = 0;
  }

  /**
   * Reports this page once per resumed page load, outside privacy mode (of the conversation's widget)
   * only: there the server keeps page views; in it, none is even sent. Resolves to a GONE status, if any.
   */
  async reportPageViewWhenDue(): Promise<number | null> {
    if (!this.pageViewDue || this.phase !== "live") return null;
    this.pageViewDue = false;
    if (this.conversation?.privacyMode !== false) return null;
    try {
      return goneStatus(await this.visitorRequest("/page-views", "POST", JSON.stringify({ url: location.origin + location.pathname })));
    } catch {
      // A page view that did not arrive is not worth troubling the visitor with.
      return null;
    }
  }

  /**
   * A browser shows a refused WebSocket upgrade as a plain close, with no status. Asking over HTTP
   * tells a conversation that is gone (erased, or a stale token from an earlier page) from a
   * network that is down, which must keep reconnecting. Resolves to a GONE status, if any.
   */
  async checkGone(): Promise<number | null> {
    try {
      return goneStatus(await this.visitorRequest("/transcript", "HEAD"));
    } catch {
      // Offline: the reconnect loop carries on.
      return null;
    }
  }

  /** A request on the conversation's own endpoints; null when the conversation changed meanwhile. */
  async visitorRequest(path: string, method?: string, body?: string): Promise<Response | null> {
    const conversation = this.conversation;
    if (!conversation) return null;
    const response = await visitorFetch(this.conversationBase, conversation, path, method, body);
    return conversation === this.conversation ? response : null;
  }
}

/** The status of an answer meaning the conversation is gone, else null. */
function goneStatus(response: Response | null): number | null {
  return response && GONE.has(response.status) ? response.status : null;
}
