/**
 * Tells waiting subscriptions that the log grew. The version counter closes the race where
 * an append lands between a subscription's last read and the moment it starts to wait: the
 * subscription remembers the version before reading, and does not wait if it has moved.
 */
export class AppendSignal {
  private currentVersion = 0;
  private readonly listeners = new Set<() => void>();

  get version(): number {
    return this.currentVersion;
  }

  notify(): void {
    this.currentVersion += 1;
    for (const listener of [...this.listeners]) listener();
  }

  /** Calls the listener on every notify until the returned function removes it. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
