import {
  aTempSqliteFile,
  describeEventStoreContract,
  positionsOf,
  someEvents,
  type EventStoreFactory,
} from '@ledger/event-store/testing';
import { SqliteEventStore } from './sqlite-event-store';

/** A fresh file per test; reopen() opens the same file again; cleanup closes all and deletes it. */
const onTempFile: EventStoreFactory = () => {
  const file = aTempSqliteFile();
  const opened: SqliteEventStore[] = [];
  const open = (): SqliteEventStore => {
    const store = new SqliteEventStore(file.path);
    opened.push(store);
    return store;
  };
  return Promise.resolve({
    store: open(),
    reopen: () => Promise.resolve(open()),
    cleanup: async () => {
      for (const store of opened) await store.close();
      file.remove();
    },
  });
};

describeEventStoreContract('sqlite file', onTempFile, { survivesReopen: true });

describeEventStoreContract('sqlite :memory:', () => {
  const store = new SqliteEventStore(':memory:');
  return Promise.resolve({ store, cleanup: () => store.close() });
});

describe('SqliteEventStore.readAll with a byte budget', () => {
  it('ends a page once its stored text reaches the budget, always with at least one event', async () => {
    const file = aTempSqliteFile();
    const store = new SqliteEventStore(file.path);
    try {
      // Ten events of about 10,000 characters of data each, then small ones.
      const large = someEvents(10, () => ({ data: { note: 'x'.repeat(10_000) } }));
      await store.appendToStream('agreement-big', large, { expectedRevision: 'no-stream' });
      await store.appendToStream('case-small', someEvents(5), { expectedRevision: 'no-stream' });

      const pages: number[][] = [];
      for (let after = 0; ;) {
        const page = await store.readAll({ afterPosition: after, maxCount: 100, maxBytes: 25_000 });
        if (page.length === 0) break;
        pages.push(positionsOf(page));
        after = page[page.length - 1].position;
      }
      // 3 large events pass 25,000 characters; the last page holds the rest, up to maxCount.
      expect(pages).toEqual([
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
        [10, 11, 12, 13, 14, 15],
      ]);
      const one = await store.readAll({ afterPosition: 0, maxCount: 100, maxBytes: 1 });
      expect(positionsOf(one)).toEqual([1]);
      const counted = await store.readAll({ afterPosition: 10, maxCount: 2, maxBytes: 1e9 });
      expect(positionsOf(counted)).toEqual([11, 12]);
      // The pages are the very events an unbounded read returns.
      expect(await store.readAll({ afterPosition: 3, maxCount: 3, maxBytes: 25_000 })).toEqual(
        await store.readAll({ afterPosition: 3, maxCount: 3 }),
      );
    } finally {
      await store.close();
      file.remove();
    }
  });
});
