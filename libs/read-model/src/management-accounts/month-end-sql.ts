import type { PeriodId } from '@ledger/domain';
import type { MonthEndPosting } from './month-end-movements';

/**
 * What the month-end management accounts read from the SQL read model, in one snapshot: the
 * agreement's journal added up, and the periods it has closed. Both dialects run the same
 * query on `journal_postings` (the table has every field the accounts need); they differ only
 * in how the closed period is read from a `PeriodClosed` event's JSON in `agreement_facts`.
 */
export interface MonthEndRows {
  /** The periods closed, in the order they closed. */
  closedPeriods: PeriodId[];
  /** The postings added up by the fields the accounts read. */
  postings: MonthEndPosting[];
}

/**
 * A row of `monthEndPostingsSql`. Integer columns arrive as bigint from better-sqlite3 (safe
 * integers) and as decimal strings from pg (a PostgreSQL SUM of BIGINT is NUMERIC).
 */
export interface MonthEndPostingRecord {
  posted_in: string;
  period: string;
  belongs_to_agreement_id: string;
  debit_account: string;
  credit_account: string;
  carry_forward_reference: string;
  amount_pence: bigint | string;
}

/**
 * The agreement's postings added up by period posted in, period belonged to, prior-year
 * agreement and the two accounts: a few rows per account and month, however many placements
 * the closes posted. A posting's reference is kept only for a carry-forward, where it names the
 * other agreement of the chain. `tables` is the schema prefix (PostgreSQL) or empty (SQLite);
 * `parameter` the dialect's first placeholder (`$1` or `?`).
 */
export function monthEndPostingsSql(tables: string, parameter: string): string {
  const forward = `('carried-forward', 'brought-forward')`;
  return `SELECT posted_in, period, belongs_to_agreement_id, debit_account, credit_account,
       CASE WHEN debit_account IN ${forward} OR credit_account IN ${forward}
            THEN reference ELSE '' END AS carry_forward_reference,
       SUM(amount_pence) AS amount_pence
  FROM ${tables}journal_postings
 WHERE agreement_id = ${parameter}
 GROUP BY posted_in, period, belongs_to_agreement_id, debit_account, credit_account,
          carry_forward_reference`;
}

/**
 * The periods the agreement has closed, in log order, from its `PeriodClosed` events (a close
 * of a month without cases posts nothing, so the journal alone cannot say it closed).
 * `periodOfData` is the dialect's expression for the `period` member of the `data` JSON.
 */
export function closedPeriodsSql(tables: string, parameter: string, periodOfData: string): string {
  return `SELECT ${periodOfData} AS period FROM ${tables}agreement_facts
 WHERE agreement_id = ${parameter} AND event_type = 'PeriodClosed' ORDER BY position`;
}

/** SQLite's and PostgreSQL's way to read `data.period`. */
export const PERIOD_OF_DATA = {
  sqlite: `json_extract(data, '$.period')`,
  postgres: `(data::json ->> 'period')`,
} as const;

export function monthEndPostingFromRecord(record: MonthEndPostingRecord): MonthEndPosting {
  return {
    postedIn: record.posted_in,
    period: record.period,
    belongsToAgreementId:
      record.belongs_to_agreement_id === '' ? null : record.belongs_to_agreement_id,
    debitAccount: record.debit_account,
    creditAccount: record.credit_account,
    reference: record.carry_forward_reference,
    amountPence: BigInt(record.amount_pence),
  };
}
