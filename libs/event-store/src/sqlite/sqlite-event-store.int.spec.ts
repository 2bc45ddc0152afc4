import {
  aTempSqliteFile,
  describeEventStoreContract,
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
