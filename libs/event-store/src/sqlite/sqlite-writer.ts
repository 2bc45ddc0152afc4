import type Database from 'better-sqlite3';
import type { PreparedAppend } from '../append/prepared-append';
import { toError } from '../append/to-error';
import { EventStoreUnavailableError } from '../event-store.errors';
import type { AppendResult } from '../event-store.port';
import type { GroupOutcome } from './group-commit-queue';
import { appendInTransaction, checkAppend, writeAppend } from './sqlite-append';
import { isUnavailableFault, toStoreError } from './sqlite-errors';
import type { SqliteStatements } from './sqlite-statements';

/** One request of a group: the batches of one appendToStream or appendToStreams call. */
type GroupMember = PreparedAppend[];

/** Thrown out of the savepoint-free pass to roll it back whole; the group is then redone. */
class WriteFailedMidGroup extends Error {}

/**
 * Commits a group of appends in one IMMEDIATE transaction (the write lock is taken up front,
 * so the revision checks and the inserts cannot race another process).
 *
 * Each member must succeed or fail on its own. Most members are one appendToStream, whose
 * refusals (a stale expected revision, an idempotency key reused for another request) come
 * from checks that only read, so a refused member has written nothing and the others can
 * commit without any savepoint. That is the first pass. Should a write itself fail (a
 * duplicate event id, a value SQLite refuses), that member may have written part of its
 * events: the first pass is then rolled back whole and the group is redone with each member
 * in its own SAVEPOINT (better-sqlite3 nests transactions that way), where a failing member
 * is rolled back alone. Groups with a multi-stream member go straight to that second pass.
 * A fault of the file itself (busy, I/O, disk full) may have ended the whole transaction, so
 * it fails the whole group.
 */
export class SqliteWriter {
  private readonly plainGroupTransaction: Database.Transaction<
    (members: GroupMember[], recordedAt: string) => GroupOutcome<AppendResult[]>[]
  >;
  private readonly groupTransaction: Database.Transaction<
    (members: GroupMember[], recordedAt: string) => GroupOutcome<AppendResult[]>[]
  >;
  private readonly memberTransaction: Database.Transaction<
    (member: GroupMember, recordedAt: string) => AppendResult[]
  >;

  constructor(
    private readonly db: Database.Database,
    private readonly statements: SqliteStatements,
    private readonly clock: () => Date,
  ) {
    this.plainGroupTransaction = db.transaction((members: GroupMember[], recordedAt: string) =>
      members.map((member) => this.tryWithoutSavepoint(member[0], recordedAt)),
    );
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
    const recordedAt = this.clock().toISOString();
    try {
      if (members.every((member) => member.length === 1)) {
        try {
          return this.plainGroupTransaction.immediate(members, recordedAt);
        } catch (error) {
          if (!(error instanceof WriteFailedMidGroup)) throw error;
        }
      }
      return this.groupTransaction.immediate(members, recordedAt);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  private tryWithoutSavepoint(
    batch: PreparedAppend,
    recordedAt: string,
  ): GroupOutcome<AppendResult[]> {
    let checked: ReturnType<typeof checkAppend>;
    try {
      checked = checkAppend(this.statements, batch);
    } catch (error) {
      if (isUnavailableFault(error)) throw error;
      return { ok: false, error: toError(error) };
    }
    if (checked.replay) return { ok: true, value: [checked.replay] };
    try {
      return {
        ok: true,
        value: [writeAppend(this.statements, batch, checked.streamHead, recordedAt)],
      };
    } catch (error) {
      if (isUnavailableFault(error)) throw error;
      throw new WriteFailedMidGroup('An append failed part-way: redo the group with savepoints', {
        cause: error,
      });
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
