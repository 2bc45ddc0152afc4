import Database from 'better-sqlite3';
import type { CommitResult, ReadModelWriter } from '../read-model-writer.port';
import { defaultReadModelMigrationsDir, readModelMigrations } from '../read-model-migrations';
import {
  balanceRowFromRecord,
  journalRowFromRecord,
  type BalanceRecord,
  type BalanceRow,
  type BatchPlan,
  type JournalRecord,
  type JournalRow,
} from '../read-model-rows';

export interface SqliteReadModelOptions {
  /** Folder of the SQLite read-model migrations (default: `migrations/read-model/sqlite`). */
  migrationsDir?: string;
}

/**
 * The read model in a SQLite file (or ':memory:'). better-sqlite3 is synchronous, so a commit
 * is one `BEGIN IMMEDIATE` transaction of prepared statements; WAL and synchronous=FULL make
 * it durable when it returns, as the event store's are.
 */
export class SqliteReadModelWriter implements ReadModelWriter {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly migrationsDir: string;
  private statements: ReturnType<typeof prepare> | null = null;

  constructor(filePath: string, options: SqliteReadModelOptions = {}) {
    this.db = new Database(filePath);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.migrationsDir = options.migrationsDir ?? defaultReadModelMigrationsDir('sqlite');
  }

  migrate(): Promise<void> {
    const apply = this.db.transaction(() => {
      this.db.exec(
        'CREATE TABLE IF NOT EXISTS read_model_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT',
      );
      const applied = new Set(
        this.db.prepare<[], string>('SELECT version FROM read_model_migrations').pluck().all(),
      );
      const record = this.db.prepare<[string, string]>(
        'INSERT INTO read_model_migrations (version, applied_at) VALUES (?, ?)',
      );
      for (const migration of readModelMigrations(this.migrationsDir)) {
        if (applied.has(migration.version)) continue;
        this.db.exec(migration.sql);
        record.run(migration.version, new Date().toISOString());
      }
    });
    apply.immediate();
    this.statements = prepare(this.db);
    return Promise.resolve();
  }

  checkpoint(projector: string): Promise<number> {
    return Promise.resolve(this.readCheckpoint(projector));
  }

  commit(projector: string, plan: (checkpoint: number) => BatchPlan | null): Promise<CommitResult> {
    const statements = this.prepared();
    const write = this.db.transaction((): CommitResult => {
      const checkpoint = this.readCheckpoint(projector);
      const batch = plan(checkpoint);
      if (batch === null) return { checkpoint, applied: 0 };
      for (const row of batch.postings) {
        statements.insertPosting.run(
          row.position,
          row.postingIndex,
          row.eventId,
          row.eventType,
          row.agreementId,
          row.period,
          row.postedIn,
          row.debitAccount,
          row.creditAccount,
          row.amountPence,
          row.source,
          row.reference,
          row.recordedAt,
        );
      }
      for (const change of batch.balanceChanges) {
        statements.addToBalance.run(
          change.agreementId,
          change.account,
          change.balancePence,
          change.lastPosition,
        );
      }
      statements.setCheckpoint.run(projector, batch.toPosition);
      return { checkpoint: batch.toPosition, applied: batch.applied };
    });
    try {
      return Promise.resolve(write.immediate());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  journal(): Promise<JournalRow[]> {
    const rows = this.db
      .prepare<[], JournalRecord>('SELECT * FROM journal_postings ORDER BY position, posting_index')
      .safeIntegers(true)
      .all();
    return Promise.resolve(rows.map(journalRowFromRecord));
  }

  balances(): Promise<BalanceRow[]> {
    const rows = this.db
      .prepare<[], BalanceRecord>('SELECT * FROM account_balances ORDER BY agreement_id, account')
      .safeIntegers(true)
      .all();
    return Promise.resolve(rows.map(balanceRowFromRecord));
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }

  private readCheckpoint(projector: string): number {
    const position = this.db
      .prepare<[string], bigint>('SELECT position FROM projector_checkpoint WHERE projector = ?')
      .pluck()
      .safeIntegers(true)
      .get(projector);
    return position === undefined ? 0 : Number(position);
  }

  private prepared(): ReturnType<typeof prepare> {
    if (this.statements === null) throw new Error('read model: call migrate() before commit()');
    return this.statements;
  }
}

function prepare(db: Database.Database) {
  return {
    insertPosting: db.prepare<
      [
        number,
        number,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        bigint,
        string,
        string,
        string,
      ]
    >(
      `INSERT INTO journal_postings (position, posting_index, event_id, event_type, agreement_id,
         period, posted_in, debit_account, credit_account, amount_pence, source, reference, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    addToBalance: db.prepare<[string, string, bigint, number]>(
      `INSERT INTO account_balances (agreement_id, account, balance_pence, last_position)
       VALUES (?, ?, ?, ?)
       ON CONFLICT (agreement_id, account) DO UPDATE SET
         balance_pence = balance_pence + excluded.balance_pence,
         last_position = excluded.last_position`,
    ),
    setCheckpoint: db.prepare<[string, number]>(
      `INSERT INTO projector_checkpoint (projector, position) VALUES (?, ?)
       ON CONFLICT (projector) DO UPDATE SET position = excluded.position`,
    ),
  };
}
