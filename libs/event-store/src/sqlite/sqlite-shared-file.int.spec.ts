import { WrongExpectedRevisionError } from '@ledger/event-store';
import type { RecordedEvent } from '@ledger/event-store';
import {
  aTempSqliteFile,
  eventually,
  oneTo,
  positionsOf,
  someEvents,
} from '@ledger/event-store/testing';
import Database from 'better-sqlite3';
import { SqliteEventStore } from './sqlite-event-store';

// Two SqliteEventStore instances on one file stand in for two processes: each has its own
// connection and its own in-process signal, so one only learns of the other's appends by
// polling the file. Real SQLite, no mocks.
describe('SqliteEventStore on a file shared by two processes', () => {
  let file: ReturnType<typeof aTempSqliteFile>;
  let first: SqliteEventStore;
  let second: SqliteEventStore;

  beforeEach(() => {
    file = aTempSqliteFile();
    first = new SqliteEventStore(file.path, { pollIntervalMs: 20 });
    second = new SqliteEventStore(file.path, { pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await first.close();
    await second.close();
    file.remove();
  });

  it("delivers the other process's appends to a subscription through the poll", async () => {
    // Proves cross-process following: the first store subscribes, the second appends, the first's handler gets it.
    const received: RecordedEvent[] = [];
    const subscription = first.subscribeToAll({ afterPosition: 0 }, (event) => {
      received.push(event);
    });
    await second.appendToStream('agreement-1', someEvents(3), { expectedRevision: 'no-stream' });
    await eventually(() => received.length >= 3, 'three events from the other process', 10_000);
    expect(received).toEqual(await second.readAll());
    await subscription.stop();
  });

  it('keeps one gap-free log and one revision check across both processes', async () => {
    // Proves both writers share the positions and the optimistic check: interleave appends, then race a stream creation.
    for (let round = 0; round < 5; round += 1) {
      await Promise.all([
        first.appendToStream(`case-${round}`, someEvents(2), { expectedRevision: 'any' }),
        second.appendToStream(`case-${round}`, someEvents(1), { expectedRevision: 'any' }),
      ]);
    }
    expect(positionsOf(await first.readAll())).toEqual(oneTo(15));
    await first.appendToStream('agreement-2', someEvents(1), { expectedRevision: 'no-stream' });
    await expect(
      second.appendToStream('agreement-2', someEvents(1), { expectedRevision: 'no-stream' }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  });
});

describe('SqliteEventStore storage', () => {
  let file: ReturnType<typeof aTempSqliteFile>;
  beforeEach(() => (file = aTempSqliteFile()));
  afterEach(() => file.remove());

  it('applies its migration once, in WAL mode, and an acknowledged append is visible to another connection', async () => {
    // Proves the schema setup is idempotent and an append resolves only after commit: open twice, append, read with a raw connection.
    await new SqliteEventStore(file.path).close();
    const store = new SqliteEventStore(file.path, {
      clock: () => new Date('2025-04-01T00:00:00Z'),
    });
    await store.appendToStream('agreement-1', someEvents(2), { expectedRevision: 'no-stream' });
    const raw = new Database(file.path, { readonly: true });
    expect(raw.prepare('SELECT version FROM schema_migrations').all()).toEqual([
      { version: '001_event_store' },
      { version: '002_hash_chain' },
    ]);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare('SELECT position, revision, recorded_at FROM events').all()).toEqual([
      { position: 1, revision: 0, recorded_at: '2025-04-01T00:00:00.000Z' },
      { position: 2, revision: 1, recorded_at: '2025-04-01T00:00:00.000Z' },
    ]);
    raw.close();
    await store.close();
  });
});
