import { SqliteEventStore } from '@ledger/event-store';
import Database from 'better-sqlite3';
import type { EventRow } from '../support/ledger-world';
import { tempSqlite } from '../support/temp-store';
import { perSecond, timed } from '../support/timing';

/**
 * The floor under the command path: the same rows (every column, the same JSON, so the same
 * sizes) inserted with
 * plain better-sqlite3 into the store's own `events` table (created by the store's migration,
 * so the same constraints and indexes), at the same durability: WAL, synchronous=FULL, one
 * BEGIN IMMEDIATE … COMMIT per `rowsPerTransaction` rows. No reads, no revision checks.
 */
export async function rawInsertRate(rows: readonly EventRow[], rowsPerTransaction: number) {
  const file = tempSqlite('raw');
  try {
    await new SqliteEventStore(file.path).close();
    const db = new Database(file.path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const columns = Object.keys(rows[0] ?? {});
    const insert = db.prepare<[EventRow]>(
      `INSERT INTO events (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
    );
    const commit = db.transaction((batch: readonly EventRow[]) => {
      for (const row of batch) insert.run(row);
    });
    const batches: EventRow[][] = [];
    for (let start = 0; start < rows.length; start += rowsPerTransaction) {
      batches.push(rows.slice(start, start + rowsPerTransaction));
    }
    const { ms } = await timed(() => {
      for (const batch of batches) commit.immediate(batch);
    });
    db.close();
    return { rows: rows.length, ms, perSecond: perSecond(rows.length, ms) };
  } finally {
    file.remove();
  }
}
