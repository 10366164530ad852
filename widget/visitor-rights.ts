// The visitor's own rights over the conversation, from its start to its reset: a copy of it (the
// transcript as a text file, or a ZIP of it and the chat's files), and its erasure.
import { dispositionName, GONE } from "./api";
import { textOf } from "./texts";
import { saveBlob } from "./view/dom";
import type { Panel } from "./view/panel";
import type { VisitorSession } from "./visitor-session";

/** Why the conversation is gone: "deleted" (erased) or "ended" (the token is no longer good). */
export type GoneReason = "deleted" | "ended";

/** 404: the token is good but the conversation is not there any more, so it was erased. */
export function goneReason(status: number): GoneReason {
  return status === 404 ? "deleted" : "ended";
}

/** Wires the Download and Delete buttons; `reset` drops the conversation from the panel. */
export function wireVisitorRights(ui: Panel, visitor: VisitorSession, reset: (reason: GoneReason) => void): void {
  const { notices } = ui;

  /** One request at a time; a refusal or a network error is said in the alert region. */
  const run = async (path: string, method: string | undefined, handle: (response: Response) => Promise<void>) => {
    if (visitor.busy) return;
    visitor.busy = true;
    notices.showAlert("");
    try {
      const response = await visitor.visitorRequest(path, method);
      if (response) await handle(response);
    } catch {
      notices.showAlert("unreachable");
    } finally {
      visitor.busy = false;
    }
  };

  ui.downloadButton.addEventListener("click", () => {
    if (!visitor.conversation) return;
    void run("/transcript", undefined, async (response) => {
      if (GONE.has(response.status)) return reset(goneReason(response.status));
      if (!response.ok) return await notices.showErrorOf(response);
      const blob = await response.blob();
      const root = ui.panel.getRootNode();
      if (root instanceof ShadowRoot) saveBlob(root, blob, dispositionName(response, "chat.txt"));
    });
  });

  // The transcript to the address the visitor gave in this chat, at their request.
  ui.emailButton.addEventListener("click", () => {
    if (!visitor.conversation) return;
    void run("/transcript/email", "POST", async (response) => {
      if (GONE.has(response.status)) return reset(goneReason(response.status));
      if (!response.ok) return await notices.showErrorOf(response);
      notices.setStatus("transcriptEmailed");
    });
  });

  // Everything of the conversation goes, on the server and here.
  ui.deleteButton.addEventListener("click", () => {
    if (!visitor.conversation || visitor.busy || !confirm(textOf(visitor.config, "deleteConfirm"))) return;
    void run("", "DELETE", async (response) => {
      // 404: already erased (by retention or an operator), which is what the visitor asked for.
      if (response.status === 204 || response.status === 404) reset("deleted");
      else if (GONE.has(response.status)) reset(goneReason(response.status));
      else await notices.showErrorOf(response);
    });
  });
}
