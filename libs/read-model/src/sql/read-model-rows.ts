import { recordedEventJson, type RecordedEvent } from '@ledger/event-store';
import {
  agreementEventOf,
  caseEventOf,
  postingsOf,
  type LedgerPosting,
} from '../ledger/ledger-events';
import type { Pence } from '../ledger/pence';
import {
  organisationNamingOf,
  type OrganisationNamingRow,
} from '../organisations/organisation-names';
import {
  agreementListRowOf,
  type AgreementListRow,
  type CaseListEvent,
  type CaseListRow,
} from '../lists/list-rows';

/** One row of `journal_postings`: a posting as `postingsOf` derives it, money in pence. */
export interface JournalRow {
  position: number;
  postingIndex: number;
  eventId: string;
  eventType: string;
  agreementId: string;
  period: string;
  postedIn: string;
  debitAccount: string;
  creditAccount: string;
  amountPence: Pence;
  source: string;
  reference: string;
  recordedAt: string;
  /** A prior-year adjustment's earlier agreement of the chain; null for any other posting. */
  belongsToAgreementId: string | null;
}

/** One row of `account_balances` (or, in a batch, the change to one). */
export interface BalanceRow {
  agreementId: string;
  account: string;
  /** Money in minus money out. */
  balancePence: Pence;
  /** Position of the last event that moved the balance. */
  lastPosition: number;
}

/**
 * A `journal_postings` row as a SQL driver returns it. Integer columns arrive as bigint from
 * better-sqlite3 (safe integers) and as decimal strings from pg; both convert the same way.
 */
export interface JournalRecord {
  position: bigint | string;
  posting_index: bigint | string;
  event_id: string;
  event_type: string;
  agreement_id: string;
  period: string;
  posted_in: string;
  debit_account: string;
  credit_account: string;
  amount_pence: bigint | string;
  source: string;
  reference: string;
  recorded_at: string;
  /** '' for a posting that is not a prior-year adjustment. */
  belongs_to_agreement_id: string;
}

/** An `account_balances` row as a SQL driver returns it (see JournalRecord). */
export interface BalanceRecord {
  agreement_id: string;
  account: string;
  balance_pence: bigint | string;
  last_position: bigint | string;
}

/** An `account_period_totals` row as a SQL driver returns it (see JournalRecord). */
export interface PeriodTotalRecord {
  agreement_id: string;
  account: string;
  period: string;
  posted_in: string;
  amount_pence: bigint | string;
}

/** A `statement_lines` row joined with its `journal_postings` row. */
export interface StatementLineRecord extends JournalRecord {
  change_pence: bigint | string;
  balance_pence: bigint | string;
}

/** An `agreement_facts` row as a SQL driver returns it. */
export interface AgreementFactRecord {
  agreement_id: string;
  position: bigint | string;
  event_id: string;
  stream_id: string;
  revision: bigint | string;
  event_type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

export function periodTotalFromRecord(row: PeriodTotalRecord): PeriodTotalRow {
  return {
    agreementId: row.agreement_id,
    account: row.account,
    period: row.period,
    postedIn: row.posted_in,
    amountPence: BigInt(row.amount_pence),
  };
}

export function statementLineFromRecord(row: StatementLineRecord): StatementLineRow {
  return {
    posting: journalRowFromRecord(row),
    changePence: BigInt(row.change_pence),
    balancePence: BigInt(row.balance_pence),
  };
}

/**
 * An `agreement_facts` row's values, in the table's column order (agreement_id, position,
 * event_id, stream_id, revision, event_type, data, metadata, recorded_at): the one mapping
 * both dialects write with; `agreementFactFromRecord` reads it back. Data and metadata are
 * `JSON.stringify` of the event's; for an event read from a SQLite store that is the text the
 * store holds, taken as it is rather than serialised again (the rebuild's costliest step).
 */
export function agreementFactColumns(
  agreementId: string,
  event: RecordedEvent,
): [string, number, string, string, number, string, string, string, string] {
  const json = recordedEventJson(event);
  return [
    agreementId,
    event.position,
    event.eventId,
    event.streamId,
    event.revision,
    event.type,
    json?.data ?? JSON.stringify(event.data),
    json?.metadata ?? JSON.stringify(event.metadata),
    event.recordedAt,
  ];
}

/** The recorded event an `agreement_facts` row keeps, as the event store returned it. */
export function agreementFactFromRecord(row: AgreementFactRecord): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: Number(row.position),
    type: row.event_type,
    data: JSON.parse(row.data) as RecordedEvent['data'],
    metadata: JSON.parse(row.metadata) as RecordedEvent['metadata'],
    recordedAt: row.recorded_at,
  };
}

/** The one mapping from stored columns to a JournalRow, shared by both dialects. */
export function journalRowFromRecord(row: JournalRecord): JournalRow {
  return {
    position: Number(row.position),
    postingIndex: Number(row.posting_index),
    eventId: row.event_id,
    eventType: row.event_type,
    agreementId: row.agreement_id,
    period: row.period,
    postedIn: row.posted_in,
    debitAccount: row.debit_account,
    creditAccount: row.credit_account,
    amountPence: BigInt(row.amount_pence),
    source: row.source,
    reference: row.reference,
    recordedAt: row.recorded_at,
    belongsToAgreementId: row.belongs_to_agreement_id === '' ? null : row.belongs_to_agreement_id,
  };
}

/** The one mapping from stored columns to a BalanceRow, shared by both dialects. */
export function balanceRowFromRecord(row: BalanceRecord): BalanceRow {
  return {
    agreementId: row.agreement_id,
    account: row.account,
    balancePence: BigInt(row.balance_pence),
    lastPosition: Number(row.last_position),
  };
}

/**
 * One row of `account_period_totals` (or, in a batch, the change to one): an account's net
 * movement from the postings that belong to `period` and were posted in `postedIn`.
 */
export interface PeriodTotalRow {
  agreementId: string;
  account: string;
  period: string;
  postedIn: string;
  amountPence: Pence;
}

/**
 * One side of a posting as a `statement_lines` row is written. The balance after it is the
 * account's stored balance before the batch plus `batchChangePence`, the account's net change
 * from the batch's first line up to and including this one; the writer adds the two inside
 * the transaction, so a line never needs the balance read before the transaction opened.
 */
export interface StatementLineChange {
  agreementId: string;
  account: string;
  position: number;
  postingIndex: number;
  changePence: Pence;
  batchChangePence: Pence;
}

/** One row of `statement_lines`, as a reader returns it joined with its journal posting. */
export interface StatementLineRow {
  posting: JournalRow;
  changePence: Pence;
  balancePence: Pence;
}

/**
 * An event of an agreement or of one of its cases, as `agreement_facts` keeps it. A case event
 * names only its case; `agreementId` is null until the writer finds the case's agreement in
 * `case_register` (the referral may be in an earlier batch).
 */
export interface AgreementFactRow {
  agreementId: string | null;
  caseId: string | null;
  event: RecordedEvent;
}

/** One row of `case_register`: the case → agreement mapping a referral makes. */
export interface CaseRegistrationRow {
  caseId: string;
  agreementId: string;
  position: number;
}

/** What one transaction writes: the batch's postings, its balance changes, the new checkpoint. */
export interface BatchPlan {
  postings: JournalRow[];
  /** Summed per agreement and account, so each key is upserted once. */
  balanceChanges: BalanceRow[];
  /** Summed per agreement, account, period and period posted in. */
  periodTotals: PeriodTotalRow[];
  /** Two per posting (debit side, then credit side), in log order. */
  statementLines: StatementLineChange[];
  facts: AgreementFactRow[];
  caseRegistrations: CaseRegistrationRow[];
  /** Agreements created in the batch, for `agreements_list` and `agreement_parties`. */
  agreementsListed: AgreementListRow[];
  /** Case events, in log order, for `cases_list` (folded by the writer onto the stored rows). */
  caseListEvents: CaseListEvent[];
  /** Organisations named in the batch, for `organisation_names`. */
  namings: OrganisationNamingRow[];
  /** The checkpoint after the batch: the position of its last event. */
  toPosition: number;
  /** How many events the batch applies (the ones after the checkpoint), counted. */
  applied: number;
}

/** An event reduced to what the SQL read model needs, computed before the transaction opens. */
export interface ProjectedEvent {
  position: number;
  postings: readonly JournalRow[];
  /** The event itself, when it is an agreement or case event (null for any other). */
  fact: AgreementFactRow | null;
  registration: CaseRegistrationRow | null;
  /** An agreement's creation, as its list row. */
  listed: AgreementListRow | null;
  /** A case event, for the case list. */
  caseChange: CaseListEvent | null;
  /** An organisation's naming, for the register. */
  naming: OrganisationNamingRow | null;
}

export function journalRowOf(posting: LedgerPosting): JournalRow {
  return {
    position: posting.position,
    postingIndex: posting.index,
    eventId: posting.eventId,
    eventType: posting.eventType,
    agreementId: posting.agreementId,
    period: posting.period,
    postedIn: posting.postedIn,
    debitAccount: posting.debitAccount,
    creditAccount: posting.creditAccount,
    amountPence: posting.amountPence,
    source: posting.source,
    reference: posting.reference,
    recordedAt: posting.recordedAt,
    belongsToAgreementId: posting.belongsToAgreementId,
  };
}

/** The read side's one derivation of postings (`postingsOf`), as rows. */
export function projectEvent(event: RecordedEvent): ProjectedEvent {
  const postings = postingsOf(event).map(journalRowOf);
  const nothing = {
    fact: null,
    registration: null,
    listed: null,
    caseChange: null,
    naming: null,
  };
  const agreementEvent = agreementEventOf(event);
  if (agreementEvent) {
    const fact = { agreementId: agreementEvent.data.agreementId, caseId: null, event };
    const listed =
      agreementEvent.type === 'AgreementCreated'
        ? agreementListRowOf(agreementEvent.data, event.position)
        : null;
    return { ...nothing, position: event.position, postings, fact, listed };
  }
  const caseEvent = caseEventOf(event);
  if (!caseEvent) {
    return { ...nothing, position: event.position, postings, naming: organisationNamingOf(event) };
  }
  const { caseId } = caseEvent.data;
  const registration =
    caseEvent.type === 'ReferralRegistered'
      ? { caseId, agreementId: caseEvent.data.agreementId, position: event.position }
      : null;
  const fact = { agreementId: registration?.agreementId ?? null, caseId, event };
  const caseChange = { position: event.position, event: caseEvent };
  return { ...nothing, position: event.position, postings, fact, registration, caseChange };
}

export interface PlanOptions {
  /**
   * Whether the store's positions are gap-free (`EventStore.gapFreePositions`; default true).
   * With it, the first new event must be `checkpoint + 1` and each next one the one after, so a
   * missing event is caught. Without it (EventStoreDB), positions need only strictly increase.
   */
  gapFreePositions?: boolean;
}

/**
 * The part of a batch after `checkpoint`, as rows to write; null when every event is at or
 * below it (a redelivery).
 * - Gap-free positions (the embedded stores): the first new event must be `checkpoint + 1` and
 *   the rest must follow on; anything else would skip an event for good, so it throws instead.
 * - Sparse positions (EventStoreDB): nothing can be computed from a position, so a missing
 *   event cannot be seen here; the batch's positions must strictly increase (an event out of
 *   order or twice throws), and the events at or below the checkpoint are skipped.
 * `applied` counts the events applied, never a difference of positions.
 */
export function planBatch(
  events: readonly ProjectedEvent[],
  checkpoint: number,
  options: PlanOptions = {},
): BatchPlan | null {
  const gapFree = options.gapFreePositions ?? true;
  const postings: JournalRow[] = [];
  const balances = new Map<string, BalanceRow>();
  const periodTotals = new Map<string, PeriodTotalRow>();
  const statementLines: StatementLineChange[] = [];
  const facts: AgreementFactRow[] = [];
  const caseRegistrations: CaseRegistrationRow[] = [];
  const agreementsListed: AgreementListRow[] = [];
  const caseListEvents: CaseListEvent[] = [];
  const namings: OrganisationNamingRow[] = [];
  let position = checkpoint;
  let previous: number | null = null;
  let applied = 0;
  for (const event of events) {
    if (!gapFree) {
      if (previous !== null && event.position <= previous) throw outOfOrder(event, previous);
      previous = event.position;
    }
    if (event.position <= position) continue;
    if (gapFree && event.position !== position + 1) {
      throw new Error(
        `read model: event at position ${event.position} follows ${position}; ` +
          'positions are gap-free, so an event is missing from the batch',
      );
    }
    position = event.position;
    applied += 1;
    for (const posting of event.postings) {
      postings.push(posting);
      for (const [account, pence] of [
        [posting.debitAccount, -posting.amountPence],
        [posting.creditAccount, posting.amountPence],
      ] as const) {
        const balance = move(balances, posting, account, pence);
        addToPeriodTotal(periodTotals, posting, account, pence);
        statementLines.push({
          agreementId: posting.agreementId,
          account,
          position: posting.position,
          postingIndex: posting.postingIndex,
          changePence: pence,
          batchChangePence: balance.balancePence,
        });
      }
    }
    if (event.fact) facts.push(event.fact);
    if (event.registration) caseRegistrations.push(event.registration);
    if (event.listed) agreementsListed.push(event.listed);
    if (event.caseChange) caseListEvents.push(event.caseChange);
    if (event.naming) namings.push(event.naming);
  }
  if (applied === 0) return null;
  return {
    postings,
    balanceChanges: [...balances.values()],
    periodTotals: [...periodTotals.values()],
    statementLines,
    facts,
    caseRegistrations,
    agreementsListed,
    caseListEvents,
    namings,
    toPosition: position,
    applied,
  };
}

/**
 * Sparse positions (EventStoreDB) need only strictly increase: checks a whole batch, which the
 * projector may commit in parts, so that no part boundary hides an event out of order.
 */
export function assertIncreasing(events: readonly { position: number }[]): void {
  for (let at = 1; at < events.length; at += 1) {
    const previous = events[at - 1].position;
    if (events[at].position <= previous) throw outOfOrder(events[at], previous);
  }
}

function outOfOrder(event: { position: number }, previous: number): Error {
  return new Error(
    `read model: event at position ${event.position} follows ${previous}; ` +
      'positions must strictly increase, so the batch is out of order or repeats an event',
  );
}

function addToPeriodTotal(
  totals: Map<string, PeriodTotalRow>,
  posting: JournalRow,
  account: string,
  pence: Pence,
): void {
  const key = [posting.agreementId, account, posting.period, posting.postedIn].join('\u0000');
  const row = totals.get(key);
  if (row) row.amountPence += pence;
  else {
    totals.set(key, {
      agreementId: posting.agreementId,
      account,
      period: posting.period,
      postedIn: posting.postedIn,
      amountPence: pence,
    });
  }
}

/** Adds `pence` to the account's change in this batch; returns the change so far. */
function move(
  balances: Map<string, BalanceRow>,
  posting: JournalRow,
  account: string,
  pence: Pence,
): BalanceRow {
  const key = `${posting.agreementId}\u0000${account}`;
  const row = balances.get(key);
  if (row) {
    row.balancePence += pence;
    row.lastPosition = posting.position;
    return row;
  }
  const created = {
    agreementId: posting.agreementId,
    account,
    balancePence: pence,
    lastPosition: posting.position,
  };
  balances.set(key, created);
  return created;
}

/** Orders rows as the tables' primary keys do, for comparisons. */
export function byJournalKey(a: JournalRow, b: JournalRow): number {
  return a.position - b.position || a.postingIndex - b.postingIndex;
}

export function byBalanceKey(a: BalanceRow, b: BalanceRow): number {
  return compareText(a.agreementId, b.agreementId) || compareText(a.account, b.account);
}

/** Code-point order, as `COLLATE "C"` in PostgreSQL and the default BINARY collation in SQLite. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An `agreements_list` row as a SQL driver returns it (see JournalRecord). */
export interface AgreementListRecord {
  agreement_id: string;
  financial_year: string;
  commissioner_code: string;
  lead_provider_code: string;
  partner_provider_codes: string;
  service_lines: string;
  savings_horizon_days: bigint | string | number;
  position: bigint | string;
}

/** A `cases_list` row as a SQL driver returns it (see JournalRecord). */
export interface CaseListRecord {
  case_id: string;
  agreement_id: string;
  financial_year: string;
  service_line: string;
  patient_ref: string;
  referral_date: string;
  status: string;
  discharge_date: string | null;
  placement_id: string | null;
  placement_setting: string | null;
  placement_provider_code: string | null;
  placement_daily_rate_pence: bigint | string | null;
  placement_rate_from: string | null;
  placement_start_date: string | null;
  last_position: bigint | string;
}

/** The `agreements_list` columns, in the table's order: the one mapping both dialects write. */
export const AGREEMENT_LIST_COLUMNS = [
  'agreement_id',
  'financial_year',
  'commissioner_code',
  'lead_provider_code',
  'partner_provider_codes',
  'service_lines',
  'savings_horizon_days',
  'position',
] as const;

export function agreementListColumns(
  row: AgreementListRow,
): [string, string, string, string, string, string, number, number] {
  return [
    row.agreementId,
    row.financialYear,
    row.commissionerCode,
    row.leadProviderCode,
    JSON.stringify(row.partnerProviderCodes),
    JSON.stringify(row.serviceLines),
    row.savingsHorizonDays,
    row.position,
  ];
}

export function agreementListFromRecord(record: AgreementListRecord): AgreementListRow {
  return {
    agreementId: record.agreement_id,
    financialYear: record.financial_year,
    commissionerCode: record.commissioner_code,
    leadProviderCode: record.lead_provider_code,
    partnerProviderCodes: JSON.parse(record.partner_provider_codes) as string[],
    serviceLines: JSON.parse(record.service_lines) as string[],
    savingsHorizonDays: Number(record.savings_horizon_days),
    position: Number(record.position),
  };
}

/** The `cases_list` columns, in the table's order: the one mapping both dialects write. */
export const CASE_LIST_COLUMNS = [
  'case_id',
  'agreement_id',
  'financial_year',
  'service_line',
  'patient_ref',
  'referral_date',
  'status',
  'discharge_date',
  'placement_id',
  'placement_setting',
  'placement_provider_code',
  'placement_daily_rate_pence',
  'placement_rate_from',
  'placement_start_date',
  'last_position',
] as const;

export type CaseListValues = [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  bigint | null,
  string | null,
  string | null,
  number,
];

export function caseListColumns(row: CaseListRow): CaseListValues {
  const { placement } = row;
  return [
    row.caseId,
    row.agreementId,
    row.financialYear,
    row.serviceLine,
    row.patientRef,
    row.referralDate,
    row.status,
    row.dischargeDate,
    placement?.placementId ?? null,
    placement?.setting ?? null,
    placement?.providerCode ?? null,
    placement?.dailyRatePence ?? null,
    placement?.dailyRateFrom ?? null,
    placement?.startDate ?? null,
    row.lastPosition,
  ];
}

export function caseListFromRecord(record: CaseListRecord): CaseListRow {
  const placement =
    record.placement_id === null
      ? null
      : {
          placementId: record.placement_id,
          setting: record.placement_setting as 'in-area' | 'out-of-area',
          providerCode: record.placement_provider_code!,
          dailyRatePence: BigInt(record.placement_daily_rate_pence!),
          dailyRateFrom: record.placement_rate_from!,
          startDate: record.placement_start_date!,
        };
  return {
    caseId: record.case_id,
    agreementId: record.agreement_id,
    financialYear: record.financial_year,
    serviceLine: record.service_line,
    patientRef: record.patient_ref,
    referralDate: record.referral_date,
    status: record.status as 'open' | 'discharged',
    dischargeDate: record.discharge_date,
    placement,
    lastPosition: Number(record.last_position),
  };
}

/** An `organisation_names` row as a SQL driver returns it (see JournalRecord). */
export interface OrganisationNamingRecord {
  ods_code: string;
  position: bigint | string;
  event_id: string;
  name: string;
  effective_from: string;
  recorded_at: string;
}

/** The `organisation_names` columns, in the table's order: the one mapping both dialects write. */
export const ORGANISATION_NAME_COLUMNS = [
  'ods_code',
  'position',
  'event_id',
  'name',
  'effective_from',
  'recorded_at',
] as const;

export function organisationNamingColumns(
  row: OrganisationNamingRow,
): [string, number, string, string, string, string] {
  return [row.odsCode, row.position, row.eventId, row.name, row.effectiveFrom, row.recordedAt];
}

export function organisationNamingFromRecord(
  record: OrganisationNamingRecord,
): OrganisationNamingRow {
  return {
    odsCode: record.ods_code,
    position: Number(record.position),
    eventId: record.event_id,
    name: record.name,
    effectiveFrom: record.effective_from,
    recordedAt: record.recorded_at,
  };
}

/**
 * The SQL of the register's reads, the same text in both dialects but for the placeholders
 * (`?` or `$n`): every naming of the given codes, and every naming of the first `limit` codes
 * after a cursor; both in code order, each code's in position order.
 */
export function organisationNamingsSql(dialect: 'sqlite' | 'postgres', count: number): string {
  const marks = Array.from({ length: count }, (_, i) => (dialect === 'sqlite' ? '?' : `$${i + 1}`));
  return `SELECT * FROM organisation_names WHERE ods_code IN (${marks.join(', ')})
          ORDER BY ods_code, position`;
}

export function organisationRegisterSql(dialect: 'sqlite' | 'postgres'): string {
  const [after, limit] = dialect === 'sqlite' ? ['?', '?'] : ['$1', '$2'];
  return `SELECT * FROM organisation_names WHERE ods_code IN (
            SELECT DISTINCT ods_code FROM organisation_names WHERE ods_code > ${after}
             ORDER BY ods_code LIMIT ${limit})
          ORDER BY ods_code, position`;
}
