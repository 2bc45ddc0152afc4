import { EventStoreUnavailableError, eventHash, verifyChain } from '@ledger/event-store';
import { aTempSqliteFile, someEvents } from '@ledger/event-store/testing';
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromEventRow, type EventRow } from './sqlite-statements';
import { applyMigrations, defaultSqliteMigrationsDir } from './sqlite-migrations';
import { SqliteEventStore } from './sqlite-event-store';

// Tampering on a real SQLite file, no mocks: the ledger writes the file, the test edits it
// with its own better-sqlite3 connection as an insider with file access would, and the
// verifier reads it back through a read-only store.
describe('the hash chain on a SQLite file', () => {
  let file: ReturnType<typeof aTempSqliteFile>;
  beforeEach(() => (file = aTempSqliteFile()));
  afterEach(() => file.remove());

  /** Positions 1-2 agreement-1; 3-5 case-0001 (a rate of 685.50 at 4); 6 agreement-1; 7 case-0001. */
  async function aLedger(): Promise<void> {
    const store = new SqliteEventStore(file.path);
    await store.appendToStream('agreement-1', someEvents(2), { expectedRevision: 'no-stream' });
    await store.appendToStream(
      'case-0001',
      someEvents(3, (index) => ({
        type: 'PlacementRateChanged',
        data: { placementId: 'pl-1', dailyRate: ['700.00', '685.50', '690.00'][index] },
      })),
      { expectedRevision: 'no-stream' },
    );
    await store.appendToStream('agreement-1', someEvents(1), { expectedRevision: 1 });
    await store.appendToStream('case-0001', someEvents(1), { expectedRevision: 2 });
    await store.close();
  }

  function edit(sql: string, ...params: unknown[]): void {
    const raw = new Database(file.path);
    expect(raw.prepare(sql).run(...params).changes).toBe(1);
    raw.close();
  }

  async function verify() {
    const store = new SqliteEventStore(file.path, { readOnly: true });
    try {
      return await verifyChain(store, { pageSize: 2 });
    } finally {
      await store.close();
    }
  }

  it('verifies the untouched file', async () => {
    // Proves a clean file passes through the read-only store: 7 events, 2 streams.
    await aLedger();
    expect(await verify()).toEqual({ ok: true, events: 7, streams: 2 });
  });

  it('reports a daily rate edited from 685.50 to 685.51 as hash-mismatch at its position', async () => {
    // Proves a penny changed in the file is found where it was changed: position 4, case-0001 revision 1.
    await aLedger();
    edit(`UPDATE events SET data = json_set(data, '$.dailyRate', '685.51') WHERE position = 4`);
    expect(await verify()).toMatchObject({
      ok: false,
      position: 4,
      streamId: 'case-0001',
      revision: 1,
      reason: 'hash-mismatch',
    });
  });

  it('reports an edited previous_hash as previous-hash-mismatch', async () => {
    // Proves a re-pointed link is caught: position 5's previous hash is set to position 3's hash.
    await aLedger();
    edit(
      'UPDATE events SET previous_hash = (SELECT hash FROM events WHERE position = 3) WHERE position = 5',
    );
    expect(await verify()).toMatchObject({
      ok: false,
      position: 5,
      streamId: 'case-0001',
      revision: 2,
      reason: 'previous-hash-mismatch',
    });
  });

  it('catches an edit whose own hash was recomputed, at the next event of its stream', async () => {
    // Proves the chain holds against a careful forger: the edited row gets a correct new hash; position 7 no longer links to it.
    await aLedger();
    const raw = new Database(file.path);
    const row = raw
      .prepare<[], EventRow>(`SELECT * FROM events WHERE position = 4`)
      .get() as EventRow;
    const forged = { ...row, data: JSON.stringify({ placementId: 'pl-1', dailyRate: '1.00' }) };
    const hash = eventHash(fromEventRow(forged), row.previous_hash);
    raw.prepare('UPDATE events SET data = ?, hash = ? WHERE position = 4').run(forged.data, hash);
    raw.close();
    expect(await verify()).toMatchObject({
      ok: false,
      position: 5,
      streamId: 'case-0001',
      reason: 'previous-hash-mismatch',
    });
  });

  it('reports a removed hash as missing-chain, and a deleted event as position-gap', async () => {
    // Proves the other two reasons on the file: a hash set to NULL at 6; the last event of agreement-1 deleted.
    await aLedger();
    edit('UPDATE events SET hash = NULL WHERE position = 6');
    expect(await verify()).toMatchObject({ position: 6, reason: 'missing-chain' });
    edit('DELETE FROM events WHERE position = 6');
    expect(await verify()).toMatchObject({ position: 7, reason: 'position-gap' });
  });

  it('does not take a hashChain written into the metadata text for the real one', async () => {
    // Proves the columns are the only source of links: a forged hashChain in the metadata JSON of a row whose hash is NULL is ignored.
    await aLedger();
    edit(
      `UPDATE events SET hash = NULL,
         metadata = json_set(metadata, '$.hashChain', json('{"algorithm":"sha256","previousHash":null,"hash":"${'0'.repeat(64)}"}'))
       WHERE position = 1`,
    );
    expect(await verify()).toMatchObject({ position: 1, reason: 'missing-chain' });
  });
});

describe('a SQLite file written before the hash chain', () => {
  let file: ReturnType<typeof aTempSqliteFile>;
  let firstMigrationOnly: string;
  beforeEach(() => {
    file = aTempSqliteFile();
    firstMigrationOnly = mkdtempSync(join(tmpdir(), 'migrations-'));
    copyFileSync(
      join(defaultSqliteMigrationsDir(), '001_event_store.sql'),
      join(firstMigrationOnly, '001_event_store.sql'),
    );
  });
  afterEach(() => {
    file.remove();
    rmSync(firstMigrationOnly, { recursive: true, force: true });
  });

  /** The file as the ledger wrote it before 002: schema 001, rows without hashes. */
  function aLegacyLedger(): void {
    const raw = new Database(file.path);
    raw.pragma('journal_mode = WAL');
    applyMigrations(raw, firstMigrationOnly);
    const insert = raw.prepare(
      `INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, '2025-04-01T09:00:00.000Z')`,
    );
    const streams = ['agreement-1', 'agreement-1', 'case-1', 'case-1', 'agreement-1'];
    const revisions = [0, 1, 0, 1, 2];
    someEvents(5).forEach((event, index) =>
      insert.run(
        index + 1,
        event.eventId,
        streams[index],
        revisions[index],
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
      ),
    );
    raw.close();
  }

  const versions = (): string[] => {
    const raw = new Database(file.path, { readonly: true });
    const rows = raw.prepare<[], string>('SELECT version FROM schema_migrations').pluck().all();
    raw.close();
    return rows;
  };

  it('is sealed once when the ledger first opens it, and chains on from there', async () => {
    // Proves the upgrade: opening with migration 002 chains the 5 old events; a later append links to them; reopening changes nothing.
    aLegacyLedger();
    const store = new SqliteEventStore(file.path);
    const sealed = await store.readAll();
    expect(sealed).toHaveLength(5);
    for (const event of sealed) expect(event.metadata.hashChain?.hash).toMatch(/^[0-9a-f]{64}$/);
    const next = await store.appendToStream('agreement-1', someEvents(1), {
      expectedRevision: 2,
    });
    expect(next.events[0].metadata.hashChain?.previousHash).toBe(
      sealed[4].metadata.hashChain?.hash,
    );
    expect(await verifyChain(store)).toEqual({ ok: true, events: 6, streams: 2 });
    await store.close();
    const reopened = new SqliteEventStore(file.path);
    expect((await reopened.readAll()).slice(0, 5)).toEqual(sealed);
    await reopened.close();
    expect(versions()).toEqual(['001_event_store', '002_hash_chain']);
  });

  it('is refused by a read-only store, which leaves it as it was', () => {
    // Proves verify never upgrades what it checks: the read-only open names the missing migration and writes nothing.
    aLegacyLedger();
    expect(() => new SqliteEventStore(file.path, { readOnly: true })).toThrow(
      /lacks migration\(s\) 002_hash_chain/,
    );
    expect(versions()).toEqual(['001_event_store']);
  });
});

describe('a read-only SqliteEventStore', () => {
  let file: ReturnType<typeof aTempSqliteFile>;
  beforeEach(() => (file = aTempSqliteFile()));
  afterEach(() => file.remove());

  it('does not create a missing file', () => {
    // Proves verifying a wrong path fails instead of making an empty ledger there.
    expect(() => new SqliteEventStore(file.path, { readOnly: true })).toThrow(
      EventStoreUnavailableError,
    );
    expect(existsSync(file.path)).toBe(false);
  });

  it('reads, and refuses appends with EventStoreUnavailableError', async () => {
    // Proves the read-only store is safe to point at a live ledger: reads work, writes are refused.
    const writer = new SqliteEventStore(file.path);
    await writer.appendToStream('agreement-1', someEvents(2), { expectedRevision: 'any' });
    const reader = new SqliteEventStore(file.path, { readOnly: true });
    expect(await reader.headPosition()).toBe(2);
    await expect(
      reader.appendToStream('agreement-1', someEvents(1), { expectedRevision: 'any' }),
    ).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await reader.close();
    await writer.close();
  });
});
