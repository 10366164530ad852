// The end of a chat, as the visitor meets it: a question before ending it (in the panel, not the
// browser's confirm, so it is styled, translated and reachable by keyboard), and once it has ended
// a rating (1–5 and an optional comment) and a way to start a new chat.
import type { MAX_RATING_COMMENT_CHARS, WidgetConfig } from "../../src/shared/api";
import { textOf } from "../texts";
import { el } from "./dom";

/** The server's limit; typed against the shared constant so the two cannot drift apart. */
const MAX_COMMENT: typeof MAX_RATING_COMMENT_CHARS = 1000;
const STARS = [1, 2, 3, 4, 5];

/** "End this chat?" with End chat and Cancel. Escape inside it cancels. */
export class EndConfirm {
  readonly yes = el("button", { type: "button", class: "primary", "data-t": "endChat" });
  readonly no = el("button", { type: "button", "data-t": "cancel" });
  private readonly question = el("p", { id: "confide-end-question", "data-t": "endConfirm" });
  readonly region = el(
    "div",
    { class: "confirm", role: "group", "aria-labelledby": "confide-end-question", hidden: "" },
    this.question,
    this.yes,
    this.no,
  );
}

/** The rating: a radio group of five stars, an optional comment, and Send; then a thank-you. */
export class RatingForm {
  readonly stars = STARS.map((n) => el("input", { type: "radio", name: "rating", value: String(n) }));
  readonly comment = el("textarea", { "data-label": "ratingComment", rows: "2", maxlength: String(MAX_COMMENT) });
  readonly submit = el("button", { type: "submit", class: "primary", "data-t": "sendRating", disabled: "" });
  readonly form = el(
    "form",
    { class: "rating", hidden: "" },
    el(
      "fieldset",
      {},
      el("legend", { "data-t": "rateTitle" }),
      ...this.stars.map((input) => el("label", { class: "star" }, input, el("span", { "aria-hidden": "true" }, "★"))),
    ),
    this.comment,
    this.submit,
  );
  readonly thanks = el("p", { class: "thanks", role: "status", "data-t": "ratingThanks", hidden: "" });

  constructor() {
    for (const star of this.stars) star.addEventListener("change", () => (this.submit.disabled = false));
  }

  /** The stars' names ("4 of 5"), which carry a number the keyed relabelling cannot fill in. */
  relabel(config: WidgetConfig | null): void {
    for (const star of this.stars) star.setAttribute("aria-label", textOf(config, "ratingValue").replace("{n}", star.value));
  }

  /** The chosen rating and comment, or null before a star is chosen. */
  value(): { rating: number; comment?: string } | null {
    const chosen = this.stars.find((star) => star.checked);
    if (!chosen) return null;
    const comment = this.comment.value.trim();
    return comment ? { rating: Number(chosen.value), comment } : { rating: Number(chosen.value) };
  }

  /** Rated: the form gives way to the thank-you. */
  done(): void {
    this.form.hidden = true;
    this.thanks.hidden = false;
  }

  /** Empty and hidden, for the next conversation. */
  reset(): void {
    this.form.reset();
    this.form.hidden = this.thanks.hidden = true;
    this.submit.disabled = true;
  }
}
