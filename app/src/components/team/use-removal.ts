import { useState } from "preact/hooks";
import { type ErrorInfo, errorInfo } from "../../api";
import { useMounted } from "../../hooks/use-mounted";

interface RemovalOptions<T> {
  /** The list's heading, which takes focus once the dialog is gone. */
  headingId: string;
  request: (item: T) => Promise<unknown>;
  onDone: (item: T) => void;
  onFailed: (item: T, error: ErrorInfo) => void;
}

/**
 * Removing a row of a team list: asked for (`confirm`), then sent while the dialog shows it is
 * busy; answers after unmounting are dropped.
 */
export function useRemoval<T>({ headingId, request, onDone, onFailed }: RemovalOptions<T>) {
  const mounted = useMounted();
  const [removing, setRemoving] = useState<{ item: T; busy: boolean } | null>(null);

  async function remove(item: T) {
    setRemoving({ item, busy: true });
    try {
      await request(item);
      if (!mounted.current) return;
      onDone(item);
    } catch (failure) {
      if (!mounted.current) return;
      onFailed(item, errorInfo(failure));
    }
    if (!mounted.current) return;
    setRemoving(null);
    requestAnimationFrame(() => document.getElementById(headingId)?.focus());
  }

  return {
    removing,
    confirm: (item: T) => setRemoving({ item, busy: false }),
    cancel: () => setRemoving(null),
    remove: (item: T) => void remove(item),
  };
}
