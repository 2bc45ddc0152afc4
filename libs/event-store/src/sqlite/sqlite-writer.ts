import type Database from 'better-sqlite3';
import type { PreparedAppend } from '../append/prepared-append';
import { toError } from '../append/to-error';
import { EventStoreUnavailableError } from '../event-store.errors';
import type { AppendResult } from '../event-store.port';
import type { GroupOutcome } from './group-commit-queue';
import { appendInTransaction } from './sqlite-append';
import { isUnavailableFault, toStoreError } from './sqlite-errors';
import type { SqliteStatements } from './sqlite-statements';

/** One request of a group: the batches of one appendToStream or appendToStreams call. */
type GroupMember = PreparedAppend[];

/**
 * Commits a group of appends in one IMMEDIATE transaction (the write lock is taken up front,
 * so the revision checks and the inserts cannot race another process). Each member runs in
 * its own SAVEPOINT (better-sqlite3 nests transactions that way): a member that fails its
 * revision check is rolled back alone and the others commit. A fault of the file itself
 * (busy, I/O, disk full) may have ended the whole transaction, so it fails the whole group.
 */
export class SqliteWriter {
  private readonly groupTransaction: Database.Transaction<
    (members: GroupMember[], recordedAt: string) => GroupOutcome<AppendResult[]>[]
  >;
  private readonly memberTransaction: Database.Transaction<
    (member: GroupMember, recordedAt: string) => AppendResult[]
  >;

  constructor(
    private readonly db: Database.Database,
    statements: SqliteStatements,
    private readonly clock: () => Date,
  ) {
    this.memberTransaction = db.transaction((member: GroupMember, recordedAt: string) =>
      member.map((batch) => appendInTransaction(statements, batch, recordedAt)),
    );
    this.groupTransaction = db.transaction((members: GroupMember[], recordedAt: string) =>
      members.map((member) => this.tryMember(member, recordedAt)),
    );
  }

  /** Returns one outcome per member; throws EventStoreUnavailableError if nothing committed. */
  commitGroup(members: GroupMember[]): GroupOutcome<AppendResult[]>[] {
    if (!this.db.open) throw new EventStoreUnavailableError('The SQLite event store is closed');
    try {
      return this.groupTransaction.immediate(members, this.clock().toISOString());
    } catch (error) {
      throw toStoreError(error);
    }
  }

  private tryMember(member: GroupMember, recordedAt: string): GroupOutcome<AppendResult[]> {
    try {
      return { ok: true, value: this.memberTransaction(member, recordedAt) };
    } catch (error) {
      if (isUnavailableFault(error)) throw error;
      return { ok: false, error: toError(error) };
    }
  }
}
