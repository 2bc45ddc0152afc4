/**
 * agreementFactColumns takes an event's data and metadata text from the SQLite store that read
 * it instead of serialising them again. The row it makes must be the one serialising makes, for
 * any JSON the store holds: chained and legacy (unchained) rows, empty and unusual metadata.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import { agreementFactColumns } from './read-model-rows';

const metadata = {
  schemaVersion: 1,
  actor: { subject: 'finance', role: 'commissioner-finance', organisationCode: '13R' },
  correlationId: 'c-1',
  causationId: 'c-1',
  idempotencyKey: null,
};

describe('agreementFactColumns on events read from a SQLite store', () => {
  let dir: string;
  let events: RecordedEvent[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'agreement-fact-columns-'));
    const file = join(dir, 'ledger.sqlite');
    const store = new SqliteEventStore(file);
    try {
      await store.appendToStream(
        'agreement-a',
        [
          { eventId: 'e-1', type: 'AgreementCreated', data: { agreementId: 'a' }, metadata },
          {
            eventId: 'e-2',
            type: 'BudgetAllocated',
            data: {
              agreementId: 'a',
              note: 'Café "quoted" \\ back\nline \u2028 😀',
              amounts: [0.1, -0, 1e21, 2 ** 60, 5e-324],
              nested: { 10: 'ten', 2: 'two', b: null, a: true },
            },
            metadata: { ...metadata, 2: 'integer-like key', extra: { deep: ['x'] } },
          },
        ],
        { expectedRevision: 'no-stream' },
      );
    } finally {
      await store.close();
    }
    // Rows the store never chained or never wrote so: a legacy row (no hash), one whose
    // metadata text carries a hashChain member of its own, and one with empty metadata.
    const raw = new Database(file);
    const insert = raw.prepare(
      `INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata, recorded_at)
       VALUES (?, ?, 'case-c', ?, 'ReferralRegistered', '{"caseId":"c","agreementId":"a"}', ?,
               '2025-04-01T09:00:00.000Z')`,
    );
    insert.run(3, 'e-3', 0, JSON.stringify(metadata));
    insert.run(4, 'e-4', 1, JSON.stringify({ ...metadata, hashChain: { hash: 'forged' } }));
    insert.run(5, 'e-5', 2, '{}');
    raw.close();
    const reader = new SqliteEventStore(file, { readOnly: true });
    try {
      events = await reader.readAll();
    } finally {
      await reader.close();
    }
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the row that serialising the event gives, byte for byte', () => {
    expect(events).toHaveLength(5);
    for (const event of events) {
      // A copy was never read from the store, so its columns are serialised.
      const copy = structuredClone(event);
      expect(agreementFactColumns('a', event)).toEqual(agreementFactColumns('a', copy));
    }
  });
});
