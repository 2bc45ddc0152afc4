import { fixedClock, LedgerCommands, type CommandRequest } from '@ledger/commands';
import { SqliteEventStore } from '@ledger/event-store';
import Database from 'better-sqlite3';
import type { PlannedCommand } from '../synthetic/synthetic-ledger';

/**
 * Mid-October 2025: the ledger's "today" for every benchmark. Case rules do not depend on it;
 * it keeps every run deciding on the same calendar.
 */
export const BENCH_NOW = '2025-10-15T10:00:00.000Z';

/**
 * A stored event row exactly as the SQLite store wrote it: every column of the `events` table
 * (whatever the migrations have made it), keyed by column name.
 */
export type EventRow = Record<string, string | number | null>;

/**
 * The command path on a real SQLite file: SqliteEventStore (WAL, synchronous=FULL, group
 * commit) under LedgerCommands, as the API and the CLI build it. Counts the group commits so a
 * report can say how many appends shared each fsync.
 */
export class LedgerWorld {
  readonly store: SqliteEventStore;
  readonly ledger: LedgerCommands;
  groupCommits = 0;
  groupedAppends = 0;
  private requests = 0;

  constructor(readonly path: string) {
    const clock = fixedClock(BENCH_NOW);
    this.store = new SqliteEventStore(path, {
      clock: () => clock.now(),
      onGroupCommit: (appends) => {
        this.groupCommits += 1;
        this.groupedAppends += appends;
      },
    });
    this.ledger = new LedgerCommands({ store: this.store, clock });
  }

  execute(planned: PlannedCommand): Promise<unknown> {
    return this.ledger.execute(planned.command, this.requestFor(planned));
  }

  async executeAll(commands: readonly PlannedCommand[]): Promise<void> {
    for (const planned of commands) await this.execute(planned);
  }

  requestFor(planned: PlannedCommand): CommandRequest {
    this.requests += 1;
    const id = `bench-${this.requests}`;
    return { actor: planned.actor, correlationId: id, causationId: id };
  }

  resetGroupCounts(): void {
    this.groupCommits = 0;
    this.groupedAppends = 0;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** The rows after a position, every column, read straight from the file (its store may be closed). */
export function readRowsAfter(path: string, afterPosition: number): EventRow[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare<[number], EventRow>('SELECT * FROM events WHERE position > ? ORDER BY position')
      .all(afterPosition);
  } finally {
    db.close();
  }
}
