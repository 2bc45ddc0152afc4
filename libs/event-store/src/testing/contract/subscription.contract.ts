import type { RecordedEvent, Subscription } from '../../event-store.port';
import type { ContractContext } from '../event-store-harness';
import { aStreamId, positionsOf, someEvents } from '../event-fixtures';
import { eventually } from '../eventually';
import { expectLogPositions } from './log-expectations';

export function describeSubscription(context: ContractContext): void {
  const subscriptions: Subscription[] = [];

  /** Subscribes and collects what arrives; the test's afterEach stops it. */
  function follow(afterPosition: number, handle?: (event: RecordedEvent) => Promise<void> | void) {
    const received: RecordedEvent[] = [];
    const subscription = context.store.subscribeToAll({ afterPosition }, async (event) => {
      await handle?.(event);
      received.push(event);
    });
    subscriptions.push(subscription);
    return { received, subscription };
  }

  const until = (condition: () => boolean, description: string) =>
    eventually(condition, description, context.options.waitTimeoutMs);

  const append = (count: number) =>
    context.store.appendToStream(aStreamId(), someEvents(count), { expectedRevision: 'any' });

  describe('subscribeToAll', () => {
    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((subscription) => subscription.stop()));
    });

    it('catches up from 0, then follows live appends in order', async () => {
      // Proves catch-up then live delivery: three events exist, two more come after subscribing; all five arrive once, in order, as readAll has them (positions 1..5 when gap-free).
      await append(3);
      const { received } = follow(0);
      await until(() => received.length >= 3, 'three caught-up events');
      await append(2);
      await until(() => received.length >= 5, 'two live events');
      expect(received).toEqual(await context.store.readAll());
      expectLogPositions(context, received);
    });

    it('starts after a checkpoint in the middle of the log', async () => {
      // Proves the checkpoint is exclusive: subscribe after the 2nd of 5 events (position 2 when gap-free), then append one live; the 3rd to 6th arrive.
      const { events } = await append(5);
      const { received } = follow(events[1].position);
      await until(() => received.length >= 3, 'the 3rd to 5th events');
      const live = await append(1);
      await until(() => received.length >= 4, 'the 6th event');
      expect(received).toEqual([...events.slice(2), ...live.events]);
      expectLogPositions(context, [...events, ...live.events]);
    });

    it('delivers every event exactly once while appends race the catch-up', async () => {
      // Proves no skip and no duplicate across the catch-up/live boundary: 1,200 events exist (several pages), 50 appends race the subscription.
      for (let chunk = 0; chunk < 6; chunk += 1) await append(200);
      const { received } = follow(0);
      const total =
        1200 + (await Promise.all(Array.from({ length: 50 }, () => append(2)))).length * 2;
      await until(() => received.length >= total, `${total} events`);
      expect(positionsOf(received)).toEqual(positionsOf(await context.store.readAll()));
      expect(received).toHaveLength(total);
      expectLogPositions(context, received);
    });

    it('calls the handler one event at a time', async () => {
      // Proves the handler is awaited: a slow async handler counts how many calls overlap, which must stay at one.
      let inFlight = 0;
      let maxInFlight = 0;
      const { received } = follow(0, async () => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight -= 1;
      });
      await Promise.all([append(3), append(3), append(3)]);
      await until(() => received.length >= 9, 'nine events');
      expect(maxInFlight).toBe(1);
    });

    it('resolves stop() only once the handler in flight has finished', async () => {
      // Proves stop() waits for the handler: the handler is held on a gate while stop() is called, then released.
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let handlerFinished = false;
      let entered = false;
      const { subscription } = follow(0, async () => {
        entered = true;
        await gate;
        handlerFinished = true;
      });
      await append(2);
      await until(() => entered, 'the handler to start');
      let finishedWhenStopped: boolean | undefined;
      const stopping = subscription.stop().then(() => (finishedWhenStopped = handlerFinished));
      release();
      await stopping;
      expect(finishedWhenStopped).toBe(true);
      await expect(subscription.done).resolves.toBeUndefined();
    });

    it('delivers nothing after stop()', async () => {
      // Proves stop() is final: after it, an append reaches a second, live subscription but not the stopped one.
      const { events } = await append(1);
      const stopped = follow(0);
      await until(() => stopped.received.length >= 1, 'the first event');
      await stopped.subscription.stop();
      const witness = follow(0);
      await append(1);
      await until(() => witness.received.length >= 2, 'the witness to see the new event');
      expect(stopped.received).toEqual(events);
    });

    it('stops at a failing handler and rejects done with its error', async () => {
      // Proves a handler error is surfaced, not swallowed: the handler fails on the 2nd of 4 events; done rejects and nothing later arrives.
      const failure = new Error('projection failed');
      const { events } = await append(4);
      const { received, subscription } = follow(0, (event) => {
        if (event.position === events[1].position) throw failure;
      });
      await expect(subscription.done).rejects.toBe(failure);
      expect(received).toEqual([events[0]]);
      await expect(subscription.stop()).resolves.toBeUndefined();
    });
  });
}
