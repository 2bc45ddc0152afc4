/**
 * Proves the subscription's resubscribe-and-backoff logic. A dropped connection in the middle
 * of a live subscription is a fault this machine cannot cause for real (no EventStoreDB server
 * can run here), so the tests drive the logic through a fake *subscription source*: the
 * adapter's seam between the client's subscribeToAll and the port's subscription. Each opened
 * feed is controlled by the test: it delivers events, fails with the client's own error
 * classes, or ends. Positions are sparse, as EventStoreDB's are.
 */
import { AccessDeniedError, UnavailableError } from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../event-store.errors';
import type { RecordedEvent } from '../event-store.port';
import { aMetadata } from '../testing/event-fixtures';
import { eventually } from '../testing/eventually';
import { isTransientFault } from './esdb-errors';
import {
  backoffDelay,
  type EventFeed,
  type ResubscribeAttempt,
  type ResubscribeSettings,
  ResubscribingSubscription,
} from './resubscribing-subscription';

type Step = { event: RecordedEvent } | { error: Error } | { end: true };

/** One feed the test controls; the subscription under test only sees the EventFeed interface. */
class FakeFeed implements EventFeed {
  closed = false;
  private readonly steps: Step[] = [];
  private wake: (() => void) | null = null;

  constructor(readonly afterPosition: number) {}

  deliver(...positions: number[]): void {
    for (const position of positions) this.steps.push({ event: anEventAt(position) });
    this.poke();
  }

  drop(error: Error = new UnavailableError(undefined, '14 UNAVAILABLE: connection reset')): void {
    this.steps.push({ error });
    this.poke();
  }

  end(): void {
    this.steps.push({ end: true });
    this.poke();
  }

  close(): Promise<void> {
    this.closed = true;
    this.poke();
    return Promise.resolve();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    for (;;) {
      if (this.closed) return;
      const step = this.steps.shift();
      if (step === undefined) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      if ('error' in step) throw step.error;
      if ('end' in step) return;
      yield step.event;
    }
  }

  private poke(): void {
    this.wake?.();
    this.wake = null;
  }
}

function anEventAt(position: number): RecordedEvent {
  return {
    eventId: `e-${position}`,
    streamId: 'agreement-1',
    revision: 0,
    position,
    type: 'BudgetAllocated',
    data: {},
    metadata: aMetadata(),
    recordedAt: '2025-04-01T09:30:00.000Z',
  };
}

function setUp(afterPosition = 0, overrides: Partial<ResubscribeSettings> = {}) {
  const feeds: FakeFeed[] = [];
  const handled: number[] = [];
  const attempts: ResubscribeAttempt[] = [];
  const settings: ResubscribeSettings = {
    initialBackoffMs: 100,
    maxBackoffMs: 400,
    maxAttempts: Number.POSITIVE_INFINITY,
    isTransient: isTransientFault,
    onResubscribe: (attempt) => attempts.push(attempt),
    sleep: () => Promise.resolve(),
    ...overrides,
  };
  const subscription = new ResubscribingSubscription(
    (after) => {
      const feed = new FakeFeed(after);
      feeds.push(feed);
      return feed;
    },
    async (event) => {
      await Promise.resolve();
      handled.push(event.position);
    },
    afterPosition,
    settings,
  );
  const feed = async (index: number): Promise<FakeFeed> => {
    await until(() => feeds.length > index, `feed #${index + 1} to open`);
    return feeds[index];
  };
  return { subscription, feeds, handled, attempts, feed };
}

const until = (condition: () => boolean, description: string) =>
  eventually(condition, description, 2000);

describe('ResubscribingSubscription', () => {
  const open: ResubscribingSubscription[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((subscription) => subscription.stop()));
  });
  const track = <T extends { subscription: ResubscribingSubscription }>(set: T): T => {
    open.push(set.subscription);
    return set;
  };

  it('opens the first feed after the stored checkpoint and hands events over in order', async () => {
    const { feed, handled, subscription } = track(setUp(1_047));
    const first = await feed(0);
    expect(first.afterPosition).toBe(1_047);
    first.deliver(1_311, 2_090, 4_411);
    await until(() => handled.length === 3, 'three events');
    expect(handled).toEqual([1_311, 2_090, 4_411]);
    expect(subscription.checkpoint).toBe(4_411);
  });

  it('after a dropped connection resubscribes from the last checkpoint: nothing skipped, nothing twice', async () => {
    const { feed, handled, attempts } = track(setUp(0));
    const first = await feed(0);
    first.deliver(100, 250);
    await until(() => handled.length === 2, 'two events');
    first.drop();
    const second = await feed(1);
    expect(first.closed).toBe(true);
    expect(second.afterPosition).toBe(250);
    // A server may restart a subscription at (not after) the checkpoint, or even before it.
    second.deliver(100, 250, 730, 990);
    await until(() => handled.length === 4, 'four events');
    expect(handled).toEqual([100, 250, 730, 990]);
    expect(attempts).toEqual([
      expect.objectContaining({ attempt: 1, delayMs: 100, afterPosition: 250 }),
    ]);
    expect(attempts[0].error).toBeInstanceOf(UnavailableError);
  });

  it('backs off exponentially while the server stays away, capped, and starts over after progress', async () => {
    const { feed, handled, attempts } = track(setUp(0));
    for (let index = 0; index < 4; index += 1) (await feed(index)).drop();
    const fifth = await feed(4);
    fifth.deliver(500);
    await until(() => handled.length === 1, 'an event');
    fifth.drop();
    await feed(5);
    expect(attempts.map((attempt) => attempt.delayMs)).toEqual([100, 200, 400, 400, 100]);
    expect(attempts.map((attempt) => attempt.afterPosition)).toEqual([0, 0, 0, 0, 500]);
  });

  it('resubscribes when a feed ends although nobody stopped it', async () => {
    const { feed, handled } = track(setUp(0));
    const first = await feed(0);
    first.deliver(10);
    first.end();
    const second = await feed(1);
    expect(second.afterPosition).toBe(10);
    second.deliver(20);
    await until(() => handled.length === 2, 'two events');
    expect(handled).toEqual([10, 20]);
  });

  it('gives up after maxAttempts consecutive failures, rejecting done as unavailable', async () => {
    const { feed, subscription, feeds } = track(setUp(0, { maxAttempts: 2 }));
    for (let index = 0; index < 3; index += 1) (await feed(index)).drop();
    await expect(subscription.done).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(feeds).toHaveLength(3);
  });

  it('does not resubscribe after a fault that is not transient: done rejects with it', async () => {
    const { feed, subscription, feeds } = track(setUp(0));
    const denied = new AccessDeniedError(undefined, 'Access denied');
    (await feed(0)).drop(denied);
    await expect(subscription.done).rejects.toBe(denied);
    expect(feeds).toHaveLength(1);
  });

  it('stops at a failing handler, rejects done with its error, and keeps the checkpoint before it', async () => {
    const failure = new Error('projection failed');
    const feeds: FakeFeed[] = [];
    const handled: number[] = [];
    const subscription = new ResubscribingSubscription(
      (after) => {
        const opened = new FakeFeed(after);
        feeds.push(opened);
        return opened;
      },
      (event) => {
        if (event.position === 300) throw failure;
        handled.push(event.position);
      },
      0,
      { ...setUpDefaults(), sleep: () => Promise.resolve() },
    );
    await until(() => feeds.length === 1, 'the feed');
    feeds[0].deliver(100, 300, 400);
    await expect(subscription.done).rejects.toBe(failure);
    expect(handled).toEqual([100]);
    expect(subscription.checkpoint).toBe(100);
    expect(feeds).toHaveLength(1);
    expect(feeds[0].closed).toBe(true);
    await expect(subscription.stop()).resolves.toBeUndefined();
  });

  it('stop() while waiting for events closes the feed and resolves done', async () => {
    const { feed, subscription } = setUp(0);
    const first = await feed(0);
    await subscription.stop();
    expect(first.closed).toBe(true);
    await expect(subscription.done).resolves.toBeUndefined();
  });

  it('stop() during a backoff wait ends it at once, without another feed', async () => {
    let sleeping = false;
    const { feed, subscription, feeds } = setUp(0, {
      sleep: (_, signal) =>
        new Promise<void>((resolve) => {
          sleeping = true;
          signal.addEventListener('abort', () => resolve());
        }),
    });
    (await feed(0)).drop();
    await until(() => sleeping, 'the backoff wait');
    await subscription.stop();
    await expect(subscription.done).resolves.toBeUndefined();
    expect(feeds).toHaveLength(1);
  });

  it('stop() resolves only once the handler in flight has finished', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let finished = false;
    const feeds: FakeFeed[] = [];
    const subscription = new ResubscribingSubscription(
      (after) => {
        const opened = new FakeFeed(after);
        feeds.push(opened);
        return opened;
      },
      async () => {
        await gate;
        finished = true;
      },
      0,
      setUpDefaults(),
    );
    await until(() => feeds.length === 1, 'the feed');
    feeds[0].deliver(7);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const stopping = subscription.stop().then(() => finished);
    release();
    await expect(stopping).resolves.toBe(true);
  });
});

describe('backoffDelay', () => {
  it('doubles from the initial wait and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 40].map((attempt) => backoffDelay(attempt, 100, 5000))).toEqual([
      100, 200, 400, 800, 1600, 5000,
    ]);
  });
});

function setUpDefaults(): ResubscribeSettings {
  return {
    initialBackoffMs: 100,
    maxBackoffMs: 400,
    maxAttempts: Number.POSITIVE_INFINITY,
    isTransient: isTransientFault,
    sleep: () => Promise.resolve(),
  };
}
