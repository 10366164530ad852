import { useEffect, useState } from "preact/hooks";
import type { Store } from "../lib/store";

/** The store's current snapshot; re-renders the component whenever it changes. */
export function useStore<T extends object>(store: Store<T>): T {
  const [snapshot, setSnapshot] = useState<T>(store.snapshot);
  useEffect(() => {
    // Catch changes made between the first render and this subscription.
    setSnapshot(store.snapshot);
    return store.subscribe(() => setSnapshot(store.snapshot));
  }, [store]);
  return snapshot;
}

interface Startable {
  start(): void;
  stop(): void;
}

/** An object created once per mounted component, started on mount and stopped on unmount. */
export function useStarted<T extends Startable>(create: () => T): T {
  const [instance] = useState(create);
  useEffect(() => {
    instance.start();
    return () => instance.stop();
  }, [instance]);
  return instance;
}
