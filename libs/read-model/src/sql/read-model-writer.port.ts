import type { BalanceRow, BatchPlan, JournalRow } from './read-model-rows';

/** What a commit did: the checkpoint after it, and how many events it applied (0: a redelivery). */
export interface CommitResult {
  checkpoint: number;
  applied: number;
}

/**
 * The SQL read model's writer, one adapter per dialect (`sqlite/`, `postgres/`). The projector
 * owns this port. Every write goes through `commit`, which holds the checkpoint and the rows in
 * one transaction: both are written, or neither, so an event is applied exactly once whatever
 * crashes or redeliveries happen.
 */
export interface ReadModelWriter {
  readonly dialect: 'sqlite' | 'postgres';
  /** Applies the read model's migrations not applied yet. */
  migrate(): Promise<void>;
  /** The projector's checkpoint: the position of the last event it applied (0 before any). */
  checkpoint(projector: string): Promise<number>;
  /**
   * In one transaction: reads the projector's checkpoint (locked against a second projector),
   * asks `plan` what to write after it, writes the postings, adds the balance changes and moves
   * the checkpoint to `plan.toPosition`. Writes nothing when `plan` answers null.
   */
  commit(projector: string, plan: (checkpoint: number) => BatchPlan | null): Promise<CommitResult>;
  /** Every journal row, ordered by (position, posting_index). */
  journal(): Promise<JournalRow[]>;
  /** Every balance, ordered by (agreement_id, account) in code-point order. */
  balances(): Promise<BalanceRow[]>;
  close(): Promise<void>;
}

/** The projector name the read model's checkpoint is kept under. */
export const LEDGER_PROJECTOR = 'ledger-read-model';
