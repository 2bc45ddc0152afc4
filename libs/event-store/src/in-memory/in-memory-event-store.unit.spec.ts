import { describeEventStoreContract, someEvents } from '@ledger/event-store/testing';
import { InMemoryEventStore } from './in-memory-event-store';

describeEventStoreContract('in-memory', () => {
  const store = new InMemoryEventStore();
  return Promise.resolve({ store, cleanup: () => store.close() });
});

describe('InMemoryEventStore', () => {
  it('stamps recordedAt from the injected clock', async () => {
    // Proves the clock is injectable: a fixed clock's time appears on every recorded event.
    const store = new InMemoryEventStore({ clock: () => new Date('2025-04-01T09:30:00Z') });
    const result = await store.appendToStream('agreement-1', someEvents(2), {
      expectedRevision: 'any',
    });
    expect(result.events.map((event) => event.recordedAt)).toEqual([
      '2025-04-01T09:30:00.000Z',
      '2025-04-01T09:30:00.000Z',
    ]);
    await store.close();
  });

  it('hands out copies, so a caller cannot change the log', async () => {
    // Proves isolation: mutate a returned event and the event passed in, then read again.
    const store = new InMemoryEventStore();
    const [event] = someEvents(1);
    const result = await store.appendToStream('agreement-1', [event], { expectedRevision: 'any' });
    result.events[0].data['amount'] = 'tampered';
    event.data['amount'] = 'tampered too';
    const [read] = await store.readAll();
    expect(read.data['amount']).toBe('5416666.74');
    await store.close();
  });
});
