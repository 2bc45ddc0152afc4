import type {
  EventHandler,
  ReadAllOptions,
  RecordedEvent,
  Subscription,
} from '../event-store.port';
import type { AppendSignal } from './append-signal';

export interface CatchUpSettings {
  /** Events read per page, while catching up and while following. */
  pageSize: number;
  /**
   * Re-read this often even without a signal, to see appends made by other processes on the
   * same store. Null when every append goes through this process's signal.
   */
  pollIntervalMs: number | null;
}

type ReadPage = (options: ReadAllOptions) => Promise<RecordedEvent[]>;

/**
 * Reads the log in pages from a checkpoint and hands events to the handler one at a time,
 * awaiting each. Catching up and following live appends are the same loop: when a page comes
 * back short, the log is exhausted for now and the loop waits for a signal or a poll tick.
 * Positions are gap-free, so reading strictly after the last handled position can neither
 * skip nor repeat an event.
 */
export class CatchUpSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly readPage: ReadPage,
    private readonly signal: AppendSignal,
    private readonly settings: CatchUpSettings,
    private readonly handler: EventHandler,
    afterPosition: number,
  ) {
    this.done = this.deliverFrom(afterPosition);
    // A caller may never look at `done`; the failure still reaches whoever awaits it.
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.done.catch(() => undefined);
  }

  private async deliverFrom(afterPosition: number): Promise<void> {
    let checkpoint = afterPosition;
    try {
      while (!this.stopped) {
        const versionBeforeRead = this.signal.version;
        const page = await this.readPage({
          afterPosition: checkpoint,
          maxCount: this.settings.pageSize,
        });
        checkpoint = await this.handlePage(page, checkpoint);
        if (page.length < this.settings.pageSize) await this.waitForAppend(versionBeforeRead);
      }
    } finally {
      this.stopped = true;
    }
  }

  /** Returns the new checkpoint: the position of the last event handled. */
  private async handlePage(page: RecordedEvent[], checkpoint: number): Promise<number> {
    let handled = checkpoint;
    for (const event of page) {
      if (this.stopped) break;
      await this.handler(event);
      handled = event.position;
    }
    return handled;
  }

  private waitForAppend(versionBeforeRead: number): Promise<void> {
    if (this.stopped || this.signal.version !== versionBeforeRead) return Promise.resolve();
    const { pollIntervalMs } = this.settings;
    return new Promise((resolve) => {
      const cleanups: (() => void)[] = [];
      const finish = (): void => {
        for (const cleanup of cleanups) cleanup();
        this.wake = null;
        resolve();
      };
      cleanups.push(this.signal.listen(finish));
      if (pollIntervalMs !== null) {
        const timer = setTimeout(finish, pollIntervalMs);
        cleanups.push(() => clearTimeout(timer));
      }
      this.wake = finish;
    });
  }
}
