// The panel's two live regions: the status (loading, reconnecting, ended) and the alert (what went
// wrong). Our own words are keyed, so a change of language rewrites them; the server's are not.
import type { WidgetConfig } from "../../src/shared/api";
import { apiErrorOf } from "../api";
import { type TextKey, textOf } from "../texts";
import { el } from "./dom";

/** The status and alert regions. */
export class Notices {
  readonly status = el("p", { role: "status", class: "status" });
  readonly alert = el("p", { role: "alert", class: "alert" });

  /** `config` gives the current language's texts. */
  constructor(private readonly config: () => WidgetConfig | null) {}

  /** The status's key, "" when it is empty or the server's. */
  get statusKey(): string {
    return this.status.dataset.t ?? "";
  }

  setStatus(key: TextKey | ""): void {
    this.say(this.status, key);
  }

  showAlert(key: TextKey | ""): void {
    this.say(this.alert, key);
  }

  /** A message the server wrote for the visitor; it has no key, so a change of language keeps it. */
  showServerAlert(message: string): void {
    delete this.alert.dataset.t;
    this.alert.textContent = message;
  }

  /** The message of an error answer, else "Something went wrong". */
  async showErrorOf(response: Response): Promise<void> {
    const message = (await apiErrorOf(response))?.message;
    if (message) this.showServerAlert(message);
    else this.showAlert("failed");
  }

  /** Writes a text of ours into a live region, keyed so that a change of language rewrites it. */
  private say(node: HTMLElement, key: TextKey | ""): void {
    if (key) node.dataset.t = key;
    else delete node.dataset.t;
    node.textContent = textOf(this.config(), key || undefined);
  }
}
