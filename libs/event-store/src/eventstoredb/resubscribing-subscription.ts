import { setTimeout as delay } from 'node:timers/promises';
import { toError } from '../append/to-error';
import { EventStoreUnavailableError } from '../event-store.errors';
import type { EventHandler, RecordedEvent, Subscription } from '../event-store.port';

/**
 * One live catch-up subscription as the server gives it: the events after a checkpoint, in log
 * order, then live ones, until it fails (the iterator throws), ends (the iterator returns) or
 * is closed. For EventStoreDB this is `subscribeToAll`, mapped to the port's events.
 */
export interface EventFeed extends AsyncIterable<RecordedEvent> {
  /** Ends the feed; its iterator then finishes. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Opens a feed of the events after a checkpoint (0: from the start). A feed may deliver the
 * checkpoint's own event again (a server may start a subscription at, not after, a position);
 * the subscription drops it.
 */
export type SubscriptionSource = (afterPosition: number) => EventFeed;

export interface ResubscribeSettings {
  /** Wait before the first resubscription after a drop (default 100 ms). */
  initialBackoffMs: number;
  /** The wait doubles per consecutive failure up to this (default 5000 ms). */
  maxBackoffMs: number;
  /**
   * Consecutive failed attempts (without an event handled in between) after which `done`
   * rejects with EventStoreUnavailableError. Default Infinity: a projector waits out an outage.
   */
  maxAttempts: number;
  /** Which failures are a dropped connection worth resubscribing after. */
  isTransient: (error: unknown) => boolean;
  /** Told before each wait, for logs and metrics. */
  onResubscribe?: (attempt: ResubscribeAttempt) => void;
  /** The wait itself; tests replace it. It must settle early when the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface ResubscribeAttempt {
  /** 1 for the first retry after a drop, 2 for the next consecutive one, … */
  attempt: number;
  delayMs: number;
  /** The checkpoint the next feed starts after: the last event handled. */
  afterPosition: number;
  error: Error;
}

export const DEFAULT_RESUBSCRIBE: Omit<ResubscribeSettings, 'isTransient'> = {
  initialBackoffMs: 100,
  maxBackoffMs: 5000,
  maxAttempts: Number.POSITIVE_INFINITY,
};

/** Exponential backoff: initial, 2×initial, 4×initial, … capped at max. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(maxMs, initialMs * 2 ** Math.min(exponent, 30));
}

/** Marks an error thrown by the handler, so it is never mistaken for a dropped feed. */
class HandlerFailure extends Error {
  constructor(readonly error: unknown) {
    super('The subscription handler failed');
  }
}

/**
 * The port's subscription over a feed that can drop. It hands events to the handler one at a
 * time, awaiting each, and keeps the position of the last one handled as its checkpoint. When
 * the feed fails with a transient fault, or ends although nobody stopped it, it waits (with
 * exponential backoff) and opens a new feed after that checkpoint. Because positions are
 * strictly increasing and the new feed starts at the checkpoint, no event is skipped; because
 * any event at or before the checkpoint is dropped, none is handled twice.
 *
 * A handler error ends delivery at once and rejects `done` with that error: the failing event
 * is not handled again, and the checkpoint stays at the last event handled. A fault that is not
 * transient (an event that cannot be read, access denied) rejects `done` too.
 */
export class ResubscribingSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  private feed: EventFeed | null = null;
  private lastHandled: number;
  private readonly abort = new AbortController();

  constructor(
    private readonly source: SubscriptionSource,
    private readonly handler: EventHandler,
    afterPosition: number,
    private readonly settings: ResubscribeSettings,
  ) {
    this.lastHandled = afterPosition;
    this.done = this.run();
    // A caller may never look at `done`; the failure still reaches whoever awaits it.
    this.done.catch(() => undefined);
  }

  /** The position of the last event handled (the starting checkpoint before any). */
  get checkpoint(): number {
    return this.lastHandled;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.feed?.close().catch(() => undefined);
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const drop = await this.followOneFeed();
      if (this.stopped) return;
      failures = drop.progressed ? 1 : failures + 1;
      if (!this.settings.isTransient(drop.error)) throw drop.error;
      if (failures > this.settings.maxAttempts) {
        throw new EventStoreUnavailableError(
          `The subscription gave up after ${this.settings.maxAttempts} attempts to resubscribe ` +
            `after position ${this.lastHandled}: ${drop.error.message}`,
          { cause: drop.error },
        );
      }
      const delayMs = backoffDelay(
        failures,
        this.settings.initialBackoffMs,
        this.settings.maxBackoffMs,
      );
      this.settings.onResubscribe?.({
        attempt: failures,
        delayMs,
        afterPosition: this.lastHandled,
        error: drop.error,
      });
      await (this.settings.sleep ?? abortableSleep)(delayMs, this.abort.signal);
    }
  }

  /** Follows one feed until it drops; a handler failure is thrown, everything else returned. */
  private async followOneFeed(): Promise<{ error: Error; progressed: boolean }> {
    let progressed = false;
    let feed: EventFeed;
    try {
      feed = this.source(this.lastHandled);
    } catch (error) {
      return { error: toError(error), progressed };
    }
    this.feed = feed;
    try {
      if (this.stopped) return { error: new Error('stopped'), progressed };
      for await (const event of feed) {
        if (this.stopped) break;
        if (event.position <= this.lastHandled) continue;
        try {
          await this.handler(event);
        } catch (error) {
          throw new HandlerFailure(error);
        }
        this.lastHandled = event.position;
        progressed = true;
        if (this.stopped) break;
      }
      return {
        error: new EventStoreUnavailableError('The subscription feed ended without being stopped'),
        progressed,
      };
    } catch (caught) {
      if (caught instanceof HandlerFailure) throw caught.error;
      return { error: toError(caught), progressed };
    } finally {
      this.feed = null;
      await feed.close().catch(() => undefined);
    }
  }
}

async function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal }).catch(() => undefined);
}
