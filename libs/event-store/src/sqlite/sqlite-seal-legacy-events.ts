import type Database from 'better-sqlite3';
import { hashChainLink } from '../integrity/canonical-event';
import { type EventRow, fromEventRow } from './sqlite-statements';

const PAGE_SIZE = 1000;

/**
 * Chains the events a file already held when migration 002_hash_chain added the chain, in
 * position order, exactly as the writer would have. It runs once per file, in the same
 * transaction that applies the migration, and never again: a hash found missing later is an
 * edit, which verify must report, not something to paper over. The chain vouches for these
 * events from the moment they were sealed, not from when they were written.
 */
export function sealLegacyEvents(db: Database.Database): void {
  const page = db.prepare<[number, number], EventRow>(
    `SELECT position, event_id, stream_id, revision, type, data, metadata, recorded_at, hash, previous_hash
       FROM events WHERE position > ? ORDER BY position LIMIT ?`,
  );
  const seal = db.prepare<[string, string | null, number]>(
    'UPDATE events SET hash = ?, previous_hash = ? WHERE position = ?',
  );
  const lastHash = new Map<string, string>();
  let after = 0;
  for (;;) {
    const rows = page.all(after, PAGE_SIZE);
    for (const row of rows) {
      const previousHash = lastHash.get(row.stream_id) ?? null;
      const { hash } = hashChainLink(fromEventRow(row), previousHash);
      seal.run(hash, previousHash, row.position);
      lastHash.set(row.stream_id, hash);
      after = row.position;
    }
    if (rows.length < PAGE_SIZE) return;
  }
}
