/**
 * A snapshot that changes over time and tells its subscribers. Connection logic lives in stores
 * so it can keep state across socket callbacks; components read it through `useStore`.
 */
export class Store<T extends object> {
  #snapshot: T;
  readonly #listeners = new Set<() => void>();

  constructor(initial: T) {
    this.#snapshot = initial;
  }

  /** The current state; replaced, never mutated, on every change. */
  get snapshot(): T {
    return this.#snapshot;
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  protected update(changes: Partial<T>): void {
    this.#snapshot = { ...this.#snapshot, ...changes };
    for (const listener of this.#listeners) listener();
  }
}
