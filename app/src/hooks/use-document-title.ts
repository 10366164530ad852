import { useEffect } from "preact/hooks";

// The title is the screen's own ("Transcripts · Confide") with the count of chats that need the
// operator in front ("(2) Transcripts · Confide"), whichever screen shows: both parts meet here.

let screenTitle = document.title;
let prefix: (title: string) => string = (title) => title;

function apply(): void {
  document.title = prefix(screenTitle);
}

/** Sets the screen's part of `document.title` while the component is mounted. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    screenTitle = title;
    apply();
  }, [title]);
}

/** Puts a count in front of every screen's title (`format` receives the screen's title), or takes it off with null. */
export function setTitlePrefix(format: ((title: string) => string) | null): void {
  prefix = format ?? ((title) => title);
  apply();
}
