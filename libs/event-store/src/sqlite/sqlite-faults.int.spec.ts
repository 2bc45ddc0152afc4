import { EventStoreUnavailableError } from '@ledger/event-store';
import { aTempSqliteFile, someEvents } from '@ledger/event-store/testing';
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from './sqlite-event-store';

// Real faults on real files, no mocks: a write lock held by another connection, a missing
// folder, and a file that is not a database. (A read-only file is no fault when the tests
// run as root, so it is not used here.)
describe('SqliteEventStore faults', () => {
  let file: ReturnType<typeof aTempSqliteFile>;
  beforeEach(() => (file = aTempSqliteFile()));
  afterEach(() => file.remove());

  it('maps a busy database to EventStoreUnavailableError, fails the whole group, and leaves no gap', async () => {
    // Proves SQLITE_BUSY is reported as unavailable: another connection holds the write lock past the busy timeout.
    const store = new SqliteEventStore(file.path, { busyTimeoutMs: 20 });
    const other = new Database(file.path);
    other.exec('BEGIN IMMEDIATE');
    const group = await Promise.allSettled([
      store.appendToStream('agreement-1', someEvents(1), { expectedRevision: 'any' }),
      store.appendToStream('agreement-2', someEvents(1), { expectedRevision: 'any' }),
    ]);
    for (const outcome of group) {
      expect(outcome.status).toBe('rejected');
      const { reason } = outcome as PromiseRejectedResult;
      expect(reason).toBeInstanceOf(EventStoreUnavailableError);
      expect((reason as Error).cause).toMatchObject({ code: 'SQLITE_BUSY' });
    }
    other.exec('ROLLBACK');
    other.close();
    const retried = await store.appendToStream('agreement-1', someEvents(1), {
      expectedRevision: 'any',
    });
    expect(retried.lastPosition).toBe(1);
    await store.close();
  });

  it('maps a file that cannot be opened to EventStoreUnavailableError', () => {
    // Proves a file that cannot be opened is reported as unavailable: its folder does not exist.
    expect(() => new SqliteEventStore(join(file.path, 'missing', 'events.sqlite'))).toThrow(
      EventStoreUnavailableError,
    );
  });

  it('maps a file that is not a database to EventStoreUnavailableError', () => {
    // Proves SQLITE_NOTADB is reported as unavailable, with the SQLite error as cause: the file holds text.
    writeFileSync(file.path, 'this is not a SQLite database, only text. '.repeat(100));
    let thrown: unknown;
    try {
      new SqliteEventStore(file.path);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EventStoreUnavailableError);
    expect((thrown as Error).cause).toMatchObject({ code: 'SQLITE_NOTADB' });
  });
});
