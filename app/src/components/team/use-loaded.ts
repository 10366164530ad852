import { useCallback, useEffect, useState } from "preact/hooks";
import { type ErrorInfo, errorInfo } from "../../api";

export interface Loaded<T> {
  /** Null until the first load succeeds; kept while a reload runs, so the table does not flicker. */
  data: T | null;
  loading: boolean;
  error: ErrorInfo | null;
  reload: () => void;
  /** Applies a change the server already confirmed, without another round trip. */
  update: (change: (data: T) => T) => void;
}

/** Loads `load()` on mount and on `reload()`; late answers after unmounting are dropped. */
export function useLoaded<T>(load: () => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(null);
    void load()
      .then(
        (value) => {
          if (current) setData(value);
        },
        (failure: unknown) => {
          if (current) setError(errorInfo(failure));
        },
      )
      .finally(() => {
        if (current) setLoading(false);
      });
    return () => {
      current = false;
    };
    // `load` is a fresh closure each render; only an explicit reload loads again. Unmounting
    // (or a newer reload) drops the answer of this one.
  }, [generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const update = useCallback((change: (data: T) => T) => setData((value) => (value === null ? value : change(value))), []);
  return { data, loading, error, reload, update };
}
