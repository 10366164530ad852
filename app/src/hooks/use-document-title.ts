import { useEffect } from "preact/hooks";

/** Sets `document.title` while the component is mounted. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
}
